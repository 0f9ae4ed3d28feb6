import { buildVocab, corpusTexts, countPieces, decodePieces } from './build-vocab.js';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID } from './special-tokens.js';
import type { DecodeOptions, EncodeOptions, Tokenizer } from './tokenizer.js';
import { checkKeys, checkOptionalInteger, checkVocab, checkVocabJson } from './tokenizer-json.js';

/** Options of {@link WordTokenizer.fit}. */
export interface WordTokenizerOptions {
  /** Most ids in all, special tokens included; the rarest words are dropped. Default: no limit. */
  maxVocab?: number;
  /** Keep only words seen at least this often. Default `1`. */
  minCount?: number;
  /** Lower-case text before splitting, in fit and encode. Default `true`. */
  lowercase?: boolean;
}

// A word is a run of letters, marks, digits and inner apostrophes or hyphens
// ("don't", "well-known", "1998"); any other non-space code point (punctuation,
// an emoji) is a word of its own.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/**
 * Splits text into words and punctuation: "Call me Ishmael." gives
 * `['Call', 'me', 'Ishmael', '.']`. Internal.
 */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * A word-level tokenizer fitted on a corpus, with a vocabulary size limit.
 * Ids: `<pad>` = 0, `<unk>` = 1, `<bos>` = 2, `<eos>` = 3, then words by
 * falling frequency. Words split on white space and punctuation; a word not in
 * the vocabulary encodes as `<unk>`, and `encode` never throws.
 * `decode` joins words with single spaces and no space before `. , ! ? ; : )`
 * or after `(`, so it returns the text's words, not its exact spacing.
 *
 * @example
 * const tok = WordTokenizer.fit(sentences.map((s) => s.text), { maxVocab: 2000 });
 * tok.encode('Great food!'); // e.g. [57, 88, 12]
 * tok.decode(tok.encode('Great food!')); // 'great food!'
 */
export class WordTokenizer implements Tokenizer {
  /** Every piece by id: the special tokens, then the words. */
  readonly vocab: readonly string[];
  /** Whether text is lower-cased before splitting. */
  readonly lowercase: boolean;
  readonly padId = PAD_ID;
  readonly unkId = UNK_ID;
  readonly bosId = BOS_ID;
  readonly eosId = EOS_ID;
  readonly #ids: Map<string, number>;

  /**
   * A tokenizer over a fixed vocabulary, usually from {@link WordTokenizer.fit}
   * or {@link WordTokenizer.fromJSON}.
   *
   * @param vocab - The special tokens in order, then the words.
   * @param lowercase - Lower-case text before encoding. Default `true`.
   */
  constructor(vocab: readonly string[], lowercase = true) {
    checkVocab('WordTokenizer', vocab, 'vocab');
    this.vocab = Object.freeze(vocab.slice());
    this.lowercase = lowercase;
    this.#ids = new Map(this.vocab.map((piece, id) => [piece, id]));
  }

  /**
   * Fits a vocabulary on a corpus: its words, most frequent first, cut to `maxVocab`.
   *
   * @param corpus - A string or an iterable of strings.
   * @param options - `maxVocab` (default no limit), `minCount` (default 1), `lowercase` (default true).
   * @returns A new tokenizer.
   * @example
   * const tok = WordTokenizer.fit(chapters.map((c) => c.text), { maxVocab: 10_000 });
   */
  static fit(corpus: string | Iterable<string>, options: WordTokenizerOptions = {}): WordTokenizer {
    const fn = 'WordTokenizer.fit';
    checkKeys(fn, options, ['maxVocab', 'minCount', 'lowercase']);
    checkOptionalInteger(fn, 'maxVocab', options.maxVocab, 4);
    checkOptionalInteger(fn, 'minCount', options.minCount, 1);
    if (options.lowercase !== undefined && typeof options.lowercase !== 'boolean') {
      throw new TypeError(`${fn}: option 'lowercase' must be a boolean, got ${typeof options.lowercase}`);
    }
    const lowercase = options.lowercase ?? true;
    const counts = countPieces(corpusTexts(fn, corpus), (text) => splitWords(lowercase ? text.toLowerCase() : text));
    return new WordTokenizer(buildVocab(counts, options.maxVocab, options.minCount ?? 1), lowercase);
  }

  /**
   * Rebuilds a tokenizer from {@link WordTokenizer.toJSON}'s output.
   *
   * @param json - `{ type: 'word', vocab, lowercase }`.
   * @returns An equal tokenizer.
   * @example
   * const again = WordTokenizer.fromJSON(JSON.parse(saved));
   */
  static fromJSON(json: unknown): WordTokenizer {
    const fn = 'WordTokenizer.fromJSON';
    const o = checkVocabJson(fn, json, 'word');
    if (typeof o.lowercase !== 'boolean') throw new TypeError(`${fn}: argument 'json.lowercase' must be a boolean, got ${typeof o.lowercase}`);
    return new WordTokenizer(o.vocab, o.lowercase);
  }

  /** Number of ids, special tokens included. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /**
   * Splits text into words and punctuation (lower-cased when `lowercase`).
   *
   * @param text - Any string.
   * @returns The pieces `encode` looks up.
   * @example
   * tok.tokenize("Don't stop."); // ["don't", 'stop', '.']
   */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') throw new TypeError(`WordTokenizer.tokenize: argument 'text' must be a string, got ${typeof text}`);
    return splitWords(this.lowercase ? text.toLowerCase() : text);
  }

  /**
   * Text to ids, one per word or punctuation mark; unseen words give `<unk>` (1).
   *
   * @param text - Any string.
   * @param options - `addBos`, `addEos` (default false).
   * @returns Ids in `[0, vocabSize)`.
   * @example
   * tok.encode('a whale', { addBos: true }); // [2, .., ..]
   */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const ids = this.tokenize(text).map((w) => this.#ids.get(w) ?? UNK_ID);
    if (options.addBos) ids.unshift(BOS_ID);
    if (options.addEos) ids.push(EOS_ID);
    return ids;
  }

  /**
   * Ids to text: words joined by spaces, no space before closing punctuation
   * or after an opening bracket. `<unk>` prints as `<unk>`; an id outside the
   * vocabulary (or not an integer) throws, naming it.
   *
   * @param ids - Ids in `[0, vocabSize)`.
   * @param options - `skipSpecial` (default true) leaves out `<pad>`, `<bos>`, `<eos>`.
   * @returns The text.
   * @example
   * tok.decode(tok.encode('Call me Ishmael.')); // 'call me ishmael.'
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    return decodePieces('WordTokenizer.decode', this.vocab, ids, options?.skipSpecial ?? true)
      .join(' ')
      .replace(/ ([.,!?;:)\]}])/g, '$1')
      .replace(/([([{]) /g, '$1');
  }

  /**
   * The JSON form: `{ type: 'word', vocab, lowercase }`.
   *
   * @returns A plain object for `JSON.stringify`.
   * @example
   * const saved = JSON.stringify(tok.toJSON());
   */
  toJSON(): { type: 'word'; vocab: string[]; lowercase: boolean } {
    return { type: 'word', vocab: this.vocab.slice(), lowercase: this.lowercase };
  }
}
