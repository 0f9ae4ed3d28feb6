import * as tf from '@tensorflow/tfjs';
import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import type { Tokenizer } from '@attention-lab/datasets';

/** What {@link seq2seqTensors} needs of a tokenizer: text to ids with `<bos>`/`<eos>`. */
type Encoder = Pick<Tokenizer, 'encode'>;

/** What {@link seq2seqTensors} returns; the caller disposes the tensors. */
export interface Seq2seqTensors {
  /** Source ids right-padded with 0, `[batch, sourceLength]`. */
  source: Tensor2D;
  /** Decoder inputs: `<bos>` + target, right-padded with 0, `[batch, targetLength]`. */
  targetInput: Tensor2D;
  /** Decoder outputs: target + `<eos>`, right-padded with 0, float32 `[batch, targetLength, 1]` (what sparse cross-entropy wants). */
  targetOutput: Tensor3D;
}

/**
 * Encodes source/target text pairs for an encoder–decoder: padded source ids,
 * teacher-forcing decoder inputs (`<bos>` first) and the expected outputs
 * (`<eos>` last). Text longer than the lengths is an error, not a silent cut.
 *
 * @param pairs - `{ source, target }` records, e.g. a split of `dateTranslation()`.
 * @param tokenizers - `{ source, target }` tokenizers, e.g. the data set's `sourceTokenizer` and `targetTokenizer`.
 * @param lengths - `{ source, target }`: `sourceLength` and `targetLength` (target text + 1).
 * @returns `{ source, targetInput, targetOutput }` as int32 tensors the caller disposes.
 * @example
 * const { splits, sourceTokenizer, targetTokenizer } = dateTranslation();
 * const t = seq2seqTensors(splits.train, { source: sourceTokenizer, target: targetTokenizer }, { source: 32, target: 11 });
 */
export function seq2seqTensors(
  pairs: readonly { source: string; target: string }[],
  tokenizers: { source: Encoder; target: Encoder },
  lengths: { source: number; target: number },
): Seq2seqTensors {
  const fn = 'seq2seqTensors';
  if (!Array.isArray(pairs) || pairs.length === 0) throw new TypeError(`${fn}: argument 'pairs' must be a non-empty array of { source, target }`);
  const src: number[][] = [];
  const tin: number[][] = [];
  const tout: number[][] = [];
  pairs.forEach((p, i) => {
    const s = tokenizers.source.encode(p.source);
    const t = tokenizers.target.encode(p.target, { addBos: true, addEos: true }); // <bos> target <eos>
    if (s.length > lengths.source) throw new RangeError(`${fn}: pairs[${i}].source has ${s.length} tokens, more than lengths.source = ${lengths.source}`);
    if (t.length - 1 > lengths.target) throw new RangeError(`${fn}: pairs[${i}].target has ${t.length - 2} tokens, more than lengths.target - 1 = ${lengths.target - 1}`);
    src.push(pad(s, lengths.source));
    tin.push(pad(t.slice(0, -1), lengths.target));
    tout.push(pad(t.slice(1), lengths.target));
  });
  const n = pairs.length;
  return {
    source: tf.tensor2d(src, [n, lengths.source], 'int32'),
    targetInput: tf.tensor2d(tin, [n, lengths.target], 'int32'),
    targetOutput: tf.tensor3d(tout.map((row) => row.map((id) => [id])), [n, lengths.target, 1], 'float32'),
  };
}

function pad(ids: number[], length: number): number[] {
  return ids.length >= length ? ids.slice(0, length) : [...ids, ...new Array<number>(length - ids.length).fill(0)];
}
