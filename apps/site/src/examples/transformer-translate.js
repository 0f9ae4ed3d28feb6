// @ts-check
// Case (g): translating a short phrase with an encoder–decoder Transformer,
// with its alignment. No translation model for open English fits on a page,
// so the phrase is a date in words ("the fourteenth of July"-style formats
// the data set knows); the shipped `date-transformer` rewrites it as an ISO
// date. Its decoder's cross-attention has one map per head: each row is an
// output character, each column an input character.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, outsideTraining } from '@attention-lab/datasets';
import { decodeSequences, loadPretrained } from '@attention-lab/models';
import { heatmap, inputs, print, tr } from 'live';

const { model, metadata } = await loadPretrained('date-transformer');
const source = CharTokenizer.fromJSON(metadata['sourceTokenizer']);
const target = CharTokenizer.fromJSON(metadata['targetTokenizer']);
const sourceLength = Number(model.inputs[0]?.shape[1]);
const text = String(inputs.text).trim();
const ids = source.encode(text);
const unknown = [...text].find((_, i) => ids[i] === source.unkId);
if (unknown !== undefined) throw new Error(tr`this model has never seen '${unknown}'`);
// A model answers any input it can read, even one unlike its training data: say so beside the answer.
const dataset = /** @type {import('@attention-lab/datasets').DatasetDescription} */ (metadata['dataset']);
for (const note of outsideTraining(dataset, text)) print(tr`note: ${note}, so the answer below is a guess`);
if (ids.length === 0 || ids.length > sourceLength) throw new Error(tr`type 1 to ${sourceLength} characters`);

const x = tf.tensor2d([[...ids, ...Array(sourceLength - ids.length).fill(0)]], [1, sourceLength], 'int32'); // [1, seqLenSrc]
const { sequences, attention } = await decodeSequences(model, x, { bosId: target.bosId, eosId: target.eosId, beamWidth: 3 });
const out = sequences[0] ?? [];
print(tr`${text}  →  ${target.decode(out)}   (Transformer, beam search with 3 beams)`);
const cross = Object.entries(attention).find(([key]) => key.endsWith('/cross'));
if (cross) {
  const [key, map] = cross;
  const [, heads = 1, steps = 1, cols = 1] = map.shape; // [1, heads, seqLenTgt, seqLenSrc]
  const shown = Math.min(out.length + 1, steps);
  const chars = (/** @type {string} */ s) => [...s].map((c) => (c === ' ' ? '␣' : c));
  const rows = [...out.map((id) => target.vocab[id] ?? '?'), '<eos>'].slice(0, shown);
  for (let h = 0; h < heads; h++) {
    const weights = Array.from({ length: shown }, (_, r) => Array.from(map.values.subarray((h * steps + r) * cols, (h * steps + r) * cols + ids.length)));
    heatmap(weights, { rows, cols: chars(text), title: tr`${key}, head ${h + 1}`, showValues: false });
  }
}
x.dispose();
model.dispose();
