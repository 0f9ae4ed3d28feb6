// @ts-check
// The Simplified Chinese edition (/zh-cn/, issue 21): every translated page
// loads without a console error, says lang="zh-CN" and stays within the page
// weight budget; the language picker moves between the editions of a page;
// switching language keeps the state of every example the reader changed and
// brings the reader back to it, or to the section, in the other edition
// (src/lib/carry-on-language-switch.ts); the
// interface of the live examples speaks the page's language (the message
// catalogue, src/i18n/messages.ts); Chinese text is drawn with a CJK font of
// the system; the sidebar and the glossary are translated; search finds
// Chinese words. Runs against `dist/` (`astro build` first).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PAGE_WEIGHT_TARGET_KB, pageScriptWeight } from './page-weight.mjs';
import { openPage, replaceCode, runsOf, siteDir, startSite, waitForRun, withoutCancelledRequests } from './site.mjs';

const ZH_DOCS = join(siteDir, 'src', 'content', 'docs', 'zh-cn');

/** The translated pages, as URL paths (`zh-cn/`, `zh-cn/concepts/`, …), read when the test starts. */
async function zhPages() {
  if (!existsSync(ZH_DOCS)) return [];
  return (await readdir(ZH_DOCS))
    .filter((file) => /\.mdx?$/.test(file))
    .map((file) => file.replace(/\.mdx?$/, ''))
    .map((slug) => (slug === 'index' ? 'zh-cn/' : `zh-cn/${slug}/`))
    .sort();
}

/** Whether the Chinese page `slug` has been written (`src/content/docs/zh-cn/<slug>.mdx`). */
const translated = (/** @type {string} */ slug) => ['.mdx', '.md'].some((ext) => existsSync(join(ZH_DOCS, slug + ext)));

