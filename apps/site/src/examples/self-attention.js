// @ts-check
// Self-attention over the words you type. Nothing here is trained: each word
// gets a fixed random vector (seeded by its spelling), positions are added as
// sinusoids, and W_Q, W_K, W_V are seeded random matrices. A Chinese sentence
// is read one character per token (sentenceTokens).
import * as tf from '@tensorflow/tfjs';
import { scaledDotProductAttention, sinusoidalPositionalEncoding } from '@attention-lab/core';
import { heatmap, inputs, print, sentenceTokens, tr } from 'live';

const dModel = 16;
const tokens = sentenceTokens(String(inputs.sentence), { max: 24 });
if (tokens.length === 0) throw new Error(tr`Type a few words first.`);

/** A 32-bit FNV-1a hash: the same word always gives the same seed. */
const seedOf = (/** @type {string} */ word) =>
  [...word].reduce((h, ch) => Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0, 2166136261);

const embedded = tf.stack(tokens.map((word) => tf.randomNormal([dModel], 0, 1, 'float32', seedOf(word)))); // [seqLen, dModel]
const x = embedded.add(sinusoidalPositionalEncoding(tokens.length, dModel)); // [seqLen, dModel]

/** A [dModel, dModel] projection with entries of variance 1/dModel. */
const projection = (/** @type {number} */ seed) => tf.randomNormal([dModel, dModel], 0, 1 / Math.sqrt(dModel), 'float32', seed);
const q = tf.matMul(x, projection(1)); // [seqLen, dModel]
const k = tf.matMul(x, projection(2));
const v = tf.matMul(x, projection(3));

const { weights } = scaledDotProductAttention(q, k, v, { causal: Boolean(inputs.causal) }); // [seqLen, seqLen]
heatmap(weights, { rows: tokens, cols: tokens });
print(tr`${tokens.length} tokens; each row of weights adds up to 1:`, weights.sum(1));
