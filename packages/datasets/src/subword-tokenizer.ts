import { corpusTexts, decodePieces } from './build-vocab.js';
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID } from './special-tokens.js';
import type { DecodeOptions, EncodeOptions, Tokenizer } from './tokenizer.js';
import { checkKeys, checkOptionalInteger, checkVocab, checkVocabJson } from './tokenizer-json.js';

/** Options of {@link SubwordTokenizer.fit}. */
export interface SubwordTokenizerOptions {
  /** Ids in all, special tokens and single characters included; merges are learned until it is reached. Default `2048`. */
  vocabSize?: number;
  /** Characters seen fewer times than this are left out of the base alphabet (they encode as `<unk>`). Default `1`. */
  minCharCount?: number;
  /** Lowercase text before encoding (as uncased BERT does), so a small model spends no ids on capitals. Default `false`. */
  lowercase?: boolean;
}

/**
 * Pre-tokens: a run of letters or a run of digits (each with the one space
 * before it), a run of other non-space symbols (with its space), or
 * whitespace. Merges never cross a pre-token, so ids stay word-like.
 */
const PRE_TOKEN = /[ ]?\p{L}+|[ ]?\p{N}+|[ ]?[^\s\p{L}\p{N}]+|\s/gu;

/**
 * Code points per encoded chunk: a longer pre-token is cut into pieces of this
 * length before merging, so encoding time grows linearly with the text even
 * for one endless "word" (merging within a chunk is quadratic in its length).
 */
const MAX_CHUNK = 48;

/** Distinct pre-tokens kept in the encoder's cache before it is emptied. */
const CACHE_SIZE = 20_000;

/** Splits text into pre-tokens, each at most {@link MAX_CHUNK} code points. */
function preTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(PRE_TOKEN)) {
    const chars = Array.from(match[0]);
    if (chars.length <= MAX_CHUNK) out.push(match[0]);
    else for (let i = 0; i < chars.length; i += MAX_CHUNK) out.push(chars.slice(i, i + MAX_CHUNK).join(''));
  }
  return out;
}

/** A pair of adjacent ids as one Map key (ids are below 2^21). */
const pairKey = (a: number, b: number): number => a * 2_097_152 + b;

/**
 * A subword tokenizer learned from a corpus by byte-pair encoding (Sennrich
 * et al., 2016) over characters: it starts from the special tokens `<pad>`
 * = 0, `<unk>` = 1, `<bos>` = 2, `<eos>` = 3 and every character of the
 * corpus, then repeatedly merges the most frequent adjacent pair into a new
 * id until `vocabSize` ids exist. Frequent words become one id (`' whale'`,
 * with its leading space), rare words split into a few pieces, and any word
 * made of known characters encodes. Characters never seen in training encode
 * as `<unk>`; `encode` never throws on a string.
 *
 * Unlike {@link BpeTokenizer} (GPT-2's 50,257 fixed ids), the vocabulary is
 * small and fitted to the text, so a language model's embedding and output
 * layers stay small enough to train and ship in a browser.
 *
 * @example
 * const tok = SubwordTokenizer.fit(text, { vocabSize: 2048, lowercase: true });
 * tok.pieces(' the whale'); // [' the', ' whale']
 * tok.decode(tok.encode('Call me Ishmael.')); // 'call me ishmael.'
 */
export class SubwordTokenizer implements Tokenizer {
  /** Every piece by id: the special tokens, the characters, then merged pieces in the order they were learned. */
  readonly vocab: readonly string[];
  /** The learned merges in order, each `[left, right]` (ids); merging them gives the id of `vocab[left] + vocab[right]`. */
  readonly merges: readonly (readonly [number, number])[];
  /** Whether text is lowercased before encoding. */
  readonly lowercase: boolean;
  readonly padId = PAD_ID;
  readonly unkId = UNK_ID;
  readonly bosId = BOS_ID;
  readonly eosId = EOS_ID;
  readonly #ids: Map<string, number>;
  /** Merge rank (its index) and result id by pair key. */
  readonly #rank: Map<number, { rank: number; id: number }>;
  readonly #cache = new Map<string, number[]>();

