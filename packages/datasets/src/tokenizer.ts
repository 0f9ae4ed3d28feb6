/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Put the begin-of-sequence id first. Default `false`. */
  addBos?: boolean;
  /** Put the end-of-sequence id last. Default `false`. */
  addEos?: boolean;
}

/** Options of {@link Tokenizer.decode}. */
export interface DecodeOptions {
  /** Leave out `<pad>`, `<bos>` and `<eos>` (and, for BPE, `<|endoftext|>`). Default `true`. */
  skipSpecial?: boolean;
}

/**
 * What every tokenizer of this package offers: text to ids and back, the ids
 * of its special tokens, and a JSON form. `encode` never throws on text it has
 * not seen: unknown pieces become `unkId`.
 */
export interface Tokenizer {
  /** Number of ids, `vocab`: every id is in `[0, vocabSize)`. */
  readonly vocabSize: number;
  /** The id to pad with. */
  readonly padId: number;
  /** The id unknown input maps to, or `null` when every input can be encoded (byte-level BPE). */
  readonly unkId: number | null;
  /** The begin-of-sequence id. */
  readonly bosId: number;
  /** The end-of-sequence id. */
  readonly eosId: number;
  /** Text to ids. */
  encode(text: string, options?: EncodeOptions): number[];
  /** Ids to text. Every id must be an integer in `[0, vocabSize)`: another one (an id from another tokenizer or model) throws a RangeError naming it. */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /** A plain JSON-serializable object that the class's `fromJSON` turns back into an equal tokenizer. */
  toJSON(): object;
}
