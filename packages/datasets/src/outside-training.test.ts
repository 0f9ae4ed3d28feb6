import { describe, expect, test } from 'vitest';
import { dateTranslation } from './date-translation.js';
import { numberWords } from './number-words.js';
import { outsideTraining } from './outside-training.js';

describe('outsideTraining', () => {
  test("outsideTraining flags years outside dateTranslation's range, its defaults or the options stored", () => {
    const dates = { name: 'dateTranslation', options: {} };
    expect(outsideTraining(dates, 'July 4, 1776')).toEqual(['the year 1776 is outside the years the model was trained on (1950–2049)']);
    expect(outsideTraining(dates, '28th of December 2005')).toEqual([]);
    expect(outsideTraining(dates, '06.09.1966')).toEqual([]);
    expect(outsideTraining(dates, '2050-01-01')).toHaveLength(1);
    expect(outsideTraining(dates, '1 Jan 19999')).toEqual(['the year 19999 is outside the years the model was trained on (1950–2049)']);
    expect(outsideTraining(dates, '19631229')).toEqual([]); // YYYYMMDD
    expect(outsideTraining(dates, '17760704')).toEqual(['the year 1776 is outside the years the model was trained on (1950–2049)']);
    expect(outsideTraining({ name: 'dateTranslation', options: { startYear: 1700, endYear: 1799 } }, 'July 4, 1776')).toEqual([]);
    // Chinese dates: digits, or numerals read digit by digit before 年.
    expect(outsideTraining(dates, '1776年7月4日')).toEqual(['the year 1776 is outside the years the model was trained on (1950–2049)']);
    expect(outsideTraining(dates, '一七七六年七月四日')).toEqual(['the year 1776 is outside the years the model was trained on (1950–2049)']);
    expect(outsideTraining(dates, '二〇一二年三月五日')).toEqual([]);
    expect(outsideTraining(dates, '九九年三月五日')).toEqual(['the year 99 is outside the years the model was trained on (1950–2049)']);
  });

  test('outsideTraining agrees with the data: no sentence of a dateTranslation set is flagged', () => {
    const { splits } = dateTranslation({ count: 500, seed: 3 });
    for (const pair of splits.train) expect(outsideTraining({ name: 'dateTranslation' }, pair.source)).toEqual([]);
  });

  test("outsideTraining flags numbers outside numberWords' range and input that is not digits", () => {
    const numbers = { name: 'numberWords', options: { language: 'fr' } };
    expect(outsideTraining(numbers, '1984')).toEqual([]);
    expect(outsideTraining(numbers, ' 0 ')).toEqual([]);
    expect(outsideTraining(numbers, '12345')).toEqual(['12345 is outside the numbers the model was trained on (0–9999)']);
    expect(outsideTraining(numbers, '-3')).toEqual(['the model was trained on whole numbers written in digits, not "-3"']);
    for (const pair of numberWords({ language: 'de', count: 200, seed: 1 }).splits.test) expect(outsideTraining({ name: 'numberWords', options: { language: 'de' } }, pair.source)).toEqual([]);
    expect(outsideTraining({ name: 'sentimentSentences' }, 'anything at all')).toEqual([]);
  });

  test('outsideTraining names the argument it rejects', () => {
    expect(() => outsideTraining(null as never, 'x')).toThrow(/outsideTraining: argument 'dataset' must be \{ name, options \}/);
    expect(() => outsideTraining({ name: 'dateTranslation' }, 3 as never)).toThrow(/outsideTraining: argument 'text' must be a string, got number/);
  });
});
