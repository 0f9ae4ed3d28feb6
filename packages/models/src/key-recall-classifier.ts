import * as tf from '@tensorflow/tfjs';
import { assertInteger } from '@attention-lab/core';
import { MultiHeadAttention } from './multi-head-attention.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** Options for {@link keyRecallClassifier}. */
export interface KeyRecallClassifierOptions {
  /** Number of token ids (`vocab`). Required. */
  vocabSize: number;
  /** Input length in tokens (`seqLen`). Required. */
  seqLen: number;
  /** Number of answer classes. Default `vocabSize`. */
  numClasses?: number;
  /** Token embedding width. Default `32`. */
  embeddingDim?: number;
  /** LSTM units, also the attention's key width. Default `64`. */
  units?: number;
  /** `true`: LSTM + attention with the last state as query; `false`: the plain LSTM baseline (last state). Default `true`. */
  attention?: boolean;
  /** Adam learning rate of the compiled model. Default `0.01`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible weights. Default `0`. */
  seed?: number;
}

/**
 * Model (a) of the article: a classifier for the key-recall task (pairs of
 * key and value tokens, then `<sep>` and a key; the answer is that key's
 * value). Both variants read the sequence with one LSTM. The plain baseline
 * must answer from its last state alone, which has to carry every pair seen.
 * The attention variant asks a question instead: the last state (which has
 * just read the key asked for) is the query of one-head dot-product
 * attention ({@link MultiHeadAttention}) over every LSTM state, so it can
 * look straight back at the value stored under that key, however far away;
 * the context and the query predict the answer. Both come compiled with Adam
 * and sparse categorical cross-entropy (metric `acc`).
 *
 * Layers are named `embedding`, `encoder`, `attention` (attention variant
 * only; its map is `[batch, 1, 1, seqLen]`: where the question looked),
 * `hidden` and `classifier`.
 *
 * @param options - `vocabSize`, `seqLen` (required), `numClasses` (vocabSize), `embeddingDim` (32),
 *   `units` (64), `attention` (true), `learningRate` (0.01), `seed` (0).
 * @returns A compiled `tf.LayersModel`: ids `[batch, seqLen]` to class probabilities `[batch, numClasses]`.
 * @example
 * const model = keyRecallClassifier({ vocabSize: 30, seqLen: 18 });
 * await train(model, { x: ids, y: answers }, { epochs: 20 });
 * const { attention } = await predictWithAttention(model, ids); // attention['attention'] is [batch, 1, 1, seqLen]
 */
export function keyRecallClassifier(options: KeyRecallClassifierOptions): tf.LayersModel {
  const fn = 'keyRecallClassifier';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with vocabSize and seqLen, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const vocabSize = int('vocabSize', options.vocabSize, 1);
  const seqLen = int('seqLen', options.seqLen, 1);
  const numClasses = int('numClasses', options.numClasses ?? vocabSize, 2);
  const embeddingDim = int('embeddingDim', options.embeddingDim ?? 32, 1);
  const units = int('units', options.units ?? 64, 1);
  const seed = int('seed', options.seed ?? 0, 0);
  const attention = options.attention ?? true;
  const glorot = (i: number) => tf.initializers.glorotUniform({ seed: seed * 100 + i });
  const orthogonal = (i: number) => tf.initializers.orthogonal({ seed: seed * 100 + i, gain: 1 });

  const ids = tf.input({ shape: [seqLen], name: 'ids' });
  const embedded = tf.layers
    .embedding({ inputDim: vocabSize, outputDim: embeddingDim, name: 'embedding', embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed * 100 }) })
    .apply(ids) as tf.SymbolicTensor; // [batch, seqLen, embeddingDim]
  let summary: tf.SymbolicTensor;
  if (attention) {
    const [states, last] = tf.layers
      .lstm({ units, returnSequences: true, returnState: true, kernelInitializer: glorot(1), recurrentInitializer: orthogonal(2), name: 'encoder' })
      .apply(embedded) as tf.SymbolicTensor[]; // states [batch, seqLen, units], last [batch, units]
    const query = tf.layers.reshape({ targetShape: [1, units], name: 'query' }).apply(last!) as tf.SymbolicTensor; // [batch, 1, units]
    const context = new MultiHeadAttention({ numHeads: 1, keyDim: units, seed: seed * 100 + 4, name: 'attention' }).apply([query, states!]) as tf.SymbolicTensor; // [batch, 1, units]
    const flat = tf.layers.flatten({ name: 'context' }).apply(context) as tf.SymbolicTensor; // [batch, units]
    const joined = tf.layers.concatenate({ name: 'join' }).apply([flat, last!]) as tf.SymbolicTensor; // [batch, 2 * units]
    summary = tf.layers.dense({ units, activation: 'tanh', kernelInitializer: glorot(5), name: 'hidden' }).apply(joined) as tf.SymbolicTensor;
  } else {
    const last = tf.layers
      .lstm({ units, kernelInitializer: glorot(1), recurrentInitializer: orthogonal(2), name: 'encoder' })
      .apply(embedded) as tf.SymbolicTensor; // [batch, units]
    summary = tf.layers.dense({ units, activation: 'tanh', kernelInitializer: glorot(5), name: 'hidden' }).apply(last) as tf.SymbolicTensor;
  }
  const probs = tf.layers
    .dense({ units: numClasses, activation: 'softmax', kernelInitializer: glorot(7), name: 'classifier' })
    .apply(summary) as tf.SymbolicTensor; // [batch, numClasses]
  const model = tf.model({ inputs: ids, outputs: probs, name: attention ? 'key_recall_attention' : 'key_recall_lstm' });
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
