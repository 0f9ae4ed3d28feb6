// @ts-check
// Attention pooling, the article's pseudo-code: score every time step of an
// encoder's outputs H with one learned vector w, softmax over time, and take
// the weighted sum. Here w is chosen by hand to look for one feature.
import * as tf from '@tensorflow/tfjs';
import { attentionPooling } from '@attention-lab/core';
import { heatmap, inputs, print, tr } from 'live';

const steps = ['t1', 't2', 't3', 't4', 't5'];
// H: [seqLen, d] — pretend encoder outputs; feature 0 is large at step 4.
const h = tf.tensor2d([
  [0.1, 0.5, 0.2],
  [0.0, 0.4, 0.9],
  [0.3, 0.1, 0.1],
  [2.0, 0.2, 0.3],
  [0.2, 0.8, 0.1],
]);
const w = tf.tensor1d([Number(inputs.w0), 0, 0]); // scores = H·w + b: how much of feature 0 each step has
const { output, weights } = attentionPooling(h, { w, b: 0 });
print(tr`scores  = H·w + b =`, tf.matMul(h, w.expandDims(1)).squeeze());
print(tr`weights = softmax over time =`, weights);
print(tr`output  = Σ_t weights_t · H_t =`, output);
heatmap(weights.expandDims(0), { rows: [tr`weight`], cols: steps, title: tr`attention over time steps` });
