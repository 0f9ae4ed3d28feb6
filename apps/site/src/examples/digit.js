// @ts-check
// Draw a digit: the shipped `mnist-attention` model of @attention-lab/models
// cuts the 28 × 28 image into a grid of patches, lets each patch read the ring
// of patches around it and pools the inked patches with attention before it
// classifies. The overlay shows the pooling weights on your drawing: the
// patches the decision rested on (blank patches get none).
import * as tf from '@tensorflow/tfjs';
import { loadPretrained, predictWithAttention } from '@attention-lab/models';
import { inputs, print, show, tr } from 'live';

const drawn = String(inputs.digit);
if (drawn === '') {
  print(tr`Draw a digit (0–9) in the box; the model classifies it when you lift the pen.`);
} else {
  const pixels = drawn.split(',').map(Number);
  if (pixels.length !== 28 * 28 || pixels.some((p) => !(p >= 0 && p <= 1))) throw new Error(tr`the drawing must be 784 grey levels in 0..1, got ${pixels.length}`);
  const { model, metadata } = await loadPretrained('mnist-attention');
  const grid = /** @type {{ rows: number, cols: number, patchSize: number }} */ (metadata['grid']);
  const inputShape = /** @type {number[]} */ (model.inputs[0]?.shape.slice(1));
  const x = tf.tensor(pixels, [1, ...inputShape]); // [1, 28, 28] or [1, 28, 28, 1]
  const { predictions, attention } = await predictWithAttention(model, x);
  const probs = Array.from(await predictions.data());
  const ranked = probs.map((p, digit) => ({ digit, p })).sort((a, b) => b.p - a.p);
  print(tr`it reads ${ranked[0]?.digit}  (p = ${ranked[0]?.p.toFixed(3)}; then ${ranked.slice(1, 3).map((r) => `${r.digit}: ${r.p.toFixed(3)}`).join(', ')})`);
  // The pooling weights, one per patch: [1, rows * cols] -> [rows, cols].
  const pooled = Object.values(attention).find((map) => map.shape.length === 2 && map.shape[1] === grid.rows * grid.cols);
  if (pooled) {
    const cells = Array.from({ length: grid.rows }, (_, r) => Array.from(pooled.values.subarray(r * grid.cols, (r + 1) * grid.cols)));
    const image = Array.from({ length: 28 }, (_, r) => pixels.slice(r * 28, (r + 1) * 28));
    show('imageAttentionOverlay', { image, attention: cells }, { title: tr`attention over a ${grid.rows} × ${grid.cols} grid of ${grid.patchSize}-pixel patches`, pixelSize: 8 });
  }
  tf.dispose([x, predictions]);
  model.dispose();
}
