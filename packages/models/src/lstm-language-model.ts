import * as tf from '@tensorflow/tfjs';
import { assertInteger } from '@attention-lab/core';
import { sequenceLstm } from './fused-lstm.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** Options for {@link lstmLanguageModel}. */
export interface LstmLanguageModelOptions {
  /** Number of token ids (`vocab`), special tokens included. Required. */
  vocabSize: number;
  /** Context length in tokens (`seqLen`): the model reads and predicts windows of this many. Required. */
  seqLen: number;
  /** Token embedding width. Default `32`. */
  embeddingDim?: number;
  /** LSTM units. Default `128`. */
  units?: number;
  /** Adam learning rate of the compiled model (`train` can schedule it). Default `0.003`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible weights. Default `0`. */
  seed?: number;
  /** `'fused'` ({@link FusedLSTM}, faster to train on wasm) or `'layers'` (`tf.layers.lstm`); same math and initial weights. Default `'fused'`. */
  lstm?: 'fused' | 'layers';
}

/**
 * Model (f) of the article, the recurrent half: a character language model
 * with no attention, the baseline of {@link transformerLanguageModel}. Token
 * ids `[batch, seqLen]` are embedded, read left to right by one LSTM that
 * returns its state at every step, and a dense softmax over the vocabulary
 * at every position gives `[batch, seqLen, vocab]`, where row `t` is the
 * distribution of token `t + 1`. Each window starts from a zero state, so the
 * LSTM sees the same context as the Transformer. Compiled with Adam and
 * sparse categorical cross-entropy (metric `acc`); targets are the inputs
 * shifted one ahead, `[batch, seqLen]`.
 *
 * Layers are named `embedding`, `lstm` and `next_token`. Sample from it with
 * {@link generateText}.
 *
 * @param options - `vocabSize`, `seqLen` (required), `embeddingDim` (32), `units` (128),
 *   `learningRate` (0.003), `seed` (0), `lstm` ('fused').
 * @returns A compiled `tf.LayersModel`: ids `[batch, seqLen]` to next-token probabilities `[batch, seqLen, vocab]`.
 * @example
 * const model = lstmLanguageModel({ vocabSize: tokenizer.vocabSize, seqLen: 64 });
 * const { inputs, targets } = languageModelTensors(tokenizer.encode(text), { seqLen: 64 });
 * await train(model, { x: inputs, y: targets }, { epochs: 1 });
 * const { ids } = await generateText(model, tokenizer.encode('call me '), { maxTokens: 40, temperature: 0.8 });
 */
export function lstmLanguageModel(options: LstmLanguageModelOptions): tf.LayersModel {
  const fn = 'lstmLanguageModel';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with vocabSize and seqLen, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const vocabSize = int('vocabSize', options.vocabSize, 2);
  const seqLen = int('seqLen', options.seqLen, 1);
  const embeddingDim = int('embeddingDim', options.embeddingDim ?? 32, 1);
  const units = int('units', options.units ?? 128, 1);
  const seed = int('seed', options.seed ?? 0, 0);
  const learningRate = options.learningRate ?? 0.003;
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`${fn}: argument 'options.learningRate' must be a positive finite number, got ${String(learningRate)}`);
  }

  const ids = tf.input({ shape: [seqLen], name: 'ids' });
  const embedded = tf.layers
    .embedding({ inputDim: vocabSize, outputDim: embeddingDim, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed * 100 }), name: 'embedding' })
    .apply(ids) as tf.SymbolicTensor; // [batch, seqLen, embeddingDim]
  const states = sequenceLstm(fn, options.lstm, { units, seed: seed * 100 + 1, name: 'lstm' })
    .apply(embedded) as tf.SymbolicTensor; // [batch, seqLen, units]
  const probs = tf.layers
    .dense({ units: vocabSize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 3 }), name: 'next_token' })
    .apply(states) as tf.SymbolicTensor; // [batch, seqLen, vocab]
  const model = tf.model({ inputs: ids, outputs: probs, name: 'lstm_language_model' });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
