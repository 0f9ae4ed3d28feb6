// @ts-check
// Multi-head attention splits d_model into `heads` slices of d_head, attends in
// each slice separately, and merges the results back. Shapes at every step.
import * as tf from '@tensorflow/tfjs';
import { mergeHeads, multiHeadAttention, splitHeads } from '@attention-lab/core';
import { heatmap, inputs, print, show, tr } from 'live';

const heads = Number(inputs.heads);
const dModel = 8;
if (dModel % heads !== 0) throw new Error(tr`d_model = ${dModel} does not split into ${heads} heads; try 1, 2, 4 or 8`);
const tokens = ['the', 'cat', 'sat', 'down'];
const x = tf.randomNormal([1, tokens.length, dModel], 0, 1, 'float32', 3); // [batch, seqLen, dModel]

const split = splitHeads(x, heads); // [batch, heads, seqLen, dHead]
print(tr`x ${JSON.stringify(x.shape)} → splitHeads → ${JSON.stringify(split.shape)} → mergeHeads → ${JSON.stringify(mergeHeads(split).shape)}`);

/** A seeded [dModel, dModel] projection. */
const w = (/** @type {number} */ seed) => /** @type {tf.Tensor2D} */ (tf.randomNormal([dModel, dModel], 0, 1 / Math.sqrt(dModel), 'float32', seed));
const { output, weights } = multiHeadAttention(x, x, x, { wq: w(1), wk: w(2), wv: w(3), wo: w(4) }, { heads });
print(tr`output ${JSON.stringify(output.shape)}, weights ${JSON.stringify(weights.shape)} = [batch, heads, seqLenQ, seqLenK]`);
const perHead = tf.unstack(weights.squeeze([0])); // heads × [seqLen, seqLen]
perHead.forEach((head, h) => heatmap(head, { rows: tokens, cols: tokens, title: tr`head ${h + 1}` }));

// The bertviz-style view: every head's weights as lines between the tokens, one colour per head.
show('headView', { attention: weights /* [batch = 1, heads, n, n], read as [layers, heads, n, n] */, queryTokens: tokens, keyTokens: tokens }, { title: tr`all heads as lines` });
