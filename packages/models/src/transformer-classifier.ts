import * as tf from '@tensorflow/tfjs';
import { assertInteger } from '@attention-lab/core';
import { AttentionPooling } from './attention-pooling.js';
import { PositionalEmbedding } from './positional-embedding.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** Options for {@link transformerClassifier}. */
export interface TransformerClassifierOptions {
  /** Number of token ids (`vocab`); id 0 is padding. Required. */
  vocabSize: number;
  /** Input length in tokens (`seqLen`); shorter texts are padded with 0. Required. */
  seqLen: number;
  /** Number of classes. Default `2`. */
  numClasses?: number;
  /** Width of the embeddings and of every block (`dModel`). Default `32`. */
  dModel?: number;
  /** Attention heads per block; must divide `dModel`. Default `4`. */
  numHeads?: number;
  /** Hidden width of each block's feed-forward network. Default `2 * dModel`. */
  ffDim?: number;
  /** Number of Transformer encoder blocks (0 pools the embeddings directly). Default `1`. */
  numLayers?: number;
  /** Dropout rate after the embedding, inside every block and before the classifier, while training. Default `0.1`. */
  dropout?: number;
  /** Adam learning rate of the compiled model. Default `0.001`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible initial weights (dropout masks stay random). Default `0`. */
  seed?: number;
}

/**
 * Model (b) of the article: a Transformer encoder text classifier. Token ids
 * `[batch, seqLen]` (0 = padding) go through a {@link PositionalEmbedding}
 * (sinusoidal positions, `maskZero`), `numLayers` {@link TransformerEncoderBlock}s
 * (post-LN, the padding mask honoured), {@link AttentionPooling} over the words
 * (its weights `[batch, seqLen]` say how much each word counted, 0 on padding)
 * and a dense softmax over the classes. Compiled with Adam and sparse
 * categorical cross-entropy (metric `acc`).
 *
 * Layers are named `embedding`, `encoder_1` … `encoder_N`, `attention` and
 * `classifier`, so {@link predictWithAttention} keys the maps `encoder_i`
 * (`[batch, numHeads, seqLen, seqLen]`) and `attention` (`[batch, seqLen]`).
 *
 * @param options - `vocabSize`, `seqLen` (required), `numClasses` (2), `dModel` (32), `numHeads` (4),
 *   `ffDim` (2 * dModel), `numLayers` (1), `dropout` (0.1), `learningRate` (0.001), `seed` (0).
 * @returns A compiled `tf.LayersModel`: ids `[batch, seqLen]` to class probabilities `[batch, numClasses]`.
 * @example
 * const tok = WordTokenizer.fit(train.map((s) => s.text), { maxVocab: 3000 });
 * const model = transformerClassifier({ vocabSize: tok.vocabSize, seqLen: 32 });
 * await train(model, { x: ids, y: labels }, { epochs: 10 });
 * const { attention } = await predictWithAttention(model, ids); // attention['attention'] is [batch, seqLen]
 */
export function transformerClassifier(options: TransformerClassifierOptions): tf.LayersModel {
  const fn = 'transformerClassifier';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with vocabSize and seqLen, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const vocabSize = int('vocabSize', options.vocabSize, 2);
  const seqLen = int('seqLen', options.seqLen, 1);
  const numClasses = int('numClasses', options.numClasses ?? 2, 2);
  const dModel = int('dModel', options.dModel ?? 32, 1);
  const numHeads = int('numHeads', options.numHeads ?? 4, 1);
  const ffDim = int('ffDim', options.ffDim ?? 2 * dModel, 1);
  const numLayers = int('numLayers', options.numLayers ?? 1, 0);
  const seed = int('seed', options.seed ?? 0, 0);
  const dropout = options.dropout ?? 0.1;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new RangeError(`${fn}: argument 'options.dropout' must be a number in [0, 1), got ${String(dropout)}`);
  const learningRate = options.learningRate ?? 0.001;
  if (typeof learningRate !== 'number' || !(learningRate > 0)) throw new RangeError(`${fn}: argument 'options.learningRate' must be a positive number, got ${String(learningRate)}`);
  if (dModel % numHeads !== 0) throw new RangeError(`${fn}: argument 'options.numHeads' must divide dModel=${dModel}, got ${numHeads}`);

  const ids = tf.input({ shape: [seqLen], name: 'ids' }); // [batch, seqLen]
  let h = new PositionalEmbedding({ vocabSize, dModel, maxLen: seqLen, maskZero: true, seed: seed * 100, name: 'embedding' }).apply(ids) as tf.SymbolicTensor; // [batch, seqLen, dModel]
  if (dropout > 0) h = tf.layers.dropout({ rate: dropout, name: 'embedding_dropout' }).apply(h) as tf.SymbolicTensor; // keeps the padding mask
  for (let i = 1; i <= numLayers; i++) {
    h = new TransformerEncoderBlock({ numHeads, ffDim, dropout, seed: seed * 100 + 10 * i, name: `encoder_${i}` }).apply(h) as tf.SymbolicTensor; // [batch, seqLen, dModel]
  }
  let pooled = new AttentionPooling({ seed: seed * 100 + 2, name: 'attention' }).apply(h) as tf.SymbolicTensor; // [batch, dModel]
  if (dropout > 0) pooled = tf.layers.dropout({ rate: dropout, name: 'pooled_dropout' }).apply(pooled) as tf.SymbolicTensor;
  const probs = tf.layers
    .dense({ units: numClasses, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 4 }), name: 'classifier' })
    .apply(pooled) as tf.SymbolicTensor; // [batch, numClasses]
  const model = tf.model({ inputs: ids, outputs: probs, name: 'transformer_classifier' });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
