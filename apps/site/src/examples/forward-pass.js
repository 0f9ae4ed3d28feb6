// @ts-check
// The forward pass of one self-attention layer, one step at a time. Move the
// step slider to see each intermediate tensor; the shapes are printed for all.
import * as tf from '@tensorflow/tfjs';
import { mergeHeads, scaledDotProductAttention, sinusoidalPositionalEncoding, splitHeads } from '@attention-lab/core';
import { heatmap, inputs, print, sentenceTokens, tr } from 'live';

const tokens = sentenceTokens(String(inputs.sentence), { max: 12 });
if (tokens.length === 0) throw new Error(tr`Type a few words first.`);
const [seqLen, dModel, heads] = [tokens.length, 8, 2];
const seedOf = (/** @type {string} */ word) => [...word].reduce((h, ch) => Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0, 2166136261);
const w = (/** @type {number} */ seed) => /** @type {tf.Tensor2D} */ (tf.randomNormal([dModel, dModel], 0, 1 / Math.sqrt(dModel), 'float32', seed));

/** The eight steps of the article, in order; each shows one or more tensors. @type {Array<{ label: string, tensors: Array<[string, tf.Tensor]> }>} */
const steps = [];
const embedded = tf.stack(tokens.map((t) => tf.randomNormal([dModel], 0, 1, 'float32', seedOf(t)))); // [seqLen, dModel]
steps.push({ label: tr`embed each token`, tensors: [['X_emb', embedded]] });
const x = embedded.add(sinusoidalPositionalEncoding(seqLen, dModel)); // [seqLen, dModel]
steps.push({ label: tr`add positional encodings`, tensors: [['X = X_emb + PE', x]] });
const q = tf.matMul(x, w(1)); // [seqLen, dModel]
const k = tf.matMul(x, w(2));
const v = tf.matMul(x, w(3));
steps.push({ label: tr`project: Q = X·W^Q, K = X·W^K, V = X·W^V`, tensors: [['Q', q], ['K', k], ['V', v]] });
/** [seqLen, dModel] → [1, heads, seqLen, dHead] */
const split = (/** @type {tf.Tensor} */ t) => /** @type {tf.Tensor4D} */ (splitHeads(t.expandDims(0), heads));
const qh = split(q);
const kh = split(k);
const vh = split(v);
steps.push({ label: tr`split into ${heads} heads (Q shown; K and V split alike)`, tensors: [['Q', qh]] });
const { output, weights } = scaledDotProductAttention(qh, kh, vh); // [1, heads, seqLen, dHead], [1, heads, seqLen, seqLen]
steps.push({ label: tr`weights = softmax(Q·Kᵀ/√d_head), per head`, tensors: [['weights', weights]] });
steps.push({ label: tr`weighted sum of V, per head`, tensors: [['output', output]] });
const merged = mergeHeads(output).squeeze([0]); // [seqLen, dModel]
steps.push({ label: tr`merge the heads`, tensors: [['merged', merged]] });
const y = tf.matMul(merged, w(4)); // [seqLen, dModel]
steps.push({ label: tr`output projection: Y = merged·W^O`, tensors: [['Y', y]] });

// The step slider runs from 1 to steps.length; the list numbers the steps the same way.
const chosen = Math.min(Math.max(1, Number(inputs.step)), steps.length);
steps.forEach(({ label, tensors }, i) => {
  const shapes = [...new Set(tensors.map(([, tensor]) => JSON.stringify(tensor.shape)))];
  const shown = tensors.length > 1 && shapes.length === 1 ? tr`${shapes.join(', ')} each` : shapes.join(', ');
  print(`${i + 1 === chosen ? '▶' : ' '} ${i + 1}. ${label}  ${shown}`);
});
const { label, tensors } = steps[chosen - 1] ?? { label: '', tensors: [] };
print('');
for (const [name, tensor] of tensors) {
  print(`${chosen}. ${name}`, tensor);
  const title = tensors.length > 1 ? tr`${name}, step ${chosen}` : tr`step ${chosen}: ${label}`;
  if (tensor.rank === 4) {
    tf.unstack(tensor.squeeze([0])).forEach((head, h) =>
      heatmap(head, { rows: tokens, cols: tensor === weights ? tokens : undefined, title: tr`${name}, head ${h + 1}` }),
    );
  } else if (tensor.rank === 2) {
    heatmap(tensor, { rows: tokens, title });
  }
}
