// @ts-check
// The mask lab. One row of scores per query; a mask says which keys each query
// may see (1 = keep, 0 = hide). Two ways to apply it: "fill" writes the mask
// constant into hidden scores and calls the plain softmax (what most code
// does), `maskedSoftmax` from @attention-lab/core drops hidden keys exactly.
// Pick a mask, the constant and the precision, and compare. float16 runs on
// real half-float WebGL textures when the backend is "webgl, float16" (what
// devices without float32 textures do); on any other backend it is emulated
// number by number, so it shows the same on every device.
import * as tf from '@tensorflow/tfjs';
import { causalMask, maskedSoftmax } from '@attention-lab/core';
import { heatmap, inputs, print, tr } from 'live';

const tokens = ['the', 'cat', 'sat', '<pad>', '<pad>'];
const n = tokens.length;
const realLength = 3; // the last two tokens are padding

/** The keep-mask [n, n] as plain numbers, 1 = the query (row) may see the key (column). */
function keepMask(/** @type {string} */ kind) {
  const causal = /** @type {number[][]} */ (tf.tidy(() => causalMask(n).toFloat().arraySync()));
  if (kind === 'padding') return tokens.map(() => tokens.map((_, k) => (k < realLength ? 1 : 0)));
  if (kind === 'causal') return causal;
  if (kind === 'causal + padding') return causal.map((row) => row.map((keep, k) => (k < realLength ? keep : 0)));
  if (kind === 'fully masked row') return causal.map((row, q) => (q === 2 ? row.map(() => 0) : row));
  // custom: rows of 0/1 separated by spaces or slashes, e.g. "10000 11000 ..."
  const rows = String(inputs.pattern).trim().split(/[\s/,;]+/);
  if (rows.length !== n || rows.some((r) => !/^[01]+$/.test(r) || r.length !== n)) {
    throw new Error(tr`custom pattern: give ${n} rows of ${n} digits 0/1, e.g. "11000 11100 11110 11111 11111"; got ${JSON.stringify(inputs.pattern)}`);
  }
  return rows.map((r) => [...r].map(Number));
}

const mask = keepMask(String(inputs.kind));
const constant = Number(inputs.constant); // '-Infinity' parses to -Infinity
// On "webgl, float16" this worker's WebGL keeps every tensor as a half float;
// the float32 side of the comparison then runs on the cpu backend.
const halfFloatWebGL = tf.getBackend() === 'webgl' && tf.env().getBool('WEBGL_FORCE_F16_TEXTURES');
if (halfFloatWebGL) await tf.setBackend('cpu');
// Seeded scores [n, n], like q · k / sqrt(d) of a small model.
const scores = tf.tidy(() => tf.randomNormal([n, n], 0, 2, 'float32', 7));
const keep = tf.tensor2d(mask, [n, n], 'bool');

/** Fill hidden scores with the constant, then the plain softmax. */
const filled = () => tf.tidy(() => tf.softmax(tf.where(keep, scores, tf.fill([n, n], constant))));
/** The exact way: hidden keys get weight 0; a row with nothing to see gets all zeros. */
const exact = () => tf.tidy(() => maskedSoftmax(scores, keep));

const rowSums = (/** @type {tf.Tensor} */ w) => Array.from(w.sum(-1).dataSync(), (s) => (Number.isNaN(s) ? 'NaN' : s.toFixed(3)));
const show = (/** @type {tf.Tensor} */ w, /** @type {string} */ title) => {
  // The chart cannot draw NaN; it draws -Infinity as an empty (masked) cell, so NaN rows show empty.
  const drawable = tf.tidy(() => tf.where(w.isNaN(), tf.fill(w.shape, -Infinity), w));
  heatmap(drawable, { rows: tokens.map((t, i) => `${i}: ${t}`), cols: tokens, title });
  drawable.dispose();
  print(tr`${title}: row sums`, rowSums(w).join('  '));
};

print(tr`keep-mask (rows = queries, columns = keys):`);
mask.forEach((row, q) => print(`  ${tokens[q]?.padEnd(6)} ${row.join(' ')}`));

