import { describe, expect, test } from 'vitest';
import { consoleLineLayout } from './console-line-layout';

describe('consoleLineLayout', () => {
  test('consoleLineLayout of a printed tensor is a block', () => {
    expect(consoleLineLayout('Tensor [2, 2] int32\n[[1, 2],\n [3, 4]]')).toBe('block');
  });

  test('consoleLineLayout of a table row printed with padStart is columns', () => {
    expect(consoleLineLayout('seqLen   full ms   chunked ms')).toBe('columns');
    expect(consoleLineLayout('  1024      45.4         18.6')).toBe('columns');
  });

  test('consoleLineLayout of prose, generated text and JSON is wrap', () => {
    expect(consoleLineLayout('  call me ishmael. and the ship, and then; i was not')).toBe('wrap');
    expect(consoleLineLayout('config: {"name":"multi_head_attention","numHeads":4}')).toBe('wrap');
    expect(consoleLineLayout('spread 0.70  → previousToken')).toBe('wrap');
  });

  test('consoleLineLayout counts gaps between entries, not indentation or trailing spaces', () => {
    expect(consoleLineLayout('      indented text')).toBe('wrap');
    expect(consoleLineLayout('weight bias   ')).toBe('wrap');
  });

  test('consoleLineLayout of an empty line is wrap', () => {
    expect(consoleLineLayout('')).toBe('wrap');
  });
});
