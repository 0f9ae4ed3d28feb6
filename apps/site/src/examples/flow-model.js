// @ts-check
// Diagram (a): how a sentence becomes a prediction in a small attention model.
// Click any box to see the tensor it holds for your sentence. The weights are
// seeded random numbers: the shapes and the flow are real, the prediction is not.
import * as tf from '@tensorflow/tfjs';
import { attentionPooling } from '@attention-lab/core';
import { flow, inputs, print, sentenceTokens, tr } from 'live';

const tokens = sentenceTokens(String(inputs.sentence), { max: 16 });
if (tokens.length === 0) throw new Error(tr`Type a few words first.`);
const [d, classes] = [8, 2];
const vocab = [...new Set(tokens)];
const ids = tf.tensor1d(tokens.map((t) => vocab.indexOf(t)), 'int32'); // [seqLen]
const table = tf.randomNormal([vocab.length, d], 0, 1, 'float32', 1); // one row per distinct word
const embedded = tf.gather(table, ids); // [seqLen, d]
const encoded = tf.tanh(tf.matMul(embedded, tf.randomNormal([d, d], 0, 0.5, 'float32', 2))); // [seqLen, d]
const w = /** @type {tf.Tensor1D} */ (tf.randomNormal([d], 0, 1, 'float32', 3));
const { output: context, weights } = attentionPooling(encoded, { w }); // [d], [seqLen]
const logits = tf.matMul(context.expandDims(0), tf.randomNormal([d, classes], 0, 0.5, 'float32', 4)); // [1, classes]
const probabilities = tf.softmax(logits);

flow(
  [
    { id: 'input', label: tr`input token ids`, tensor: ids },
    { id: 'embedding', label: tr`embedding`, tensor: embedded },
    { id: 'encoder', label: tr`encoder`, tensor: encoded },
    { id: 'attention', label: tr`attention weights`, tensor: weights },
    { id: 'weighting', label: tr`weighted sum`, tensor: context },
    { id: 'output', label: tr`output`, tensor: probabilities },
  ],
  [
    ['input', 'embedding'],
    ['embedding', 'encoder'],
    ['encoder', 'attention'],
    ['encoder', 'weighting'],
    ['attention', 'weighting'],
    ['weighting', 'output'],
  ],
  { title: tr`input → embedding → encoder → attention → weighted sum → output` },
);
print(tr`tokens: ${tokens.join(' ')}`);
