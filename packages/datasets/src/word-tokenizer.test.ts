import { describe, expect, it } from 'vitest';
import { SPECIAL_TOKENS } from './special-tokens.js';
import { WordTokenizer } from './word-tokenizer.js';

const corpus = ['Call me Ishmael.', 'Some years ago, never mind how long precisely, I thought I would sail about a little.', "Don't stop the whale (the white whale)!"];

describe('WordTokenizer', () => {
  it('WordTokenizer.tokenize splits words, inner apostrophes and hyphens, punctuation and emoji', () => {
    const tok = WordTokenizer.fit(corpus, { lowercase: false });
    expect(tok.tokenize("Don't stop, well-known 🐳 1998!")).toEqual(["Don't", 'stop', ',', 'well-known', '🐳', '1998', '!']);
  });

  it('WordTokenizer.fit counts words: specials first, then by falling count, ties in code-unit order', () => {
    const tok = WordTokenizer.fit(corpus);
    // Independent count of the lower-cased corpus.
    const counts = new Map<string, number>();
    for (const w of corpus.join(' ').toLowerCase().match(/[a-z']+|[.,!()]/g)!) counts.set(w, (counts.get(w) ?? 0) + 1);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    expect(tok.vocab).toEqual([...SPECIAL_TOKENS, ...expected]);
  });

  it('WordTokenizer.encode maps unseen words and emoji to <unk>; decode gives the words back', () => {
    const tok = WordTokenizer.fit(corpus);
    const ids = tok.encode('Call me Moby 🐳, Ishmael!');
    expect(ids.filter((id) => id === 1).length).toBe(2);
    expect(tok.decode(ids)).toBe('call me <unk> <unk>, ishmael!');
    const text = "Don't stop (the whale), I thought.";
    expect(tok.tokenize(tok.decode(tok.encode(text)))).toEqual(tok.tokenize(text));
    expect(tok.decode(tok.encode(text))).toBe("don't stop (the whale), i thought.");
  });

  it('WordTokenizer.fit({ maxVocab }) keeps only the most frequent words', () => {
    const tok = WordTokenizer.fit(corpus, { maxVocab: 8 });
    expect(tok.vocabSize).toBe(8);
    const full = WordTokenizer.fit(corpus);
    expect(tok.vocab).toEqual(full.vocab.slice(0, 8));
    expect(tok.encode('sail')).toEqual([1]);
  });

  it('WordTokenizer.encode adds <bos>/<eos>; decode skips <pad>, <bos>, <eos> and throws on ids outside the vocabulary', () => {
    const tok = WordTokenizer.fit('a b');
    expect(tok.encode('a b', { addBos: true, addEos: true })).toEqual([2, 4, 5, 3]);
    expect(tok.decode([2, 4, 5, 3, 0, 0])).toBe('a b');
    expect(tok.decode([2, 4, 3], { skipSpecial: false })).toBe('<bos> a <eos>');
    expect(tok.decode([4, 1])).toBe('a <unk>');
    expect(() => tok.decode([4, 1000])).toThrow(new RangeError("WordTokenizer.decode: argument 'ids[1]' must be an id of this vocabulary (0 to 5), got 1000"));
    expect(() => tok.decode(null as never)).toThrow(new TypeError("WordTokenizer.decode: argument 'ids' must be an array of ids, got null"));
  });

  it('WordTokenizer.toJSON/fromJSON round-trips through JSON text, keeping lowercase', () => {
    for (const lowercase of [true, false]) {
      const tok = WordTokenizer.fit(corpus, { lowercase, maxVocab: 20 });
      const again = WordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
      expect(again.vocab).toEqual(tok.vocab);
      expect(again.lowercase).toBe(lowercase);
      expect(again.encode('Call me Ishmael, whale 🐳')).toEqual(tok.encode('Call me Ishmael, whale 🐳'));
    }
  });

  it('WordTokenizer rejects bad input with errors that name the argument', () => {
    expect(() => WordTokenizer.fromJSON({ type: 'word', vocab: [...SPECIAL_TOKENS] })).toThrow(/json.lowercase' must be a boolean/);
    expect(() => WordTokenizer.fromJSON(null)).toThrow(/argument 'json' must be an object/);
    expect(() => WordTokenizer.fit(corpus, { lowercase: 'yes' as unknown as boolean })).toThrow(/option 'lowercase' must be a boolean/);
    expect(() => WordTokenizer.fit([1] as unknown as string[])).toThrow(/corpus\[0\]' must be a string/);
  });
});
