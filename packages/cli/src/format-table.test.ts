import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('formatTable pads columns and right-aligns numbers', () => {
    expect(formatTable(['seqLen', 'ms'], [['128', '38.2'], ['1024', '770.0']], ['right', 'right'])).toBe(
      ['| seqLen |    ms |', '|-------:|------:|', '|    128 |  38.2 |', '|   1024 | 770.0 |'].join('\n'),
    );
  });
  it('formatTable left-aligns by default and fills missing cells', () => {
    expect(formatTable(['a', 'b'], [['x']])).toBe(['| a   | b   |', '|-----|-----|', '| x   |     |'].join('\n'));
  });
});
