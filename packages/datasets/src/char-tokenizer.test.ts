import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer.js';
import { SPECIAL_TOKENS } from './special-tokens.js';

describe('CharTokenizer', () => {
  it('CharTokenizer.fit puts the special tokens first, then characters by falling count', () => {
    const tok = CharTokenizer.fit(['abacab', 'c']);
    // counts: a 3, b 2, c 2 (tie with b: code-unit order)
    expect(tok.vocab).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'b', 'c']);
    expect([tok.padId, tok.unkId, tok.bosId, tok.eosId, tok.vocabSize]).toEqual([0, 1, 2, 3, 7]);
    expect(SPECIAL_TOKENS).toEqual(['<pad>', '<unk>', '<bos>', '<eos>']);
  });

  it('CharTokenizer.encode/decode round-trips text made of fitted characters, emoji included', () => {
    const text = 'Saturday, 3 Jan 1998 🐳 café — ñ 日本';
    const tok = CharTokenizer.fit(text);
    const ids = tok.encode(text);
    expect(ids.length).toBe(Array.from(text).length); // one id per code point: 🐳 is one id, not two
    expect(ids.every((id) => id >= 4 && id < tok.vocabSize)).toBe(true);
    expect(tok.decode(ids)).toBe(text);
  });

  it('CharTokenizer.encode maps each unseen character, emoji or not, to <unk> and never throws', () => {
    const tok = CharTokenizer.fit('abc');
    expect(tok.encode('a🐋xb')).toEqual([4, 1, 1, 5]);
    expect(tok.decode(tok.encode('a🐋xb'))).toBe('a<unk><unk>b');
    expect(tok.encode('')).toEqual([]);
    expect(tok.encode('\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}')).toEqual([1, 1, 1, 1]); // a ZWJ flag: four code points
  });

  it('CharTokenizer.encode adds <bos>/<eos>; decode skips specials unless asked', () => {
    const tok = CharTokenizer.fit('ab');
    const ids = tok.encode('ab', { addBos: true, addEos: true });
    expect(ids).toEqual([2, 4, 5, 3]);
    expect(tok.decode([...ids, 0, 0])).toBe('ab');
    expect(tok.decode([...ids, 0], { skipSpecial: false })).toBe('<bos>ab<eos><pad>');
    expect(tok.decode([4, 1])).toBe('a<unk>');
  });

  it('CharTokenizer.decode throws on an id outside the vocabulary, a fraction, or ids that are not an array, naming them', () => {
    const tok = CharTokenizer.fit('ab'); // vocabSize 6
    expect(() => tok.decode([4, 99])).toThrow(new RangeError("CharTokenizer.decode: argument 'ids[1]' must be an id of this vocabulary (0 to 5), got 99"));
    expect(() => tok.decode([-1])).toThrow(new RangeError("CharTokenizer.decode: argument 'ids[0]' must be an id of this vocabulary (0 to 5), got -1"));
    expect(() => tok.decode([4, 1.5])).toThrow(new TypeError("CharTokenizer.decode: argument 'ids[1]' must be an id of this vocabulary (0 to 5), got 1.5"));
    expect(() => tok.decode(null as never)).toThrow(new TypeError("CharTokenizer.decode: argument 'ids' must be an array of ids, got null"));
    expect(tok.decode([2, 4], null as never)).toBe('a'); // null options are the defaults
    expect(() => tok.decode('ab' as never)).toThrow(new TypeError('CharTokenizer.decode: argument \'ids\' must be an array of ids, got "ab"'));
  });

  it('CharTokenizer.fit({ maxVocab, minCount }) keeps the most frequent characters', () => {
    const tok = CharTokenizer.fit('aaaabbbcc d', { maxVocab: 6 });
    expect(tok.vocab.slice(4)).toEqual(['a', 'b']);
    expect(tok.encode('abcd')).toEqual([4, 5, 1, 1]);
    expect(CharTokenizer.fit('aaaabbbcc d', { minCount: 2 }).vocab.slice(4)).toEqual(['a', 'b', 'c']);
  });

  it('CharTokenizer.toJSON/fromJSON round-trips through JSON text', () => {
    const tok = CharTokenizer.fit(['héllo 🐳', 'wörld']);
    const again = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(again.vocab).toEqual(tok.vocab);
    expect(again.encode('hö 🐳 z')).toEqual(tok.encode('hö 🐳 z'));
  });

  it('CharTokenizer rejects bad input with errors that name the argument', () => {
    expect(() => CharTokenizer.fromJSON({ type: 'word', vocab: [...SPECIAL_TOKENS] })).toThrow(/CharTokenizer.fromJSON: argument 'json' has type "word"/);
    expect(() => CharTokenizer.fromJSON({ type: 'char', vocab: ['<unk>', '<pad>', '<bos>', '<eos>'] })).toThrow(/json.vocab\[0\]' must be "<pad>"/);
    expect(() => CharTokenizer.fromJSON({ type: 'char', vocab: [...SPECIAL_TOKENS, 'a', 'a'] })).toThrow(/lists "a" twice/);
    expect(() => new CharTokenizer([...SPECIAL_TOKENS, 'ab'])).toThrow(/vocab\[4\]' must be one code point/);
    expect(() => CharTokenizer.fit(42 as unknown as string)).toThrow(/argument 'corpus' must be a string or an iterable/);
    expect(() => CharTokenizer.fit('a', { maxVocab: 2 })).toThrow(/option 'maxVocab' must be an integer >= 4/);
    expect(() => CharTokenizer.fit('a', { size: 2 } as object)).toThrow(/unknown option 'size'/);
    expect(() => CharTokenizer.fit('a').encode(7 as unknown as string)).toThrow(/argument 'text' must be a string/);
  });
});
