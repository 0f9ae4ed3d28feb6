// @ts-check
// Attention's cost on your own device: time and memory of full attention
// against memory-efficient (chunked) attention as the sequence grows, and the
// time of the fused WebAssembly kernel on one Web Worker per core.
// Memory is tfjs's peak of live tensor bytes while one call runs. Every path
// runs once before anything is timed (compiling kernels, starting workers),
// each time is the median of five calls, and a curve c·n² fitted to full
// attention's times shows the quadratic growth the measurements should follow.
import * as tf from '@tensorflow/tfjs';
import { fusedAttentionAvailable, fusedAttentionParallel, memoryEfficientAttention, scaledDotProductAttention, terminateFusedAttentionThreads } from '@attention-lab/core';
import { inputs, print, show, tr } from 'live';

const [heads, dHead] = [4, 32];
const largest = Number(inputs.largest);
const lengths = [];
for (let n = 128; n <= largest; n *= 2) lengths.push(n);
const mib = (/** @type {number} */ bytes) => bytes / 2 ** 20;

const RUNS = 5;

/** Median milliseconds of `runs` calls, and the peak bytes of one. */
async function measure(/** @type {() => tf.Tensor} */ call, runs = RUNS) {
  const profile = await tf.profile(() => call());
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const out = call();
    await out.data(); // wait for the device to finish
    times.push(performance.now() - start);
    out.dispose();
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)] ?? NaN, peak: profile.peakBytes };
}

/** Median milliseconds of `runs` calls of an asynchronous attention. */
async function timeAsync(/** @type {() => Promise<tf.Tensor>} */ call, runs = RUNS) {
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const out = await call();
    await out.data();
    if (i > 0) times.push(performance.now() - start); // the first call starts the workers
    out.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? NaN;
}

const threads = navigator.hardwareConcurrency ?? 1;
const fused = fusedAttentionAvailable();
// The series' names, shown in the legends.
const [FULL, CHUNKED, FUSED, FITTED] = [tr`full`, tr`memory-efficient`, tr`fused, ${threads} workers`, tr`full, fitted c·n²`];
const time = show('lineChart', { series: [] }, { xLabel: tr`sequence length`, yLabel: tr`ms per call`, title: tr`time` });
const memory = show('lineChart', { series: [] }, { xLabel: tr`sequence length`, yLabel: tr`peak MiB`, title: tr`memory` });
print(tr`backend ${tf.getBackend()}, batch 1, ${heads} heads of ${dHead}`);
print(fused ? tr`fused kernel: ${threads} Web Workers (one per core)` : tr`fused kernel: not available here (no WebAssembly SIMD)`);
/** The three paths on one input; each returns attention's output. */
const paths = {
  full: (/** @type {tf.Tensor} */ q) => {
    const { output, weights } = scaledDotProductAttention(/** @type {tf.Tensor4D} */ (q), /** @type {tf.Tensor4D} */ (q), /** @type {tf.Tensor4D} */ (q));
    weights.dispose();
    return output;
  },
  chunked: (/** @type {tf.Tensor} */ q) => {
    const { output, logSumExp } = memoryEfficientAttention(q, q, q, { chunkSize: 128 });
    logSumExp.dispose();
    return output;
  },
};

// Warm-up: every path once at the shortest length, untimed, so no timing pays for a first call.
const warm = tf.randomNormal([1, heads, lengths[0] ?? 128, dHead]);
for (const path of Object.values(paths)) (await path(warm)).dispose();
if (fused) (await fusedAttentionParallel(warm, warm, warm, { threads })).dispose();
warm.dispose();

print(tr`seqLen   full ms   chunked ms   workers ms   full MiB   chunked MiB`);
/** @type {number[]} */
const fullTimes = [];
for (const n of lengths) {
  const q = tf.randomNormal([1, heads, n, dHead]);
  const full = await measure(() => paths.full(q));
  const chunked = await measure(() => paths.chunked(q));
  const workers = fused ? await timeAsync(() => fusedAttentionParallel(q, q, q, { threads })) : NaN;
  q.dispose();
  fullTimes.push(full.ms);
  time.append(FULL, n, full.ms);
  time.append(CHUNKED, n, chunked.ms);
  if (fused) time.append(FUSED, n, workers);
  memory.append(FULL, n, mib(full.peak));
  memory.append(CHUNKED, n, mib(chunked.peak));
  print(`${String(n).padStart(6)} ${full.ms.toFixed(1).padStart(9)} ${chunked.ms.toFixed(1).padStart(12)} ${workers.toFixed(1).padStart(12)} ${mib(full.peak).toFixed(1).padStart(10)} ${mib(chunked.peak).toFixed(1).padStart(13)}`);
}
terminateFusedAttentionThreads(); // the workers are done: free their memory

// Least squares for t = c·n² through the origin: c = Σ t·n² / Σ n⁴.
const c = lengths.reduce((sum, n, i) => sum + (fullTimes[i] ?? 0) * n * n, 0) / lengths.reduce((sum, n) => sum + n ** 4, 0);
time.append(FITTED, lengths, lengths.map((n) => c * n * n));
print(tr`fitted to full attention: ${(c * 1e6).toFixed(3)} ms per million query-key pairs; doubling the length multiplies the time by 4`);
