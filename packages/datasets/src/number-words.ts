import { toCardinal as germanWords } from 'n2words/de-DE';
import { toCardinal as englishWords } from 'n2words/en-US';
import { toCardinal as frenchWords } from 'n2words/fr-FR';
import { toCardinal as chineseCardinal } from 'n2words/zh-Hans-CN';
import { CharTokenizer } from './char-tokenizer.js';
import { createRng } from './create-rng.js';
import type { Dataset } from './dataset-types.js';
import { splitRecords } from './split-records.js';
import { checkSyntheticOptions } from './synthetic-options.js';

/** One number written in digits and in words. */
export interface NumberWordsPair {
  /** What the model reads: digits (`"1234"`) for `'toWords'`, words for `'toDigits'`. */
  source: string;
  /** What the model writes: the other form. */
  target: string;
  /** The number. */
  value: number;
}

/** Options of {@link numberWords}. */
export interface NumberWordsOptions {
  /** The language of the words: `'en'` (US English), `'fr'` (French), `'de'` (German) or `'zh'` (Simplified Chinese, everyday numerals). Default `'en'`. */
  language?: 'en' | 'fr' | 'de' | 'zh';
  /** `'toWords'` (digits → words) or `'toDigits'` (words → digits). Default `'toWords'`. */
  direction?: 'toWords' | 'toDigits';
  /** Smallest number. Default `0`. */
  min?: number;
  /** Largest number (inclusive), at most 999,999,999. Default `9999`. */
  max?: number;
  /** Distinct numbers drawn from `min..max`. Default: all of them. */
  count?: number;
  /** The seed of the sampling and the split. Default `0`. */
  seed?: number;
}

/** {@link numberWords}'s result: the splits, their metadata and char tokenizers. */
export interface NumberWordsDataset extends Dataset<NumberWordsPair> {
  /** A character tokenizer fitted on every `source`. */
  sourceTokenizer: CharTokenizer;
  /** A character tokenizer fitted on every `target`. */
  targetTokenizer: CharTokenizer;
}

const FN = 'numberWords';
/** Simplified Chinese in everyday numerals (一二三, not the financial 壹贰叁): 12 → 一十二, 105 → 一百零五. */
const chineseWords = (value: number): string => chineseCardinal(value, { formal: false });
const WRITERS = { en: englishWords, fr: frenchWords, de: germanWords, zh: chineseWords } as const;
const MAX = 999_999_999;

/**
 * Numbers and their cardinal words in English, French, German or Simplified
 * Chinese, written by the `n2words` package: "1234" ↔ "one thousand two
 * hundred thirty-four" / "mille deux cent trente-quatre" /
 * "eintausendzweihundertvierunddreißig" / "一千二百三十四". German writes units
 * before tens ("vierunddreißig", four-and-thirty), so its attention alignment
 * leaves the diagonal. Chinese (`n2words`' zh-Hans-CN in everyday numerals)
 * writes one character per digit and one per place (千, 百, 十), with 零 for a
 * skipped place ("105" → "一百零五"); the target tokenizer then holds one token
 * per Chinese character. By default every number in
 * `0..9999` once (10,000 pairs), split 80/10/10 by seed. Generated in memory
 * (no asset); the words come from `n2words` (MIT).
 *
 * @param options - `language` (default 'en'), `direction` (default 'toWords'),
 *   `min` (default 0), `max` (default 9999), `count` (default all), `seed` (default 0).
 * @returns The splits, `meta`, and `sourceTokenizer` / `targetTokenizer`.
 * @example
 * const { splits } = numberWords({ language: 'de', seed: 1 });
 * splits.train.find((p) => p.value === 34); // { source: '34', target: 'vierunddreißig', value: 34 }, if in train
 */
export function numberWords(options: NumberWordsOptions = {}): NumberWordsDataset {
  const min = options.min ?? 0;
  const max = options.max ?? 9999;
  if (!Number.isInteger(min) || min < 0 || min > MAX) throw new RangeError(`${FN}: option 'min' must be an integer in 0..${MAX}, got ${String(min)}`);
  if (!Number.isInteger(max) || max < min || max > MAX) throw new RangeError(`${FN}: option 'max' must be an integer in min..${MAX} (min is ${min}), got ${String(max)}`);
  const span = max - min + 1;
  const { count, seed } = checkSyntheticOptions(FN, options, ['language', 'direction', 'min', 'max'], span);
  const language = options.language ?? 'en';
  if (!Object.hasOwn(WRITERS, language)) throw new RangeError(`${FN}: option 'language' must be 'en', 'fr', 'de' or 'zh', got ${JSON.stringify(language)}`);
  const direction = options.direction ?? 'toWords';
  if (direction !== 'toWords' && direction !== 'toDigits') throw new RangeError(`${FN}: option 'direction' must be 'toWords' or 'toDigits', got ${JSON.stringify(direction)}`);
  if (count > span) throw new RangeError(`${FN}: option 'count' (${count}) is more than the ${span} numbers in ${min}..${max}`);

  const values = count === span ? Array.from({ length: span }, (_, i) => min + i) : sampleDistinct(createRng(seed).fork('values'), min, span, count);
  const write = WRITERS[language];
  const pairs = values.map((value): NumberWordsPair => {
    const digits = String(value);
    const words = write(value);
    return direction === 'toWords' ? { source: digits, target: words, value } : { source: words, target: digits, value };
  });
  const { train, validation, test } = splitRecords(pairs, { seed });
  return {
    splits: { train, validation, test },
    meta: {
      name: `number-words-${language}-${direction === 'toWords' ? 'to-words' : 'to-digits'}`,
      source: 'n2words@4.0.0',
      license: 'MIT (n2words; pairs generated by this package)',
      citation: 'Cardinal number words from n2words by Wael Tellat and contributors.',
      sizeBytes: 0,
      counts: { train: train.length, validation: validation.length, test: test.length },
      seed,
    },
    sourceTokenizer: CharTokenizer.fit(pairs.map((p) => p.source)),
    targetTokenizer: CharTokenizer.fit(pairs.map((p) => p.target)),
  };
}

/** `count` distinct integers from `min..min + span - 1`, in increasing order. */
function sampleDistinct(rng: { int(n: number): number }, min: number, span: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(min + rng.int(span));
  return [...chosen].sort((a, b) => a - b);
}
