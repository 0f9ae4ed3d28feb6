// The exact-match check of the seq2seq recipes, in a module of its own so a
// browser bundle (bench/dates-to-bar.ts) can use it without the recipes' data.
import * as tf from '@tensorflow/tfjs';
import type { CharTokenizer } from '@attention-lab/datasets';
import { seq2seqTensors } from '../src/seq2seq-tensors.js';

/**
 * Greedy exact-match rate in one teacher-forced pass: greedy decoding writes
 * the target iff the most likely next token after every true prefix is the
 * true one, up to and including <eos>.
 */
export async function teacherForcedExactMatch(model: tf.LayersModel, pairs: { source: string; target: string }[], source: CharTokenizer, target: CharTokenizer): Promise<number> {
  const t = seq2seqTensors(pairs, { source, target }, { source: model.inputs[0]!.shape[1]!, target: model.inputs[1]!.shape[1]! });
  const probs = model.predict([t.source, t.targetInput], { batchSize: 250 }) as tf.Tensor;
  const best = probs.argMax(-1);
  const predicted = (await best.array()) as number[][];
  const expected = ((await t.targetOutput.array()) as number[][][]).map((row) => row.map((c) => c[0]!));
  tf.dispose([best, probs, t.source, t.targetInput, t.targetOutput]);
  let ok = 0;
  expected.forEach((row, i) => {
    const end = row.indexOf(target.eosId);
    if (row.slice(0, end + 1).every((id, j) => predicted[i]![j] === id)) ok++;
  });
  return ok / pairs.length;
}
