import { toCardinal } from 'n2words/zh-Hans-CN';
import { describe, expect, it } from 'vitest';
import { dateTranslation, type DatePair } from './date-translation.js';

// An independent reading of the source strings, with its own tables: the
// test parses each human date back to (year, month, day) and checks the
// weekday with Zeller's congruence.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri']; // Zeller: 0 = Saturday
const leap = (y: number): boolean => new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1;
const monthLength = (y: number, m: number): number => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
function zeller(y: number, m: number, d: number): number {
  if (m < 3) {
    m += 12;
    y -= 1;
  }
  const k = y % 100;
  const j = Math.floor(y / 100);
  return (d + Math.floor((13 * (m + 1)) / 5) + k + Math.floor(k / 4) + Math.floor(j / 4) + 5 * j) % 7;
}
// Chinese numerals read back through n2words (everyday numerals): a year digit by digit with 〇 for zero,
// a month or day as counted, where dates drop the leading 一 that n2words writes (一十二 → 十二).
const CHINESE_COUNT = new Map(Array.from({ length: 31 }, (_, i) => [toCardinal(i + 1, { formal: false }).replace(/^一十/, '十'), i + 1]));
const CHINESE_DIGIT = new Map([['〇', 0], ...Array.from({ length: 9 }, (_, i) => [toCardinal(i + 1, { formal: false }), i + 1] as [string, number])]);
function parseChinese(source: string): { y: number; m: number; d: number } | null {
  let x: RegExpExecArray | null;
  if ((x = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(source))) return { y: +x[1]!, m: +x[2]!, d: +x[3]! };
  if (!(x = /^(.{4})年(.+)月(.+)日$/u.exec(source))) return null;
  const y = [...x[1]!].reduce((acc, c) => 10 * acc + CHINESE_DIGIT.get(c)!, 0);
  const [m, d] = [CHINESE_COUNT.get(x[2]!), CHINESE_COUNT.get(x[3]!)];
  if (Number.isNaN(y) || m == null || d == null) throw new Error(`cannot parse ${source}`);
  return { y, m, d };
}
function parse(source: string): { y: number; m: number; d: number; weekday?: string } {
  const chinese = parseChinese(source);
  if (chinese) return chinese;
  let x: RegExpExecArray | null;
  if ((x = /^(\d{4})(\d{2})(\d{2})$/.exec(source))) return { y: +x[1]!, m: +x[2]!, d: +x[3]! };
  if ((x = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(source))) return { y: (+x[3]! < 50 ? 2000 : 1900) + +x[3]!, m: +x[1]!, d: +x[2]! };
  if ((x = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(source))) return { y: +x[3]!, m: +x[1]!, d: +x[2]! };
  if ((x = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(source))) return { y: +x[3]!, m: +x[2]!, d: +x[1]! };
  const words = source.toLowerCase().replace(/,/g, '').split(' ');
  const weekday = words.find((w) => DAYS.includes(w.slice(0, 3)) && /^(sun|mon|tues|wednes|thurs|fri|satur)day$|^[a-z]{3}$/.test(w) && !MONTHS.includes(w));
  const month = words.find((w) => MONTHS.includes(w.slice(0, 3)) && w !== weekday);
  const d = words.map((w) => /^(\d{1,2})(st|nd|rd|th)?$/.exec(w)).find(Boolean);
  const y = words.find((w) => /^\d{4}$/.test(w));
  if (!month || !d || !y) throw new Error(`cannot parse ${source}`);
  return { y: +y, m: MONTHS.indexOf(month.slice(0, 3)) + 1, d: +d[1]!, ...(weekday ? { weekday } : {}) };
}
const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const all = (s: { train: DatePair[]; validation: DatePair[]; test: DatePair[] }): DatePair[] => [...s.train, ...s.validation, ...s.test];