  /**
   * A tokenizer over a fixed vocabulary and merge list, usually from
   * {@link SubwordTokenizer.fit} or {@link SubwordTokenizer.fromJSON}.
   *
   * @param vocab - The special tokens in order, then the pieces (distinct, non-empty).
   * @param merges - `[left, right]` id pairs whose concatenated pieces are in `vocab`.
   * @param options - `lowercase` (default false).
   */
  constructor(vocab: readonly string[], merges: readonly (readonly [number, number])[], options: { lowercase?: boolean } = {}) {
    const fn = 'SubwordTokenizer';
    checkVocab(fn, vocab, 'vocab');
    if (!Array.isArray(merges)) throw new TypeError(`${fn}: argument 'merges' must be an array of [left, right] id pairs`);
    const lowercase = options.lowercase ?? false;
    if (typeof lowercase !== 'boolean') throw new TypeError(`${fn}: option 'lowercase' must be a boolean, got ${String(lowercase)}`);
    this.vocab = Object.freeze(vocab.slice());
    this.#ids = new Map(this.vocab.map((piece, id) => [piece, id]));
    this.#rank = new Map();
    merges.forEach((pair, rank) => {
      const ok = Array.isArray(pair) && pair.length === 2 && pair.every((id) => Number.isInteger(id) && id >= SPECIAL_TOKENS.length && id < vocab.length);
      if (!ok) throw new RangeError(`${fn}: argument 'merges[${rank}]' must be two ids in [${SPECIAL_TOKENS.length}, ${vocab.length}), got ${JSON.stringify(pair)}`);
      const id = this.#ids.get(vocab[pair[0]]! + vocab[pair[1]]!);
      if (id === undefined) throw new RangeError(`${fn}: argument 'merges[${rank}]' joins ${JSON.stringify(vocab[pair[0]])} and ${JSON.stringify(vocab[pair[1]])}, which is not in 'vocab'`);
      const key = pairKey(pair[0], pair[1]);
      if (!this.#rank.has(key)) this.#rank.set(key, { rank, id });
    });
    this.merges = Object.freeze(merges.map((pair) => Object.freeze([pair[0], pair[1]] as const)));
    this.lowercase = lowercase;
  }

  /**
   * Learns a vocabulary and merges from a corpus by byte-pair encoding over
   * characters. Deterministic: ties between equally frequent pairs go to the
   * pair of smaller ids, so the same corpus gives the same tokenizer everywhere.
   *
   * @param corpus - A string or an iterable of strings.
   * @param options - `vocabSize` (default 2048), `minCharCount` (default 1), `lowercase` (default false).
   * @returns A new tokenizer with at most `vocabSize` ids (fewer when the corpus runs out of pairs).
   * @example
   * const tok = SubwordTokenizer.fit(['low lower lowest', 'new newer newest'], { vocabSize: 40 });
   */
  static fit(corpus: string | Iterable<string>, options: SubwordTokenizerOptions = {}): SubwordTokenizer {
    const fn = 'SubwordTokenizer.fit';
    checkKeys(fn, options, ['vocabSize', 'minCharCount', 'lowercase']);
    checkOptionalInteger(fn, 'vocabSize', options.vocabSize, SPECIAL_TOKENS.length + 1);
    checkOptionalInteger(fn, 'minCharCount', options.minCharCount, 1);
    if (options.lowercase !== undefined && typeof options.lowercase !== 'boolean') throw new TypeError(`${fn}: option 'lowercase' must be a boolean, got ${String(options.lowercase)}`);
    const vocabSize = options.vocabSize ?? 2048;
    const lowercase = options.lowercase ?? false;
    const texts = corpusTexts(fn, corpus).map((t) => (lowercase ? t.toLowerCase() : t));

    // Distinct pre-tokens and how often each occurs.
    const wordCounts = new Map<string, number>();
    for (const text of texts) for (const w of preTokens(text)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    const charCounts = new Map<string, number>();
    for (const [w, n] of wordCounts) for (const c of w) charCounts.set(c, (charCounts.get(c) ?? 0) + n);
    const chars = [...charCounts]
      .filter(([c, n]) => n >= (options.minCharCount ?? 1) && !(SPECIAL_TOKENS as readonly string[]).includes(c))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([c]) => c);
    const vocab: string[] = [...SPECIAL_TOKENS, ...chars].slice(0, vocabSize);
    const ids = new Map(vocab.map((piece, id) => [piece, id]));

    // Each distinct word as ids; words holding an unknown character keep UNK there (UNK never merges).
    const words = [...wordCounts].map(([w, n]) => ({ ids: Array.from(w, (c) => ids.get(c) ?? UNK_ID), n }));
    const pairCounts = new Map<number, number>();
    const addPairs = (word: { ids: number[]; n: number }, sign: 1 | -1): void => {
      for (let i = 0; i + 1 < word.ids.length; i++) {
        const [a, b] = [word.ids[i]!, word.ids[i + 1]!];
        if (a === UNK_ID || b === UNK_ID) continue;
        const key = pairKey(a, b);
        const count = (pairCounts.get(key) ?? 0) + sign * word.n;
        if (count === 0) pairCounts.delete(key);
        else pairCounts.set(key, count);
      }
    };
    for (const word of words) addPairs(word, 1);

    const merges: [number, number][] = [];
    while (vocab.length < vocabSize && pairCounts.size > 0) {
      let best = -1;
      let bestCount = 0;
      for (const [key, count] of pairCounts) {
        if (count > bestCount || (count === bestCount && key < best)) [best, bestCount] = [key, count];
      }
      if (bestCount < 2) break; // a pair seen once is no pattern
      const a = Math.floor(best / 2_097_152);
      const b = best - a * 2_097_152;
      const piece = vocab[a]! + vocab[b]!;
      let id = ids.get(piece);
      if (id === undefined) {
        id = vocab.length;
        vocab.push(piece);
        ids.set(piece, id);
      }
      merges.push([a, b]);
      for (const word of words) {
        const w = word.ids;
        let has = false;
        for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) { has = true; break; }
        if (!has) continue;
        addPairs(word, -1);
        const merged: number[] = [];
        for (let i = 0; i < w.length; i++) {
          if (i + 1 < w.length && w[i] === a && w[i + 1] === b) { merged.push(id); i++; }
          else merged.push(w[i]!);
        }
        word.ids = merged;
        addPairs(word, 1);
      }
    }
    return new SubwordTokenizer(vocab, merges, { lowercase });
  }

