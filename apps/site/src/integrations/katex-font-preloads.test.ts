import { describe, expect, test } from 'vitest';
import { addKatexFontPreloads } from './katex-font-preloads';

const FONTS = new Map([
  ['KaTeX_Main-Regular', '/_astro/KaTeX_Main-Regular.a1.woff2'],
  ['KaTeX_Math-Italic', '/_astro/KaTeX_Math-Italic.b2.woff2'],
  ['KaTeX_Size1-Regular', '/_astro/KaTeX_Size1-Regular.c3.woff2'],
]);
const page = (body: string) => `<html><head><meta charset="utf-8"><link rel="stylesheet" href="/_astro/common.css"></head><body>${body}</body></html>`;
const preload = (url: string) => `<link rel="preload" href="${url}" as="font" type="font/woff2" crossorigin>`;

describe('addKatexFontPreloads', () => {
  test('addKatexFontPreloads preloads the fonts of the classes the formulas use, before the first stylesheet', () => {
    const { html, added } = addKatexFontPreloads(page('<span class="katex"><span class="mord mathnormal">x</span><span class="mop op-symbol small-op">∑</span></span>'), FONTS);
    expect(added).toBe(3);
    const head = html.slice(0, html.indexOf('<link rel="stylesheet"'));
    expect(head).toContain(preload('/_astro/KaTeX_Main-Regular.a1.woff2'));
    expect(head).toContain(preload('/_astro/KaTeX_Math-Italic.b2.woff2'));
    expect(head).toContain(preload('/_astro/KaTeX_Size1-Regular.c3.woff2'));
  });

  test('addKatexFontPreloads preloads only the main font for upright formulas', () => {
    const { html, added } = addKatexFontPreloads(page('<span class="katex"><span class="mord">2</span></span>'), FONTS);
    expect(added).toBe(1);
    expect(html).toContain(preload('/_astro/KaTeX_Main-Regular.a1.woff2'));
  });

  test('addKatexFontPreloads leaves a page without formulas alone', () => {
    const html = page('<p class="mathnormal">not a formula</p>');
    expect(addKatexFontPreloads(html, FONTS)).toEqual({ html, added: 0 });
  });

  test('addKatexFontPreloads adds nothing twice', () => {
    const once = addKatexFontPreloads(page('<span class="katex"><span class="mathnormal">x</span></span>'), FONTS).html;
    expect(addKatexFontPreloads(once, FONTS)).toEqual({ html: once, added: 0 });
  });
});
