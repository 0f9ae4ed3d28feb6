import * as tf from '@tensorflow/tfjs';
import { ShapeError, assertInteger } from '@attention-lab/core';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';

/** Per block, the model that computes its input (it owns no weights). */
const upTo = new WeakMap<tf.layers.Layer, tf.LayersModel>();

/** Options of {@link queryKeyVectors}. */
export interface QueryKeyVectorsOptions {
  /** The block's layer name, e.g. `'block_2'`. Required. */
  block: string;
  /** The head, in `[0, numHeads)`. Required. */
  head: number;
  /** Number of real tokens at the start of `ids`; rows after it are not returned. Default: all of `ids`. */
  length?: number;
}

/** What {@link queryKeyVectors} returns: one head's queries and keys, in float64. */
export interface QueryKeyVectors {
  /** Queries `[length, dHead]`, row-major. */
  queries: Float64Array;
  /** Keys `[length, dHead]`, row-major. */
  keys: Float64Array;
  /** The head's width. */
  dHead: number;
  /** The number of rows. */
  length: number;
  /** The factor the block multiplies `q · k` by before the softmax: `1 / sqrt(dHead)`. */
  scale: number;
  /** Whether the block masks keys after each query (its weights above the diagonal are 0). */
  causal: boolean;
}

/**
 * The query and key vectors one head of a {@link TransformerEncoderBlock}
 * computes for a token sequence, recomputed in float64 from the block's
 * weights: the block's input is read from the model (a sub-model that stops
 * before the block), layer-normalised with the block's `attentionNorm` when it
 * is pre-LN, then multiplied by the head's columns of the query and key
 * kernels, biases added; a `keyShift` (`queryShift`) block then mixes each
 * key (query) with the one before it, per channel.
 * `softmax(scale * q_i · k_j)` over `j <= i` (causal)
 * is then that head's attention weight of query `i` on key `j`, as bertviz's
 * neuron view shows it. No tensor leaks.
 *
 * @param model - A model with a `TransformerEncoderBlock` named `options.block` fed by ids `[batch, seqLen]`, e.g. {@link transformerLanguageModel}.
 * @param ids - Token ids `[seqLen]` (the model's fixed `seqLen`; pad the end of a shorter text).
 * @param options - `block`, `head` (required), `length` (default all of `ids`).
 * @returns `{ queries, keys }` `[length, dHead]` with `dHead`, `length`, `scale` and `causal`.
 * @example
 * const { queries, keys, dHead, scale } = await queryKeyVectors(model, ids, { block: 'block_1', head: 2, length: 7 });
 * let dot = 0;
 * for (let d = 0; d < dHead; d++) dot += queries[6 * dHead + d] * keys[2 * dHead + d]; // query 6, key 2
 */
