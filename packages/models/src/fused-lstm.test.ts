import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { ShapeError } from '@attention-lab/core';
import { FusedLSTM, lstmCell } from './fused-lstm.js';

// The reference is tf.layers.lstm itself (and tf.layers.bidirectional around
// it): an implementation independent of ours, run with the same weights.

const BATCH = 3;
const STEPS = 7;
const IDS = [
  [1, 2, 3, 4, 0, 0, 0],
  [5, 6, 7, 1, 2, 3, 4],
  [2, 0, 0, 0, 0, 0, 0],
];

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** An embedding (maskZero, so padding masks the LSTM) then `lstm`, as a model. */
function embedded(lstm: tf.layers.Layer, table: tf.Tensor): tf.LayersModel {
  const ids = tf.input({ shape: [STEPS] });
  const e = tf.layers.embedding({ inputDim: 9, outputDim: 5, maskZero: true, weights: [table] }).apply(ids) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: lstm.apply(e) as tf.SymbolicTensor });
}

const values = (layer: tf.layers.Layer) => layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);

describe('FusedLSTM', () => {
  for (const bidirectional of [false, true]) {
    test(`${bidirectional ? 'bidirectional: ' : ''}outputs and every weight's gradient match tf.layers on padded input`, () => {
      const table = tf.randomNormal([9, 5], 0, 1, 'float32', 1);
      const cell = tf.layers.lstm({ units: 4, returnSequences: true });
      const reference = bidirectional ? tf.layers.bidirectional({ layer: cell as unknown as tf.RNN, mergeMode: 'concat' }) : cell;
      const ours = new FusedLSTM({ units: 4, bidirectional });
      const ref = embedded(reference, table);
      const mine = embedded(ours, table);
      // Random weights with a non-zero bias; tf.layers orders them kernel, recurrent kernel, bias per direction, as we do.
      const weights = reference.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.6, 'float32', 10 + i));
      reference.setWeights(weights);
      ours.setWeights(weights);
      const ids = tf.tensor2d(IDS, [BATCH, STEPS], 'int32');
      const a = ref.predict(ids) as tf.Tensor;
      const b = mine.predict(ids) as tf.Tensor;
      expect(b.shape).toEqual([BATCH, STEPS, bidirectional ? 8 : 4]);
      expect(maxDiff(a, b)).toBeLessThan(1e-6);
      // A padded step repeats the previous output (row 2 has one real token).
      expect(maxDiff(b.slice([2, 1, 0], [1, 1, 4]), b.slice([2, 0, 0], [1, 1, 4]))).toBe(0);
      const target = tf.randomNormal(a.shape, 0, 1, 'float32', 99);
      const loss = (m: tf.LayersModel) => () => tf.sum(tf.mul(m.apply(ids) as tf.Tensor, target)) as tf.Scalar;
      const gRef = tf.variableGrads(loss(ref), values(reference));
      const gOurs = tf.variableGrads(loss(mine), values(ours));
      const refGrads = Object.values(gRef.grads);
      const ourGrads = Object.values(gOurs.grads);
      expect(ourGrads).toHaveLength(refGrads.length);
      refGrads.forEach((g, i) => {
        const scale = tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!);
        expect(scale).toBeGreaterThan(0);
        expect(maxDiff(g, ourGrads[i]!)).toBeLessThan(1e-5 * Math.max(1, scale));
      });
      tf.dispose([table, ids, a, b, target, gRef.value, gOurs.value, ...refGrads, ...ourGrads, ...weights]);
      ref.dispose();
      mine.dispose();
    });
  }

  test('the one-kernel cell and the ordinary-ops cell agree, gradients and padded rows included', () => {
    const [batch, u] = [4, 6];
    const z = tf.randomNormal([batch, 4 * u], 0, 2, 'float32', 3); // wide enough to hit both ends of the hard sigmoid
    const cPrev = tf.randomNormal([batch, u], 0, 1, 'float32', 4);
    const hPrev = tf.randomNormal([batch, u], 0, 1, 'float32', 5);
    const mask = tf.tensor1d([1, 0, 1, 1]);
    const wh = tf.randomNormal([batch, u], 0, 1, 'float32', 6);
    const wc = tf.randomNormal([batch, u], 0, 1, 'float32', 7);
    const run = (ops: boolean) => {
      const [h, c] = lstmCell(z, cPrev, hPrev, mask, ops);
      const grads = tf.grads((zz: tf.Tensor, cc: tf.Tensor, hh: tf.Tensor) => {
        const [h2, c2] = lstmCell(zz, cc, hh, mask, ops);
        return tf.add(tf.sum(tf.mul(h2, wh)), tf.sum(tf.mul(c2, wc)));
      })([z, cPrev, hPrev]);
      return [h, c, ...grads] as tf.Tensor[];
    };
    const fast = run(false);
    const plain = run(true);
    fast.forEach((t, i) => expect(maxDiff(t, plain[i]!)).toBeLessThan(1e-6));
    // Row 1 is padded: it keeps the previous state, and its gradients go straight through.
    expect(maxDiff(fast[0]!.slice([1, 0], [1, u]), hPrev.slice([1, 0], [1, u]))).toBe(0);
    expect(maxDiff(fast[3]!.slice([1, 0], [1, u]), wc.slice([1, 0], [1, u]))).toBe(0); // dcPrev = dc
    tf.dispose([z, cPrev, hPrev, mask, wh, wc, ...fast, ...plain]);
  });

  test('saves and loads with identical outputs; the config round-trips', async () => {
    const lstm = new FusedLSTM({ units: 3, bidirectional: true, seed: 4, name: 'enc' });
    const x = tf.input({ shape: [5, 2] });
    const model = tf.model({ inputs: x, outputs: lstm.apply(x) as tf.SymbolicTensor });
    const input = tf.randomNormal([2, 5, 2], 0, 1, 'float32', 8);
    const before = model.predict(input) as tf.Tensor;
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const after = loaded.predict(input) as tf.Tensor;
    expect(maxDiff(before, after)).toBe(0);
    expect(loaded.getLayer('enc').getConfig()).toMatchObject({ units: 3, bidirectional: true, seed: 4 });
    // The same seed gives the same initial weights.
    const again = new FusedLSTM({ units: 3, bidirectional: true, seed: 4 });
    again.apply(tf.input({ shape: [5, 2] }));
    again.getWeights().forEach((w, i) => expect(maxDiff(w, lstm.getWeights()[i]!)).toBe(0));
    tf.dispose([input, before, after]);
    model.dispose();
    loaded.dispose();
  });

  test('training steps do not grow the tensor count', async () => {
    const ids = tf.input({ shape: [STEPS] });
    const e = tf.layers.embedding({ inputDim: 9, outputDim: 4, maskZero: true }).apply(ids) as tf.SymbolicTensor;
    const y = new FusedLSTM({ units: 5, bidirectional: true, seed: 1 }).apply(e) as tf.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: tf.layers.dense({ units: 2 }).apply(y) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const x = tf.tensor2d(IDS, [BATCH, STEPS], 'int32');
    const target = tf.randomNormal([BATCH, STEPS, 2], 0, 1, 'float32', 2);
    const first = Number(await model.trainOnBatch(x, target));
    const count = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 5; i++) last = Number(await model.trainOnBatch(x, target));
    expect(tf.memory().numTensors).toBe(count);
    expect(last).toBeLessThan(first);
    tf.dispose([x, target]);
    model.dispose();
  });

  test('bad config and bad input get errors that name them', () => {
    expect(() => new FusedLSTM({ units: 0 })).toThrow(/config\.units/);
    expect(() => new FusedLSTM({ units: 2, seed: -1 })).toThrow(/config\.seed/);
    const lstm = new FusedLSTM({ units: 2 });
    expect(() => lstm.apply(tf.input({ shape: [4] }))).toThrow(ShapeError);
  });
});
