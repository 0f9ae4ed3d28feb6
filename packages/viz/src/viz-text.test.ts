import { describe, expect, test } from 'vitest';
import { fillText, placeholdersOf, VIZ_TEXT } from './viz-text.js';

describe('fillText', () => {
  test('fillText fills each {name} from the values and leaves a name without a value as written', () => {
    expect(fillText('Head {head}', { head: 2 })).toBe('Head 2');
    expect(fillText('第 {row}/{rows} 行', { row: 1, rows: 4 })).toBe('第 1/4 行');
    expect(fillText('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(fillText('no placeholders')).toBe('no placeholders');
  });

  test('fillText does not read placeholders inside the values it inserts, nor inherited names', () => {
    expect(fillText('{cell}', { cell: '{rows}', rows: 3 })).toBe('{rows}');
    expect(fillText('{toString}', {})).toBe('{toString}');
  });
});

describe('placeholdersOf', () => {
  test('placeholdersOf lists the names of a template in order', () => {
    expect(placeholdersOf(VIZ_TEXT.heatmapTitle)).toEqual(['rows', 'cols']);
    expect(placeholdersOf(VIZ_TEXT.masked)).toEqual([]);
  });
});
