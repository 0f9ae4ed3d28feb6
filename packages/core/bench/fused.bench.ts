/**
 * Fused attention benchmark: the WebAssembly SIMD kernel of fusedAttention
 * against scaledDotProductAttention on the tfjs wasm backend, forward only,
 * batch 1, 8 heads, dHead 64. Prints markdown tables on stdout; it is not a
 * test and has no timed assertion (exit code 1 only when the two disagree by
 * more than 1e-5 or a tensor leaks).
 *
 *   pnpm --filter @attention-lab/core bench:fused            # seqLen 512/1024/2048, then 65,536
 *   pnpm --filter @attention-lab/core bench:fused --quick    # small sizes, a smoke run
 *   ... bench:fused --no-long | --long=16384 | --long-causal  # skip, resize or mask the long run
 *
 * Table 1: the two interleaved (fused, tfjs, fused, tfjs, ...), medians of
 *   the timed runs; GFLOP/s counts 4 * heads * seqLen² * dHead.
 * Table 2: one fusedAttention call at a long seqLen in a child process, so its
 *   peak RSS is its own. A worker thread samples `process.memoryUsage().rss`
 *   every 20 ms while the main thread is inside the kernel; on Linux the
 *   kernel's own high-water mark (VmHWM) is printed as well.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { Tensor4D } from '@tensorflow/tfjs';
import { loadAttentionKernel } from '../src/fused/attention-kernel.js';
import { fusedAttention, scaledDotProductAttention, useBestBackend } from '../src/index.js';
import { GiB, median, MiB } from './bench-output.js';

const HEADS = 8;
const D_HEAD = 64;

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const longArg = args.find((a) => a.startsWith('--long='));
const longSeqLen = args.includes('--no-long') ? 0 : longArg ? Number(longArg.slice('--long='.length)) : quick ? 4096 : 65536;
const longCausal = args.includes('--long-causal');
const childArg = args.find((a) => a.startsWith('--child='));

function flops(seqLen: number): number {
  return 4 * HEADS * seqLen * seqLen * D_HEAD;
}

function randomQkv(seqLen: number): [Tensor4D, Tensor4D, Tensor4D] {
  const shape: [number, number, number, number] = [1, HEADS, seqLen, D_HEAD]; // [batch, heads, seqLen, dHead]
  return [tf.randomNormal(shape, 0, 1, 'float32', 1), tf.randomNormal(shape, 0, 1, 'float32', 2), tf.randomNormal(shape, 0, 1, 'float32', 3)];
}

/** Table 1: fused against tfjs at one seqLen, interleaved. */
function compare(seqLen: number, runs: number): { fused: number; tfjs: number; maxDiff: number } {
  const [q, k, v] = randomQkv(seqLen);
  const fusedTimes: number[] = [];
  const tfjsTimes: number[] = [];
  let maxDiff = 0;
  // One untimed round first (JIT, XNNPACK set-up, the kernel's tier-up).
  for (let round = -1; round < runs; round++) {
    let t0 = performance.now();
    const a = fusedAttention(q, k, v);
    a.dataSync();
    const fusedMs = performance.now() - t0;
    t0 = performance.now();
    const { output: b, weights } = scaledDotProductAttention(q, k, v);
    b.dataSync();
    const tfjsMs = performance.now() - t0;
    if (round >= 0) {
      fusedTimes.push(fusedMs);
      tfjsTimes.push(tfjsMs);
    } else {
      maxDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    }
    tf.dispose([a, b, weights]);
  }
  tf.dispose([q, k, v]);
  return { fused: median(fusedTimes), tfjs: median(tfjsTimes), maxDiff };
}

interface LongResult {
  seqLen: number;
  causal: boolean;
  ms: number;
  maxRss: number;
  vmHwm: number | null;
  wasmMemory: number;
  inputBytes: number;
}

