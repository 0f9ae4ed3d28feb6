import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { expectClose, reference, seeded, type Shape4 } from '../../test/fused-reference.js';
import { mulberry32 } from '../../test/seeded-random.js';
import { memoryEfficientAttention } from '../memory-efficient-attention.js';
import { scaledDotProductAttention } from '../scaled-dot-product-attention.js';
import { ShapeError } from '../shape-error.js';
import { runAttentionKernel, type AttentionKernel } from './attention-kernel.js';
import { ATTENTION_WASM_RELAXED, ATTENTION_WASM_SIMD } from './attention-wasm.js';
import { fusedAttention, fusedAttentionAvailable } from './fused-attention.js';

interface Case {
  name: string;
  shape: Shape4; // query [batch, heads, seqLenQ, dHead]
  seqLenK: number;
  dValue: number;
  causal?: boolean;
  scale?: number;
}

const cases: Case[] = [
  { name: 'seqLen 1', shape: [1, 1, 1, 1], seqLenK: 1, dValue: 1 },
  { name: 'dHead 3 and dValue 5 (not multiples of 4)', shape: [2, 3, 5, 3], seqLenK: 7, dValue: 5 },
  { name: 'seqLenQ 70 > seqLenK 33', shape: [1, 2, 70, 16], seqLenK: 33, dValue: 16 },
  { name: 'seqLenQ 9 < seqLenK 200 (several key tiles)', shape: [1, 2, 9, 64], seqLenK: 200, dValue: 64 },
  { name: 'causal, seqLen 100, dHead 65', shape: [1, 2, 100, 65], seqLenK: 100, dValue: 65, causal: true },
  { name: 'causal, seqLenQ 40 > seqLenK 20', shape: [1, 1, 40, 8], seqLenK: 20, dValue: 8, causal: true },
  // seqLenK 9000: the kernel takes the queries 32 rows per call.
  { name: 'seqLenK 9000, queries in several calls', shape: [1, 1, 70, 4], seqLenK: 9000, dValue: 4 },
  { name: 'causal, seqLenK 9000, queries in several calls', shape: [1, 2, 80, 4], seqLenK: 9000, dValue: 3, causal: true },
  // Scores spread over about ±50: the row maxima move from key tile to key tile, and most weights are tiny.
  { name: 'scale 3, seqLenK 300 (the maxima change from tile to tile)', shape: [1, 2, 19, 16], seqLenK: 300, dValue: 8, scale: 3 },
];

for (const c of cases) {
  test(`fusedAttention matches a float64 reference: ${c.name}`, () => {
    const [batch, heads, seqLenQ, dHead] = c.shape;
    const qData = seeded(1, batch * heads * seqLenQ * dHead);
    const kData = seeded(2, batch * heads * c.seqLenK * dHead);
    const vData = seeded(3, batch * heads * c.seqLenK * c.dValue);
    const q = tf.tensor4d(qData, c.shape);
    const k = tf.tensor4d(kData, [batch, heads, c.seqLenK, dHead]);
    const v = tf.tensor4d(vData, [batch, heads, c.seqLenK, c.dValue]);
    const scale = c.scale ?? 1 / Math.sqrt(dHead);
    const out = fusedAttention(q, k, v, { causal: c.causal, scale: c.scale });
    expect(out.shape).toEqual([batch, heads, seqLenQ, c.dValue]);
    expect(out.dtype).toBe('float32');
    const ref = reference(qData, kData, vData, c.shape, c.seqLenK, c.dValue, scale, (_b, _h, i, j) => !c.causal || j <= i);
    expectClose(out.dataSync(), ref.output);
    tf.dispose([q, k, v, out]);
  });
}

