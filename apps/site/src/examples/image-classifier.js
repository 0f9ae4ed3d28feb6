// @ts-check
// Case (c): an MNIST classifier with attention over the image. The 28 × 28
// digit is cut into a 7 × 7 grid of 4 × 4-pixel patches; each patch becomes a
// vector that also reads the ring of patches around it, and attention pooling
// weighs the patches into one vector for the softmax over the ten digits.
// Patches with no ink are masked out of the pooling, as padding is in text;
// pool them like the rest (when training) and the weight drifts onto blank
// background. The weights, drawn over the digit, show which patches it used.
// Training: cross-entropy, Adam, batch 64, the loss printed every 100 steps.
import * as tf from '@tensorflow/tfjs';
import { mnist } from '@attention-lab/datasets';
import { imageAttentionClassifier, loadPretrained, predictWithAttention, recipe, train } from '@attention-lab/models';
import { inputs, print, replay, show, signal, tr } from 'live';

const data = await mnist({ seed: 0 });
const shipped = await loadPretrained('mnist-attention');
const grid = /** @type {{ rows: number, cols: number, patchSize: number }} */ (shipped.metadata['grid']);
/** Digits as [n, 28, 28, 1] in 0..1 and labels [n]. */
const tensors = (/** @type {typeof data.splits.train} */ digits) => ({
  x: tf.tensor4d(Float32Array.from(digits.flatMap((d) => Array.from(d.pixels, (p) => p / 255))), [digits.length, 28, 28, 1]),
  y: tf.tensor1d(digits.map((d) => d.label)),
});
const accuracy = async (/** @type {tf.LayersModel} */ model, /** @type {{ x: tf.Tensor, y: tf.Tensor }} */ set) => {
  const acc = tf.tidy(() => /** @type {tf.Tensor} */ (model.predict(set.x, { batchSize: 250 })).argMax(-1).toFloat().equal(set.y).mean());
  const value = (await acc.data())[0] ?? NaN;
  acc.dispose();
  return value;
};
/** The pooling weights over the patch grid for each image of `x`, as [rows][cols] matrices. */
async function patchWeights(/** @type {tf.LayersModel} */ model, /** @type {tf.Tensor} */ x) {
  const { predictions, attention } = await predictWithAttention(model, x);
  predictions.dispose();
  const map = Object.values(attention).find((m) => m.shape.length === 2 && m.shape[1] === grid.rows * grid.cols);
  return Array.from({ length: x.shape[0] ?? 0 }, (_, b) =>
    Array.from({ length: grid.rows }, (_, r) => Array.from(map?.values.subarray((b * grid.rows + r) * grid.cols, (b * grid.rows + r + 1) * grid.cols) ?? [])),
  );
}
const image = (/** @type {Uint8Array | number[]} */ pixels) => Array.from({ length: 28 }, (_, r) => Array.from(pixels).slice(r * 28, (r + 1) * 28).map((p) => p / 255));
const test = tensors(data.splits.test);
const probes = data.splits.test.slice(0, 3);
const probeX = test.x.slice([0, 0, 0, 0], [3, -1, -1, -1]);

if (String(inputs.mode) === 'shipped weights') {
  print(tr`shipped mnist-attention: test accuracy ${(await accuracy(shipped.model, test)).toFixed(4)} on ${data.splits.test.length} held-out digits`);
  const weights = await patchWeights(shipped.model, probeX);
  probes.forEach((d, i) => show('imageAttentionOverlay', { image: image(d.pixels), attention: weights[i] ?? [] }, { title: tr`a ${d.label}`, pixelSize: 5 }));
} else {
  // The registry's in-browser recipe (recipe('mnist-attention').browser): the shipped sizes at a constant rate of 0.001, batch 64.
  // Blank patches are masked out of the pooling unless the reader chose to pool them like the rest.
  const { model: { options }, settings } = recipe('mnist-attention').browser;
  const model = imageAttentionClassifier({ ...options, maskBlankPatches: String(inputs.blank) === 'left out', seed: settings.seed });
  const count = Number(inputs.digits);
  const trainSet = tensors(data.splits.train.slice(0, count));
  const curve = show('lineChart', { series: [] }, { xLabel: tr`training step`, yLabel: tr`loss`, title: tr`training on ${count} digits in your browser` });
  const watch = show('imageAttentionOverlay', { image: image(probes[0]?.pixels ?? []), attention: Array.from({ length: grid.rows }, () => Array(grid.cols).fill(1)) }, { title: tr`attention on a test digit, as it learns`, pixelSize: 5 });
  /** @type {{ label: string, values: number[][] }[]} */
  const frames = [];
  const result = await train(model, trainSet, {
    epochs: Number(inputs.epochs),
    batchSize: settings.batchSize,
    signal,
    onBatchEnd: (step, logs) => {
      if (step % 5 === 0) curve.append(tr`loss`, step, logs['loss'] ?? NaN);
      if (step % 100 === 0) print(tr`step ${step}: loss ${(logs['loss'] ?? NaN).toFixed(4)}`);
    },
    snapshots: {
      every: 20,
      input: probeX.slice([0, 0, 0, 0], [1, -1, -1, -1]),
      onSnapshot: (snapshot) => {
        const map = Object.values(snapshot.maps).find((m) => m.shape.length === 2);
        if (!map) return;
        const values = Array.from({ length: grid.rows }, (_, r) => Array.from(map.values.subarray(r * grid.cols, (r + 1) * grid.cols)));
        frames.push({ label: tr`step ${snapshot.step}, loss ${snapshot.loss.toFixed(3)}`, values });
        watch.update({ image: image(probes[0]?.pixels ?? []), attention: values });
      },
    },
  });
  print(tr`${result.steps} steps${result.stopReason === 'aborted' ? tr` (stopped)` : ''}; test accuracy ${(await accuracy(model, test)).toFixed(4)} (the shipped weights: ${Number(/** @type {Record<string, number>} */ (shipped.metadata['metrics'])['testAccuracy']).toFixed(4)})`);
  if (frames.length > 0) replay(frames, { title: tr`replay: the pooling weights over the 7 × 7 patches, step by step`, showValues: false });
  tf.dispose([trainSet.x, trainSet.y]);
  model.dispose();
}
tf.dispose([test.x, test.y, probeX]);
shipped.model.dispose();
