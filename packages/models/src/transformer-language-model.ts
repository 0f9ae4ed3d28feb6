import * as tf from '@tensorflow/tfjs';
import { assertBoolean, assertInteger } from '@attention-lab/core';
import { PositionalEmbedding } from './positional-embedding.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** Options for {@link transformerLanguageModel}. */
export interface TransformerLanguageModelOptions {
  /** Number of token ids (`vocab`), special tokens included. Required. */
  vocabSize: number;
  /** Context length in tokens (`seqLen`): the model reads and predicts windows of this many. Required. */
  seqLen: number;
  /** Width of the embeddings and of every block (`dModel`); must be divisible by `numHeads`. Default `64`. */
  dModel?: number;
  /** Number of causal Transformer blocks. Default `2`. */
  numBlocks?: number;
  /** Attention heads per block. Default `4`. */
  numHeads?: number;
  /** Width of each block's feed-forward hidden layer. Default `4 * dModel`. */
  ffDim?: number;
  /** Dropout on attention weights and sublayer outputs while training. Default `0`. */
  dropout?: number;
  /** `'learned'` position table, or fixed `'sinusoidal'` encodings (token embeddings then scaled by `sqrt(dModel)`, as in the paper). Default `'learned'`. */
  positions?: 'learned' | 'sinusoidal';
  /**
   * Pre-LN blocks and a final layer norm (GPT-2 style) instead of the paper's post-LN: deeper stacks train
   * more stably. The final norm is the last block's `finalNorm`. Default `false`: two post-LN blocks train
   * well with Adam.
   */
  normFirst?: boolean;
  /**
   * Smeared keys in every block (the blocks' `keyShift`): a key can carry the
   * token before it, so one block can be an induction head. Default `false`.
   */
  keyShift?: boolean;
  /**
   * Smeared queries in every block (the blocks' `queryShift`): a query can carry
   * the token before it, as a previous-token head needs. Default `false`.
   */
  queryShift?: boolean;
  /** Adam learning rate of the compiled model (`train` can schedule it). Default `0.003`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible weights. Default `0`. */
  seed?: number;
}

/**
 * Model (f) of the article, the Transformer half: a decoder-only (GPT-style)
 * character language model. Token ids `[batch, seqLen]` go through a
 * {@link PositionalEmbedding}, then `numBlocks` {@link TransformerEncoderBlock}s
 * with `useCausalMask` (position `i` attends to positions `<= i` only), then a
 * dense softmax over the vocabulary at every position: `[batch, seqLen, vocab]`,
 * where row `t` is the distribution of token `t + 1`. Compiled with Adam and
 * sparse categorical cross-entropy (metric `acc`), so the targets are the
 * inputs shifted one ahead, `[batch, seqLen]` (see `languageModelWindows`).
 *
 * Layers are named `embedding`, `block_1` … `block_N` (each keeps its causal
 * attention map `[batch, numHeads, seqLen, seqLen]`; with `normFirst` the last
 * one ends in the final layer norm) and `next_token`. Sample from it with {@link generateText}.
 *
 * @param options - `vocabSize`, `seqLen` (required), `dModel` (64), `numBlocks` (2), `numHeads` (4),
 *   `ffDim` (4 * dModel), `dropout` (0), `positions` ('learned'), `normFirst` (false), `keyShift` (false),
 *   `queryShift` (false), `learningRate` (0.003), `seed` (0).
 * @returns A compiled `tf.LayersModel`: ids `[batch, seqLen]` to next-token probabilities `[batch, seqLen, vocab]`.
 * @example
 * const model = transformerLanguageModel({ vocabSize: tokenizer.vocabSize, seqLen: 64 });
 * const { inputs, targets } = languageModelTensors(tokenizer.encode(text), { seqLen: 64 });
 * await train(model, { x: inputs, y: targets }, { epochs: 1 });
 * const { ids } = await generateText(model, tokenizer.encode('call me '), { maxTokens: 40, temperature: 0.8, topK: 5 });
 */
export function transformerLanguageModel(options: TransformerLanguageModelOptions): tf.LayersModel {
  const fn = 'transformerLanguageModel';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with vocabSize and seqLen, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const vocabSize = int('vocabSize', options.vocabSize, 2);
  const seqLen = int('seqLen', options.seqLen, 1);
  const dModel = int('dModel', options.dModel ?? 64, 1);
  const numBlocks = int('numBlocks', options.numBlocks ?? 2, 1);
  const numHeads = int('numHeads', options.numHeads ?? 4, 1);
  if (dModel % numHeads !== 0) throw new RangeError(`${fn}: argument 'options.dModel' (${dModel}) must be divisible by 'options.numHeads' (${numHeads})`);
  const ffDim = int('ffDim', options.ffDim ?? 4 * dModel, 1);
  const seed = int('seed', options.seed ?? 0, 0);
  const dropout = options.dropout ?? 0;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new RangeError(`${fn}: argument 'options.dropout' must be a number in [0, 1), got ${String(dropout)}`);
  const positions = options.positions ?? 'learned';
  if (positions !== 'learned' && positions !== 'sinusoidal') throw new RangeError(`${fn}: argument 'options.positions' must be 'learned' or 'sinusoidal', got ${String(positions)}`);
  const normFirst = assertBoolean(fn, 'options.normFirst', options.normFirst ?? false);
  const keyShift = assertBoolean(fn, 'options.keyShift', options.keyShift ?? false);
  const queryShift = assertBoolean(fn, 'options.queryShift', options.queryShift ?? false);
  const learningRate = options.learningRate ?? 0.003;
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`${fn}: argument 'options.learningRate' must be a positive finite number, got ${String(learningRate)}`);
  }

  const ids = tf.input({ shape: [seqLen], name: 'ids' });
  let h = new PositionalEmbedding({ vocabSize, dModel, maxLen: seqLen, positions, scaleByDModel: positions === 'sinusoidal', seed: seed * 100, name: 'embedding' }).apply(ids) as tf.SymbolicTensor; // [batch, seqLen, dModel]
  for (let b = 1; b <= numBlocks; b++) {
    const finalNorm = normFirst && b === numBlocks;
    h = new TransformerEncoderBlock({ numHeads, ffDim, dropout, normFirst, ...(finalNorm ? { finalNorm } : {}), ...(keyShift ? { keyShift } : {}), ...(queryShift ? { queryShift } : {}), useCausalMask: true, seed: seed * 100 + 10 * b, name: `block_${b}` }).apply(h) as tf.SymbolicTensor; // [batch, seqLen, dModel]
  }
  const probs = tf.layers
    .dense({ units: vocabSize, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 99 }), name: 'next_token' })
    .apply(h) as tf.SymbolicTensor; // [batch, seqLen, vocab]
  const model = tf.model({ inputs: ids, outputs: probs, name: 'transformer_language_model' });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