test('fusedAttention with a [batch, heads, seqLenQ, seqLenK] mask and fully masked rows', () => {
  const shape: Shape4 = [2, 2, 37, 12];
  const seqLenK = 75;
  const qData = seeded(4, 2 * 2 * 37 * 12);
  const kData = seeded(5, 2 * 2 * seqLenK * 12);
  const vData = seeded(6, 2 * 2 * seqLenK * 12);
  const next = mulberry32(7);
  // Rows 3 and 20 of every (batch, head) see nothing.
  const maskData = Uint8Array.from({ length: 2 * 2 * 37 * seqLenK }, (_, n) => {
    const i = Math.floor(n / seqLenK) % 37;
    return i === 3 || i === 20 ? 0 : next() < 0.6 ? 1 : 0;
  });
  const q = tf.tensor4d(qData, shape);
  const k = tf.tensor4d(kData, [2, 2, seqLenK, 12]);
  const v = tf.tensor4d(vData, [2, 2, seqLenK, 12]);
  const mask = tf.tensor4d(maskData, [2, 2, 37, seqLenK], 'bool');
  const out = fusedAttention(q, k, v, { mask });
  const keep = (b: number, h: number, i: number, j: number) => maskData[((b * 2 + h) * 37 + i) * seqLenK + j] === 1;
  const ref = reference(qData, kData, vData, shape, seqLenK, 12, 1 / Math.sqrt(12), keep);
  expectClose(out.dataSync(), ref.output);
  const rows = out.arraySync();
  expect(rows[1]![1]![3]).toEqual(new Array(12).fill(0));
  expect(rows[0]![0]![20]).toEqual(new Array(12).fill(0));
  tf.dispose([q, k, v, mask, out]);
});

test('fusedAttention with a key padding mask [batch, 1, 1, seqLenK] ignores a NaN in a padded key', () => {
  const shape: Shape4 = [2, 3, 10, 8];
  const seqLenK = 13;
  const qData = seeded(8, 2 * 3 * 10 * 8);
  const kData = seeded(9, 2 * 3 * seqLenK * 8);
  const vData = seeded(10, 2 * 3 * seqLenK * 8);
  kData[(0 * seqLenK + 12) * 8] = Number.NaN; // batch 0, head 0, key 12: padded below
  const lengths = [12, 5];
  const maskData = Float32Array.from({ length: 2 * seqLenK }, (_, n) => (n % seqLenK < lengths[Math.floor(n / seqLenK)]! ? 1 : 0));
  const q = tf.tensor4d(qData, shape);
  const k = tf.tensor4d(kData, [2, 3, seqLenK, 8]);
  const v = tf.tensor4d(vData, [2, 3, seqLenK, 8]);
  const mask = tf.tensor4d(maskData, [2, 1, 1, seqLenK]);
  const out = fusedAttention(q, k, v, { mask, causal: true });
  const keep = (b: number, _h: number, i: number, j: number) => j < lengths[b]! && j <= i;
  expectClose(out.dataSync(), reference(qData, kData, vData, shape, seqLenK, 8, 1 / Math.sqrt(8), keep).output);
  tf.dispose([q, k, v, mask, out]);
});

test('fusedAttention with scores near 1e4 stays finite and matches the float64 softmax', () => {
  // Scores 1e4 and 9990 (scale 1e4): weights 1 / (1 + e^-10) and e^-10 / (1 + e^-10).
  const q = tf.tensor2d([[1, 0], [-1, 0]]);
  const k = tf.tensor2d([[1, 0], [0.999, 0]]);
  const v = tf.tensor2d([[1, 0], [0, 1]]);
  const out = fusedAttention(q, k, v, { scale: 1e4 });
  const k1 = Math.fround(0.999);
  const w1 = Math.exp(1e4 * (k1 - 1));
  const w0 = Math.exp(-1e4 * (k1 - 1));
  expectClose(out.dataSync(), [1 / (1 + w1), w1 / (1 + w1), 1 / (1 + w0), w0 / (1 + w0)]);
  tf.dispose([q, k, v, out]);
});

