// @ts-check
// Why divide by √d_k: for random q and k with unit-variance entries, q·k has
// variance d_k. Large scores push softmax onto one key, and its gradient
// vanishes. Move the slider and compare.
import * as tf from '@tensorflow/tfjs';
import { dotProductScores } from '@attention-lab/core';
import { inputs, print, show, tr } from 'live';

const dK = Number(inputs.dK);
const seqLenK = 16;
const trials = 200;
const q = tf.randomNormal([trials, dK], 0, 1, 'float32', 7); // [trials, d_k]: one query per trial
const k = tf.randomNormal([seqLenK, dK], 0, 1, 'float32', 8); // [seqLenK, d_k]
const raw = dotProductScores(q, k); // [trials, seqLenK]

/** The middle value of a list of numbers. */
const median = (/** @type {ArrayLike<number>} */ xs) => {
  const sorted = Array.from(xs).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/** Mean entropy (bits), mean top weight and median gradient size of softmax over scores × `scale`. */
function softmaxStats(/** @type {number} */ scale) {
  return tf.tidy(() => {
    const s = raw.mul(scale);
    const p = tf.softmax(s);
    const entropy = p.mul(p.add(1e-12).log()).sum(1).neg().div(Math.LN2).mean().dataSync()[0] ?? NaN;
    const top = p.max(1).mean().dataSync()[0] ?? NaN;
    // How much the top weight moves when the scores move: the gradient of max(softmax(s)) with respect to s.
    const grad = tf.grad((scores) => tf.softmax(scores).max(1).sum())(s); // [trials, seqLenK]
    const gradSize = median(grad.square().sum(1).sqrt().dataSync());
    return [entropy, top, gradSize];
  });
}

const variance = tf.moments(raw).variance.dataSync()[0] ?? NaN;
print(tr`d_k = ${dK}: variance of q·k over ${trials * seqLenK} pairs = ${variance.toFixed(2)} (theory: ${dK})`);
print(tr`max entropy over ${seqLenK} keys = ${Math.log2(seqLenK).toFixed(2)} bits`);
for (const [label, scale] of /** @type {const} */ ([[tr`unscaled  q·k      `, 1], [tr`scaled    q·k/√d_k `, 1 / Math.sqrt(dK)]])) {
  const [entropy = NaN, top = NaN, gradSize = NaN] = softmaxStats(scale);
  print(tr`${label} entropy ${entropy.toFixed(2)} bits, top weight ${top.toFixed(3)}, median gradient ${gradSize.toExponential(2)}`);
}

// The same effect over many widths: how peaked softmax gets, with and without the scale.
show('softmaxScalingChart', { dims: [1, 4, 16, 64, 256, 1024], seqLenK, samples: 200, seed: 1 }, { title: tr`top softmax weight against d_k` });
