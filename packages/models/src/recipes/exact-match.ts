// Exact match of a seq2seq model: the whole target right, up to and including <eos>.
import * as tf from '@tensorflow/tfjs';
import type { CharTokenizer } from '@attention-lab/datasets';
import { decodeSequences } from '../decode-sequences.js';
import { seq2seqTensors } from '../seq2seq-tensors.js';

/**
 * Greedy exact-match rate in one teacher-forced pass over tensors: greedy
 * decoding writes a target iff the most likely next token after every true
 * prefix is the true one, up to and including `<eos>`.
 *
 * @param model - Source `[n, seqLenSrc]` and decoder input `[n, seqLenTgt]` to probabilities `[n, seqLenTgt, vocab]`.
 * @param x - `[source, targetInput]`, as {@link seq2seqTensors} makes them.
 * @param y - Target outputs `[n, seqLenTgt, 1]`.
 * @param eosId - The target tokenizer's `<eos>` id.
 * @returns The share of rows decoded exactly, in `[0, 1]`.
 * @example
 * const rate = await exactMatch(model, [t.source, t.targetInput], t.targetOutput, target.eosId);
 */
export async function exactMatch(model: tf.LayersModel, x: tf.Tensor[], y: tf.Tensor, eosId: number): Promise<number> {
  const probs = model.predict(x, { batchSize: 250 }) as tf.Tensor; // [n, seqLenTgt, vocab]
  const best = probs.argMax(-1); // [n, seqLenTgt]
  const predicted = (await best.array()) as number[][];
  const expected = ((await y.array()) as number[][][]).map((row) => row.map((c) => c[0]!));
  tf.dispose([best, probs]);
  let ok = 0;
  expected.forEach((row, i) => {
    const end = row.indexOf(eosId);
    if (row.slice(0, end + 1).every((id, j) => predicted[i]![j] === id)) ok++;
  });
  return ok / expected.length;
}

/**
 * Greedy exact-match rate of text pairs in one teacher-forced pass (see
 * {@link exactMatch}), at the model's input lengths.
 *
 * @param model - A seq2seq model with inputs `[n, seqLenSrc]` and `[n, seqLenTgt]`.
 * @param pairs - Source and target texts.
 * @param source - The source tokenizer.
 * @param target - The target tokenizer.
 * @returns The share of pairs decoded exactly.
 * @example
 * const rate = await teacherForcedExactMatch(model, ds.splits.test, ds.sourceTokenizer, ds.targetTokenizer);
 */
export async function teacherForcedExactMatch(model: tf.LayersModel, pairs: { source: string; target: string }[], source: CharTokenizer, target: CharTokenizer): Promise<number> {
  const t = seq2seqTensors(pairs, { source, target }, { source: model.inputs[0]!.shape[1]!, target: model.inputs[1]!.shape[1]! });
  try {
    return await exactMatch(model, [t.source, t.targetInput], t.targetOutput, target.eosId);
  } finally {
    tf.dispose([t.source, t.targetInput, t.targetOutput]);
  }
}

/**
 * Exact-match rate of real decoding (greedy or beam search) through
 * {@link decodeSequences}, 250 pairs at a time.
 *
 * @param model - A seq2seq model.
 * @param pairs - Source and target texts.
 * @param source - The source tokenizer.
 * @param target - The target tokenizer.
 * @param beamWidth - 1 for greedy decoding.
 * @returns The share of pairs whose decoded text is the target.
 * @example
 * const beam3 = await decodedExactMatch(model, ds.splits.test.slice(0, 250), ds.sourceTokenizer, ds.targetTokenizer, 3);
 */
export async function decodedExactMatch(model: tf.LayersModel, pairs: { source: string; target: string }[], source: CharTokenizer, target: CharTokenizer, beamWidth: number): Promise<number> {
  const [sourceLength, targetLength] = [model.inputs[0]!.shape[1]!, model.inputs[1]!.shape[1]!];
  let ok = 0;
  for (let start = 0; start < pairs.length; start += 250) {
    const chunk = pairs.slice(start, start + 250);
    const t = seq2seqTensors(chunk, { source, target }, { source: sourceLength, target: targetLength });
    const { sequences } = await decodeSequences(model, t.source, { bosId: target.bosId, eosId: target.eosId, beamWidth });
    tf.dispose([t.source, t.targetInput, t.targetOutput]);
    sequences.forEach((s, i) => (ok += target.decode(s) === chunk[i]!.target ? 1 : 0));
  }
  return ok / pairs.length;
}
