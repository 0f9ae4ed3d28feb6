// Our own month and weekday tables and the date formats of dateTranslation.
// Internal: not exported from index.ts.

/** English month names, January first. */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** English weekday names, Sunday first (the order of `Date.prototype.getUTCDay`). */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Days in each month of a common year; February gains one in a leap year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Gregorian leap year: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** A calendar date; `weekday` is 0 (Sunday) to 6 (Saturday). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const short = (name: string): string => name.slice(0, 3);

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st. */
function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

/** Chinese digits for writing a year digit by digit: 〇 for zero, as dates write it (二〇一二). */
export const CHINESE_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** A month or day (1..31) in Chinese numerals as dates write them: 三, 十, 十二 (no leading 一), 二十, 三十一. */
function chineseCount(n: number): string {
  const tens = Math.floor(n / 10);
  const units = n % 10 === 0 ? '' : CHINESE_DIGITS[n % 10]!;
  if (tens === 0) return units;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${units}`;
}

/** The date formats, by name; each writes a date as a human would. */
export const DATE_FORMATS = {
  /** 3 Jan 1998 */
  'D MMM YYYY': (d: CalendarDate) => `${d.day} ${short(MONTHS[d.month - 1]!)} ${d.year}`,
  /** 3 January 1998 */
  'D MMMM YYYY': (d: CalendarDate) => `${d.day} ${MONTHS[d.month - 1]} ${d.year}`,
  /** January 3, 1998 */
  'MMMM D, YYYY': (d: CalendarDate) => `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`,
  /** Jan 3, 1998 */
  'MMM D, YYYY': (d: CalendarDate) => `${short(MONTHS[d.month - 1]!)} ${d.day}, ${d.year}`,
  /** Saturday, January 3, 1998 */
  'dddd, MMMM D, YYYY': (d: CalendarDate) => `${WEEKDAYS[d.weekday]}, ${MONTHS[d.month - 1]} ${d.day}, ${d.year}`,
  /** Sat 3 Jan 1998 */
  'ddd D MMM YYYY': (d: CalendarDate) => `${short(WEEKDAYS[d.weekday]!)} ${d.day} ${short(MONTHS[d.month - 1]!)} ${d.year}`,
  /** 3rd of January 1998 */
  'Do of MMMM YYYY': (d: CalendarDate) => `${ordinal(d.day)} of ${MONTHS[d.month - 1]} ${d.year}`,
  /** 3 jan 1998 */
  'D mmm YYYY': (d: CalendarDate) => `${d.day} ${short(MONTHS[d.month - 1]!).toLowerCase()} ${d.year}`,
  /** 01/03/98 (US order: month first) */
  'MM/DD/YY': (d: CalendarDate) => `${pad2(d.month)}/${pad2(d.day)}/${pad2(d.year % 100)}`,
  /** 1/3/1998 (US order: month first) */
  'M/D/YYYY': (d: CalendarDate) => `${d.month}/${d.day}/${d.year}`,
  /** 03.01.1998 (day first, with dots) */
  'DD.MM.YYYY': (d: CalendarDate) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`,
  /** 19980103 */
  YYYYMMDD: (d: CalendarDate) => `${d.year}${pad2(d.month)}${pad2(d.day)}`,
  /** 1998年1月3日 (Chinese, Arabic digits) */
  'YYYY年M月D日': (d: CalendarDate) => `${d.year}年${d.month}月${d.day}日`,
  /** 一九九八年一月三日 (Chinese numerals: the year digit by digit with 〇, month and day as counted) */
  '汉字 YYYY年M月D日': (d: CalendarDate) => `${[...String(d.year)].map((c) => CHINESE_DIGITS[Number(c)]).join('')}年${chineseCount(d.month)}月${chineseCount(d.day)}日`,
} as const;

/** The name of one of the date formats, e.g. `'D MMM YYYY'` for "3 Jan 1998". */
export type DateFormat = keyof typeof DATE_FORMATS;

/** The formats that write the year with two digits. */
export const TWO_DIGIT_YEAR_FORMATS: readonly DateFormat[] = ['MM/DD/YY'];
