// @ts-check
// Attention's cost on your own device: time and memory of full attention
// against memory-efficient (chunked) attention as the sequence grows, and the
// time of the fused WebAssembly kernel on one Web Worker per core.
// Memory is tfjs's peak of live tensor bytes while one call runs.
import * as tf from '@tensorflow/tfjs';
import { fusedAttentionAvailable, fusedAttentionParallel, memoryEfficientAttention, scaledDotProductAttention, terminateFusedAttentionThreads } from '@attention-lab/core';
import { inputs, print, show } from 'live';

const [heads, dHead] = [4, 32];
const largest = Number(inputs.largest);
const lengths = [];
for (let n = 128; n <= largest; n *= 2) lengths.push(n);
const mib = (/** @type {number} */ bytes) => bytes / 2 ** 20;

/** Median milliseconds of `runs` calls, and the peak bytes of one. */
async function measure(/** @type {() => tf.Tensor} */ call, runs = 3) {
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
async function timeAsync(/** @type {() => Promise<tf.Tensor>} */ call, runs = 3) {
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
const time = show('lineChart', { series: [] }, { xLabel: 'sequence length', yLabel: 'ms per call', title: 'time' });
const memory = show('lineChart', { series: [] }, { xLabel: 'sequence length', yLabel: 'peak MiB', title: 'memory' });
print(`backend ${tf.getBackend()}, batch 1, ${heads} heads of ${dHead}`);
print(fused ? `fused kernel: ${threads} Web Workers (one per core)` : 'fused kernel: not available here (no WebAssembly SIMD)');
print('seqLen   full ms   chunked ms   workers ms   full MiB   chunked MiB');
for (const n of lengths) {
  const q = tf.randomNormal([1, heads, n, dHead]);
  const full = await measure(() => {
    const { output, weights } = scaledDotProductAttention(/** @type {tf.Tensor4D} */ (q), /** @type {tf.Tensor4D} */ (q), /** @type {tf.Tensor4D} */ (q));
    weights.dispose();
    return output;
  });
  const chunked = await measure(() => {
    const { output, logSumExp } = memoryEfficientAttention(q, q, q, { chunkSize: 128 });
    logSumExp.dispose();
    return output;
  });
  const workers = fused ? await timeAsync(() => fusedAttentionParallel(q, q, q, { threads })) : NaN;
  q.dispose();
  time.append('full', n, full.ms);
  time.append('memory-efficient', n, chunked.ms);
  if (fused) time.append(`fused, ${threads} workers`, n, workers);
  memory.append('full', n, mib(full.peak));
  memory.append('memory-efficient', n, mib(chunked.peak));
  print(`${String(n).padStart(6)} ${full.ms.toFixed(1).padStart(9)} ${chunked.ms.toFixed(1).padStart(12)} ${workers.toFixed(1).padStart(12)} ${mib(full.peak).toFixed(1).padStart(10)} ${mib(chunked.peak).toFixed(1).padStart(13)}`);
}
terminateFusedAttentionThreads(); // the workers are done: free their memory
