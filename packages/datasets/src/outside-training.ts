import { CHINESE_DIGITS } from './date-formats.js';
/** A data set as trained models record it in their metadata: its loader's name and options. */
export interface DatasetDescription {
  /** The loader, e.g. `'dateTranslation'` or `'numberWords'`. */
  name: string;
  /** The options it was called with (defaults left out). Default `{}`. */
  options?: Record<string, unknown>;
}

const int = (value: unknown, fallback: number): number => (Number.isInteger(value) ? (value as number) : fallback);

/**
 * Says what in an input lies outside the data a model was trained on, for
 * the data sets where that can be read from the text: years outside
 * `dateTranslation`'s `startYear..endYear` (default 1950–2049; in digits or,
 * before 年, in Chinese numerals), and numbers
 * outside `numberWords`'s `min..max` (default 0–9999, digits only). A model
 * still answers such an input, often wrongly and with confidence ("July 4,
 * 1776" becomes 1976-07-04), so callers show these notes beside the answer.
 * Characters a model never saw are its tokenizer's business (`unkId`).
 *
 * @param dataset - `{ name, options }` as stored in a model's metadata (`metadata.dataset`).
 * @param text - The input as the reader typed it.
 * @returns One sentence per problem; empty when nothing is known to be outside.
 * @example
 * outsideTraining({ name: 'dateTranslation', options: {} }, 'July 4, 1776');
 * // ['the year 1776 is outside the years the model was trained on (1950–2049)']
 */
export function outsideTraining(dataset: DatasetDescription, text: string): string[] {
  const fn = 'outsideTraining';
  if (dataset == null || typeof dataset !== 'object' || typeof dataset.name !== 'string') {
    throw new TypeError(`${fn}: argument 'dataset' must be { name, options } from a model's metadata, got ${dataset === null ? 'null' : typeof dataset}`);
  }
  if (typeof text !== 'string') throw new TypeError(`${fn}: argument 'text' must be a string, got ${text === null ? 'null' : typeof text}`);
  const options = dataset.options ?? {};
  if (dataset.name === 'dateTranslation') {
    const [first, last] = [int(options['startYear'], 1950), int(options['endYear'], 2049)];
    // A run of four digits is a year, one of eight a YYYYMMDD date; any other run of three or more digits is no year the data has.
    // A Chinese year is written digit by digit before 年 (一七七六年), read here as its digits.
    const chineseYears = [...text.matchAll(new RegExp(`[${CHINESE_DIGITS.join('')}]+(?=年)`, 'g'))].map((m) => [...m[0]].map((c) => CHINESE_DIGITS.indexOf(c as (typeof CHINESE_DIGITS)[number])).join(''));
    return [...[...text.matchAll(/(?<!\d)\d{3,}(?!\d)/g)].map((m) => m[0]), ...chineseYears]
      .map((digits) => (digits.length === 8 ? digits.slice(0, 4) : digits))
      .filter((year) => year.length !== 4 || Number(year) < first || Number(year) > last)
      .map((year) => `the year ${year} is outside the years the model was trained on (${first}–${last})`);
  }
  if (dataset.name === 'numberWords' && (options['direction'] ?? 'toWords') === 'toWords') {
    const [min, max] = [int(options['min'], 0), int(options['max'], 9999)];
    const trimmed = text.trim();
    if (!/^\d+$/.test(trimmed)) return [`the model was trained on whole numbers written in digits, not ${JSON.stringify(trimmed)}`];
    const value = Number(trimmed);
    return value < min || value > max ? [`${trimmed} is outside the numbers the model was trained on (${min}–${max})`] : [];
  }
  return [];
}