export async function queryKeyVectors(model: tf.LayersModel, ids: ArrayLike<number>, options: QueryKeyVectorsOptions): Promise<QueryKeyVectors> {
  const fn = 'queryKeyVectors';
  if (!(model instanceof tf.LayersModel)) throw new TypeError(`${fn}: argument 'model' must be a tf.LayersModel, got ${String(model)}`);
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object { block, head }, got ${String(options)}`);
  const names = model.layers.filter((l) => l instanceof TransformerEncoderBlock).map((l) => l.name);
  const block = model.layers.find((l) => l.name === options.block);
  if (!(block instanceof TransformerEncoderBlock)) {
    throw new RangeError(`${fn}: argument 'options.block' must name a TransformerEncoderBlock of the model (${names.map((n) => `'${n}'`).join(', ') || 'it has none'}), got ${JSON.stringify(options.block)}`);
  }
  const inShape = model.inputs.length === 1 ? model.inputs[0]!.shape : null;
  const seqLen = inShape?.length === 2 ? inShape[1] : null;
  if (seqLen == null) throw new TypeError(`${fn}: argument 'model' must take ids [batch, seqLen] with a fixed seqLen, got inputs ${JSON.stringify(model.inputs.map((t) => t.shape))}`);
  if (ids == null || typeof ids !== 'object' || typeof ids.length !== 'number') throw new TypeError(`${fn}: argument 'ids' must be an array of token ids [seqLen], got ${String(ids)}`);
  if (ids.length !== seqLen) throw new ShapeError(fn, 'ids', `[seqLen] = [${seqLen}] (pad a shorter text)`, [ids.length]);
  for (let i = 0; i < ids.length; i++) if (!Number.isInteger(ids[i])) throw new TypeError(`${fn}: argument 'ids[${i}]' must be an integer id, got ${String(ids[i])}`);
  const head = assertInteger(fn, 'options.head', options.head, 0);
  if (head >= block.numHeads) throw new RangeError(`${fn}: argument 'options.head' must be in [0, ${block.numHeads}) for ${block.name}, got ${head}`);
  const length = assertInteger(fn, 'options.length', options.length ?? seqLen, 1);
  if (length > seqLen) throw new RangeError(`${fn}: argument 'options.length' must be at most seqLen = ${seqLen}, got ${length}`);

  // The block's input [1, seqLen, dModel], from a model that shares every layer before it.
  let before = upTo.get(block);
  if (before == null) upTo.set(block, (before = tf.model({ inputs: model.inputs, outputs: block.input as tf.SymbolicTensor })));
  const x = tf.tidy(() => before.predict(tf.tensor2d(Array.from(ids), [1, seqLen], 'int32')) as tf.Tensor);
  const input = await x.data();
  x.dispose();
  const weight = async (suffix: string): Promise<Float32Array> => {
    const variable = block.weights.find((w) => w.originalName === `${block.name}/${suffix}`);
    if (variable == null) throw new Error(`${fn}: ${block.name} has no weight '${suffix}'`);
    return (await variable.read().data()) as Float32Array;
  };
  const [wq, bq, wk, bk] = await Promise.all(['attention/query/kernel', 'attention/query/bias', 'attention/key/kernel', 'attention/key/bias'].map(weight)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const dModel = input.length / seqLen;
  const dHead = dModel / block.numHeads;
  const [gamma, beta] = block.normFirst ? await Promise.all([weight('attentionNorm/gamma'), weight('attentionNorm/beta')]) : [null, null];

  const [keyShift, queryShift] = await Promise.all([block.keyShift ? weight('attention/keyShift') : null, block.queryShift ? weight('attention/queryShift') : null]);
  // The rows the projections read: the block input, layer-normalised over dModel when the block is pre-LN.
  const rows: Float64Array[] = [];
  for (let t = 0; t < length; t++) {
    const row = Float64Array.from(input.subarray(t * dModel, (t + 1) * dModel));
    if (gamma && beta) {
      let mean = 0;
      for (let d = 0; d < dModel; d++) mean += row[d]!;
      mean /= dModel;
      let variance = 0;
      for (let d = 0; d < dModel; d++) variance += (row[d]! - mean) ** 2;
      variance /= dModel;
      const inv = 1 / Math.sqrt(variance + block.layerNormEpsilon);
      for (let d = 0; d < dModel; d++) row[d] = (row[d]! - mean) * inv * gamma[d]! + beta[d]!;
    }
    rows.push(row);
  }
  const queries = new Float64Array(length * dHead);
  const keys = new Float64Array(length * dHead);
  for (let t = 0; t < length; t++) {
    const row = rows[t]!;
    for (let j = 0; j < dHead; j++) {
      const column = head * dHead + j; // the head's columns of the [dModel, heads * dHead] kernels
      let q = bq[column]!;
      let k = bk[column]!;
      for (let d = 0; d < dModel; d++) {
        q += row[d]! * wq[d * dModel + column]!;
        k += row[d]! * wk[d * dModel + column]!;
      }
      queries[t * dHead + j] = q;
      keys[t * dHead + j] = k;
    }
  }
  // A shift s mixes each projected row with the one before it, r_t + s * (r_{t-1} - r_t), from the last row back so
  // that every row reads its unshifted predecessor; row 0's predecessor is zeros.
  for (const [vectors, s] of [[queries, queryShift], [keys, keyShift]] as const) {
    if (s == null) continue;
    for (let t = length - 1; t >= 0; t--) {
      for (let j = 0; j < dHead; j++) {
        const here = vectors[t * dHead + j]!;
        vectors[t * dHead + j] = here + s[head * dHead + j]! * ((t > 0 ? vectors[(t - 1) * dHead + j]! : 0) - here);
      }
    }
  }
  return { queries, keys, dHead, length, scale: 1 / Math.sqrt(dHead), causal: block.useCausalMask };
}