describe('dateTranslation', () => {
  it('dateTranslation() gives 10,000 distinct pairs split 8,000 / 1,000 / 1,000 with meta', () => {
    const { splits, meta } = dateTranslation();
    expect([splits.train.length, splits.validation.length, splits.test.length]).toEqual([8000, 1000, 1000]);
    expect(meta).toMatchObject({ name: 'date-translation', source: 'synthetic', sizeBytes: 0, seed: 0, counts: { train: 8000, validation: 1000, test: 1000 } });
    expect(new Set(all(splits).map((p) => p.source)).size).toBe(10_000);
  });

  it('dateTranslation() targets are the ISO form of the source, read back by an independent parser', () => {
    const { splits } = dateTranslation({ seed: 3 });
    for (const p of all(splits)) {
      const { y, m, d, weekday } = parse(p.source);
      expect(d, p.source).toBeLessThanOrEqual(monthLength(y, m));
      expect(p.target, p.source).toBe(iso(y, m, d));
      if (weekday) expect(weekday.slice(0, 3), p.source).toBe(DAYS[zeller(y, m, d)]);
    }
  });

  it('dateTranslation() covers every day of every month, 29–31 and leap days included, in all 14 formats', () => {
    const pairs = all(dateTranslation({ count: 20_000, seed: 1 }).splits);
    const monthDays = new Set(pairs.map((p) => p.target.slice(5)));
    expect(monthDays.size).toBe(366);
    const leapDays = pairs.filter((p) => p.target.endsWith('-02-29'));
    expect(leapDays.length).toBeGreaterThan(0);
    expect(leapDays.every((p) => leap(+p.target.slice(0, 4)))).toBe(true);
    expect(new Set(pairs.map((p) => p.format)).size).toBe(14);
    const years = pairs.map((p) => +p.target.slice(0, 4));
    expect([Math.min(...years), Math.max(...years)]).toEqual([1950, 2049]);
  });

  it('dateTranslation writes the examples of the issues: "3 Jan 1998", "01/03/98", "Saturday, January 3, 1998", "1998年1月3日", "一九九八年一月三日"', () => {
    // 365 days in 14 formats, less the 31 + 31 May dates that two pairs of formats write alike
    const sources = all(dateTranslation({ startYear: 1998, endYear: 1998, count: 365 * 14 - 62, seed: 0 }).splits);
    const jan3 = sources.filter((p) => p.target === '1998-01-03').map((p) => p.source).sort();
    expect(jan3).toEqual(['01/03/98', '03.01.1998', '19980103', '1/3/1998', '3 Jan 1998', '3 January 1998', '3 jan 1998', '3rd of January 1998', 'Jan 3, 1998', 'January 3, 1998', 'Sat 3 Jan 1998', 'Saturday, January 3, 1998', '1998年1月3日', '一九九八年一月三日'].sort());
  });

  it('dateTranslation writes Chinese dates as issue 21 gives them: 2012年3月5日 and 二〇一二年三月五日, 十 and 二十 as counted', () => {
    const pairs = all(dateTranslation({ startYear: 2012, endYear: 2012, formats: ['YYYY年M月D日', '汉字 YYYY年M月D日'], count: 366 * 2, seed: 0 }).splits);
    const source = (target: string, format: string) => pairs.find((p) => p.target === target && p.format === format)?.source;
    expect(source('2012-03-05', 'YYYY年M月D日')).toBe('2012年3月5日');
    expect(source('2012-03-05', '汉字 YYYY年M月D日')).toBe('二〇一二年三月五日');
    expect(source('2012-10-10', '汉字 YYYY年M月D日')).toBe('二〇一二年十月十日');
    expect(source('2012-12-31', '汉字 YYYY年M月D日')).toBe('二〇一二年十二月三十一日');
    expect(source('2012-11-20', '汉字 YYYY年M月D日')).toBe('二〇一二年十一月二十日');
  });

  it('dateTranslation({ seed }) is deterministic, and the seed changes it', () => {
    const a = dateTranslation({ seed: 11, count: 500 });
    const b = dateTranslation({ seed: 11, count: 500 });
    const c = dateTranslation({ seed: 12, count: 500 });
    expect(a.splits).toEqual(b.splits);
    expect(a.splits.test).not.toEqual(c.splits.test);
  });

  it('dateTranslation tokenizers cover every character, so no <unk> appears', () => {
    const { splits, sourceTokenizer, targetTokenizer } = dateTranslation({ seed: 2, count: 3000 });
    for (const p of all(splits)) {
      expect(sourceTokenizer.encode(p.source)).not.toContain(sourceTokenizer.unkId);
      expect(sourceTokenizer.decode(sourceTokenizer.encode(p.source))).toBe(p.source);
      expect(targetTokenizer.decode(targetTokenizer.encode(p.target))).toBe(p.target);
    }
    expect(targetTokenizer.vocabSize).toBe(4 + 11);
  });

  it('dateTranslation({ formats }) restricts the formats', () => {
    const pairs = all(dateTranslation({ formats: ['YYYYMMDD'], count: 100 }).splits);
    expect(pairs.every((p) => /^\d{8}$/.test(p.source) && p.source === p.target.replace(/-/g, ''))).toBe(true);
  });

  it('dateTranslation rejects bad options, naming them', () => {
    expect(() => dateTranslation({ formats: ['DD/MM/YYYY' as 'YYYYMMDD'] })).toThrow(/option 'formats' holds unknown format "DD\/MM\/YYYY"/);
    expect(() => dateTranslation({ startYear: 1900, endYear: 2049 })).toThrow(/span more than 100 years, so two-digit years/);
    expect(dateTranslation({ startYear: 1900, endYear: 2049, formats: ['D MMM YYYY'], count: 10 }).splits.train.length).toBe(8);
    expect(() => dateTranslation({ startYear: 2000, endYear: 1999 })).toThrow(/option 'endYear' \(1999\) must be >= 'startYear' \(2000\)/);
    expect(() => dateTranslation({ count: 0 })).toThrow(/option 'count' must be an integer >= 1, got 0/);
    expect(() => dateTranslation({ startYear: 2000, endYear: 2000, formats: ['YYYYMMDD'], count: 367 })).toThrow(/option 'count' \(367\) is more than the 366 distinct dates that 366 days in 1 formats give/);
    expect(() => dateTranslation({ years: 3 } as object)).toThrow(/dateTranslation: unknown option 'years'/);
  });
});
