import * as tf from '@tensorflow/tfjs';
import { AttentionPooling } from './attention-pooling.js';

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
  /** LSTM units (per direction for the attention variant). Default `64`. */
  units?: number;
  /** `true`: bidirectional LSTM + attention pooling; `false`: the plain LSTM baseline (last state). Default `true`. */
  attention?: boolean;
  /** Adam learning rate of the compiled model. Default `0.01`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible weights. Default `0`. */
  seed?: number;
}

/**
 * Model (a) of the article: a classifier for the key-recall task (pairs of
 * key and value tokens, then `<sep>` and a key; the answer is that key's
 * value). The attention variant reads the sequence with a bidirectional LSTM,
 * scores every step (`tanh` projection) and pools with {@link AttentionPooling},
 * so its weights show which step it recalled from; the baseline is a plain
 * LSTM whose last state must carry everything. Both come compiled with Adam
 * and sparse categorical cross-entropy (metric `acc`).
 *
 * Layers are named `embedding`, `encoder`, `scores`, `attention` (attention
 * variant only) and `classifier`.
 *
 * @param options - `vocabSize`, `seqLen` (required), `numClasses` (vocabSize), `embeddingDim` (32),
 *   `units` (64), `attention` (true), `learningRate` (0.01), `seed` (0).
 * @returns A compiled `tf.LayersModel`: ids `[batch, seqLen]` to class probabilities `[batch, numClasses]`.
 * @example
 * const model = keyRecallClassifier({ vocabSize: 30, seqLen: 18 });
 * await train(model, { x: ids, y: answers }, { epochs: 20 });
 * const { attention } = await predictWithAttention(model, ids); // attention['attention'] is [batch, seqLen]
 */
export function keyRecallClassifier(options: KeyRecallClassifierOptions): tf.LayersModel {
  const fn = 'keyRecallClassifier';
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with vocabSize and seqLen, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new RangeError(`${fn}: argument 'options.${name}' must be an integer >= ${min}, got ${String(value)}`);
    return value;
  };
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
  const lstm = (i: number, returnSequences: boolean, name?: string) =>
    tf.layers.lstm({ units, returnSequences, kernelInitializer: glorot(i), recurrentInitializer: orthogonal(i + 1), ...(name ? { name } : {}) });
  let summary: tf.SymbolicTensor;
  if (attention) {
    const states = tf.layers
      .bidirectional({ layer: lstm(1, true) as unknown as tf.RNN, mergeMode: 'concat', name: 'encoder' })
      .apply(embedded) as tf.SymbolicTensor; // [batch, seqLen, 2 * units]
    const scored = tf.layers.dense({ units, activation: 'tanh', kernelInitializer: glorot(5), name: 'scores' }).apply(states) as tf.SymbolicTensor; // [batch, seqLen, units]
    summary = new AttentionPooling({ seed: seed * 100 + 6, name: 'attention' }).apply(scored) as tf.SymbolicTensor; // [batch, units]
  } else {
    const last = lstm(1, false, 'encoder').apply(embedded) as tf.SymbolicTensor; // [batch, units]
    summary = tf.layers.dense({ units, activation: 'tanh', kernelInitializer: glorot(5), name: 'scores' }).apply(last) as tf.SymbolicTensor;
  }
  const probs = tf.layers
    .dense({ units: numClasses, activation: 'softmax', kernelInitializer: glorot(7), name: 'classifier' })
    .apply(summary) as tf.SymbolicTensor; // [batch, numClasses]
  const model = tf.model({ inputs: ids, outputs: probs, name: attention ? 'key_recall_attention' : 'key_recall_lstm' });
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
