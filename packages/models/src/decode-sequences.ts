import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { type AttentionMap, readAttentionMaps } from './read-attention-maps.js';

/** Options for {@link decodeSequences}. */
export interface DecodeSequencesOptions {
  /** The id the decoder input starts with (`<bos>`). Required. */
  bosId: number;
  /** The id that ends a sequence (`<eos>`); it is not included in the output. Required. */
  eosId: number;
  /** Beams kept per input; `1` is greedy decoding. Default `1`. */
  beamWidth?: number;
  /** Most tokens generated. Default: the model's decoder input length. */
  maxLength?: number;
  /** Beam scores are `logP / length ** lengthPenalty`. Default `0` (plain log-probability). */
  lengthPenalty?: number;
}

/** What {@link decodeSequences} returns. */
export interface DecodedSequences {
  /** The best output of each input, as token ids without `<bos>`/`<eos>`. */
  sequences: number[][];
  /** The log-probability of each output (its `<eos>` included when one was produced). */
  logProbabilities: number[];
  /** Every attention map of a final teacher-forced pass over the decoded outputs (e.g. cross-attention `[batch, seqLenTgt, seqLenSrc]`). */
  attention: Record<string, AttentionMap>;
}

interface Beam {
  tokens: number[];
  logP: number;
  done: boolean;
}

/**
 * Decodes a two-input encoder–decoder model (sources, decoder inputs) to
 * next-token probabilities, such as {@link attentionSeq2seq}: greedy
 * (`beamWidth` 1) or beam search. Each
 * step runs the model on every live prefix (right-padded with 0), so the
 * decoder needs no incremental state; outputs are at most the model's decoder
 * length. Afterwards one teacher-forced pass over the chosen outputs leaves
 * their attention maps, which are returned as plain arrays. No tensor leaks.
 *
 * @param model - A model `[sourceIds [batch, seqLenSrc], targetInputIds [batch, seqLenTgt]]` to `[batch, seqLenTgt, vocab]`.
 * @param sourceIds - Padded source ids `[batch, seqLenSrc]` (int32 or float32).
 * @param options - `bosId`, `eosId` (required), `beamWidth` (1), `maxLength` (seqLenTgt), `lengthPenalty` (0).
 * @returns `{ sequences, logProbabilities, attention }`.
 * @example
 * const { sequences, attention } = await decodeSequences(model, sourceIds, { bosId: 2, eosId: 3, beamWidth: 4 });
 * targetTokenizer.decode(sequences[0]); // '1998-01-03'
 */
