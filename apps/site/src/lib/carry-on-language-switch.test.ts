import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { languageSwitchTarget } from './carry-on-language-switch';

describe('languageSwitchTarget', () => {
  test('languageSwitchTarget puts the example link fragment on the other edition, keeping the query', () => {
    expect(languageSwitchTarget('/zh-cn/concepts/', 'https://x.org/concepts/?a=1#what-attention-is', '#self-attention?sentence=a+dog&causal=true')).toBe(
      'https://x.org/zh-cn/concepts/?a=1#self-attention?sentence=a+dog&causal=true',
    );
  });

  test('languageSwitchTarget keeps the page fragment when there is no example state to carry', () => {
    expect(languageSwitchTarget('/concepts/', 'https://x.org/zh-cn/concepts/#worked-example?x1=5')).toBe('https://x.org/concepts/#worked-example?x1=5');
    expect(languageSwitchTarget('/concepts/', 'https://x.org/zh-cn/concepts/')).toBe('https://x.org/concepts/');
  });

  test('languageSwitchTarget only ever changes the path and fragment, never the origin', () => {
    expect(languageSwitchTarget('//other.example/x/', 'https://x.org/concepts/', '#a')).toBe('https://x.org//other.example/x/#a');
  });

  test('languageSwitchTarget drops the fragment when given an empty one (a heading id means nothing in the other language)', () => {
    expect(languageSwitchTarget('/zh-cn/concepts/', 'https://x.org/concepts/#self-attention-step-by-step', '')).toBe('https://x.org/zh-cn/concepts/');
  });
});

describe('the two editions', () => {
  // A switch of language carries the section by its place among the headings, so both editions must have the same ones.
  const DOCS = fileURLToPath(new URL('../content/docs/', import.meta.url));
  /** The levels of a page's Markdown headings, outside code blocks, in order. */
  const headingLevels = (text: string): number[] => {
    let fenced = false;
    const levels: number[] = [];
    for (const line of text.split('\n')) {
      if (/^\s*```/.test(line)) fenced = !fenced;
      const m = fenced ? null : /^(#{2,3}) /.exec(line);
      if (m) levels.push(m[1]!.length);
    }
    return levels;
  };

  test('every Chinese page has the headings of its English page, level for level', () => {
    const pages = readdirSync(join(DOCS, 'zh-cn')).filter((f) => f.endsWith('.mdx'));
    expect(pages.length).toBeGreaterThanOrEqual(13);
    for (const page of pages) {
      expect(headingLevels(readFileSync(join(DOCS, 'zh-cn', page), 'utf8')), page).toEqual(headingLevels(readFileSync(join(DOCS, page), 'utf8')));
    }
  });

  test('headingLevels reads ## and ### outside code blocks only (the check can fail)', () => {
    expect(headingLevels('## a\n### b\n```\n## not\n```\n#### c\n## d')).toEqual([2, 3, 2]);
  });
});

