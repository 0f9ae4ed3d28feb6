import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LANGS, MESSAGES, langOf, messageLang, t } from './messages';

const SRC = fileURLToPath(new URL('..', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (relative(SRC, path) !== join('content', 'docs', 'api')) files.push(...(await sourceFiles(path)));
    } else if (/\.(ts|astro|mdx|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts') && path !== fileURLToPath(new URL('./messages.ts', import.meta.url))) {
      files.push(path);
    }
  }
  return files;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('MESSAGES', () => {
  const entries = Object.entries(MESSAGES) as Array<[string, Record<string, string>]>;

  it('has a non-empty text in every language for every id, with the same placeholders', () => {
    for (const [id, texts] of entries) {
      expect(Object.keys(texts).sort(), id).toEqual([...MESSAGE_LANGS].sort());
      for (const lang of MESSAGE_LANGS) expect(texts[lang]?.trim(), `${id} in ${lang}`).toBeTruthy();
      expect(placeholders(texts['zh-CN'] ?? ''), `placeholders of ${id}`).toEqual(placeholders(texts.en ?? ''));
    }
  });

  it('uses every id somewhere in src/, quoted', async () => {
    const sources = await Promise.all((await sourceFiles(SRC)).map((file) => readFile(file, 'utf8')));
    const all = sources.join('\n');
    const unused = entries.map(([id]) => id).filter((id) => !all.includes(`'${id}'`) && !all.includes(`"${id}"`));
    expect(unused).toEqual([]);
  });
});

describe('t', () => {
  it('t(lang, id, params) fills the placeholders in the chosen language', () => {
    expect(t('en', 'live.status.done', { ms: 12, backend: 'webgl' })).toBe('Ran in 12 ms on webgl.');
    expect(t('zh-CN', 'live.status.done', { ms: 12, backend: 'webgl' })).toBe('在 webgl 上运行了 12 毫秒。');
    expect(t('zh-CN', 'live.run')).toBe('运行');
  });

  it('t leaves a placeholder without a value as it is', () => {
    expect(t('en', 'live.status.line')).toBe('Line {line}: ');
  });
});

describe('messageLang', () => {
  it('messageLang maps any Chinese tag to zh-CN and everything else to en', () => {
    expect(messageLang('zh-CN')).toBe('zh-CN');
    expect(messageLang('zh-cn')).toBe('zh-CN');
    expect(messageLang('zh')).toBe('zh-CN');
    expect(messageLang('en')).toBe('en');
    expect(messageLang('')).toBe('en');
    expect(messageLang(undefined)).toBe('en');
    expect(typeof langOf).toBe('function');
  });
});
