// @ts-check
// Four ways to score a query against keys, on the same three keys. Dot and
// scaled dot have no parameters; general (Luong) and additive (Bahdanau) have
// weights, seeded here so every run is the same.
import * as tf from '@tensorflow/tfjs';
import { additiveScores, dotProductScores, generalScores, maskedSoftmax, scaledDotProductScores } from '@attention-lab/core';
import { heatmap, inputs, print, tr } from 'live';

const d = 4;
/** A seeded [rows, cols] matrix of N(0, std²) entries. */
const randn = (/** @type {number} */ rows, /** @type {number} */ cols, /** @type {number} */ std, /** @type {number} */ seed) =>
  /** @type {tf.Tensor2D} */ (tf.randomNormal([rows, cols], 0, std, 'float32', seed));
const seed = Number(inputs.seed);
const query = tf.randomNormal([2, d], 0, 1, 'float32', seed); // [seqLenQ, d]
const keys = tf.randomNormal([3, d], 0, 1, 'float32', seed + 1); // [seqLenK, d]
const w = randn(d, d, 1 / Math.sqrt(d), seed + 2); // general: q · W · k
const additive = {
  wq: randn(d, 8, 0.5, seed + 3), // W
  wk: randn(d, 8, 0.5, seed + 4), // U
  v: /** @type {tf.Tensor1D} */ (tf.randomNormal([8], 0, 0.5, 'float32', seed + 5)), // v
};

const scores = {
  [tr`dot`]: dotProductScores(query, keys),
  [tr`scaled dot`]: scaledDotProductScores(query, keys),
  [tr`general`]: generalScores(query, keys, w),
  [tr`additive`]: additiveScores(query, keys, additive),
};
for (const [name, s] of Object.entries(scores)) {
  print(tr`${name} scores`, s);
  heatmap(maskedSoftmax(s), { rows: ['q1', 'q2'], cols: ['k1', 'k2', 'k3'], title: tr`${name}: softmax of the scores` });
}