export async function decodeSequences(model: tf.LayersModel, sourceIds: Tensor, options: DecodeSequencesOptions): Promise<DecodedSequences> {
  const fn = 'decodeSequences';
  if (!(model instanceof tf.LayersModel) || model.inputs.length !== 2) {
    throw new TypeError(`${fn}: argument 'model' must be a tf.LayersModel with two inputs (sources, decoder inputs), got ${model instanceof tf.LayersModel ? `${model.inputs.length} inputs` : String(model)}`);
  }
  if (!(sourceIds instanceof tf.Tensor) || sourceIds.rank !== 2) {
    throw new TypeError(`${fn}: argument 'sourceIds' must be a 2-D tensor [batch, seqLenSrc], got ${sourceIds instanceof tf.Tensor ? `shape [${sourceIds.shape.join(', ')}]` : String(sourceIds)}`);
  }
  const seqLenSrc = model.inputs[0]!.shape[1];
  if (seqLenSrc != null && sourceIds.shape[1] !== seqLenSrc) {
    throw new RangeError(`${fn}: argument 'sourceIds' has shape [${sourceIds.shape.join(', ')}] but the model reads sources of length ${seqLenSrc}`);
  }
  const seqLenTgt = model.inputs[1]!.shape[1];
  if (seqLenTgt == null) throw new RangeError(`${fn}: the model's decoder input length must be fixed`);
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with bosId and eosId`);
  const int = (name: string, value: unknown, min: number, max = Infinity) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${fn}: argument 'options.${name}' must be an integer in ${min}..${max}, got ${String(value)}`);
    }
    return value;
  };
  const bosId = int('bosId', options.bosId, 0);
  const eosId = int('eosId', options.eosId, 0);
  const beamWidth = int('beamWidth', options.beamWidth ?? 1, 1);
  const maxLength = int('maxLength', options.maxLength ?? seqLenTgt, 1, seqLenTgt);
  const penalty = options.lengthPenalty ?? 0;
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty < 0) throw new RangeError(`${fn}: argument 'options.lengthPenalty' must be a finite number >= 0, got ${String(penalty)}`);

  const batch = sourceIds.shape[0]!;
  const sources = (await sourceIds.array()) as number[][];
  let beams: Beam[][] = Array.from({ length: batch }, () => [{ tokens: [], logP: 0, done: false }]);
  const score = (b: Beam) => b.logP / (penalty === 0 ? 1 : Math.max(1, b.tokens.length + (b.done ? 1 : 0)) ** penalty);

  for (let t = 0; t < maxLength; t++) {
    const live: { item: number; beam: Beam }[] = [];
    beams.forEach((list, item) => list.forEach((beam) => !beam.done && live.push({ item, beam })));
    if (live.length === 0) break;
    const logProbs = await stepLogProbs(model, live.map(({ item }) => sources[item]!), live.map(({ beam }) => beam.tokens), bosId, seqLenTgt, t);
    const next: Beam[][] = beams.map((list) => list.filter((b) => b.done));
    live.forEach(({ item, beam }, row) => {
      const lp = logProbs[row]!;
      for (const id of topK(lp, beamWidth)) {
        next[item]!.push(id === eosId ? { tokens: beam.tokens, logP: beam.logP + lp[id]!, done: true } : { tokens: [...beam.tokens, id], logP: beam.logP + lp[id]!, done: false });
      }
    });
    beams = next.map((list) => list.sort((a, b) => score(b) - score(a)).slice(0, beamWidth));
  }
  const best = beams.map((list) => list.slice().sort((a, b) => score(b) - score(a))[0]!);
  const sequences = best.map((b) => b.tokens);
  // One teacher-forced pass over the chosen outputs, so the layers hold their attention maps.
  const decoderInput = tf.tensor2d(sequences.map((s) => padRow([bosId, ...s].slice(0, seqLenTgt), seqLenTgt)), [batch, seqLenTgt], 'int32');
  try {
    tf.dispose(model.predict([sourceIds, decoderInput], { batchSize: batch }));
  } finally {
    decoderInput.dispose();
  }
  return { sequences, logProbabilities: best.map((b) => b.logP), attention: await readAttentionMaps(model) };
}

/** Log-probabilities of the token at position `t` after each prefix, as plain arrays. */
async function stepLogProbs(model: tf.LayersModel, sources: number[][], prefixes: number[][], bosId: number, seqLenTgt: number, t: number): Promise<Float32Array[]> {
  const rows = sources.length;
  const out = tf.tidy(() => {
    const src = tf.tensor2d(sources, [rows, sources[0]!.length], 'int32');
    const tgt = tf.tensor2d(prefixes.map((p) => padRow([bosId, ...p], seqLenTgt)), [rows, seqLenTgt], 'int32');
    const probs = model.predict([src, tgt], { batchSize: rows }) as Tensor; // [rows, seqLenTgt, vocab]
    const vocab = probs.shape[2]!;
    return tf.log(tf.maximum(probs.slice([0, t, 0], [rows, 1, vocab]).reshape([rows, vocab]), 1e-30));
  });
  const values = (await out.data()) as Float32Array;
  const vocab = out.shape[1]!;
  out.dispose();
  return Array.from({ length: rows }, (_, r) => values.subarray(r * vocab, (r + 1) * vocab));
}

function padRow(ids: number[], length: number): number[] {
  const row = ids.slice(0, length);
  while (row.length < length) row.push(0);
  return row;
}

/** Indices of the k largest values, largest first. */
function topK(values: Float32Array, k: number): number[] {
  const idx = Array.from(values.keys());
  idx.sort((a, b) => values[b]! - values[a]!);
  return idx.slice(0, k);
}
