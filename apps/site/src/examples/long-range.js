// @ts-check
// The long-range dependency demo. Each input is `length` random symbols; the
// answer is the FIRST one. An LSTM must carry it through every later step; an
// attention model can look straight back at position 0. Both train side by
// side on the same batches; the chart shows validation accuracy as they learn.
import * as tf from '@tensorflow/tfjs';
import { AttentionPooling, PositionalEmbedding } from '@attention-lab/models';
import { heatmap, inputs, print, show, tr } from 'live';

const length = Number(inputs.length);
const steps = Number(inputs.steps);
const [symbols, batchSize, width] = [8, 32, 16];

/** A small seeded generator (mulberry32), so every run sees the same data. */
function rng(/** @type {number} */ seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** `count` sequences of ids 1..symbols and their answers (the first symbol, as a class 0..symbols-1). */
function batch(/** @type {() => number} */ next, /** @type {number} */ count) {
  const xs = Array.from({ length: count }, () => Array.from({ length }, () => 1 + Math.floor(next() * symbols)));
  return { x: tf.tensor2d(xs, [count, length], 'int32'), y: tf.tensor1d(xs.map((s) => (s[0] ?? 1) - 1), 'float32') };
}

const lstm = tf.sequential({
  layers: [
    tf.layers.embedding({ inputDim: symbols + 1, outputDim: width, inputLength: length }),
    tf.layers.lstm({ units: width }),
    tf.layers.dense({ units: symbols, activation: 'softmax' }),
  ],
});
const pooling = new AttentionPooling({ seed: 1 });
const attention = tf.sequential({
  layers: [
    new PositionalEmbedding({ vocabSize: symbols + 1, dModel: width, maxLen: length, positions: 'learned', seed: 2, batchInputShape: [null, length] }),
    pooling,
    tf.layers.dense({ units: symbols, activation: 'softmax' }),
  ],
});
for (const model of [lstm, attention]) {
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
}

const validation = batch(rng(999), 256);
const accuracy = (/** @type {tf.Sequential} */ model) =>
  tf.tidy(() => {
    const predicted = /** @type {tf.Tensor} */ (model.predict(validation.x)).argMax(1);
    return predicted.equal(validation.y.toInt()).mean().dataSync()[0] ?? NaN;
  });
const ATTENTION = tr`attention`; // the attention model's name in the legend
const chart = show(
  'lineChart',
  { series: [{ name: 'LSTM', x: [0], y: [accuracy(lstm)] }, { name: ATTENTION, x: [0], y: [accuracy(attention)] }] },
  { xLabel: tr`training step`, yLabel: tr`validation accuracy`, yDomain: [0, 1], title: tr`recall the first of ${length} symbols` },
);

const next = rng(1);
for (let step = 1; step <= steps; step++) {
  const { x, y } = batch(next, batchSize);
  await lstm.trainOnBatch(x, y);
  await attention.trainOnBatch(x, y);
  tf.dispose([x, y]);
  if (step % 10 === 0 || step === steps) {
    chart.append('LSTM', step, accuracy(lstm));
    chart.append(ATTENTION, step, accuracy(attention));
  }
}
print(tr`after ${steps} steps, chance is ${(1 / symbols).toFixed(3)}:`);
print(tr`  LSTM       ${accuracy(lstm).toFixed(3)}`);
print(tr`  attention  ${accuracy(attention).toFixed(3)}`);

// Where the attention model looks: its pooling weights for the first 8 validation inputs.
attention.predict(validation.x.slice([0, 0], [8, length]));
const weights = pooling.lastAttentionWeights;
if (weights) heatmap(weights, { rows: Array.from({ length: 8 }, (_, i) => tr`input ${i + 1}`), cols: Array.from({ length }, (_, t) => String(t)), title: tr`attention over positions`, showValues: false });
