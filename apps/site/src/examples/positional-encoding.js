// @ts-check
// Sinusoidal positional encodings: each position gets sines and cosines of
// geometrically spaced frequencies. Nearby positions get similar vectors.
import * as tf from '@tensorflow/tfjs';
import { sinusoidalPositionalEncoding } from '@attention-lab/core';
import { heatmap, inputs, print, show, tr } from 'live';

const seqLen = Number(inputs.seqLen);
const dModel = Number(inputs.dModel);
const pe = sinusoidalPositionalEncoding(seqLen, dModel); // [seqLen, dModel]
print(tr`encoding`, pe);
const positions = Array.from({ length: seqLen }, (_, i) => String(i));
// The encoding as a heatmap, and four of its dimensions as curves along the positions.
const dimensions = [0, 1, Math.min(4, dModel - 2), Math.min(5, dModel - 1)].filter((d, i, all) => all.indexOf(d) === i);
show('positionalEncodingChart', { encoding: pe }, { dimensions, title: tr`PE[position, dimension]` });

// Cosine similarity between every pair of positions: a band along the diagonal.
const unit = pe.div(pe.norm('euclidean', 1, true)); // [seqLen, dModel], rows of length 1
heatmap(tf.matMul(unit, unit, false, true), { rows: positions, cols: positions, title: tr`similarity of positions` });
