// @ts-check
// One training step, then a few more. The goal here: make every token attend to
// the token just before it (a "previous-token head", a pattern trained models
// really learn). The loss is the cross-entropy between the attention weights
// and that target; gradients flow back through softmax into W^Q and W^K.
import * as tf from '@tensorflow/tfjs';
import { scaledDotProductAttention, sinusoidalPositionalEncoding } from '@attention-lab/core';
import { heatmap, inputs, print, show, tr } from 'live';

const tokens = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
const [seqLen, dModel] = [tokens.length, 8];
const x = tf.randomNormal([seqLen, dModel], 0, 1, 'float32', 11).add(sinusoidalPositionalEncoding(seqLen, dModel)); // [seqLen, dModel]
const wq = tf.variable(tf.randomNormal([dModel, dModel], 0, 0.35, 'float32', 12), true, 'W_Q');
const wk = tf.variable(tf.randomNormal([dModel, dModel], 0, 0.35, 'float32', 13), true, 'W_K');
// Target: row i puts all its weight on key i - 1 (the first token on itself).
const target = tf.oneHot(tf.tensor1d(tokens.map((_, i) => Math.max(0, i - 1)), 'int32'), seqLen); // [seqLen, seqLen]

const attend = () => scaledDotProductAttention(tf.matMul(x, wq), tf.matMul(x, wk), x).weights; // [seqLen, seqLen]
const loss = () => tf.losses.softmaxCrossEntropy(target, attend().add(1e-9).log()); // softmax of log α is α itself
const optimizer = tf.train.sgd(Number(inputs.learningRate));

heatmap(attend(), { rows: tokens, cols: tokens, title: tr`before training` });
const { value, grads } = tf.variableGrads(() => /** @type {tf.Scalar} */ (loss()));
print(tr`loss before: ${value.dataSync()[0]?.toFixed(4)}`);
for (const [name, g] of Object.entries(grads)) print(tr`|∂loss/∂${name}| = ${g.norm().dataSync()[0]?.toFixed(4)}`);
optimizer.applyGradients(grads);
print(tr`loss after 1 step: ${loss().dataSync()[0]?.toFixed(4)}`);

const more = Number(inputs.steps);
const series = tr`loss`; // the curve's name in the legend
const curve = show('lineChart', { series: [{ name: series, x: [0, 1], y: [value.dataSync()[0] ?? NaN, loss().dataSync()[0] ?? NaN] }] }, { xLabel: tr`step`, yLabel: tr`loss`, title: tr`loss while training` });
for (let i = 1; i < more; i++) {
  const stepLoss = optimizer.minimize(() => /** @type {tf.Scalar} */ (loss()), true);
  curve.append(series, i + 1, stepLoss?.dataSync()[0] ?? NaN);
}
print(tr`loss after ${more} steps: ${loss().dataSync()[0]?.toFixed(4)}`);
heatmap(attend(), { rows: tokens, cols: tokens, title: more === 1 ? tr`after 1 step` : tr`after ${more} steps` });
[wq, wk].forEach((v) => v.dispose());