  /**
   * Rebuilds a tokenizer from {@link SubwordTokenizer.toJSON}'s output.
   *
   * @param json - `{ type: 'subword', vocab, merges, lowercase }`.
   * @returns An equal tokenizer.
   * @example
   * const again = SubwordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
   */
  static fromJSON(json: unknown): SubwordTokenizer {
    const fn = 'SubwordTokenizer.fromJSON';
    const o = checkVocabJson(fn, json, 'subword');
    if (!Array.isArray(o['merges'])) throw new TypeError(`${fn}: argument 'json.merges' must be an array of [left, right] id pairs`);
    const lowercase = o['lowercase'] ?? false;
    if (typeof lowercase !== 'boolean') throw new TypeError(`${fn}: argument 'json.lowercase' must be a boolean, got ${String(lowercase)}`);
    return new SubwordTokenizer(o.vocab, o['merges'] as [number, number][], { lowercase });
  }

  /** Number of ids, special tokens included. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /** One pre-token to ids: its characters, then the learned merges, lowest rank first. */
  #encodeWord(word: string): number[] {
    const cached = this.#cache.get(word);
    if (cached) return cached;
    let ids = Array.from(word, (c) => this.#ids.get(c) ?? UNK_ID);
    for (;;) {
      let best: { rank: number; id: number } | undefined;
      let at = -1;
      for (let i = 0; i + 1 < ids.length; i++) {
        const merge = this.#rank.get(pairKey(ids[i]!, ids[i + 1]!));
        if (merge && (best === undefined || merge.rank < best.rank)) [best, at] = [merge, i];
      }
      if (best === undefined) break;
      const [a, b] = [ids[at]!, ids[at + 1]!];
      const next: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) { next.push(best.id); i++; }
        else next.push(ids[i]!);
      }
      ids = next;
    }
    if (this.#cache.size >= CACHE_SIZE) this.#cache.clear();
    this.#cache.set(word, ids);
    return ids;
  }

  /**
   * Text to ids: lowercased when the tokenizer was fitted so, cut into
   * pre-tokens, each merged as in training. Unseen characters give `<unk>` (1).
   * Time grows linearly with the text's length.
   *
   * @param text - Any string.
   * @param options - `addBos`, `addEos` (default false).
   * @returns Ids in `[0, vocabSize)`.
   * @example
   * tok.encode('the whale', { addBos: true }); // [2, …]
   */
  encode(text: string, options: EncodeOptions = {}): number[] {
    if (typeof text !== 'string') throw new TypeError(`SubwordTokenizer.encode: argument 'text' must be a string, got ${text === null ? 'null' : typeof text}`);
    const ids: number[] = [];
    if (options.addBos) ids.push(BOS_ID);
    for (const word of preTokens(this.lowercase ? text.toLowerCase() : text)) for (const id of this.#encodeWord(word)) ids.push(id);
    if (options.addEos) ids.push(EOS_ID);
    return ids;
  }

  /**
   * The pieces `encode` cuts a text into, as strings (what a model sees).
   *
   * @param text - Any string.
   * @returns One string per id; `'<unk>'` for unseen characters.
   * @example
   * tok.pieces('the whale'); // ['the', ' whale']
   */
  pieces(text: string): string[] {
    return this.encode(text).map((id) => this.vocab[id]!);
  }

  /**
   * Ids to text: the pieces joined. `<unk>` prints as `<unk>`; an id outside
   * the vocabulary (or not an integer) throws, naming it.
   *
   * @param ids - Ids in `[0, vocabSize)`.
   * @param options - `skipSpecial` (default true) leaves out `<pad>`, `<bos>`, `<eos>`.
   * @returns The text.
   * @example
   * tok.decode(tok.encode('the whale')); // 'the whale'
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    return decodePieces('SubwordTokenizer.decode', this.vocab, ids, options?.skipSpecial ?? true).join('');
  }

  /**
   * The JSON form: `{ type: 'subword', vocab, merges, lowercase }`.
   *
   * @returns A plain object for `JSON.stringify`.
   * @example
   * const json = JSON.stringify(tok.toJSON());
   */
  toJSON(): { type: 'subword'; vocab: string[]; merges: [number, number][]; lowercase: boolean } {
    return { type: 'subword', vocab: this.vocab.slice(), merges: this.merges.map(([a, b]) => [a, b]), lowercase: this.lowercase };
  }
}
