// @ts-check
// Translation with Bahdanau attention, on weights trained by
// @attention-lab/models and shipped with it. The encoder reads your input one
// character at a time; before writing each output character the decoder
// attends over the input. The heatmap is that alignment.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, outsideTraining } from '@attention-lab/datasets';
import { decodeSequences, loadPretrained } from '@attention-lab/models';
import { heatmap, inputs, print, tr } from 'live';

const name = /** @type {'date-translator' | 'number-words-fr' | 'number-words-de' | 'number-words-zh'} */ (String(inputs.model));
const { model, metadata } = await loadPretrained(name);
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

const x = tf.tensor2d([[...ids, ...Array(sourceLength - ids.length).fill(0)]], [1, sourceLength], 'int32'); // [1, sourceLength]
const { sequences, attention, logProbabilities } = await decodeSequences(model, x, { bosId: target.bosId, eosId: target.eosId, beamWidth: 3 });
const out = sequences[0] ?? [];
print(tr`${text}  →  ${target.decode(out)}   (beam search, 3 beams, log p = ${logProbabilities[0]?.toFixed(3)})`);

// The cross-attention of the chosen output: one row per output character (and <eos>), one column per input character.
const map = Object.values(attention)[0];
if (map) {
  const [, rows = 0, cols = 0] = map.shape;
  const shownRows = Math.min(out.length + 1, rows);
  const weights = Array.from({ length: shownRows }, (_, r) => Array.from(map.values.subarray(r * cols, r * cols + ids.length)));
  const chars = (/** @type {string} */ s) => [...s].map((c) => (c === ' ' ? '␣' : c));
  heatmap(weights, {
    rows: [...out.map((id) => chars(target.decode([id]))[0] ?? '?'), '<eos>'].slice(0, shownRows),
    cols: chars(text),
    title: tr`which input characters each output character attended to`,
    showValues: false,
  });
}
model.dispose();