test('fusedAttention turns a row NaN when a kept score is NaN, and only that row', () => {
  const q = tf.tensor2d([[1, 0], [Number.NaN, 1], [0, 1]]);
  const k = tf.tensor2d([[1, 0], [0, 1]]);
  const out = fusedAttention(q, k, k).arraySync();
  expect(out[1]!.every(Number.isNaN)).toBe(true);
  expect(out[0]!.some(Number.isNaN)).toBe(false);
  expect(out[2]!.some(Number.isNaN)).toBe(false);
  tf.dispose([q, k]);
});

test('fusedAttention takes rank 2 and rank 3 inputs like scaledDotProductAttention', () => {
  const qData = seeded(11, 3 * 6 * 5);
  const kData = seeded(12, 3 * 9 * 5);
  const q3 = tf.tensor3d(qData, [3, 6, 5]);
  const k3 = tf.tensor3d(kData, [3, 9, 5]);
  const out3 = fusedAttention(q3, k3, k3);
  expect(out3.shape).toEqual([3, 6, 5]);
  expectClose(out3.dataSync(), reference(qData, kData, kData, [3, 1, 6, 5], 9, 5, 1 / Math.sqrt(5), () => true).output);
  const q2 = tf.tensor2d(qData.subarray(0, 30), [6, 5]);
  const k2 = tf.tensor2d(kData.subarray(0, 45), [9, 5]);
  const out2 = fusedAttention(q2, k2, k2);
  expect(out2.shape).toEqual([6, 5]);
  expectClose(out2.dataSync(), out3.dataSync().subarray(0, 30));
  tf.dispose([q3, k3, out3, q2, k2, out2]);
});

test('fusedAttention with seqLenK 0 returns zeros', () => {
  const q = tf.ones([2, 4]);
  const none = tf.zeros([0, 4]);
  const out = fusedAttention(q, none, none);
  expect(out.shape).toEqual([2, 4]);
  expect(Array.from(out.dataSync())).toEqual(new Array(8).fill(0));
  tf.dispose([q, none, out]);
});

test('fusedAttention rejects mismatched shapes, bad masks and a bad scale', () => {
  const q = tf.zeros([1, 2, 3, 4]);
  const k = tf.zeros([1, 2, 5, 4]);
  const shortV = tf.zeros([1, 2, 6, 4]);
  const wideK = tf.zeros([1, 2, 5, 3]);
  const badMask = tf.ones([3, 4]);
  expect(() => fusedAttention(q, k, shortV)).toThrow(ShapeError);
  expect(() => fusedAttention(q, k, shortV)).toThrow(/fusedAttention: argument 'value' has shape \[1, 2, 6, 4\]/);
  expect(() => fusedAttention(q, wideK, wideK)).toThrow(/fusedAttention: argument 'key' has shape \[1, 2, 5, 3\] but expected \[batch=1, heads=2, seqLenK, dHead=4\]/);
  expect(() => fusedAttention(q, k, k, { mask: badMask })).toThrow(/fusedAttention: argument 'options.mask' has shape \[3, 4\]/);
  expect(() => fusedAttention(q, k, k, { scale: Number.NaN })).toThrow(/options.scale/);
  expect(() => fusedAttention(q, k, null as unknown as tf.Tensor)).toThrow(/argument 'value' must be a tf.Tensor/);
  tf.dispose([q, k, shortV, wideK, badMask]);
});

test('fusedAttention and memoryEfficientAttention leak no tensors', () => {
  const q = tf.randomNormal([1, 2, 20, 8]);
  const mask = tf.ones([20, 20]);
  const before = tf.memory().numTensors;
  for (let n = 0; n < 3; n++) {
    tf.dispose(fusedAttention(q, q, q, { mask, causal: true }));
    const fused = memoryEfficientAttention(q, q, q, { mask, kernel: 'fused' });
    const auto = memoryEfficientAttention(q, q, q, { kernel: 'auto' });
    tf.dispose([fused.output, fused.logSumExp, auto.output, auto.logSumExp]);
  }
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([q, mask]);
});

test('fusedAttentionAvailable() is true in Node', () => {
  expect(fusedAttentionAvailable()).toBe(true);
});

