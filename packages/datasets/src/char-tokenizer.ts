import { buildVocab, corpusTexts, countPieces, decodePieces } from './build-vocab.js';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID } from './special-tokens.js';
import type { DecodeOptions, EncodeOptions, Tokenizer } from './tokenizer.js';
import { checkKeys, checkOptionalInteger, checkVocab, checkVocabJson } from './tokenizer-json.js';

/** Options of {@link CharTokenizer.fit}. */
export interface CharTokenizerOptions {
  /** Most ids in all, special tokens included; the rarest characters are dropped. Default: no limit. */
  maxVocab?: number;
  /** Keep only characters seen at least this often. Default `1`. */
  minCount?: number;
}

/** Splits text into Unicode code points, so an emoji is one piece, not two UTF-16 halves. */
const codePoints = (text: string): string[] => Array.from(text);

/**
 * A character-level tokenizer: one id per Unicode code point, after the
 * special tokens `<pad>` = 0, `<unk>` = 1, `<bos>` = 2, `<eos>` = 3. A
 * character it has not seen encodes as `<unk>`; `encode` never throws.
 *
 * @example
 * const tok = CharTokenizer.fit(['3 Jan 1998', '1998-01-03']);
 * tok.decode(tok.encode('31 Jan')); // '31 Jan'
 * tok.encode('ß'); // [1], i.e. <unk>
 */
export class CharTokenizer implements Tokenizer {
  /** Every piece by id: the special tokens, then the characters. */
  readonly vocab: readonly string[];
  readonly padId = PAD_ID;
  readonly unkId = UNK_ID;
  readonly bosId = BOS_ID;
  readonly eosId = EOS_ID;
  readonly #ids: Map<string, number>;

  /**
   * A tokenizer over a fixed vocabulary, usually from {@link CharTokenizer.fit}
   * or {@link CharTokenizer.fromJSON}.
   *
   * @param vocab - The special tokens in order, then one code point per entry.
   */
  constructor(vocab: readonly string[]) {
    const fn = 'CharTokenizer';
    checkVocab(fn, vocab, 'vocab');
    vocab.forEach((piece, id) => {
      if (id >= 4 && Array.from(piece).length !== 1) throw new RangeError(`${fn}: argument 'vocab[${id}]' must be one code point, got ${JSON.stringify(piece)}`);
    });
    this.vocab = Object.freeze(vocab.slice());
    this.#ids = new Map(this.vocab.map((piece, id) => [piece, id]));
  }

  /**
   * Fits a vocabulary on a corpus: every code point seen, most frequent first.
   *
   * @param corpus - A string or an iterable of strings.
   * @param options - `maxVocab` (default no limit), `minCount` (default 1).
   * @returns A new tokenizer.
   * @example
   * const tok = CharTokenizer.fit(mobyDickText, { maxVocab: 96 });
   */
  static fit(corpus: string | Iterable<string>, options: CharTokenizerOptions = {}): CharTokenizer {
    const fn = 'CharTokenizer.fit';
    checkKeys(fn, options, ['maxVocab', 'minCount']);
    checkOptionalInteger(fn, 'maxVocab', options.maxVocab, 4);
    checkOptionalInteger(fn, 'minCount', options.minCount, 1);
    const counts = countPieces(corpusTexts(fn, corpus), codePoints);
    return new CharTokenizer(buildVocab(counts, options.maxVocab, options.minCount ?? 1));
  }

  /**
   * Rebuilds a tokenizer from {@link CharTokenizer.toJSON}'s output.
   *
   * @param json - `{ type: 'char', vocab }`.
   * @returns An equal tokenizer.
   * @example
   * const again = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
   */
  static fromJSON(json: unknown): CharTokenizer {
    const { vocab } = checkVocabJson('CharTokenizer.fromJSON', json, 'char');
    return new CharTokenizer(vocab);
  }

  /** Number of ids, special tokens included. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /**
   * Text to ids, one per code point; unseen characters give `<unk>` (1).
   *
   * @param text - Any string.
   * @param options - `addBos`, `addEos` (default false).
   * @returns Ids in `[0, vocabSize)`.
   * @example
   * tok.encode('Jan', { addEos: true }); // [.., .., .., 3]
   */
  encode(text: string, options: EncodeOptions = {}): number[] {
    if (typeof text !== 'string') throw new TypeError(`CharTokenizer.encode: argument 'text' must be a string, got ${typeof text}`);
    const ids = codePoints(text).map((c) => this.#ids.get(c) ?? UNK_ID);
    if (options.addBos) ids.unshift(BOS_ID);
    if (options.addEos) ids.push(EOS_ID);
    return ids;
  }

  /**
   * Ids to text: the characters joined. `<unk>` prints as `<unk>`; an id outside
   * the vocabulary (or not an integer) throws, naming it.
   *
   * @param ids - Ids in `[0, vocabSize)`.
   * @param options - `skipSpecial` (default true) leaves out `<pad>`, `<bos>`, `<eos>`.
   * @returns The text.
   * @example
   * tok.decode([2, 10, 11, 3]); // the two characters, no <bos>/<eos>
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    return decodePieces('CharTokenizer.decode', this.vocab, ids, options?.skipSpecial ?? true).join('');
  }

  /**
   * The JSON form: `{ type: 'char', vocab }`.
   *
   * @returns A plain object for `JSON.stringify`.
   * @example
   * localStorage.setItem('tok', JSON.stringify(tok.toJSON()));
   */
  toJSON(): { type: 'char'; vocab: string[] } {
    return { type: 'char', vocab: this.vocab.slice() };
  }
}
