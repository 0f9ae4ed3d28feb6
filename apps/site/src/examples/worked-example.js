// @ts-check
// The article's worked example, step by step: one query from x1, three keys
// and values from y, d_k = 2. Change any number above and run again.
import * as tf from '@tensorflow/tfjs';
import { explainScaledDotProductAttention, scaledDotProductAttention } from '@attention-lab/core';
import { heatmap, inputs, print, show, tr } from 'live';

/** Reads "0.1, 0.2" into [0.1, 0.2], naming the input when a number is bad. */
const numbers = (/** @type {string} */ name) => {
  const values = String(inputs[name]).split(/[\s,]+/).filter(Boolean).map(Number);
  if (values.length === 0 || values.some(Number.isNaN)) throw new Error(tr`${name} must be numbers separated by commas`);
  return values;
};
const x1 = numbers('x1')[0] ?? 0;
const y = numbers('y');
const [wq, wk, wv] = [numbers('wq'), numbers('wk'), numbers('wv')];
if (wq.length !== wk.length) throw new Error(tr`W^Q has ${wq.length} numbers and W^K ${wk.length}: q and k need the same length`);

// Project: a scalar input times a row of weights gives a vector.
const q = [wq.map((w) => x1 * w)]; // [1, d_k]
const k = y.map((yj) => wk.map((w) => yj * w)); // [3, d_k]
const v = y.map((yj) => wv.map((w) => yj * w)); // [3, d_v]
print('q =', q[0]);
print('k =', k);
print('v =', v);

const steps = explainScaledDotProductAttention({ q, k, v });
const fmt = (/** @type {number[]} */ row) => row.map((x) => x.toFixed(4)).join(', ');
print(tr`scores q·k_j        = ${fmt(steps.scores[0] ?? [])}`);
print(tr`scaled by 1/√${wq.length}     = ${fmt(steps.scaled[0] ?? [])}`);
print(tr`weights (softmax)   = ${fmt(steps.weights[0] ?? [])}`);
print(tr`output Σ α_j v_j    = ${fmt(steps.output[0] ?? [])}`);

// The same numbers through the tensor version, in float32 on this backend.
const { weights } = scaledDotProductAttention(tf.tensor2d(q), tf.tensor2d(k), tf.tensor2d(v));
const gap = Math.max(...Array.from(weights.dataSync(), (w, j) => Math.abs(w - (steps.weights[0]?.[j] ?? NaN))));
print(tr`tensor version agrees to ${gap.toExponential(1)}`);
heatmap(steps.weights, { rows: ['q'], cols: y.map((yj, j) => `k${j + 1} (y=${yj})`), title: tr`attention weights` });

// Every step as a small matrix; hover an output cell to see which cells produced it.
show('attentionSteps', { q, k, v, queryTokens: ['q'], keyTokens: y.map((_, j) => `k${j + 1}`) }, { title: tr`the computation, step by step` });
