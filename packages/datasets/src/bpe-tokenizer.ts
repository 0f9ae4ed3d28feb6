import { checkIds } from './check-ids.js';
import type { DecodeOptions, EncodeOptions, Tokenizer } from './tokenizer.js';

/** The part of gpt-tokenizer's GPT-2 encoding that BpeTokenizer uses. */
interface Gpt2Encoding {
  encode(text: string, options: { allowedSpecial: Set<string>; disallowedSpecial: Set<string> }): number[];
  decode(ids: Iterable<number>): string;
}

/** GPT-2's vocabulary size and its one special token, `<|endoftext|>`. */
const GPT2_VOCAB = 50257;
const END_OF_TEXT = 50256;
const NO_SPECIALS = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

/**
 * Runs of more than this many non-space characters are encoded in pieces of
 * this many: GPT-2's merges take time quadratic in the length of a run, and
 * no GPT-2 token comes near this length.
 */
const LONG_RUN = 256;
const LONG_RUNS = new RegExp(`\\S{${LONG_RUN + 1},}`, 'gu');

/**
 * GPT-2's byte-level BPE tokenizer (50,257 ids), from the `gpt-tokenizer`
 * package. Byte-level means every string encodes, emoji and unseen scripts
 * included, so there is no `<unk>` (`unkId` is `null`). GPT-2 has one special
 * token, `<|endoftext|>` = 50256, which serves as pad, bos and eos; text that
 * merely contains the characters `<|endoftext|>` is encoded as plain text.
 *
 * The BPE ranks (about 0.6 MB of JavaScript) are loaded on first use with a
 * dynamic import, so bundles that never tokenize with BPE do not carry them:
 * create one with `await BpeTokenizer.load()`.
 *
 * @example
 * const bpe = await BpeTokenizer.load();
 * bpe.encode('Hello world'); // [15496, 995]
 * bpe.decode([15496, 995]); // 'Hello world'
 */
export class BpeTokenizer implements Tokenizer {
  readonly vocabSize = GPT2_VOCAB;
  readonly padId = END_OF_TEXT;
  readonly unkId = null;
  readonly bosId = END_OF_TEXT;
  readonly eosId = END_OF_TEXT;
  readonly #gpt2: Gpt2Encoding;

  private constructor(gpt2: Gpt2Encoding) {
    this.#gpt2 = gpt2;
  }

  /**
   * Loads the GPT-2 encoding of `gpt-tokenizer` (from this package's
   * dependencies: no network) and returns a tokenizer on it.
   *
   * @returns A tokenizer, once the BPE ranks are loaded.
   * @example
   * const bpe = await BpeTokenizer.load();
   */
  static async load(): Promise<BpeTokenizer> {
    const gpt2 = (await import('gpt-tokenizer/encoding/gpt2')) as Gpt2Encoding;
    return new BpeTokenizer(gpt2);
  }

  /**
   * Rebuilds a tokenizer from {@link BpeTokenizer.toJSON}'s output. Async,
   * like {@link BpeTokenizer.load}, because the ranks load on demand.
   *
   * @param json - `{ type: 'bpe', encoding: 'gpt2' }`.
   * @returns An equal tokenizer.
   * @example
   * const bpe = await BpeTokenizer.fromJSON({ type: 'bpe', encoding: 'gpt2' });
   */
  static async fromJSON(json: unknown): Promise<BpeTokenizer> {
    const fn = 'BpeTokenizer.fromJSON';
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypeError(`${fn}: argument 'json' must be an object from toJSON(), got ${json === null ? 'null' : typeof json}`);
    const o = json as Record<string, unknown>;
    if (o.type !== 'bpe') throw new TypeError(`${fn}: argument 'json' has type ${JSON.stringify(o.type)}, expected "bpe"`);
    if (o.encoding !== 'gpt2') throw new RangeError(`${fn}: argument 'json.encoding' must be "gpt2", got ${JSON.stringify(o.encoding)}`);
    return BpeTokenizer.load();
  }

  /**
   * Text to GPT-2 ids. Never throws on a string. The ids are GPT-2's except
   * around a run of more than 256 characters without white space, which is
   * encoded in pieces of 256 characters (and apart from the text before it) so
   * that encoding stays linear in the length of the text.
   *
   * @param text - Any string.
   * @param options - `addBos`, `addEos` (default false) add `<|endoftext|>`.
   * @returns Ids in `[0, 50257)`.
   * @example
   * bpe.encode('🐳'); // 3 byte-level ids
   */
  encode(text: string, options: EncodeOptions = {}): number[] {
    if (typeof text !== 'string') throw new TypeError(`BpeTokenizer.encode: argument 'text' must be a string, got ${typeof text}`);
    const ids: number[] = [];
    const append = (piece: string) => {
      for (const id of this.#gpt2.encode(piece, NO_SPECIALS)) ids.push(id);
    };
    let done = 0;
    for (const run of text.matchAll(LONG_RUNS)) {
      if (run.index > done) append(text.slice(done, run.index));
      const chars = Array.from(run[0]); // by code point, so no surrogate pair is cut
      for (let i = 0; i < chars.length; i += LONG_RUN) append(chars.slice(i, i + LONG_RUN).join(''));
      done = run.index + run[0].length;
    }
    if (done < text.length) append(text.slice(done));
    if (options.addBos) ids.unshift(END_OF_TEXT);
    if (options.addEos) ids.push(END_OF_TEXT);
    return ids;
  }

  /**
   * GPT-2 ids to text. Byte sequences cut in the middle of a character
   * decode as U+FFFD; an id outside `[0, 50257)` (or not an integer) throws,
   * naming it.
   *
   * @param ids - Ids in `[0, 50257)`.
   * @param options - `skipSpecial` (default true) leaves out `<|endoftext|>`.
   * @returns The text.
   * @example
   * bpe.decode(bpe.encode('café')); // 'café'
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    checkIds('BpeTokenizer.decode', 'ids', ids, { min: 0, max: GPT2_VOCAB - 1, kind: 'a GPT-2 id' });
    const skipSpecial = options?.skipSpecial ?? true;
    const kept: number[] = [];
    for (let i = 0; i < ids.length; i++) if (!(skipSpecial && ids[i] === END_OF_TEXT)) kept.push(ids[i]!);
    return this.#gpt2.decode(kept);
  }

  /**
   * The JSON form: `{ type: 'bpe', encoding: 'gpt2' }` (the ranks ship with `gpt-tokenizer`).
   *
   * @returns A plain object for `JSON.stringify`.
   * @example
   * JSON.stringify(bpe); // '{"type":"bpe","encoding":"gpt2"}'
   */
  toJSON(): { type: 'bpe'; encoding: 'gpt2' } {
    return { type: 'bpe', encoding: 'gpt2' };
  }
}