const a = filled();
const b = exact();
show(a, tr`fill with ${constant} + softmax`);
show(b, 'maskedSoftmax');
const nanRows = Array.from(tf.tidy(() => a.isNaN().any(-1).dataSync())).flatMap((bad, q) => (bad ? [tokens[q]] : []));
if (nanRows.length > 0) print(tr`NaN in the rows of: ${nanRows.join(', ')} (every key hidden, so softmax divides 0 by 0)`);
const hiddenWeight = tf.tidy(() => tf.where(keep, tf.zerosLike(a), a).max().dataSync()[0] ?? 0);
print(tr`largest weight that "fill" puts on a hidden key: ${hiddenWeight.toExponential(2)}`);

if (String(inputs.precision) === 'float16') {
  /** @type {number[][]} */ let fill16;
  /** @type {number[][]} */ let exact16;
  /** @type {number} */ let c16;
  if (halfFloatWebGL) {
    // The same two computations on WebGL: inputs, intermediates and results are
    // rounded to half floats whenever they are written to a texture.
    await tf.setBackend('webgl');
    fill16 = /** @type {number[][]} */ (tf.tidy(() => filled().arraySync()));
    exact16 = /** @type {number[][]} */ (tf.tidy(() => exact().arraySync()));
    c16 = tf.tidy(() => tf.scalar(constant).add(0).dataSync()[0] ?? NaN);
    await tf.setBackend('cpu'); // the rest (drawing, comparing) on plain numbers in float32
    print(tr`float16 on WebGL: every tensor stored in a half-float texture (WEBGL_FORCE_F16_TEXTURES)`);
  } else {
    // Half precision emulated: every number rounded to 11 significant bits, the largest finite one 65504.
    const native = /** @type {{ f16round?: (x: number) => number }} */ (/** @type {unknown} */ (Math)).f16round;
    const f16 = native ?? ((/** @type {number} */ x) => {
      if (!Number.isFinite(x) || x === 0) return x;
      if (Math.abs(x) >= 65520) return x > 0 ? Infinity : -Infinity;
      const step = 2 ** (Math.max(Math.floor(Math.log2(Math.abs(x))), -14) - 10);
      return Math.round(x / step) * step;
    });
    const s16 = /** @type {number[][]} */ (scores.arraySync()).map((row) => row.map(f16));
    c16 = f16(constant);
    /** Softmax of one row in float16; `hide` says which entries are left out entirely. */
    const softmax16 = (/** @type {number[]} */ row, /** @type {boolean[]} */ hide) => {
      const max = Math.max(...row.filter((_, k) => !hide[k]));
      const e = row.map((v, k) => (hide[k] ? 0 : f16(Math.exp(f16(v - max)))));
      const sum = e.reduce((acc, v) => f16(acc + v), 0);
      return e.map((v) => (sum === 0 ? 0 : f16(v / sum)));
    };
    fill16 = s16.map((row, q) => softmax16(row.map((v, k) => (mask[q]?.[k] ? v : c16)), row.map(() => false)));
    exact16 = s16.map((row, q) => softmax16(row, row.map((_, k) => !mask[q]?.[k])));
    print(tr`float16 emulated number by number (${tf.getBackend()} computes in float32; pick the backend "webgl, float16" to run it on WebGL)`);
  }
  const diff = (/** @type {number[][]} */ x, /** @type {tf.Tensor} */ ref) => {
    const r = /** @type {number[][]} */ (ref.arraySync());
    return Math.max(...x.flatMap((row, q) => row.map((v, k) => {
      const w = r[q]?.[k] ?? NaN;
      if (Number.isNaN(v) || Number.isNaN(w)) return Number.isNaN(v) === Number.isNaN(w) ? 0 : Infinity;
      return Math.abs(v - w);
    })));
  };
  const fillTensor = tf.tensor2d(fill16);
  show(fillTensor, tr`float16: fill with ${constant} + softmax`);
  fillTensor.dispose();
  const beyond = c16 === -Infinity && constant !== -Infinity ? tr`-Infinity (beyond 65504)`
    : Number.isNaN(c16) ? tr`NaN (tfjs reads anything beyond ±65504 in a half-float texture, infinities too, back as NaN)` : String(c16);
  print(tr`the constant ${constant} in float16 is ${beyond}`);
  print(tr`float16 vs float32, largest difference: fill ${diff(fill16, a).toExponential(2)}, maskedSoftmax ${diff(exact16, b).toExponential(2)}`);
}
tf.dispose([scores, keep, a, b]);
// Leave the worker on the backend the reader picked.
if (halfFloatWebGL) await tf.setBackend('webgl');
