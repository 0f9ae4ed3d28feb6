// @ts-check
// Sinusoidal positional encodings: each position gets sines and cosines of
// geometrically spaced frequencies. Nearby positions get similar vectors.
import * as tf from '@tensorflow/tfjs';
import { sinusoidalPositionalEncoding } from '@attention-lab/core';
import { heatmap, inputs, print } from 'live';

const seqLen = Number(inputs.seqLen);
const dModel = Number(inputs.dModel);
const pe = sinusoidalPositionalEncoding(seqLen, dModel); // [seqLen, dModel]
print('encoding', pe);
const positions = Array.from({ length: seqLen }, (_, i) => String(i));
heatmap(pe, { rows: positions, cols: Array.from({ length: dModel }, (_, i) => String(i)), title: 'PE[position, dimension]' });

// Cosine similarity between every pair of positions: a band along the diagonal.
const unit = pe.div(pe.norm('euclidean', 1, true)); // [seqLen, dModel], rows of length 1
heatmap(tf.matMul(unit, unit, false, true), { rows: positions, cols: positions, title: 'similarity of positions' });
