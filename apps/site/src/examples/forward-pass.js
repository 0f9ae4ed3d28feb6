// @ts-check
// The forward pass of one self-attention layer, one step at a time. Move the
// step slider to see each intermediate tensor; the shapes are printed for all.
import * as tf from '@tensorflow/tfjs';
import { mergeHeads, scaledDotProductAttention, sinusoidalPositionalEncoding, splitHeads } from '@attention-lab/core';
import { heatmap, inputs, print } from 'live';

const tokens = String(inputs.sentence).toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
if (tokens.length === 0) throw new Error('Type a few words first.');
const [seqLen, dModel, heads] = [tokens.length, 8, 2];
const seedOf = (/** @type {string} */ word) => [...word].reduce((h, ch) => Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0, 2166136261);
const w = (/** @type {number} */ seed) => /** @type {tf.Tensor2D} */ (tf.randomNormal([dModel, dModel], 0, 1 / Math.sqrt(dModel), 'float32', seed));

/** @type {Array<[string, tf.Tensor]>} */
const steps = [];
const embedded = tf.stack(tokens.map((t) => tf.randomNormal([dModel], 0, 1, 'float32', seedOf(t)))); // [seqLen, dModel]
steps.push(['1. embed each token', embedded]);
const x = embedded.add(sinusoidalPositionalEncoding(seqLen, dModel)); // [seqLen, dModel]
steps.push(['2. add positional encodings', x]);
const q = tf.matMul(x, w(1)); // [seqLen, dModel]
const k = tf.matMul(x, w(2));
const v = tf.matMul(x, w(3));
steps.push(['3. project: Q = X·W^Q', q], ['   K = X·W^K', k], ['   V = X·W^V', v]);
/** [seqLen, dModel] → [1, heads, seqLen, dHead] */
const split = (/** @type {tf.Tensor} */ t) => /** @type {tf.Tensor4D} */ (splitHeads(t.expandDims(0), heads));
const qh = split(q);
const kh = split(k);
const vh = split(v);
steps.push([`4. split into ${heads} heads: Q`, qh]);
const { output, weights } = scaledDotProductAttention(qh, kh, vh); // [1, heads, seqLen, dHead], [1, heads, seqLen, seqLen]
steps.push(['5. weights = softmax(Q·Kᵀ/√d_head), per head', weights], ['6. weighted sum of V, per head', output]);
const merged = mergeHeads(output).squeeze([0]); // [seqLen, dModel]
steps.push(['7. merge the heads', merged]);
const y = tf.matMul(merged, w(4)); // [seqLen, dModel]
steps.push(['8. output projection: Y = merged·W^O', y]);

const chosen = Math.min(Math.max(1, Number(inputs.step)), steps.length);
steps.forEach(([label, tensor], i) => print(`${i + 1 === chosen ? '▶' : ' '} ${label}  ${JSON.stringify(tensor.shape)}`));
const [label, tensor] = steps[chosen - 1] ?? ['', embedded];
print('');
print(label.trim(), tensor);
if (tensor.rank === 4) {
  tf.unstack(tensor.squeeze([0])).forEach((head, h) =>
    heatmap(head, { rows: tokens, cols: tensor === weights ? tokens : undefined, title: `head ${h + 1}` }),
  );
} else if (tensor.rank === 2) {
  heatmap(tensor, { rows: tokens, title: label.trim() });
}
