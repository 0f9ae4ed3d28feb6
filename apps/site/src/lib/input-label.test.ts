import { describe, expect, test } from 'vitest';
import { labelParts } from './input-label';

describe('labelParts', () => {
  test("labelParts('W^Q') is W with a superscript Q", () => {
    expect(labelParts('W^Q')).toEqual([
      { text: 'W', superscript: false },
      { text: 'Q', superscript: true },
    ]);
  });

  test('labelParts raises only the letters and digits after ^', () => {
    expect(labelParts('d^model (width)')).toEqual([
      { text: 'd', superscript: false },
      { text: 'model', superscript: true },
      { text: ' (width)', superscript: false },
    ]);
  });

  test('labelParts of a label without ^ is the label, as one plain part', () => {
    expect(labelParts('x₁')).toEqual([{ text: 'x₁', superscript: false }]);
    expect(labelParts('')).toEqual([{ text: '', superscript: false }]);
  });

  test('labelParts keeps a lone ^ as text', () => {
    expect(labelParts('a ^ b')).toEqual([{ text: 'a ^ b', superscript: false }]);
  });
});
