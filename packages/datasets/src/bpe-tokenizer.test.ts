import { beforeAll, describe, expect, it } from 'vitest';
import { encode as gpt2Encode } from 'gpt-tokenizer/encoding/gpt2';
import { BpeTokenizer } from './bpe-tokenizer.js';

let bpe: BpeTokenizer;
beforeAll(async () => {
  bpe = await BpeTokenizer.load();
});

describe('BpeTokenizer', () => {
  it('BpeTokenizer.encode gives GPT-2 ids ("Hello world" is 15496, 995 in GPT-2\'s published vocabulary)', () => {
    expect(bpe.encode('Hello world')).toEqual([15496, 995]);
    expect([bpe.vocabSize, bpe.padId, bpe.bosId, bpe.eosId, bpe.unkId]).toEqual([50257, 50256, 50256, 50256, null]);
  });

  it('BpeTokenizer round-trips any text: emoji, accents, CJK, and the literal "<|endoftext|>"', () => {
    for (const text of ['Call me Ishmael.', 'café 🐳🏳️‍🌈 日本語 Ωμέγα', '', 'a <|endoftext|> b']) {
      const ids = bpe.encode(text);
      expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 50257)).toBe(true);
      expect(bpe.decode(ids)).toBe(text);
    }
    expect(bpe.encode('a <|endoftext|> b')).not.toContain(50256);
  });

  it('BpeTokenizer.encode gives gpt-tokenizer\'s own ids on prose, and encodes a run of a million characters in pieces (linear, round-trips)', () => {
    const prose = 'It is not down in any map; true places never are. 1851, Herman Melville — "Moby-Dick".';
    expect(bpe.encode(prose)).toEqual(gpt2Encode(prose));
    const run = 'ab🐳'.repeat(250_000); // one million code points without white space
    expect(bpe.decode(bpe.encode(run))).toBe(run);
    const mixed = `before ${'x'.repeat(300)} after`;
    const ids = bpe.encode(mixed);
    expect(bpe.decode(ids)).toBe(mixed);
    expect(ids.slice(-1)).toEqual(gpt2Encode(' after'));
  });

  it('BpeTokenizer.encode adds <|endoftext|> for bos/eos; decode skips it unless asked, and throws on ids outside GPT-2', () => {
    const ids = bpe.encode('Hi', { addBos: true, addEos: true });
    expect(ids[0]).toBe(50256);
    expect(ids.at(-1)).toBe(50256);
    expect(bpe.decode(ids)).toBe('Hi');
    expect(bpe.decode(ids, { skipSpecial: false })).toBe('<|endoftext|>Hi<|endoftext|>');
    expect(() => bpe.decode([15496, 99999, -3, 995])).toThrow(new RangeError("BpeTokenizer.decode: argument 'ids[1]' must be a GPT-2 id (0 to 50256), got 99999"));
    expect(() => bpe.decode([15496, 0.5])).toThrow(new TypeError("BpeTokenizer.decode: argument 'ids[1]' must be a GPT-2 id (0 to 50256), got 0.5"));
    expect(() => bpe.decode(null as never)).toThrow(new TypeError("BpeTokenizer.decode: argument 'ids' must be an array of ids, got null"));
    expect(bpe.decode(Uint32Array.of(15496, 995))).toBe('Hello world');
  });

  it('BpeTokenizer.toJSON/fromJSON round-trips; fromJSON rejects other JSON', async () => {
    const again = await BpeTokenizer.fromJSON(JSON.parse(JSON.stringify(bpe)));
    expect(again.encode('whale 🐳')).toEqual(bpe.encode('whale 🐳'));
    await expect(BpeTokenizer.fromJSON({ type: 'bpe', encoding: 'cl100k_base' })).rejects.toThrow(/BpeTokenizer.fromJSON: argument 'json.encoding' must be "gpt2"/);
    await expect(BpeTokenizer.fromJSON({ type: 'char' })).rejects.toThrow(/has type "char"/);
  });
});
