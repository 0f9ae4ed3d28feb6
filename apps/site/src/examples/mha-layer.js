// @ts-check
// Case (d): the Keras-style multi-head attention layer of @attention-lab/models,
// dropped into a model like any tf.layers layer. It projects the input to
// queries, keys and values (kernels [dModel, numHeads * keyDim]), splits them
// into heads, scores each head with scaled dot products, takes the softmax,
// mixes the values, merges the heads and projects back with the output
// kernel. Its weights are seeded here, not trained, so the picture shows the
// mechanics; the trained Transformers of cases (b), (f) and (g) show learned heads.
import * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention, PositionalEmbedding } from '@attention-lab/models';
import { inputs, print, sentenceTokens, show, tr } from 'live';

const words = sentenceTokens(String(inputs.sentence), { max: 16, apostrophes: true });
if (words.length < 2) throw new Error(tr`type a sentence of at least two words`);
const numHeads = Number(inputs.heads);
const dModel = 32;
const keyDim = dModel / numHeads;

// Word ids in order of first appearance, so a repeated word gets the same vector.
const vocab = [...new Set(words)];
const ids = tf.tensor2d([words.map((w) => vocab.indexOf(w) + 1)], [1, words.length], 'int32'); // [1, seqLen]
const embed = new PositionalEmbedding({ vocabSize: vocab.length + 1, dModel, maxLen: words.length, seed: 3 });
const mha = new MultiHeadAttention({ numHeads, keyDim, seed: 4 });
const x = /** @type {tf.Tensor} */ (embed.apply(ids)); // [1, seqLen, dModel]
const y = /** @type {tf.Tensor} */ (mha.apply(x)); // self-attention: query = key = value = x

print(tr`input x            [batch, seqLen, dModel]            = [${x.shape.join(', ')}]`);
for (const w of mha.getWeights()) {
  const shape = `[${w.shape.join(', ')}]`.padEnd(12);
  print(w.shape.length === 2 ? tr`weight kernel ${shape}` : tr`weight bias   ${shape}`);
}
print(tr`heads: ${numHeads} of keyDim ${keyDim}; Q, K, V split to [batch, heads, seqLen, keyDim] = [1, ${numHeads}, ${words.length}, ${keyDim}]`);
const weights = mha.lastAttentionWeights; // [batch, heads, seqLenQ, seqLenK], owned by the layer
print(tr`attention weights  [batch, heads, seqLenQ, seqLenK] = [${weights?.shape.join(', ')}]`);
print(tr`output y           [batch, seqLen, dModel]            = [${y.shape.join(', ')}]`);
print(tr`config: ${JSON.stringify(mha.getConfig())}`);
if (weights) show('headView', { attention: weights, queryTokens: words }, { title: tr`${numHeads} heads over your sentence (hover a word)` });
tf.dispose([ids, x, y]);
embed.dispose();
mha.dispose();
