import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { choiceFlag, intFlag, parseFlags } from './parse-flags.js';

const FLAGS = { epochs: { type: 'string' }, quick: { type: 'boolean' } } as const;

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

describe('choiceFlag', () => {
  it('choiceFlag accepts a listed value and rejects others', () => {
    expect(choiceFlag('attend', 'view', 'head', ['heatmap', 'head'], 'heatmap')).toBe('head');
    expect(choiceFlag('attend', 'view', undefined, ['heatmap', 'head'], 'heatmap')).toBe('heatmap');
    expect(() => choiceFlag('attend', 'view', 'pie', ['heatmap', 'head'], 'heatmap')).toThrow("attend: --view must be one of heatmap, head, got 'pie'");
  });
});
