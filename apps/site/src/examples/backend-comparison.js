// @ts-check
// Every TensorFlow.js backend this browser can start, on the same attention:
// time per call as the sequence grows, and how far each backend's numbers are
// from a float64 reference computed here in plain JavaScript.
import * as tf from '@tensorflow/tfjs';
import { scaledDotProductAttention } from '@attention-lab/core';
import { inputs, print, show, tr } from 'live';

const [heads, dHead] = [4, 32];
const largest = Number(inputs.largest);
/** @type {number[]} */
const lengths = [];
for (let n = 32; n <= largest; n *= 2) lengths.push(n);

/** Seeded numbers in [-1, 1) (mulberry32), so every backend gets the very same input. */
function numbers(/** @type {number} */ count, /** @type {number} */ seed) {
  let a = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  });
}

/** softmax(q kᵀ / √d) v per head in float64: the reference the backends are compared with. */
function reference(/** @type {Float32Array} */ q, /** @type {Float32Array} */ k, /** @type {Float32Array} */ v, /** @type {number} */ n) {
  const out = new Float64Array(heads * n * dHead);
  const scores = new Float64Array(n);
  const scale = 1 / Math.sqrt(dHead);
  for (let h = 0; h < heads; h++) {
    const base = h * n * dHead;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < dHead; c++) s += (q[base + i * dHead + c] ?? 0) * (k[base + j * dHead + c] ?? 0);
        scores[j] = s * scale;
        max = Math.max(max, s * scale);
      }
      let sum = 0;
      for (let j = 0; j < n; j++) sum += scores[j] = Math.exp((scores[j] ?? 0) - max);
      for (let j = 0; j < n; j++) {
        const w = (scores[j] ?? 0) / sum;
        for (let c = 0; c < dHead; c++) out[base + i * dHead + c] = (out[base + i * dHead + c] ?? 0) + w * (v[base + j * dHead + c] ?? 0);
      }
    }
  }
  return out;
}

const chosen = tf.getBackend();
const candidates = Object.keys(tf.engine().registryFactory);
const chart = show('lineChart', { series: [] }, { xLabel: tr`sequence length`, yLabel: tr`ms per call (median of 5)`, title: tr`attention, ${heads} heads of ${dHead}, per backend` });
/** @type {{ backend: string, n: number, ms: number, maxAbs: number, maxRel: number }[]} */
const rows = [];
try {
  for (const backend of candidates) {
    const ok = await tf.setBackend(backend).catch(() => false);
    if (!ok) {
      print(tr`${backend}: not available in this browser`);
      continue;
    }
    for (const n of lengths) {
      const size = heads * n * dHead;
      const [qa, ka, va] = [numbers(size, 1), numbers(size, 2), numbers(size, 3)];
      const [q, k, v] = [qa, ka, va].map((a) => tf.tensor4d(a, [1, heads, n, dHead]));
      const call = () => tf.tidy(() => scaledDotProductAttention(/** @type {tf.Tensor4D} */ (q), /** @type {tf.Tensor4D} */ (k), /** @type {tf.Tensor4D} */ (v)).output);
      const first = call();
      const got = await first.data(); // also the warm-up (shader compilation, wasm kernels)
      first.dispose();
      const times = [];
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        const out = call();
        await out.data();
        times.push(performance.now() - t0);
        out.dispose();
      }
      tf.dispose([q, k, v]);
      times.sort((a, b) => a - b);
      const ref = reference(qa, ka, va, n);
      let [maxAbs, maxRef] = [0, 0];
      ref.forEach((r, i) => {
        maxAbs = Math.max(maxAbs, Math.abs(r - (got[i] ?? NaN)));
        maxRef = Math.max(maxRef, Math.abs(r));
      });
      const ms = times[2] ?? NaN;
      rows.push({ backend, n, ms, maxAbs, maxRel: maxAbs / maxRef });
      chart.append(backend, n, ms);
    }
  }
} finally {
  await tf.setBackend(chosen);
}

print(tr`backend   seqLen   ms/call   max |difference| from float64   relative`);
for (const r of rows) {
  print(`${r.backend.padEnd(9)} ${String(r.n).padStart(6)} ${r.ms.toFixed(2).padStart(9)}   ${r.maxAbs.toExponential(2).padStart(12)}   ${r.maxRel.toExponential(2).padStart(12)}`);
}
const at = rows.filter((r) => r.n === lengths.at(-1));
const fastest = at.reduce((a, b) => (b.ms < a.ms ? b : a), at[0] ?? { backend: '-', ms: NaN });
print(tr`fastest at ${lengths.at(-1)} tokens: ${fastest.backend}; float32 keeps about 7 significant digits, so differences near 1e-7 are rounding, and WebGL on devices without float32 textures rounds to float16 (about 1e-3).`);
