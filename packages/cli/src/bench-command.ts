import { memoryEfficientAttention, multiHeadAttention, scaledDotProductAttention } from '@attention-lab/core';
import * as tf from '@tensorflow/tfjs';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { formatTable } from './format-table.js';
import { type FlagSpec, parseFlags } from './parse-flags.js';
import { BACKENDS, type CliBackend, selectBackend } from './select-backend.js';

const FLAGS: FlagSpec = {
  quick: { type: 'boolean' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * `attention-lab bench --help`.
 *
 * @example
 * console.log(BENCH_HELP);
 */
export const BENCH_HELP = `Usage: attention-lab bench [--quick] [--backend wasm,cpu,tensorflow]

Times @attention-lab/core's multi-head attention forward (batch 1, 8 heads of
dHead 64) at a few sequence lengths on every backend available, in ms and
GFLOP/s of the two attention matMuls (4·heads·seqLen²·dHead flops), then
memoryEfficientAttention against full attention at one long length on wasm.

Options:
  --quick             short lengths and fewer repeats (a smoke run)
  --backend <list>    comma-separated backends (default: all that start)
  -h, --help          show this help`;

const HEADS = 8;
const D_HEAD = 64;

/**
 * `attention-lab bench`: the core benchmark table for the backends available,
 * on core's public API. Median of several runs after one warm-up; the
 * memory-efficient comparison reports time, `tf.profile` peak bytes and the
 * largest difference from full attention.
 *
 * @param args - The arguments after `bench`.
 * @param io - Streams.
 * @returns The exit code (0).
 * @example
 * await benchCommand(['--quick'], { stdout: process.stdout, stderr: process.stderr });
 */
export async function benchCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('bench', args, FLAGS);
  if (values['help'] === true) {
    io.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`bench: takes no arguments, got '${positionals.join(' ')}'`);
  const quick = values['quick'] === true;
  const asked = values['backend'] == null ? undefined : String(values['backend']).split(',').map((s) => s.trim());
  for (const b of asked ?? []) if (!(BACKENDS as readonly string[]).includes(b)) throw new UsageError(`bench: --backend must list some of ${BACKENDS.join(', ')}, got '${b}'`);
  const lengths = quick ? [32, 64] : [128, 256, 512];
  const repeats = quick ? 2 : 5;
  const longLength = quick ? 256 : 2048;

  const available: CliBackend[] = [];
  for (const b of (asked as CliBackend[] | undefined) ?? [...BACKENDS]) {
    try {
      await selectBackend(b);
      available.push(b);
    } catch (error) {
      if (asked != null) throw error;
      io.stderr.write(`bench: skipping ${b}: ${(error as Error).message.split(':')[0]}\n`);
    }
  }

  const table: Map<number, string[]> = new Map(lengths.map((l) => [l, [String(l)]]));
  for (const backend of available) {
    await selectBackend(backend);
    for (const seqLen of lengths) {
      io.stderr.write(`bench: multiHeadAttention on ${backend}, seqLen ${seqLen}\n`);
      const ms = await timeMultiHead(seqLen, repeats);
      const gflops = (4 * HEADS * seqLen * seqLen * D_HEAD) / (ms / 1000) / 1e9;
      table.get(seqLen)!.push(formatMs(ms), gflops.toFixed(2));
    }
  }
  const headers = ['seqLen', ...available.flatMap((b) => [`${b} ms`, `${b} GFLOP/s`])];
  io.stdout.write(`Multi-head attention forward, batch 1, ${HEADS} heads of dHead ${D_HEAD}, median of ${repeats}:\n\n`);
  io.stdout.write(`${formatTable(headers, [...table.values()], headers.map(() => 'right'))}\n\n`);

  const memBackend: CliBackend = available.includes('wasm') ? 'wasm' : available[0]!;
  await selectBackend(memBackend);
  io.stderr.write(`bench: memoryEfficientAttention against full attention on ${memBackend}, seqLen ${longLength}\n`);
  const mem = await compareMemoryEfficient(longLength);
  io.stdout.write(`Full against memory-efficient attention on ${memBackend}, batch 1, ${HEADS} heads of dHead ${D_HEAD}, seqLen ${longLength}:\n\n`);
  io.stdout.write(
    `${formatTable(
      ['function', 'ms', 'peak MiB'],
      [
        ['scaledDotProductAttention', formatMs(mem.full.ms), (mem.full.peak / 2 ** 20).toFixed(1)],
        ['memoryEfficientAttention', formatMs(mem.efficient.ms), (mem.efficient.peak / 2 ** 20).toFixed(1)],
      ],
      ['left', 'right', 'right'],
    )}\n\nmax |Δ| / max |output| = ${mem.relativeError.toExponential(1)}\n`,
  );
  return 0;
}

/** Median ms of `multiHeadAttention` self-attention at `seqLen`, after one warm-up run. */
async function timeMultiHead(seqLen: number, repeats: number): Promise<number> {
  const dModel = HEADS * D_HEAD;
  const x = tf.randomNormal([1, seqLen, dModel], 0, 1, 'float32', 1); // [batch, seqLen, dModel]
  const w = (seed: number) => tf.randomNormal([dModel, dModel], 0, dModel ** -0.5, 'float32', seed) as tf.Tensor2D;
  const params = { wq: w(2), wk: w(3), wv: w(4), wo: w(5) };
  const times: number[] = [];
  try {
    for (let i = 0; i <= repeats; i++) {
      const t0 = performance.now();
      const { output, weights } = multiHeadAttention(x, x, x, params, { heads: HEADS });
      await output.data(); // wait for the backend to finish
      const t = performance.now() - t0;
      tf.dispose([output, weights]);
      if (i > 0) times.push(t);
    }
  } finally {
    tf.dispose([x, ...Object.values(params)]);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Times and peak bytes of full and memory-efficient attention on the same q, k, v, and how far apart they are. */
async function compareMemoryEfficient(seqLen: number) {
  const shape = [1, HEADS, seqLen, D_HEAD]; // [batch, heads, seqLen, dHead]
  const q = tf.randomNormal(shape, 0, 1, 'float32', 11);
  const k = tf.randomNormal(shape, 0, 1, 'float32', 12);
  const v = tf.randomNormal(shape, 0, 1, 'float32', 13);
  try {
    const run = async (f: () => tf.Tensor) => {
      let out: tf.Tensor | undefined;
      const t0 = performance.now();
      const info = await tf.profile(async () => {
        out = f();
        await out.data();
        return out;
      });
      return { ms: performance.now() - t0, peak: info.peakBytes, out: out! };
    };
    const full = await run(() => {
      const { output, weights } = scaledDotProductAttention(q, k, v);
      weights.dispose();
      return output;
    });
    const efficient = await run(() => {
      const { output, logSumExp } = memoryEfficientAttention(q, k, v);
      logSumExp.dispose();
      return output;
    });
    const relativeError = tf.tidy(() => full.out.sub(efficient.out).abs().max().div(full.out.abs().max()).dataSync()[0]!);
    tf.dispose([full.out, efficient.out]);
    return { full, efficient, relativeError };
  } finally {
    tf.dispose([q, k, v]);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? ms.toFixed(0) : ms >= 100 ? ms.toFixed(1) : ms.toFixed(2);
}
