import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { AttentionPooling } from './attention-pooling.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { PositionalEmbedding } from './positional-embedding.js';
import { train } from './train.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';
import { transformerClassifier } from './transformer-classifier.js';
import { warmupSchedule } from './warmup-schedule.js';

/** A tiny attention classifier: is the sum of feature 0 over the steps positive? */
function tinyModel(optimizer: tf.Optimizer = tf.train.adam(0.02)) {
  const input = tf.input({ shape: [5, 4] });
  const h = new MultiHeadAttention({ numHeads: 2, keyDim: 4, seed: 1, name: 'mha' }).apply(input) as tf.SymbolicTensor;
  const pooled = new AttentionPooling({ seed: 2, name: 'pool' }).apply(tf.layers.concatenate().apply([input, h]) as tf.SymbolicTensor) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}

function tinyData(n: number, seed: number) {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, 5, 4], 0, 1, 'float32', seed);
    const y = tf.cast(tf.greater(x.slice([0, 0, 0], [n, 5, 1]).sum([1, 2]), 0), 'float32');
    return { x, y };
  });
}

describe('train', () => {
  test('logs per step and epoch, lowers the loss, and holds the tensor count across epochs', async () => {
    const model = tinyModel();
    const data = tinyData(64, 1);
    const steps: number[] = [];
    const counts: number[] = [];
    const result = await train(model, data, {
      epochs: 6,
      batchSize: 16,
      onBatchEnd: (step, logs) => {
        steps.push(step);
        expect(Object.keys(logs).sort()).toEqual(['acc', 'loss']);
      },
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    expect(steps).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(result).toMatchObject({ epochs: 6, steps: 24, stopReason: 'completed', bestEpoch: 5 });
    expect(result.history['loss']!.length).toBe(6);
    expect(result.history['loss']!.at(-1)!).toBeLessThan(result.history['loss']![0]! * 0.8);
    expect(new Set(counts.slice(1)).size).toBe(1); // after the optimizer's slots exist, nothing grows
  });

  test('a warm-up schedule sets the optimizer rate each step (SGD and Adam)', async () => {
    for (const optimizer of [tf.train.sgd(1), tf.train.adam(1)]) {
      const model = tinyModel(optimizer);
      const schedule = warmupSchedule({ dModel: 16, warmupSteps: 4 });
      const rates: number[] = [];
      await train(model, tinyData(32, 2), { batchSize: 8, epochs: 2, learningRate: schedule, onBatchEnd: (_, logs) => void rates.push(logs['learningRate']!) });
      expect(rates).toEqual(Array.from({ length: 8 }, (_, i) => schedule(i + 1)));
      expect((optimizer.getConfig() as { learningRate: number }).learningRate).toBeCloseTo(schedule(8), 12);
    }
  });

  test('takes attention snapshots every N steps from the probe input', async () => {
    const model = tinyModel();
    const probe = tinyData(1, 3).x;
    const seen: number[] = [];
    const result = await train(model, tinyData(32, 4), {
      batchSize: 8, epochs: 2, snapshots: { every: 3, input: probe, onSnapshot: (s) => void seen.push(s.step) },
    });
    expect(seen).toEqual([3, 6]);
    const snap = result.snapshots[1]!;
    expect(snap).toMatchObject({ step: 6, epoch: 1 });
    expect(snap.maps['mha']!.shape).toEqual([1, 2, 5, 5]);
    expect(snap.maps['pool']!.shape).toEqual([1, 5]);
    const rowSum = snap.maps['pool']!.values.reduce((s, p) => s + p, 0);
    expect(rowSum).toBeCloseTo(1, 5);
  });

  test('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const model = tinyModel(tf.train.sgd(0.5));
    const data = tinyData(32, 5);
    let epochZero: number[] = [];
    const result = await train(model, data, {
      epochs: 20, batchSize: 8, validationData: tinyData(16, 6),
      learningRate: (step) => (step <= 4 ? 0.5 : 0), // learns in epoch 0, then stands still
      earlyStopping: { patience: 2 },
      onEpochEnd: async (epoch) => {
        if (epoch === 0) epochZero = Array.from(await model.getWeights()[0]!.data());
      },
    });
    expect(result).toMatchObject({ stopReason: 'earlyStopping', epochs: 4, bestEpoch: 0 });
    expect(result.history['val_loss']!.length).toBe(4);
    expect(Array.from(await model.getWeights()[0]!.data())).toEqual(epochZero);
  });

  test('an AbortSignal stops training between steps and keeps the weights; generator batches are disposed', async () => {
    const model = tinyModel();
    const controller = new AbortController();
    const data = tinyData(8, 7);
    await train(model, data, { batchSize: 8 }); // optimizer slots
    const before = tf.memory().numTensors;
    const result = await train(model, () => (function* () {
      for (let i = 0; i < 10; i++) yield { x: data.x.clone(), y: data.y.clone() };
    })(), { epochs: 3, signal: controller.signal, onBatchEnd: (step) => void (step === 3 && controller.abort()) });
    expect(result).toMatchObject({ stopReason: 'aborted', steps: 3, epochs: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('rejects an uncompiled model and bad options, naming the argument', async () => {
    const input = tf.input({ shape: [2] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor });
    await expect(train(model, { x: tf.zeros([2, 2]), y: tf.zeros([2, 1]) })).rejects.toThrow(/train: model '.*' is not compiled/);
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(train(model, { x: tf.zeros([2, 2]), y: tf.zeros([2, 1]) }, { batchSize: 0 })).rejects.toThrow(/train: argument 'options.batchSize' must be an integer >= 1, got 0/);
    await expect(train(model, { x: tf.zeros([2, 2]), y: tf.zeros([3, 1]) })).rejects.toThrow(/data\.y\[0\] has 3 examples but data\.x\[0\] has 2/);
  });

  test('train with x: [] or other data that is not tensors names the argument and what was given, and leaks nothing', async () => {
    const input = tf.input({ shape: [2] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const y = tf.zeros([2, 1]);
    const scalar = tf.scalar(1);
    const before = tf.memory().numTensors;
    const cases: Array<[unknown, RegExp]> = [
      [{ x: [], y }, /train: argument 'data\.x' must be a tensor \[examples, \.\.\.\] or a non-empty array of them, got an empty array/],
      [{ x: [[1, 2], [3, 4]], y }, /train: argument 'data\.x' must be .*, got \[an array of 2, an array of 2\]/],
      [{ x: scalar, y }, /train: argument 'data\.x' must be .*, got a tensor of shape \[\]/],
      [{ x: y, y: undefined }, /train: argument 'data\.y' must be .*, got undefined/],
      [null, /train: argument 'data' must be \{ x, y \} tensors or a function returning batches, got null/],
    ];
    for (const [data, error] of cases) await expect(train(model, data as never)).rejects.toThrow(error);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, scalar]);
  });

  test('train stops at the first step whose loss is not finite, with its own stop reason and what the weights hold', async () => {
    // A rate so large that plain SGD blows the weights up within a few steps: the loss turns infinite or NaN.
    const model = tinyModel(tf.train.sgd(1e30));
    const data = tinyData(32, 4);
    const steps: number[] = [];
    const result = await train(model, data, { epochs: 5, batchSize: 8, onBatchEnd: (step) => void steps.push(step) });
    expect(result.stopReason).toBe('diverged');
    expect(result.steps).toBeLessThanOrEqual(20);
    expect(result.diverged?.step).toBe(result.steps);
    expect(result.diverged?.weightsFinite).toBe(false); // the loss may still read finite where a backend clips NaN (wasm)
    expect(steps).toEqual(Array.from({ length: result.steps - 1 }, (_, i) => i + 1)); // the diverged step is not reported as a normal one
    expect(result.epochs).toBe(Math.floor((result.steps - 1) / 4)); // only whole epochs before it count
    tf.dispose([data.x, data.y]);
  });

  test('a learning-rate schedule that returns NaN or a negative rate throws and leaks no batch', async () => {
    const model = tinyModel(tf.train.sgd(0.1));
    const data = tinyData(16, 5);
    const before = tf.memory().numTensors;
    for (const bad of [() => NaN, () => -1]) {
      await expect(train(model, () => (function* () {
        for (let i = 0; i < 3; i++) yield { x: data.x.clone(), y: data.y.clone() };
      })(), { learningRate: bad })).rejects.toThrow(/train: the learning rate at step 1 must be a finite number >= 0/);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
  });

  // The test setup registered our wasm kernels, as an app would; these two
  // take UnsortedSegmentSum (an embedding's gradient) away first, so they see
  // what an app sees that never called registerWasmKernels.
  async function withoutUnsortedSegmentSum(run: () => Promise<void>): Promise<void> {
    const config = tf.getKernel('UnsortedSegmentSum', 'wasm');
    tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    try {
      await run();
    } finally {
      if (tf.getKernel('UnsortedSegmentSum', 'wasm') == null && config) tf.registerKernel(config);
    }
  }

  test.runIf(process.env.TFJS_BACKEND === 'wasm')('train on wasm trains the README\'s embedding model without registerWasmKernels() first', async () => {
    await withoutUnsortedSegmentSum(async () => {
      const ids = tf.input({ shape: [8] }); // [batch, seqLen] token ids, 0 = padding
      let h = new PositionalEmbedding({ vocabSize: 20, dModel: 8, maxLen: 8, maskZero: true, seed: 1 }).apply(ids) as tf.SymbolicTensor;
      h = new TransformerEncoderBlock({ numHeads: 2, ffDim: 16, seed: 2 }).apply(h) as tf.SymbolicTensor;
      const pooled = new AttentionPooling({ seed: 3 }).apply(h) as tf.SymbolicTensor;
      const model = tf.model({ inputs: ids, outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor });
      model.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy' });
      const x = tf.tensor2d(Array.from({ length: 16 }, (_, i) => Array.from({ length: 8 }, (_, j) => 1 + ((i * 7 + j * 3) % 19))), [16, 8], 'int32');
      const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2), 'float32');
      const result = await train(model, { x, y }, { epochs: 2, batchSize: 8 });
      expect(result.stopReason).toBe('completed');
      expect(result.history['loss']!.every(Number.isFinite)).toBe(true);
      expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
      tf.dispose([x, y]);
      model.dispose();
    });
  });

  test.runIf(process.env.TFJS_BACKEND === 'wasm')('transformerClassifier on wasm registers the kernels its training needs, so model.fit works', async () => {
    await withoutUnsortedSegmentSum(async () => {
      const model = transformerClassifier({ vocabSize: 20, seqLen: 6, dModel: 8, numHeads: 2, ffDim: 16, seed: 1 });
      expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
      model.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy' });
      const x = tf.tensor2d([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 0, 0]], [2, 6], 'int32');
      const y = tf.tensor1d([0, 1], 'float32');
      const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
      expect(Number.isFinite(history.history['loss']![0] as number)).toBe(true);
      tf.dispose([x, y]);
      model.dispose();
    });
  });
});
