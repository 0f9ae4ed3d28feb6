// @ts-check
// Tools (section 7) and References (section 10) link every paper, book and
// library to its source: absolute https links, marked as leaving the site
// (a visible arrow, and "(external)" for screen readers). Links within the
// site stay relative and resolve. Runs against `dist/`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { usePage } from './site.mjs';

/**
 * Every link of the page's main column, with how it is written and marked.
 * @param {import('playwright-core').Page} page
 */
function linksOf(page) {
  return page.locator('main a[href]').evaluateAll((anchors) =>
    anchors.map((a) => {
      const icon = a.querySelector('.external-link-icon');
      const box = icon?.getBoundingClientRect();
      return {
        written: a.getAttribute('href') ?? '',
        url: /** @type {HTMLAnchorElement} */ (a).href,
        inArticle: a.closest('.sl-markdown-content') !== null,
        text: a.textContent ?? '',
        external: a.classList.contains('external-link'),
        rel: a.getAttribute('rel') ?? '',
        iconShown: icon !== null && icon.getAttribute('aria-hidden') === 'true' && (box?.width ?? 0) > 0,
        srText: a.querySelector('.sr-only')?.textContent ?? '',
      };
    }),
  );
}

for (const path of ['tools/', 'references/']) {
  describe(`/${path}`, () => {
    const ctx = usePage(path);

    test('every link is an absolute https link marked as external, or a relative link within the site that resolves', async () => {
      const { page } = ctx.site;
      const links = await linksOf(page);
      const origin = new URL(page.url()).origin;
      const external = links.filter((link) => new URL(link.url).origin !== origin);
      assert.ok(external.length >= 10, `/${path} links out ${external.length} times`);
      for (const link of external) {
        assert.match(link.written, /^https:\/\/[^/]+\.[a-z]{2,}\//, `"${link.text}" links to an absolute https URL`);
        assert.ok(link.external && link.rel.split(' ').includes('external'), `"${link.text}" is marked as external (class and rel)`);
        assert.ok(link.iconShown, `"${link.text}" shows the arrow`);
        assert.equal(link.srText, ' (external)', `"${link.text}" says "(external)" to screen readers`);
      }
      for (const link of links.filter((candidate) => new URL(candidate.url).origin === origin)) {
        if (link.inArticle) assert.doesNotMatch(link.written, /^(?:[a-z]+:|\/)/i, `"${link.text}" in the article stays relative: ${link.written}`);
        const response = await fetch(new URL(link.url).href.replace(/#.*$/, ''));
        assert.equal(response.status, 200, `"${link.text}" (${link.written}) resolves`);
      }
    });

    test('each link has an accessible name that says it leaves the site', async () => {
      const { page } = ctx.site;
      const externalLinks = page.locator('main a.external-link');
      const count = await externalLinks.count();
      assert.ok(count > 0);
      assert.equal(await page.getByRole('link', { name: /\(external\)$/ }).count(), count);
    });

    test('every arXiv id and DOI in the text is a link to its paper', async () => {
      const { page } = ctx.site;
      const ids = await page.locator('main .sl-markdown-content').evaluate((article) => {
        /** @type {Array<{ id: string, href: string | null }>} */
        const found = [];
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of (node.textContent ?? '').matchAll(/\b(?:arXiv:\d{4}\.\d{4,5}|doi:10\.\d{4,9}\/\S+[^\s.,)])/g)) {
            found.push({ id: match[0], href: node.parentElement?.closest('a')?.getAttribute('href') ?? null });
          }
        }
        return found;
      });
      assert.ok(ids.length >= (path === 'references/' ? 25 : 9), `/${path} cites ${ids.length} arXiv ids and DOIs`);
      for (const { id, href } of ids) {
        const expected = id.startsWith('arXiv:') ? `https://arxiv.org/abs/${id.slice('arXiv:'.length)}` : `https://doi.org/${id.slice('doi:'.length)}`;
        assert.equal(href, expected, `${id} links to its paper`);
      }
    });

    test('every book is a link', async () => {
      const { page } = ctx.site;
      const books = await page
        .locator('main .sl-markdown-content .sl-heading-wrapper:has(> :is(#books, #books-and-courses)) ~ ul')
        .first()
        .locator(':scope > li')
        .evaluateAll((items) => items.map((li) => ({ text: li.textContent?.slice(0, 60) ?? '', href: li.querySelector('a')?.getAttribute('href') ?? null })));
      assert.equal(books.length, 4);
      for (const book of books) assert.match(book.href ?? '', /^https:\/\//, `${book.text} links to the book`);
    });
  });
}