test('memoryEfficientAttention gives the same output and logSumExp with kernel fused and tfjs', () => {
  const q = tf.tensor4d(seeded(13, 2 * 2 * 50 * 16), [2, 2, 50, 16]);
  const k = tf.tensor4d(seeded(14, 2 * 2 * 90 * 16), [2, 2, 90, 16]);
  const mask = tf.tensor3d(seeded(15, 2 * 50 * 90).map((x) => (x > -1 ? 1 : 0)), [2, 50, 90]);
  const fused = memoryEfficientAttention(q, k, k, { mask, causal: true, kernel: 'fused' });
  const plain = memoryEfficientAttention(q, k, k, { mask, causal: true, kernel: 'tfjs', chunkSize: 32 });
  expect(fused.output.shape).toEqual(plain.output.shape);
  expect(fused.logSumExp.shape).toEqual(plain.logSumExp.shape);
  expectClose(fused.output.dataSync(), plain.output.dataSync());
  expectClose(fused.logSumExp.dataSync(), plain.logSumExp.dataSync());
  tf.dispose([q, k, mask, fused.output, fused.logSumExp, plain.output, plain.logSumExp]);
});

test("memoryEfficientAttention with kernel 'fused' is differentiable (the kernel runs forward, chunked tfjs ops backward), and checks kernel", () => {
  const q = tf.tensor3d(seeded(16, 1 * 4 * 3), [1, 4, 3]);
  const g = tf.grad((x: tf.Tensor) => memoryEfficientAttention(x, x, x, { kernel: 'fused' }).output.sum())(q);
  const full = tf.grad((x: tf.Tensor) => scaledDotProductAttention(x, x, x).output.sum())(q);
  expectClose(g.dataSync(), full.dataSync());
  tf.dispose([g, full]);
  expect(() => memoryEfficientAttention(q, q, q, { kernel: 'gpu' as 'auto' })).toThrow(/argument 'options.kernel' must be "auto", "tfjs" or "fused", got "gpu"/);
  q.dispose();
});

for (const [variant, base64] of [['simd', ATTENTION_WASM_SIMD], ['relaxed-simd', ATTENTION_WASM_RELAXED]] as const) {
  const bytes = Buffer.from(base64, 'base64');
  test.skipIf(!WebAssembly.validate(bytes))(`the ${variant} build matches the float64 reference with a mask and causal`, () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const kernel = { variant, exports: instance.exports } as unknown as AttentionKernel;
    const shape: Shape4 = [2, 2, 45, 7];
    const seqLenK = 90;
    const query = seeded(17, 2 * 2 * 45 * 7);
    const key = seeded(18, 2 * 2 * seqLenK * 7);
    const value = seeded(19, 2 * 2 * seqLenK * 6);
    const maskData = Uint8Array.from({ length: 2 * seqLenK }, (_, n) => (n % 7 === 3 ? 0 : 1)); // [batch, 1, 1, seqLenK]
    const { output, logSumExp } = runAttentionKernel(kernel.exports, {
      query, key, value, batch: 2, heads: 2, seqLenQ: 45, seqLenK, dHead: 7, dValue: 6, scale: 0.4, causal: true,
      mask: { data: maskData, shape: [2, 1, 1, seqLenK] },
    });
    const keep = (b: number, _h: number, i: number, j: number) => maskData[b * seqLenK + j] === 1 && j <= i;
    const ref = reference(query, key, value, shape, seqLenK, 6, 0.4, keep);
    expectClose(output, ref.output);
    expectClose(logSumExp, ref.logSumExp);
  });
}

function hasClang(): boolean {
  try {
    execFileSync('clang', ['--version'], { stdio: 'ignore' });
    execFileSync('wasm-ld', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test.skipIf(!hasClang())('scripts/build-wasm.mjs --check: the committed wasm and attention-wasm.ts match a fresh build', () => {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'build-wasm.mjs');
  expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
});
