// @ts-check
// Diagram (b): inside one attention. Q and K meet in the scores, softmax turns
// each row into weights, and the weights mix V. Click a box for its tensor.
import * as tf from '@tensorflow/tfjs';
import { maskedSoftmax, scaledDotProductScores } from '@attention-lab/core';
import { flow, heatmap, inputs, sentenceTokens, tr } from 'live';

const tokens = sentenceTokens(String(inputs.sentence), { max: 16 });
if (tokens.length === 0) throw new Error(tr`Type a few words first.`);
const d = 8;
const seedOf = (/** @type {string} */ word) => [...word].reduce((h, ch) => Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0, 2166136261);
const x = tf.stack(tokens.map((t) => tf.randomNormal([d], 0, 1, 'float32', seedOf(t)))); // [seqLen, d]
const project = (/** @type {number} */ seed) => tf.matMul(x, tf.randomNormal([d, d], 0, 1 / Math.sqrt(d), 'float32', seed));
const [q, k, v] = [project(1), project(2), project(3)]; // each [seqLen, d]
const scores = scaledDotProductScores(q, k); // [seqLen, seqLen]
const weights = maskedSoftmax(scores); // [seqLen, seqLen]
const output = tf.matMul(weights, v); // [seqLen, d]

flow(
  [
    { id: 'q', label: tr`Q (queries)`, tensor: q },
    { id: 'k', label: tr`K (keys)`, tensor: k },
    { id: 'v', label: tr`V (values)`, tensor: v },
    { id: 'scores', label: tr`scores Q·Kᵀ/√d`, tensor: scores },
    { id: 'softmax', label: 'softmax', tensor: weights },
    { id: 'sum', label: tr`weighted sum`, tensor: output },
  ],
  [
    ['q', 'scores'],
    ['k', 'scores'],
    ['scores', 'softmax'],
    ['softmax', 'sum'],
    ['v', 'sum'],
  ],
  { title: tr`Q, K → scores → softmax → weighted sum of V` },
);
heatmap(weights, { rows: tokens, cols: tokens, title: tr`the softmax box, labelled` });
