// @ts-check
// The API reference that starlight-typedoc generates from the packages' TSDoc:
// each library package has its pages, a function's page shows its @param docs,
// search finds them, every link from the article into /api/ resolves, and a
// sample of API pages loads without a console error. Runs against the built
// site (`astro build` first).
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPage, siteDir, startSite } from './site.mjs';

/** The packages with a library API; the cli has none. */
const PACKAGES = ['core', 'datasets', 'models', 'viz'];

/** The sections whose examples and prose use the packages, so they must link to the API. */
const SECTIONS_THAT_LINK = ['background/', 'concepts/', 'algorithm/', 'mathematics/', 'tools/'];

/** URL paths (relative to the base) of the article's pages: the files in src/content/docs/. */
async function articlePages() {
  const files = await readdir(join(siteDir, 'src', 'content', 'docs'));
  return files
    .filter((file) => /\.mdx?$/.test(file))
    .map((file) => file.replace(/\.mdx?$/, ''))
    .map((name) => (name === 'index' ? '' : `${name}/`))
    .sort();
}

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
/** @type {Awaited<ReturnType<typeof openPage>>} */
let site;

before(async () => {
  server = await startSite();
  site = await openPage(`${server.url}api/`);
});

after(async () => {
  await site?.browser.close();
  await server?.close();
});

/**
 * Opens `path` in the shared page and fails unless it answered 200. Waits
 * until the network is idle, so that leaving the page aborts no request.
 * @param {string} path
 */
async function visit(path) {
  const response = await site.page.goto(server.url + path, { waitUntil: 'networkidle' });
  assert.equal(response?.status(), 200, `/${path} answers 200 (is the build older than src/content/docs/?)`);
}

describe('the API reference', () => {
  test('/api/ introduces the packages and the sidebar has an "API reference" group', async () => {
    await visit('api/');
    assert.equal(await site.page.locator('main h1').first().textContent(), 'API reference');
    const groups = await site.page.locator('nav.sidebar .group-label').allTextContents();
    assert.ok(groups.map((label) => label.trim()).includes('API reference'), `sidebar groups: ${groups.join(', ')}`);
  });

  for (const name of PACKAGES) {
    test(`/api/${name}/ lists the exports of @attention-lab/${name}`, async () => {
      await visit(`api/${name}/`);
      assert.equal((await site.page.locator('main h1').first().textContent())?.trim(), name);
      const links = await site.page.locator('main .sl-markdown-content a[href]').evaluateAll((anchors) =>
        anchors.map((a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).pathname),
      );
      assert.ok(links.filter((href) => href.startsWith(`/api/${name}/`)).length >= 5, `links to pages of ${name}: ${links.join(', ')}`);
    });
  }

  test('the maskedSoftmax page shows its signature and the @param doc of each parameter', async () => {
    await visit('api/core/functions/maskedsoftmax/');
    const { page } = site;
    assert.equal(await page.locator('main h1').first().textContent(), 'maskedSoftmax');
    assert.equal(await page.locator('main h2#parameters').count(), 1, 'a Parameters heading');
    assert.equal(await page.locator('main h2#returns').count(), 1, 'a Returns heading');
    /** The text under the h3 `id`, up to the next heading. */
    const docOf = (/** @type {string} */ id) =>
      page.evaluate((headingId) => {
        let node = document.getElementById(headingId)?.closest('.sl-heading-wrapper')?.nextElementSibling;
        let text = '';
        while (node && !node.classList.contains('sl-heading-wrapper')) {
          text += `${node.textContent ?? ''}\n`;
          node = node.nextElementSibling;
        }
        return text;
      }, id);
    assert.match(await docOf('logits'), /\[batch, heads, seqLenQ, seqLenK\]/, '@param logits gives its shape');
    assert.match(await docOf('mask'), /broadcastable/i, '@param mask');
    assert.match(await docOf('axis'), /-1/, '@param axis gives its default');
    assert.match(await docOf('example'), /maskedSoftmax\(/, 'the @example');
  });

  test('search finds the maskedSoftmax page', async () => {
    await visit('api/');
    const { page } = site;
    await page.locator('site-search button[data-open-modal]:not([disabled])').click();
    await page.locator('site-search dialog input.pagefind-ui__search-input').fill('maskedSoftmax');
    const result = page.locator('site-search a[href*="/api/core/functions/maskedsoftmax/"]').first();
    await result.waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });

  test('every link from an article page into /api/ resolves', async () => {
    /** @type {Map<string, string>} link → the first article page that has it */
    const links = new Map();
    for (const path of await articlePages()) {
      await visit(path);
      const hrefs = await site.page.locator('main a[href]').evaluateAll((anchors) => anchors.map((a) => /** @type {HTMLAnchorElement} */ (a).href));
      const apiLinks = hrefs.filter((href) => new URL(href).pathname.startsWith('/api/'));
      if (SECTIONS_THAT_LINK.includes(path)) assert.ok(apiLinks.length > 0, `/${path} links to the API reference`);
      for (const href of apiLinks) if (!links.has(href)) links.set(href, path);
    }
    assert.ok(links.size >= 10, `the article links to ${links.size} API pages`);
    for (const [href, from] of links) {
      const url = new URL(href);
      const response = await fetch(url);
      assert.equal(response.status, 200, `${url.pathname} (linked from /${from}) answers 200`);
      if (url.hash) assert.ok((await response.text()).includes(`id="${url.hash.slice(1)}"`), `${href} (from /${from}) has its anchor`);
    }
  });

  test('a sample of API pages loads without a console error', async () => {
    await visit('api/');
    const all = await site.page.locator('nav.sidebar a[href]').evaluateAll((anchors) =>
      anchors.map((a) => new URL(/** @type {HTMLAnchorElement} */ (a).href).pathname).filter((path) => path.startsWith('/api/')),
    );
    // Every package overview, and the first page of each kind (classes, functions, …) of each package.
    /** @type {Map<string, string>} */
    const sample = new Map();
    for (const path of all) {
      const [, , pkg, kind = ''] = path.split('/');
      if (!sample.has(`${pkg}/${kind}`)) sample.set(`${pkg}/${kind}`, path);
    }
    assert.ok(sample.size >= PACKAGES.length * 3, `sampled ${[...sample.values()].join(', ')}`);
    site.problems.length = 0;
    for (const path of sample.values()) await visit(path.slice(1));
    assert.deepEqual(site.problems, []);
  });
});
