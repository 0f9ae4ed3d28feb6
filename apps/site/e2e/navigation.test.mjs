// @ts-check
// The article's navigation in Chromium: the sidebar lists every section in
// order, and previous/next links follow it. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { usePage } from './site.mjs';

const ctx = usePage('mathematics/');
const SECTIONS = ['background', 'concepts', 'algorithm', 'mathematics', 'hands-on', 'applications', 'tools', 'trends', 'faq', 'references'];

describe('navigation', () => {
  test('the sidebar lists the ten sections in order and marks the current one', async () => {
    const hrefs = await ctx.site.page.locator('nav.sidebar a[href]').evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href') ?? '', location.href).pathname));
    const sections = hrefs.filter((h) => !h.includes('/api/') && !h.endsWith('/explorer/') && !h.endsWith('/glossary/')).map((h) => h.split('/').filter(Boolean).at(-1));
    assert.deepEqual(sections, SECTIONS);
    assert.ok(hrefs.some((h) => h.endsWith('/explorer/')), 'the sidebar links the attention explorer');
    assert.ok(hrefs.some((h) => h.endsWith('/glossary/')), 'the sidebar links the glossary');
    assert.equal(await ctx.site.page.locator('nav.sidebar a[aria-current="page"]').getAttribute('href').then((h) => h?.replace(/\/$/, '').split('/').at(-1)), 'mathematics');
  });

  test('previous and next lead to the neighbouring sections', async () => {
    const prev = await ctx.site.page.locator('.pagination-links a[rel="prev"]').getAttribute('href');
    const next = await ctx.site.page.locator('.pagination-links a[rel="next"]').getAttribute('href');
    assert.match(prev ?? '', /algorithm\/$/);
    assert.match(next ?? '', /hands-on\/$/);
  });
});
