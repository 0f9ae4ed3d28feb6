// @ts-check
// Variable-length input: sentences of different lengths are padded to one
// length so they fit in one tensor, and a padding mask keeps attention off the
// padding. Change the sentences and see the masked columns move.
import * as tf from '@tensorflow/tfjs';
import { paddingMask, scaledDotProductAttention } from '@attention-lab/core';
import { heatmap, inputs, print, sentenceTokens, tr } from 'live';

const sentences = [String(inputs.first), String(inputs.second)].map((s) => sentenceTokens(s, { max: 12 }));
if (sentences.some((s) => s.length === 0)) throw new Error(tr`Both sentences need at least one word.`);
const maxLen = Math.max(...sentences.map((s) => s.length));
const padded = sentences.map((s) => [...s, ...Array(maxLen - s.length).fill('<pad>')]);
print(tr`padded batch:`, padded.map((s) => s.join(' ')));

const d = 8;
const seedOf = (/** @type {string} */ word) => [...word].reduce((h, ch) => Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0, 2166136261);
// [batch, seqLen, d]: the same seeded vector for the same word; padding gets one too (it must not matter).
const x = tf.stack(padded.map((s) => tf.stack(s.map((w) => tf.randomNormal([d], 0, 1, 'float32', seedOf(w))))));
const mask = paddingMask(sentences.map((s) => s.length), maxLen); // [batch, 1, 1, maxLen]
print(tr`padding mask [batch, 1, 1, maxLen]:`, mask);
const { weights } = scaledDotProductAttention(/** @type {tf.Tensor3D} */ (x), /** @type {tf.Tensor3D} */ (x), /** @type {tf.Tensor3D} */ (x), { mask });
tf.unstack(weights).forEach((w, b) =>
  heatmap(w, { rows: padded[b] ?? [], cols: padded[b] ?? [], title: tr`sentence ${b + 1}: the <pad> columns get weight 0` }),
);
