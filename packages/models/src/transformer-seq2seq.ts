import * as tf from '@tensorflow/tfjs';
import { assertInteger } from '@attention-lab/core';
import { PositionalEmbedding } from './positional-embedding.js';
import { TransformerDecoderBlock } from './transformer-decoder-block.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** Options for {@link transformerSeq2seq}. */
export interface TransformerSeq2seqOptions {
  /** Source token ids (`sourceVocab`), 0 = padding. Required. */
  sourceVocabSize: number;
  /** Target token ids (`targetVocab`), 0 = padding. Required. */
  targetVocabSize: number;
  /** Source length in tokens (`seqLenSrc`). Required. */
  sourceLength: number;
  /** Decoder input length in tokens (`seqLenTgt`: `<bos>` + target, padded). Required. */
  targetLength: number;
  /** Width of every token vector (`dModel`); a multiple of `numHeads`. Default `64`. */
  dModel?: number;
  /** Attention heads in every block. Default `4`. */
  numHeads?: number;
  /** Hidden width of each block's feed-forward network. Default `2 * dModel`. */
  ffDim?: number;
  /** Encoder blocks, and as many decoder blocks. Default `1`. */
  numLayers?: number;
  /** Dropout in every block. Default `0.1`. */
  dropout?: number;
  /** Adam learning rate of the compiled model (a schedule passed to `train` overrides it). Default `0.001`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible weights. Default `0`. */
  seed?: number;
}

/**
 * Model (e) of the article: the encoder–decoder Transformer (Vaswani et al.,
 * 2017) at toy size. Source ids get token embeddings plus sinusoidal
 * positions and pass through `numLayers` encoder blocks (self-attention);
 * the target so far (teacher forcing: `<bos>` then the target shifted right)
 * passes through as many decoder blocks (causal self-attention, then
 * cross-attention to the encoder output), and a softmax predicts the next
 * token at every position. Padding (id 0) is masked on both sides: the source
 * ids themselves are the decoder blocks' encoder mask (nonzero = token).
 *
 * Same inputs and output as {@link attentionSeq2seq}, so {@link train},
 * {@link decodeSequences} (greedy and beam) and {@link seq2seqTensors} work
 * unchanged: `[sourceIds [batch, seqLenSrc], targetInputIds [batch, seqLenTgt]]`
 * to `[batch, seqLenTgt, targetVocab]`, compiled with Adam and sparse
 * categorical cross-entropy (metric `acc`). Layers are named
 * `source_embedding`, `encoder_1`…, `target_embedding`, `decoder_1`… and
 * `next_token`; the cross-attention maps are `decoder_<i>/cross`
 * `[batch, numHeads, seqLenTgt, seqLenSrc]` in {@link readAttentionMaps}.
 *
 * @param options - `sourceVocabSize`, `targetVocabSize`, `sourceLength`, `targetLength` (required),
 *   `dModel` (64), `numHeads` (4), `ffDim` (2 * dModel), `numLayers` (1), `dropout` (0.1),
 *   `learningRate` (0.001), `seed` (0).
 * @returns A compiled two-input `tf.LayersModel`.
 * @example
 * const model = transformerSeq2seq({ sourceVocabSize: 60, targetVocabSize: 15, sourceLength: 30, targetLength: 11 });
 * await train(model, { x: [sourceIds, targetInputIds], y: targetOutputIds }, { epochs: 10, learningRate: warmupSchedule({ dModel: 64 }) });
 * const { sequences, attention } = await decodeSequences(model, sourceIds, { bosId: 2, eosId: 3 });
 * attention['decoder_1/cross'].shape; // [batch, 4, seqLenTgt, 30]
 */
export function transformerSeq2seq(options: TransformerSeq2seqOptions): tf.LayersModel {
  const fn = 'transformerSeq2seq';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`${fn}: argument 'options' must be an object with sourceVocabSize, targetVocabSize, sourceLength and targetLength, got ${String(options)}`);
  }
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const sourceVocabSize = int('sourceVocabSize', options.sourceVocabSize, 2);
  const targetVocabSize = int('targetVocabSize', options.targetVocabSize, 2);
  const sourceLength = int('sourceLength', options.sourceLength, 1);
  const targetLength = int('targetLength', options.targetLength, 1);
  const numHeads = int('numHeads', options.numHeads ?? 4, 1);
  const dModel = int('dModel', options.dModel ?? 64, 1);
  if (dModel % numHeads !== 0) throw new RangeError(`${fn}: argument 'options.dModel' (${dModel}) must be a multiple of 'options.numHeads' (${numHeads})`);
  const ffDim = int('ffDim', options.ffDim ?? 2 * dModel, 1);
  const numLayers = int('numLayers', options.numLayers ?? 1, 1);
  const seed = int('seed', options.seed ?? 0, 0);
  const dropout = options.dropout ?? 0.1;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new RangeError(`${fn}: argument 'options.dropout' must be a number in [0, 1), got ${String(dropout)}`);
  const learningRate = options.learningRate ?? 0.001;
  if (typeof learningRate !== 'number' || !(learningRate > 0)) throw new RangeError(`${fn}: argument 'options.learningRate' must be a positive number, got ${String(learningRate)}`);

  const sourceIds = tf.input({ shape: [sourceLength], name: 'source_ids' });
  const targetIds = tf.input({ shape: [targetLength], name: 'target_input_ids' });
  let encoded = new PositionalEmbedding({ vocabSize: sourceVocabSize, dModel, maxLen: sourceLength, maskZero: true, seed: seed * 100 + 1, name: 'source_embedding' })
    .apply(sourceIds) as tf.SymbolicTensor; // [batch, seqLenSrc, dModel], padding mask attached
  for (let i = 1; i <= numLayers; i++) {
    encoded = new TransformerEncoderBlock({ numHeads, ffDim, dropout, seed: seed * 100 + 10 + i, name: `encoder_${i}` }).apply(encoded) as tf.SymbolicTensor; // [batch, seqLenSrc, dModel]
  }
  let decoded = new PositionalEmbedding({ vocabSize: targetVocabSize, dModel, maxLen: targetLength, maskZero: true, seed: seed * 100 + 2, name: 'target_embedding' })
    .apply(targetIds) as tf.SymbolicTensor; // [batch, seqLenTgt, dModel]
  for (let i = 1; i <= numLayers; i++) {
    // The source ids are the encoder mask: a functional model hands a layer only its first input's padding mask.
    decoded = new TransformerDecoderBlock({ numHeads, ffDim, dropout, seed: seed * 100 + 20 + i, name: `decoder_${i}` }).apply([decoded, encoded, sourceIds]) as tf.SymbolicTensor; // [batch, seqLenTgt, dModel]
  }
  const probs = tf.layers
    .dense({ units: targetVocabSize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 3 }), name: 'next_token' })
    .apply(decoded) as tf.SymbolicTensor; // [batch, seqLenTgt, targetVocab]
  const model = tf.model({ inputs: [sourceIds, targetIds], outputs: probs, name: 'transformer_seq2seq' });
  model.compile({ optimizer: tf.train.adam(learningRate, 0.9, 0.98, 1e-9), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
