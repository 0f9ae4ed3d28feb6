import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { choiceFlag, integerAtLeast, intFlag, parseFlags } from './parse-flags.js';

const FLAGS = { epochs: { type: 'string' }, out: { type: 'string', short: 'o' }, quick: { type: 'boolean' } } as const;

describe('parseFlags', () => {
  it('parseFlags returns values and positionals', () => {
    expect(parseFlags('train', ['key-recall', '--epochs', '3', '--quick'], FLAGS)).toEqual({ values: { epochs: '3', quick: true }, positionals: ['key-recall'] });
  });
  it('parseFlags turns an unknown flag into a UsageError naming the command and the flag', () => {
    const error = (() => {
      try {
        parseFlags('train', ['--lr', '3'], FLAGS);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/^train: unknown flag '--lr'/);
  });
  it('parseFlags rejects a value given to a boolean flag and a missing value', () => {
    expect(() => parseFlags('bench', ['--quick=yes'], FLAGS)).toThrow(UsageError);
    expect(() => parseFlags('train', ['--epochs'], FLAGS)).toThrow(/^train: flag '--epochs <value>' argument missing/);
  });
  it('parseFlags reads a negative number after a flag as its value, for the flag check to refuse in one line', () => {
    expect(parseFlags('train', ['key-recall', '--epochs', '-1'], FLAGS).values).toEqual({ epochs: '-1' });
    expect(parseFlags('attend', ['-o', '-3'], FLAGS).values).toEqual({ out: '-3' });
    expect(parseFlags('train', ['--', '--epochs', '-1'], FLAGS).positionals).toEqual(['--epochs', '-1']);
    expect(() => intFlag('train', 'epochs', parseFlags('train', ['--epochs', '-1'], FLAGS).values['epochs'], 10)).toThrow("train: --epochs must be an integer >= 1, got '-1'");
  });
  it('parseFlags turns an ambiguous value (a word after a dash) into one line that says how to pass it', () => {
    for (const args of [['--out', '-x'], ['-o', '-x']]) {
      const error = (() => {
        try {
          parseFlags('attend', args, FLAGS);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect(error!.message).toBe(`attend: flag '${args[0]!}' argument is ambiguous: write --out=<value> for a value that starts with a dash`);
    }
  });
});

describe('intFlag', () => {
  it('intFlag reads integers and falls back when absent', () => {
    expect(intFlag('train', 'epochs', '12', 10)).toBe(12);
    expect(intFlag('train', 'epochs', undefined, 10)).toBe(10);
    expect(intFlag('train', 'seed', '0', 0, 0)).toBe(0);
  });
  it('intFlag rejects fractions, words and values below min', () => {
    expect(() => intFlag('train', 'epochs', '1.5', 10)).toThrow("train: --epochs must be an integer >= 1, got '1.5'");
    expect(() => intFlag('train', 'epochs', 'ten', 10)).toThrow(UsageError);
    expect(() => intFlag('train', 'epochs', '0', 10)).toThrow(/>= 1, got '0'/);
  });
});

describe('integerAtLeast', () => {
  it('integerAtLeast reads flag text and JSON numbers alike and refuses the rest', () => {
    expect(integerAtLeast('12', 1)).toBe(12);
    expect(integerAtLeast(12, 1)).toBe(12);
    expect(integerAtLeast(0, 0)).toBe(0);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 53, 'abc', '1e3', '', null, undefined, true, [3], { n: 3 }]) expect(integerAtLeast(bad, 1), String(bad)).toBeUndefined();
  });
});

describe('choiceFlag', () => {
  it('choiceFlag accepts a listed value and rejects others', () => {
    expect(choiceFlag('attend', 'view', 'head', ['heatmap', 'head'], 'heatmap')).toBe('head');
    expect(choiceFlag('attend', 'view', undefined, ['heatmap', 'head'], 'heatmap')).toBe('heatmap');
    expect(() => choiceFlag('attend', 'view', 'pie', ['heatmap', 'head'], 'heatmap')).toThrow("attend: --view must be one of heatmap, head, got 'pie'");
  });
});
