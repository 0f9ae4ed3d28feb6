import * as tf from '@tensorflow/tfjs';
import { assertInteger } from '@attention-lab/core';
import { AdditiveAttention } from './additive-attention.js';
import { sequenceLstm } from './fused-lstm.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** Options for {@link attentionSeq2seq}. */
export interface AttentionSeq2seqOptions {
  /** Source token ids (`sourceVocab`), 0 = padding. Required. */
  sourceVocabSize: number;
  /** Target token ids (`targetVocab`), 0 = padding. Required. */
  targetVocabSize: number;
  /** Source length in tokens (`seqLenSrc`). Required. */
  sourceLength: number;
  /** Decoder input length in tokens (`seqLenTgt`: `<bos>` + target, padded). Required. */
  targetLength: number;
  /** Token embedding width of both sides. Default `32`. */
  embeddingDim?: number;
  /** LSTM units per encoder direction; the decoder has twice as many. Default `64`. */
  units?: number;
  /** Width of the additive attention's hidden layer (`dAttn`). Default `64`. */
  attentionUnits?: number;
  /** Adam learning rate of the compiled model. Default `0.005`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible weights. Default `0`. */
  seed?: number;
  /**
   * The LSTMs: `'fused'` ({@link FusedLSTM}, one kernel per cell step, several
   * times faster to train on wasm) or `'layers'` (`tf.layers.lstm` in
   * `tf.layers.bidirectional`, the classes Keras users know). Same math and
   * initial weights. Default `'fused'`.
   */
  lstm?: 'fused' | 'layers';
}

/**
 * Model (d) of the article: an encoder–decoder with additive (Bahdanau)
 * attention. A bidirectional LSTM reads the source; an LSTM reads the target
 * so far (teacher forcing: `<bos>` then the target shifted right); at every
 * output step {@link AdditiveAttention} scores each source position against
 * the decoder state (`v · tanh(Wq s + Wk h)`), and the context it returns,
 * joined with the decoder state, predicts the next token. Padding (id 0) on
 * either side is masked, so no attention falls on it.
 *
 * Inputs `[sourceIds [batch, seqLenSrc], targetInputIds [batch, seqLenTgt]]`,
 * output next-token probabilities `[batch, seqLenTgt, targetVocab]`; compiled
 * with Adam and sparse categorical cross-entropy. Layers are named
 * `source_embedding`, `encoder`, `target_embedding`, `decoder`, `attention`
 * (its map is `[batch, seqLenTgt, seqLenSrc]`), `join` and `next_token`.
 * Decode with {@link decodeSequences} (greedy or beam).
 *
 * @param options - `sourceVocabSize`, `targetVocabSize`, `sourceLength`, `targetLength` (required),
 *   `embeddingDim` (32), `units` (64), `attentionUnits` (64), `learningRate` (0.005), `seed` (0), `lstm` ('fused').
 * @returns A compiled two-input `tf.LayersModel`.
 * @example
 * const model = attentionSeq2seq({ sourceVocabSize: 60, targetVocabSize: 15, sourceLength: 32, targetLength: 11 });
 * await train(model, { x: [sourceIds, targetInputIds], y: targetOutputIds }, { epochs: 10 });
 * const { sequences, attention } = await decodeSequences(model, sourceIds, { bosId: 2, eosId: 3, beamWidth: 3 });
 */
export function attentionSeq2seq(options: AttentionSeq2seqOptions): tf.LayersModel {
  const fn = 'attentionSeq2seq';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`${fn}: argument 'options' must be an object with sourceVocabSize, targetVocabSize, sourceLength and targetLength, got ${String(options)}`);
  }
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const sourceVocabSize = int('sourceVocabSize', options.sourceVocabSize, 2);
  const targetVocabSize = int('targetVocabSize', options.targetVocabSize, 2);
  const sourceLength = int('sourceLength', options.sourceLength, 1);
  const targetLength = int('targetLength', options.targetLength, 1);
  const embeddingDim = int('embeddingDim', options.embeddingDim ?? 32, 1);
  const units = int('units', options.units ?? 64, 1);
  const attentionUnits = int('attentionUnits', options.attentionUnits ?? 64, 1);
  const seed = int('seed', options.seed ?? 0, 0);
  const glorot = (i: number) => tf.initializers.glorotUniform({ seed: seed * 100 + i });
  const uniform = (i: number) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed * 100 + i });

  const sourceIds = tf.input({ shape: [sourceLength], name: 'source_ids' });
  const targetIds = tf.input({ shape: [targetLength], name: 'target_input_ids' });
  const sourceEmbedded = tf.layers
    .embedding({ inputDim: sourceVocabSize, outputDim: embeddingDim, maskZero: true, embeddingsInitializer: uniform(1), name: 'source_embedding' })
    .apply(sourceIds) as tf.SymbolicTensor; // [batch, seqLenSrc, embeddingDim]
  const encoded = sequenceLstm(fn, options.lstm, { units, seed: seed * 100 + 2, name: 'encoder', bidirectional: true })
    .apply(sourceEmbedded) as tf.SymbolicTensor; // [batch, seqLenSrc, 2 * units]
  const targetEmbedded = tf.layers
    .embedding({ inputDim: targetVocabSize, outputDim: embeddingDim, maskZero: true, embeddingsInitializer: uniform(4), name: 'target_embedding' })
    .apply(targetIds) as tf.SymbolicTensor; // [batch, seqLenTgt, embeddingDim]
  const decoded = sequenceLstm(fn, options.lstm, { units: 2 * units, seed: seed * 100 + 5, name: 'decoder' })
    .apply(targetEmbedded) as tf.SymbolicTensor; // [batch, seqLenTgt, 2 * units]
  const context = new AdditiveAttention({ units: attentionUnits, seed: seed * 100 + 7, keyMaskInput: true, name: 'attention' }).apply([decoded, encoded, sourceIds]) as tf.SymbolicTensor; // [batch, seqLenTgt, 2 * units]
  const joined = tf.layers.concatenate({ axis: -1, name: 'concat' }).apply([decoded, context]) as tf.SymbolicTensor; // [batch, seqLenTgt, 4 * units]
  const hidden = tf.layers.dense({ units: 2 * units, activation: 'tanh', kernelInitializer: glorot(8), name: 'join' }).apply(joined) as tf.SymbolicTensor;
  const probs = tf.layers
    .dense({ units: targetVocabSize, activation: 'softmax', kernelInitializer: glorot(9), name: 'next_token' })
    .apply(hidden) as tf.SymbolicTensor; // [batch, seqLenTgt, targetVocab]
  const model = tf.model({ inputs: [sourceIds, targetIds], outputs: probs, name: 'attention_seq2seq' });
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.005), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
