// Invariants of the layers on random shapes and inputs (fast-check): weight
// rows sum to 1 (or 0 for a fully masked query), causal weights vanish above
// the diagonal, masked keys get nothing, and self-attention without positions
// commutes with permuting the sequence.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { AdditiveAttention, MultiHeadAttention, TransformerEncoderBlock } from '../src/index.js';
import { type Matrix, maxAbsDiff, plainMha, randomMatrix, seededRandom } from './plain.js';

const runs = { numRuns: 15 };

test('MultiHeadAttention weight rows sum to 1 or 0, respecting causal and padding masks', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }),
      fc.boolean(), fc.integer({ min: 0, max: 1000 }),
      (batch, heads, seqLenQ, seqLenK, causal, seed) => {
        const mha = new MultiHeadAttention({ numHeads: heads, keyDim: 2, seed });
        const lengths = Array.from({ length: batch }, (_, b) => ((seed + b) % seqLenK) + 1); // 1..seqLenK valid keys
        const w = tf.tidy(() => {
          const q = tf.randomNormal([batch, seqLenQ, 3], 0, 3, 'float32', seed);
          const v = tf.randomNormal([batch, seqLenK, 4], 0, 3, 'float32', seed + 1);
          const valueMask = tf.tensor2d(lengths.map((len) => Array.from({ length: seqLenK }, (_, j) => (j < len ? 1 : 0))));
          mha.apply([q, v], { mask: [tf.ones([batch, seqLenQ]), valueMask], useCausalMask: causal });
          return mha.lastAttentionWeights!.arraySync() as number[][][][];
        });
        mha.dispose();
        w.forEach((perHead, b) => perHead.forEach((rows) => rows.forEach((row, i) => {
          const visible = Math.min(lengths[b]!, causal ? i + 1 : seqLenK);
          row.forEach((p, j) => { if (j >= lengths[b]! || (causal && j > i)) expect(p).toBe(0); });
          expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(visible > 0 ? 1 : 0, 5);
        })));
      },
    ),
    runs,
  );
});

test('TransformerEncoderBlock without positions commutes with permuting the sequence', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 1000 }), (seqLen, seed) => {
      const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 8, seed });
      const perm = Array.from({ length: seqLen }, (_, i) => i).reverse();
      const diff = tf.tidy(() => {
        const x = tf.randomNormal([1, seqLen, 4], 0, 1, 'float32', seed);
        const idx = tf.tensor1d(perm, 'int32');
        const a = tf.gather(block.apply(x) as tf.Tensor, idx, 1);
        const b = block.apply(tf.gather(x, idx, 1)) as tf.Tensor;
        return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      });
      block.dispose();
      expect(diff).toBeLessThan(1e-4);
    }),
    runs,
  );
});

test('AdditiveAttention is finite with huge inputs and gives length-1 key sequences weight exactly 1', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: 1, max: 1e4, noNaN: true }), (seqLenQ, scale) => {
      const layer = new AdditiveAttention({ units: 3, seed: 1 });
      const w = tf.tidy(() => {
        layer.apply([tf.randomNormal([2, seqLenQ, 2], 0, scale, 'float32', 1), tf.randomNormal([2, 1, 3], 0, scale, 'float32', 2)]);
        return layer.lastAttentionWeights!.arraySync() as number[][][];
      });
      layer.dispose();
      expect(w.flat(2)).toEqual(Array(2 * seqLenQ).fill(1));
    }),
    runs,
  );
});

test('MultiHeadAttention over config values: a clear error naming the option, or the float64 result', () => {
  // The near misses a caller (or a hand-edited model.json) might pass next to the valid values.
  const flag = fc.constantFrom<unknown>(undefined, null, true, false, 'false', 'true', 0, 1);
  const seedValue = fc.constantFrom<unknown>(undefined, 0, 7, -1, 1.5, 'abc');
  const headsValue = fc.constantFrom<unknown>(1, 2, 0, 1.5, '2');
  const isFlag = (x: unknown) => x == null || typeof x === 'boolean';
  fc.assert(
    fc.property(headsValue, flag, flag, seedValue, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), (numHeads, useCausalMask, useBias, seed, seqLen, draw) => {
      const config = { numHeads, keyDim: 2, useCausalMask, useBias, seed } as unknown as ConstructorParameters<typeof MultiHeadAttention>[0];
      const valid = Number.isInteger(numHeads) && (numHeads as number) >= 1 && isFlag(useCausalMask) && isFlag(useBias) && (seed === undefined || (Number.isInteger(seed) && (seed as number) >= 0));
      const before = tf.memory().numTensors;
      if (!valid) {
        expect(() => new MultiHeadAttention(config)).toThrow(/^MultiHeadAttention: argument 'config\.(numHeads|useCausalMask|useBias|seed)' must be/);
        expect(tf.memory().numTensors).toBe(before);
        return;
      }
      const mha = new MultiHeadAttention(config);
      const next = seededRandom(draw);
      const x = [randomMatrix(seqLen, 3, next)];
      const [got, weights] = tf.tidy(() => {
        const y = mha.apply(tf.tensor3d(x)) as tf.Tensor;
        return [y.arraySync() as number[][][], mha.getWeights().map((w) => w.arraySync())];
      });
      const names = mha.weights.map((w) => w.originalName.split('/').slice(-2).join('/'));
      const get = (n: string) => weights[names.indexOf(n)] as Matrix & number[];
      const w = { wq: get('query/kernel'), wk: get('key/kernel'), wv: get('value/kernel'), wo: get('output/kernel'), bq: get('query/bias'), bk: get('key/bias'), bv: get('value/bias'), bo: get('output/bias') };
      const causal = useCausalMask === true;
      const ref = plainMha(x[0]!, x[0]!, x[0]!, w, numHeads as number, (i, j) => !causal || j <= i);
      expect(mha.weights.length).toBe(useBias === false ? 4 : 8);
      expect(maxAbsDiff(got[0], ref.output)).toBeLessThan(1e-5);
      mha.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }),
    { numRuns: 40 },
  );
});