/** A translated page holding a live example, if any has been written yet. */
async function zhPageWithExample() {
  for (const path of ZH_PAGES) {
    const slug = path.replace(/^zh-cn\//, '').replace(/\/$/, '') || 'index';
    const file = ['.mdx', '.md'].map((ext) => join(ZH_DOCS, slug + ext)).find((f) => existsSync(f));
    if (file && (await readFile(file, 'utf8')).includes('<LiveExample')) return path;
  }
  return undefined;
}

const ZH_PAGES = await zhPages();

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
before(async () => {
  server = await startSite();
});
after(async () => {
  await server?.close();
});

/**
 * Opens `path`, runs `check` with the page, then closes the browser.
 * @param {string} path
 * @param {(site: Awaited<ReturnType<typeof openPage>>) => Promise<void>} check
 */
async function withPage(path, check) {
  const site = await openPage(server.url + path);
  try {
    await check(site);
  } finally {
    await site.browser.close();
  }
}

/**
 * Picks `label` in the page's language picker and waits for the page at `pathname`.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 * @param {string} pathname
 */
async function pickLanguage(page, label, pathname) {
  await Promise.all([page.waitForURL((url) => url.pathname === pathname), page.locator('starlight-lang-select select').first().selectOption({ label })]);
}

describe('the Chinese edition', () => {
  test('the glossary exists in both languages, so zh-cn has at least one page', async () => {
    const pages = await zhPages();
    assert.ok(pages.includes('zh-cn/glossary/'), `zh-cn pages: ${pages.join(', ')}`);
  });

  for (const path of ZH_PAGES) {
    test(`/${path} loads without a console error, with lang="zh-CN" and a Chinese title`, async () => {
      await withPage(path, async ({ page, problems }) => {
        await page.waitForLoadState('load');
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
        assert.equal(await page.locator('main [data-pagefind-body], main .sl-markdown-content').first().evaluate((el) => el.closest('[lang]')?.getAttribute('lang')), 'zh-CN');
        assert.match(await page.title(), /[\u4e00-\u9fff]/, 'the title is in Chinese');
        await page.waitForTimeout(500);
        assert.deepEqual(withoutCancelledRequests(problems), [], `problems on /${path}`);
      });
    });
  }

  test('English pages say lang="en"', async () => {
    await withPage('concepts/', async ({ page }) => {
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    });
  });

  test('the language picker on /concepts/ leads to /zh-cn/concepts/ and back', async () => {
    await withPage('concepts/', async ({ page, problems }) => {
      const picker = page.locator('starlight-lang-select select').first();
      const options = await picker.locator('option').evaluateAll((els) => els.map((el) => ({ label: el.textContent?.trim(), value: /** @type {HTMLOptionElement} */ (el).value })));
      assert.deepEqual(options.map((o) => o.label), ['English', '简体中文']);
      await Promise.all([page.waitForURL((url) => url.pathname === '/zh-cn/concepts/'), picker.selectOption({ label: '简体中文' })]);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      // Until zh-cn/concepts.mdx is written, Starlight shows the English page there, with its notice.
      const contentLang = await page.locator('main .sl-markdown-content').first().evaluate((el) => el.closest('[lang]')?.getAttribute('lang'));
      assert.equal(contentLang, translated('concepts') ? 'zh-CN' : 'en');
      const back = page.locator('starlight-lang-select select').first();
      await Promise.all([page.waitForURL((url) => url.pathname === '/concepts/'), back.selectOption({ label: 'English' })]);
      assert.equal(new URL(page.url()).pathname, '/concepts/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.deepEqual(withoutCancelledRequests(problems), []);
    });
  });

  test('switching language keeps a changed example\'s inputs, runs it with them and shows it, both ways', async () => {
    const ID = 'self-attention';
    const FIGURE = `[data-live-example="${ID}"]`;
    /**
     * What the example shows after its latest run: the inputs it ran with, the rows of its heatmap, its first console line.
     * @param {import('playwright-core').Page} page
     */
    const shown = (page) =>
      page.locator(FIGURE).evaluate((figure) => ({
        sentence: /** @type {HTMLInputElement} */ (figure.querySelector('input[name="sentence"]')).value,
        causal: /** @type {HTMLInputElement} */ (figure.querySelector('input[name="causal"]')).checked,
        ran: JSON.parse(/** @type {HTMLElement} */ (figure).dataset.ranInputs ?? '{}'),
        rows: [...figure.querySelectorAll('[data-role="figures"] table.al-data-table tbody tr th')].map((th) => th.textContent ?? ''),
        line: figure.querySelector('[data-role="console"] .line')?.textContent ?? '',
      }));
    /** @param {import('playwright-core').Page} page */
    const onScreen = async (page) => {
      const box = await page.locator(FIGURE).boundingBox();
      const viewport = page.viewportSize();
      return Boolean(box && viewport && box.y < viewport.height && box.y + box.height > 0);
    };
    /**
     * Picks `label` in the language picker and waits for the page at `pathname` to have run the example.
     * @param {import('playwright-core').Page} page
     * @param {string} label
     * @param {string} pathname
     */
    const switchTo = async (page, label, pathname) => {
      await pickLanguage(page, label, pathname);
      const result = await waitForRun(page, ID, 0, 90_000);
      assert.equal(result.state, 'done', result.status);
    };

    await withPage('concepts/', async ({ page, problems }) => {
      const figure = page.locator(FIGURE);
      await figure.scrollIntoViewIfNeeded();
      await waitForRun(page, ID, 0, 90_000);
      let runs = await runsOf(page, ID);
      await figure.locator('input[name="causal"]').check();
      await waitForRun(page, ID, runs);
      runs = await runsOf(page, ID);
      await figure.locator('input[name="sentence"]').fill('a dog chased the red ball');
      await waitForRun(page, ID, runs);
      await page.evaluate(() => window.scrollTo(0, 0)); // the switch, not the scroll position, brings the reader back

      await switchTo(page, '简体中文', '/zh-cn/concepts/');
      assert.match(new URL(page.url()).hash, /^#self-attention\?sentence=a\+dog\+chased\+the\+red\+ball&causal=true$/);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      const zh = await shown(page);
      assert.equal(zh.sentence, 'a dog chased the red ball');
      assert.equal(zh.causal, true);
      assert.deepEqual(zh.ran, { sentence: 'a dog chased the red ball', causal: true });
      assert.deepEqual(zh.rows, ['a', 'dog', 'chased', 'the', 'red', 'ball']);
      assert.match(zh.line, /^6 个词元；/);
      assert.ok(await onScreen(page), 'the Chinese page shows the example');

      // A change made on the Chinese page goes back to English the same way.
      runs = await runsOf(page, ID);
      await page.locator(`${FIGURE} input[name="sentence"]`).fill('猫坐在垫子上');
      await waitForRun(page, ID, runs);
      await page.evaluate(() => window.scrollTo(0, 0));
      await switchTo(page, 'English', '/concepts/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      const en = await shown(page);
      assert.equal(en.sentence, '猫坐在垫子上');
      assert.equal(en.causal, true);
      assert.deepEqual(en.ran, { sentence: '猫坐在垫子上', causal: true });
      assert.deepEqual(en.rows, ['猫', '坐', '在', '垫', '子', '上']);
      assert.match(en.line, /^6 tokens; /);
      assert.ok(await onScreen(page), 'the English page shows the example');
      assert.deepEqual(withoutCancelledRequests(problems), []);
    });
  });

  test('switching language carries every example the reader changed, not only the last one', async () => {
    await withPage('concepts/', async ({ page, problems }) => {
      const change = async (/** @type {string} */ id, /** @type {string} */ sentence) => {
        const figure = page.locator(`[data-live-example="${id}"]`);
        await figure.scrollIntoViewIfNeeded();
        await waitForRun(page, id, 0, 90_000);
        const runs = await runsOf(page, id);
        await figure.locator('input[name="sentence"]').fill(sentence);
        await waitForRun(page, id, runs);
      };
      await change('self-attention', 'a dog chased the red ball');
      await change('flow-qkv', 'the soup was hot');
      await pickLanguage(page, '简体中文', '/zh-cn/concepts/');
      // The one changed last is in the address; the other waits for its example, which runs with it when seen.
      assert.match(new URL(page.url()).hash, /^#flow-qkv\?sentence=the\+soup\+was\+hot$/);
      const sentenceOf = (/** @type {string} */ id) => page.locator(`[data-live-example="${id}"] input[name="sentence"]`).inputValue();
      assert.equal(await sentenceOf('flow-qkv'), 'the soup was hot');
      await page.locator('[data-live-example="self-attention"]').scrollIntoViewIfNeeded();
      const result = await waitForRun(page, 'self-attention', 0, 90_000);
      assert.equal(result.state, 'done', result.status);
      assert.equal(await sentenceOf('self-attention'), 'a dog chased the red ball');
      const ran = await page.locator('[data-live-example="self-attention"]').evaluate((f) => JSON.parse(/** @type {HTMLElement} */ (f).dataset.ranInputs ?? '{}'));
      assert.equal(ran.sentence, 'a dog chased the red ball');
      // What was carried is used once: a reload shows the page's own defaults again.
      await page.goto(server.url + 'zh-cn/concepts/');
      assert.notEqual(await sentenceOf('self-attention'), 'a dog chased the red ball');
      assert.deepEqual(withoutCancelledRequests(problems), []);
    });
  });

  test('switching language with no example changed brings the reader to the same section', async () => {
    await withPage('concepts/', async ({ page, problems }) => {
      const headings = (/** @type {import('playwright-core').Page} */ p) => p.locator('.sl-markdown-content :is(h2, h3)[id]').evaluateAll((hs) => hs.map((h) => h.id));
      const english = await headings(page);
      assert.ok(english.length >= 4, english.join(', '));
      const third = page.locator(`[id="${english[2]}"]`);
      await third.evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => window.scrollBy(0, 40)); // reading just below the heading, its id not in the address
      await pickLanguage(page, '简体中文', '/zh-cn/concepts/');
      const chinese = await headings(page);
      assert.equal(chinese.length, english.length);
      await page.waitForFunction((id) => decodeURIComponent(location.hash) === `#${id}`, chinese[2]);
      const top = await page.locator(`[id="${chinese[2]}"]`).evaluate((h) => h.getBoundingClientRect().top);
      const viewport = page.viewportSize();
      assert.ok(viewport && top >= -5 && top < viewport.height / 2, `the section's heading is at the top of the view (top ${top})`);
      assert.deepEqual(withoutCancelledRequests(problems), []);
    });
  });

  test('switching language carries edited code as a link does: shown in the editor, waiting for Run', async () => {
    const ID = 'self-attention';
    const FIGURE = `[data-live-example="${ID}"]`;
    await withPage('concepts/', async ({ page, problems }) => {
      const figure = page.locator(FIGURE);
      await replaceCode(page, figure, "import { inputs, print } from 'live';\nprint('carried:', inputs.sentence);");
      await pickLanguage(page, '简体中文', '/zh-cn/concepts/');
      assert.match(new URL(page.url()).hash, /^#self-attention\?sentence=the\+cat\+sat\+on\+the\+mat&causal=false&code=[\w-]+$/);
      const carried = page.locator(FIGURE);
      await carried.locator('.cm-content').waitFor();
      assert.match((await carried.locator('.cm-content').textContent()) ?? '', /print\('carried:', inputs\.sentence\);/);
      assert.match((await carried.locator('[data-role="status"]').textContent()) ?? '', /链接中带有修改过的代码/);
      assert.equal(await runsOf(page, ID), 0, 'carried code does not run by itself');
      await carried.locator('[data-role="run"]').click();
      const result = await waitForRun(page, ID, 0, 90_000);
      assert.equal(result.state, 'done', result.status);
      assert.deepEqual(await carried.locator('[data-role="console"] .line').allTextContents(), ['carried: the cat sat on the mat']);
      assert.deepEqual(withoutCancelledRequests(problems), []);
    });
  });

  test('the sidebar groups are translated, and the API reference says it is in English', async () => {
    await withPage('zh-cn/glossary/', async ({ page }) => {
      const groups = await page.locator('nav.sidebar details > summary').allTextContents();
      const labels = groups.map((text) => text.trim());
      for (const label of ['正文', '探索', 'API 参考（英文）']) assert.ok(labels.some((l) => l.startsWith(label)), `sidebar group "${label}" in ${JSON.stringify(labels)}`);
    });
    await withPage('glossary/', async ({ page }) => {
      const labels = (await page.locator('nav.sidebar details > summary').allTextContents()).map((text) => text.trim());
      for (const label of ['The article', 'Explore', 'API reference']) assert.ok(labels.some((l) => l.startsWith(label)), `sidebar group "${label}" in ${JSON.stringify(labels)}`);
    });
  });

  test('both glossary pages show the same terms from one data file, with the headings in their language', async () => {
    const data = JSON.parse(await readFile(join(siteDir, 'src', 'data', 'glossary.json'), 'utf8'));
    assert.ok(data.length >= 25, `${data.length} terms`);
    /** @type {Record<string, string[][]>} */
    const rows = {};
    /** @type {Record<string, string[]>} */
    const headings = {};
    for (const path of ['glossary/', 'zh-cn/glossary/']) {
      await withPage(path, async ({ page }) => {
        headings[path] = (await page.locator('table[data-glossary] th').allTextContents()).map((s) => s.trim());
        rows[path] = await page.locator('table[data-glossary] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent?.trim() ?? '')));
      });
    }
    assert.equal(rows['glossary/']?.length, data.length);
    assert.deepEqual(rows['zh-cn/glossary/'], rows['glossary/']);
    assert.ok(rows['glossary/']?.some(([en, zh]) => en === 'scaled dot-product attention' && zh === '缩放点积注意力'));
    assert.deepEqual(headings['glossary/'], ['English', 'Chinese', 'Note']);
    assert.deepEqual(headings['zh-cn/glossary/'], ['英文', '中文', '说明']);
  });

  test('Chinese text is drawn with a CJK system font, not boxes', async () => {
    await withPage('zh-cn/glossary/', async ({ page }) => {
      const client = await page.context().newCDPSession(page);
      await client.send('DOM.enable');
      await client.send('CSS.enable');
      const { root } = await client.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'main h1' });
      const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
      const cjk = fonts.filter((font) => /CJK|PingFang|Hiragino|YaHei|Source Han|Noto Sans SC|WenQuanYi/i.test(font.familyName));
      assert.ok(cjk.length > 0 && cjk.every((font) => font.glyphCount > 0), `fonts of the heading "术语表": ${JSON.stringify(fonts)} (install fonts-noto-cjk)`);
    });
  });

  test('the live examples speak Chinese on a Chinese page (the message catalogue)', async (t) => {
    const path = await zhPageWithExample();
    if (!path) {
      t.skip('no zh-cn page with a live example has been written yet');
      return;
    }
    await withPage(path, async ({ page }) => {
      const figure = page.locator('[data-live-example]').first();
      assert.equal((await figure.locator('[data-role="run"]').textContent())?.trim(), '运行');
      assert.equal((await figure.locator('[data-role="edit"]').textContent())?.trim(), '编辑');
      assert.equal((await figure.locator('details.code > summary').textContent())?.trim(), '代码');
      await figure.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => ['done', 'error', 'stopped'].includes(/** @type {HTMLElement} */ (el).dataset.state ?? ''), await figure.elementHandle(), { timeout: 90_000 });
      const status = (await figure.locator('[data-role="status"]').textContent()) ?? '';
      assert.match(status, /[\u4e00-\u9fff]/, `the status line is in Chinese: ${status}`);
    });
    await withPage('concepts/', async ({ page }) => {
      assert.equal((await page.locator('[data-live-example] [data-role="run"]').first().textContent())?.trim(), 'Run');
    });
  });

  test('search finds the Chinese mathematics page for “缩放点积”', async (t) => {
    if (!translated('mathematics')) {
      t.skip('src/content/docs/zh-cn/mathematics.mdx has not been written yet');
      return;
    }
    await withPage('zh-cn/', async ({ page }) => {
      await page.locator('site-search button[data-open-modal]:not([disabled])').click();
      await page.locator('site-search dialog input.pagefind-ui__search-input').fill('缩放点积');
      const result = page.locator('site-search a[href*="/zh-cn/mathematics/"]').first();
      await result.waitFor({ timeout: 30_000 });
    });
  });

  test(`every Chinese page runs at most ${PAGE_WEIGHT_TARGET_KB} KB of JavaScript (gzip) before interaction`, async () => {
    const pages = await zhPages();
    const site = await openPage(`${server.url}zh-cn/glossary/`);
    try {
      /** @type {string[]} */
      const over = [];
      for (const path of pages) {
        const weight = await pageScriptWeight(site.browser, server.url, join(siteDir, 'dist'), path);
        if (weight.gzip / 1024 > PAGE_WEIGHT_TARGET_KB) over.push(`/${path}: ${(weight.gzip / 1024).toFixed(1)} KB`);
      }
      assert.deepEqual(over, []);
    } finally {
      await site.browser.close();
    }
  });
});
