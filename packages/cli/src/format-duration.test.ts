import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it('formatDuration(75) is 1:15 and formatDuration(0) is 0:00', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.6)).toBe('1:00');
  });
  it('formatDuration(3725) shows hours as 1:02:05', () => {
    expect(formatDuration(3725)).toBe('1:02:05');
  });
  it('formatDuration of NaN, Infinity or a negative number is --:--', () => {
    for (const s of [NaN, Infinity, -1]) expect(formatDuration(s)).toBe('--:--');
  });
});
