import { readFileSync } from 'node:fs';
import { toCardinal as n2wordsChinese } from 'n2words/zh-Hans-CN';
import { describe, expect, it } from 'vitest';
import { numberWords, type NumberWordsPair } from './number-words.js';

const all = (s: { train: NumberWordsPair[]; validation: NumberWordsPair[]; test: NumberWordsPair[] }): NumberWordsPair[] => [...s.train, ...s.validation, ...s.test];
const byValue = (pairs: NumberWordsPair[]): Map<number, NumberWordsPair> => new Map(pairs.map((p) => [p.value, p]));

describe('numberWords', () => {
  it('numberWords() gives 0..9999 once each, split 8,000 / 1,000 / 1,000, with n2words in meta', () => {
    const { splits, meta } = numberWords();
    expect([splits.train.length, splits.validation.length, splits.test.length]).toEqual([8000, 1000, 1000]);
    expect(all(splits).map((p) => p.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    const { version } = JSON.parse(readFileSync(new URL('../node_modules/n2words/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(meta).toMatchObject({ name: 'number-words-en-to-words', source: `n2words@${version}`, sizeBytes: 0 });
  });

  it('numberWords writes hand-checked English, French and German words', () => {
    const en = byValue(all(numberWords({ language: 'en' }).splits));
    expect(en.get(1234)).toEqual({ source: '1234', target: 'one thousand two hundred thirty-four', value: 1234 });
    expect(en.get(0)!.target).toBe('zero');
    const fr = byValue(all(numberWords({ language: 'fr', max: 100 }).splits));
    expect([fr.get(71)!.target, fr.get(80)!.target, fr.get(99)!.target]).toEqual(['soixante et onze', 'quatre-vingts', 'quatre-vingt-dix-neuf']);
    const de = byValue(all(numberWords({ language: 'de', max: 100 }).splits));
    expect([de.get(21)!.target, de.get(34)!.target, de.get(100)!.target]).toEqual(['einundzwanzig', 'vierunddreißig', 'einhundert']);
  });

  it("numberWords({ language: 'zh' }) writes hand-checked Chinese in everyday numerals, as n2words zh-Hans-CN does", () => {
    const { splits, meta } = numberWords({ language: 'zh' });
    expect(meta.name).toBe('number-words-zh-to-words');
    const zh = byValue(all(splits));
    // By hand: one numeral per digit and one character per place (千 百 十); 零 stands for skipped places; 十 keeps its 一.
    const hand: [number, string][] = [[0, '零'], [7, '七'], [10, '一十'], [12, '一十二'], [20, '二十'], [105, '一百零五'], [110, '一百一十'], [1001, '一千零一'], [1010, '一千零一十'], [2024, '二千零二十四'], [9999, '九千九百九十九']];
    for (const [value, words] of hand) expect(zh.get(value)).toEqual({ source: String(value), target: words, value });
    // Every pair against n2words called directly, in its everyday (not financial 壹贰叁) form.
    for (const p of zh.values()) expect(p.target).toBe(n2wordsChinese(p.value, { formal: false }));
    expect(Math.max(...[...zh.values()].map((p) => Array.from(p.target).length))).toBe(7);
  });

  it("numberWords({ language: 'zh' }) has a character tokenizer with one token per Chinese character", () => {
    const { splits, targetTokenizer } = numberWords({ language: 'zh' });
    expect(targetTokenizer.vocab.slice(4).sort()).toEqual([...'零一二三四五六七八九十百千'].sort());
    for (const p of all(splits)) {
      const ids = targetTokenizer.encode(p.target);
      expect(ids).toHaveLength(Array.from(p.target).length);
      expect(ids).not.toContain(1);
      expect(targetTokenizer.decode(ids)).toBe(p.target);
    }
    expect(targetTokenizer.encode('二千零二十四').map((id) => targetTokenizer.vocab[id])).toEqual(['二', '千', '零', '二', '十', '四']);
  });

  it('numberWords German puts units before tens (a non-diagonal alignment)', () => {
    const de = byValue(all(numberWords({ language: 'de', min: 21, max: 99 }).splits));
    const units = ['ein', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'];
    const tens = ['zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'];
    for (let n = 21; n <= 99; n++) {
      if (n % 10 === 0) continue;
      const words = de.get(n)!.target;
      expect(words).toBe(`${units[(n % 10) - 1]}und${tens[Math.floor(n / 10) - 2]}`);
    }
  });

  it("numberWords({ direction: 'toDigits' }) swaps source and target", () => {
    const p = byValue(all(numberWords({ language: 'fr', direction: 'toDigits', max: 200 }).splits)).get(171)!;
    expect(p).toEqual({ source: 'cent soixante et onze', target: '171', value: 171 });
  });

  it('numberWords({ count, seed }) samples distinct numbers deterministically; splits do not overlap', () => {
    const a = numberWords({ max: 999_999, count: 3000, seed: 4 });
    const b = numberWords({ max: 999_999, count: 3000, seed: 4 });
    const c = numberWords({ max: 999_999, count: 3000, seed: 5 });
    expect(a.splits).toEqual(b.splits);
    expect(a.splits.train).not.toEqual(c.splits.train);
    const values = all(a.splits).map((p) => p.value);
    expect(new Set(values).size).toBe(3000);
    expect(a.meta.counts).toEqual({ train: 2400, validation: 300, test: 300 });
  });

  it('numberWords tokenizers round-trip every pair without <unk>', () => {
    const { splits, sourceTokenizer, targetTokenizer } = numberWords({ language: 'de', max: 2000 });
    for (const p of all(splits)) {
      expect(targetTokenizer.encode(p.target)).not.toContain(1);
      expect(targetTokenizer.decode(targetTokenizer.encode(p.target))).toBe(p.target);
      expect(sourceTokenizer.decode(sourceTokenizer.encode(p.source))).toBe(p.source);
    }
  });

  it('numberWords rejects bad options, naming them', () => {
    expect(() => numberWords({ language: 'es' as 'en' })).toThrow(/numberWords: option 'language' must be 'en', 'fr', 'de' or 'zh', got "es"/);
    expect(() => numberWords({ direction: 'both' as 'toWords' })).toThrow(/option 'direction'/);
    expect(() => numberWords({ min: 10, max: 5 })).toThrow(/option 'max' must be an integer in min..999999999 \(min is 10\), got 5/);
    expect(() => numberWords({ max: 9, count: 11 })).toThrow(/option 'count' \(11\) is more than the 10 numbers in 0..9/);
    expect(() => numberWords({ lang: 'de' } as object)).toThrow(/unknown option 'lang'/);
  });
});
