import { describe, expect, it } from 'vitest';
import { SubwordTokenizer } from './subword-tokenizer.js';

describe('SubwordTokenizer', () => {
  // Worked by hand: words 'aaab' x2 and 'ab' x1. Pair counts aa 4, ab 3 -> merge a+a;
  // then 'aaab' is [aa, a, b]: (a, b) 3, (aa, a) 2 -> merge a+b; then (aa, ab) 2 -> merge aa+ab.
  it('SubwordTokenizer.fit learns the most frequent pair first, as worked by hand', () => {
    const tok = SubwordTokenizer.fit(['aaab', 'aaab', 'ab'], { vocabSize: 9 });
    expect(tok.vocab).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b', 'aa', 'ab', 'aaab']);
    expect(tok.merges).toEqual([[4, 4], [4, 5], [6, 7]]);
    expect(tok.encode('aaab')).toEqual([8]);
    expect(tok.encode('aab')).toEqual([6, 5]); // a+a ranks before a+b
    expect(tok.encode('ba')).toEqual([5, 4]);
    expect(tok.pieces('aab ab')).toEqual(['aa', 'b', '<unk>', 'ab']); // no space in the corpus: ' ' is unseen, and merges stay within words
  });

  it('SubwordTokenizer.fit stops at vocabSize, and when no pair is seen twice', () => {
    expect(SubwordTokenizer.fit(['aaab', 'aaab', 'ab'], { vocabSize: 7 }).vocab.slice(4)).toEqual(['a', 'b', 'aa']);
    expect(SubwordTokenizer.fit('abcd', { vocabSize: 100 }).vocabSize).toBe(8); // every pair occurs once
  });

  it('SubwordTokenizer merges keep a leading space with the word, never across words', () => {
    const tok = SubwordTokenizer.fit('the whale the whale the whale. the sea', { vocabSize: 40 });
    expect(tok.pieces('the whale')).toEqual(['the', ' whale']);
    for (const piece of tok.vocab.slice(4)) expect(piece.trim().includes(' ')).toBe(false);
  });

  it('SubwordTokenizer.encode/decode round-trips text of fitted characters, and unseen characters give <unk>', () => {
    const text = 'Call me Ishmael. Some years ago — never mind how long precisely — having little or no money 🐳 café, 1851!';
    const tok = SubwordTokenizer.fit(text, { vocabSize: 120 });
    expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.encode('Cx')).toEqual([tok.encode('C')[0], 1]);
    expect(tok.decode(tok.encode('Cx'))).toBe('C<unk>');
    expect(tok.encode('', { addBos: true, addEos: true })).toEqual([2, 3]);
    expect(tok.decode([2, 1, 3])).toBe('<unk>');
  });

  it('SubwordTokenizer.decode throws on an id outside the vocabulary and on ids that are not an array, naming them', () => {
    const tok = SubwordTokenizer.fit('aaab', { vocabSize: 9 });
    expect(() => tok.decode([2, 9999, 3])).toThrow(new RangeError(`SubwordTokenizer.decode: argument 'ids[1]' must be an id of this vocabulary (0 to ${tok.vocabSize - 1}), got 9999`));
    expect(() => tok.decode(null as never)).toThrow(new TypeError("SubwordTokenizer.decode: argument 'ids' must be an array of ids, got null"));
  });

  it('SubwordTokenizer with lowercase reads capitals as lowercase letters', () => {
    const tok = SubwordTokenizer.fit('the whale. the whale.', { vocabSize: 30, lowercase: true });
    expect(tok.encode('THE Whale')).toEqual(tok.encode('the whale'));
    expect(tok.vocab.some((p) => p !== p.toLowerCase())).toBe(false);
  });

  it('SubwordTokenizer.encode takes one endless word in linear time (a million characters)', () => {
    const tok = SubwordTokenizer.fit('aaaa aaaa aaaa', { vocabSize: 12 });
    const ids = tok.encode('a'.repeat(1_000_000));
    expect(tok.decode(ids)).toBe('a'.repeat(1_000_000));
  });

  it('SubwordTokenizer.toJSON/fromJSON round-trips, and fromJSON names what is wrong', () => {
    const tok = SubwordTokenizer.fit('low lower lowest newer newest', { vocabSize: 30, lowercase: true });
    const again = SubwordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(again.vocab).toEqual(tok.vocab);
    expect(again.merges).toEqual(tok.merges);
    expect(again.encode('Lowest newer')).toEqual(tok.encode('Lowest newer'));
    expect(() => SubwordTokenizer.fromJSON({ type: 'char', vocab: tok.vocab })).toThrow(/SubwordTokenizer.fromJSON: argument 'json' has type "char"/);
    expect(() => SubwordTokenizer.fromJSON({ ...tok.toJSON(), merges: 'x' })).toThrow(/'json.merges' must be an array/);
    expect(() => SubwordTokenizer.fromJSON({ ...tok.toJSON(), merges: [[4, 2]] })).toThrow(/'merges\[0\]' must be two ids in \[4, \d+\)/);
    expect(() => new SubwordTokenizer(['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b'], [[4, 5]])).toThrow(/joins "a" and "b", which is not in 'vocab'/);
    expect(() => SubwordTokenizer.fromJSON({ ...tok.toJSON(), lowercase: 'yes' })).toThrow(/'json.lowercase' must be a boolean/);
  });

  it('SubwordTokenizer.fit and encode check their arguments', () => {
    expect(() => SubwordTokenizer.fit('abc', { vocabSize: 3 })).toThrow(/SubwordTokenizer.fit: option 'vocabSize' must be an integer >= 5, got 3/);
    expect(() => SubwordTokenizer.fit('abc', { vocabSize: 1.5 })).toThrow(/option 'vocabSize'/);
    expect(() => SubwordTokenizer.fit('abc', { lowercase: 1 as unknown as boolean })).toThrow(/option 'lowercase' must be a boolean/);
    expect(() => SubwordTokenizer.fit('abc', { size: 3 } as never)).toThrow(/unknown option 'size'/);
    expect(() => SubwordTokenizer.fit(null as unknown as string)).toThrow(/argument 'corpus'/);
    const tok = SubwordTokenizer.fit('abc');
    expect(() => tok.encode(null as unknown as string)).toThrow(/SubwordTokenizer.encode: argument 'text' must be a string, got null/);
  });
});