/** Table 2, in the child process: one long call, RSS sampled from a worker. */
async function longChild(seqLen: number, causal: boolean): Promise<void> {
  await useBestBackend('wasm');
  // The sampler runs on its own thread: the main one is busy inside the kernel.
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const sampler = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     setInterval(() => { peak[0] = Math.max(peak[0], process.memoryUsage().rss); }, 20);`,
    { eval: true, workerData: shared.buffer },
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const [q, k, v] = randomQkv(seqLen);
  const t0 = performance.now();
  const out = fusedAttention(q, k, v, { causal });
  out.dataSync();
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const maxRss = Math.max(shared[0]!, process.memoryUsage().rss);
  await sampler.terminate();
  tf.dispose([q, k, v, out]);
  let vmHwm: number | null = null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) vmHwm = Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  const kernel = loadAttentionKernel();
  const result: LongResult = {
    seqLen,
    causal,
    ms,
    maxRss,
    vmHwm,
    wasmMemory: kernel ? kernel.exports.memory.buffer.byteLength : 0,
    inputBytes: 3 * HEADS * seqLen * D_HEAD * 4,
  };
  process.stdout.write(JSON.stringify(result));
}

function runChild(seqLen: number, causal: boolean): Promise<LongResult> {
  const script = fileURLToPath(import.meta.url);
  const childArgs = [...process.execArgv, script, `--child=${seqLen}`, ...(causal ? ['--long-causal'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`long run exited with ${code}`));
      else resolve(JSON.parse(text.slice(text.indexOf('{'))) as LongResult);
    });
  });
}

async function main(): Promise<void> {
  await useBestBackend('wasm');
  const kernel = loadAttentionKernel();
  if (!kernel) throw new Error('bench:fused: no WebAssembly SIMD here');
  console.log(`# Fused attention: ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, kernel build: ${kernel.variant}`);
  console.log(`\nForward, batch 1, ${HEADS} heads, dHead ${D_HEAD}; tfjs = scaledDotProductAttention on the wasm backend; medians of interleaved runs.\n`);
  console.log('| seqLen | fused ms | fused GFLOP/s | tfjs wasm ms | tfjs GFLOP/s | speed-up | max abs diff |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const tensorsBefore = tf.memory().numTensors;
  let failed = false;
  for (const seqLen of quick ? [128, 256] : [512, 1024, 2048]) {
    const runs = quick ? 3 : seqLen >= 2048 ? 5 : 9;
    const r = compare(seqLen, runs);
    const gf = (ms: number) => (flops(seqLen) / ms / 1e6).toFixed(1);
    console.log(
      `| ${seqLen} | ${r.fused.toFixed(1)} | ${gf(r.fused)} | ${r.tfjs.toFixed(1)} | ${gf(r.tfjs)} | ${(r.tfjs / r.fused).toFixed(2)}x | ${r.maxDiff.toExponential(1)} |`,
    );
    if (!(r.maxDiff <= 1e-5)) failed = true;
  }
  if (tf.memory().numTensors !== tensorsBefore) {
    console.error(`bench:fused: ${tf.memory().numTensors - tensorsBefore} tensors leaked`);
    failed = true;
  }
  if (longSeqLen > 0) {
    process.stderr.write(`long run: seqLen ${longSeqLen}${longCausal ? ', causal' : ''} ...\n`);
    const r = await runChild(longSeqLen, longCausal);
    console.log(`\nOne fusedAttention call at seqLen ${r.seqLen}${r.causal ? ' (causal)' : ''}, in its own process.\n`);
    console.log('| seqLen | causal | time s | GFLOP/s | peak RSS (sampled) | VmHWM | kernel wasm memory | q + k + v |');
    console.log('|---:|:---:|---:|---:|---:|---:|---:|---:|');
    const work = flops(r.seqLen) * (r.causal ? 0.5 : 1);
    console.log(
      `| ${r.seqLen} | ${r.causal ? 'yes' : 'no'} | ${(r.ms / 1000).toFixed(1)} | ${(work / r.ms / 1e6).toFixed(1)} | ` +
        `${(r.maxRss / GiB).toFixed(2)} GiB | ${r.vmHwm === null ? 'n/a' : `${(r.vmHwm / GiB).toFixed(2)} GiB`} | ` +
        `${(r.wasmMemory / MiB).toFixed(0)} MiB | ${(r.inputBytes / MiB).toFixed(0)} MiB |`,
    );
  }
  if (failed) process.exitCode = 1;
}

if (childArg) await longChild(Number(childArg.slice('--child='.length)), longCausal);
else await main();
