import * as tf from '@tensorflow/tfjs';
import { assertInteger } from '@attention-lab/core';
import { AttentionPooling } from './attention-pooling.js';
import { PositionalEmbedding } from './positional-embedding.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';
import { ZeroTokenMask } from './zero-token-mask.js';

/** Options for {@link imageAttentionClassifier}. */
export interface ImageAttentionClassifierOptions {
  /** Image height in pixels; a multiple of `patchSize`. Default `28`. */
  height?: number;
  /** Image width in pixels; a multiple of `patchSize`. Default `28`. */
  width?: number;
  /** Channels per pixel. Default `1`. */
  channels?: number;
  /** Side of the square patches the image is cut into. Default `4` (a 7x7 grid on 28x28 images). */
  patchSize?: number;
  /** Number of classes. Default `10`. */
  numClasses?: number;
  /** Width of the patch embeddings and of every block (`dModel`). Default `64`. */
  dModel?: number;
  /** Rings of neighbouring patches each token also reads (2: the 5x5 block of patches around it, 20x20 pixels with 4x4 patches; zeros past the border); `0`: its own patch only, as in ViT. Default `2`. */
  context?: number;
  /** After the blocks, mix the tokens with one relu dense map across the grid, shared by the channels, plus a residual (MLP-Mixer's token mixing): each patch sees the whole image at the cost of 2-D matrix products. Default `true`. */
  tokenMixing?: boolean;
  /**
   * Leave the patches with no ink (every pixel 0) out of the attention pooling, as padding is left out of a
   * sentence ({@link ZeroTokenMask}). Without it a model may put its pooling weight on blank background
   * patches, and the picture of the weights then says nothing about the digit. Default `false`.
   */
  maskBlankPatches?: boolean;
  /** Width of a relu layer applied to every token before the pooling; `0` pools the tokens as they are. Default `128`. */
  tokenHidden?: number;
  /** Attention heads per block; must divide `dModel`. Default `4`. */
  numHeads?: number;
  /** Hidden width of each block's feed-forward network. Default `2 * dModel`. */
  ffDim?: number;
  /** Number of Transformer encoder blocks after the patch embedding (slow on wasm: a block over 49 patches costs more than the rest of the model). Default `0`. */
  numLayers?: number;
  /** Dropout rate inside every block and before the classifier, while training. Default `0.1`. */
  dropout?: number;
  /** Adam learning rate of the compiled model. Default `0.003`. */
  learningRate?: number;
  /** Seed of every initializer, for reproducible initial weights (dropout masks stay random). Default `0`. */
  seed?: number;
}

/**
 * Model (c) of the article: an image classifier that attends over patches.
 * Images `[batch, height, width, channels]` are cut into a
 * `[rows, cols] = [height / patchSize, width / patchSize]` grid of square
 * patches. Each patch becomes a token: its pixels and those of the `context`
 * rings of patches around it (a strided convolution, written as shifted
 * crops) go through a dense map to `dModel`, plus a learned embedding of its
 * place in the grid ({@link PositionalEmbedding} with learned positions).
 * Then, each optional: `numLayers` {@link TransformerEncoderBlock}s, a token
 * mixing layer (one dense map across the grid, from MLP-Mixer, so each patch
 * sees the whole image), a relu layer per token. {@link AttentionPooling}
 * weighs the tokens into one vector for a dense softmax; its weights
 * `[batch, rows · cols]` (row-major over the grid) reshape to
 * `[batch, rows, cols]`, a picture of where the model looked.
 * Compiled with Adam and sparse categorical cross-entropy (metric `acc`).
 *
 * Only stock `tf.layers` and this package's registered layers are used, so
 * the model saves and loads with `loadPretrained`, and it trains on
 * wasm, which has no convolution filter gradient: patches come from reshapes,
 * a permute, zero padding and crops, all of them plain data movement.
 * Inputs must be finite (the position ids are a frozen zero map of the pixels).
 *
 * Layers are named `patches` (`[batch, rows · cols, patchSize² · channels]`),
 * `context_tokens`, `patch_embedding`, `positions`, `encoder_1` … `encoder_N`,
 * `token_mixing`, `token_hidden`, `attention` and `classifier`;
 * {@link predictWithAttention} keys the maps `encoder_i`
 * (`[batch, numHeads, rows · cols, rows · cols]`) and `attention` (`[batch, rows · cols]`).
 * The defaults are the shipped `mnist-attention` model's.
 *
 * @param options - `height` (28), `width` (28), `channels` (1), `patchSize` (4), `numClasses` (10),
 *   `dModel` (64), `context` (2), `tokenMixing` (true), `tokenHidden` (128), `numHeads` (4),
 *   `ffDim` (2 * dModel), `numLayers` (0), `dropout` (0.1), `learningRate` (0.003), `seed` (0).
 * @returns A compiled `tf.LayersModel`: images `[batch, height, width, channels]` to class probabilities `[batch, numClasses]`.
 * @example
 * const model = imageAttentionClassifier(); // 28x28x1 digits, a 7x7 grid of 4x4 patches
 * await train(model, { x: images, y: labels }, { epochs: 5, batchSize: 64 });
 * const { attention } = await predictWithAttention(model, images);
 * attention['attention'].shape; // [batch, 49]: reshape to [batch, 7, 7] and draw over the digit
 */
export function imageAttentionClassifier(options: ImageAttentionClassifierOptions = {}): tf.LayersModel {
  const fn = 'imageAttentionClassifier';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const height = int('height', options.height ?? 28, 1);
  const width = int('width', options.width ?? 28, 1);
  const channels = int('channels', options.channels ?? 1, 1);
  const patchSize = int('patchSize', options.patchSize ?? 4, 1);
  const numClasses = int('numClasses', options.numClasses ?? 10, 2);
  const dModel = int('dModel', options.dModel ?? 64, 1);
  const maskBlankPatches = options.maskBlankPatches ?? false;
  if (typeof maskBlankPatches !== 'boolean') throw new TypeError(`${fn}: argument 'options.maskBlankPatches' must be a boolean, got ${String(maskBlankPatches)}`);
  const tokenMixing = options.tokenMixing ?? true;
  if (typeof tokenMixing !== 'boolean') throw new TypeError(`${fn}: argument 'options.tokenMixing' must be a boolean, got ${String(tokenMixing)}`);
  const context = int('context', options.context ?? 2, 0);
  const tokenHidden = int('tokenHidden', options.tokenHidden ?? 128, 0);
  const numHeads = int('numHeads', options.numHeads ?? 4, 1);
  const ffDim = int('ffDim', options.ffDim ?? 2 * dModel, 1);
  const numLayers = int('numLayers', options.numLayers ?? 0, 0);
  const seed = int('seed', options.seed ?? 0, 0);
  const dropout = options.dropout ?? 0.1;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new RangeError(`${fn}: argument 'options.dropout' must be a number in [0, 1), got ${String(dropout)}`);
  const learningRate = options.learningRate ?? 0.003;
  if (typeof learningRate !== 'number' || !(learningRate > 0)) throw new RangeError(`${fn}: argument 'options.learningRate' must be a positive number, got ${String(learningRate)}`);
  if (height % patchSize !== 0 || width % patchSize !== 0) {
    throw new RangeError(`${fn}: argument 'options.patchSize' must divide the image [height, width] = [${height}, ${width}], got ${patchSize}`);
  }
  if (dModel % numHeads !== 0) throw new RangeError(`${fn}: argument 'options.numHeads' must divide dModel=${dModel}, got ${numHeads}`);
  const [rows, cols] = [height / patchSize, width / patchSize];
  const glorot = (i: number) => tf.initializers.glorotUniform({ seed: seed * 100 + i });

  const images = tf.input({ shape: [height, width, channels], name: 'images' }); // [batch, height, width, channels]
  let h = tf.layers.reshape({ targetShape: [rows, patchSize, cols, patchSize * channels], name: 'patch_rows' }).apply(images) as tf.SymbolicTensor; // [batch, rows, patchSize, cols, patchSize * channels]
  h = tf.layers.permute({ dims: [1, 3, 2, 4], name: 'patch_grid' }).apply(h) as tf.SymbolicTensor; // [batch, rows, cols, patchSize, patchSize * channels]
  const patches = tf.layers.reshape({ targetShape: [rows * cols, patchSize * patchSize * channels], name: 'patches' }).apply(h) as tf.SymbolicTensor; // [batch, patches, patchSize² · channels]
  h = patches;
  if (context > 0) {
    // Each token reads its patch and the `context` rings of patches around it (zeros past the border):
    // with a dense map after it, a convolution of kernel (2 · context + 1) · patchSize and stride patchSize.
    const size = patchSize * patchSize * channels;
    const grid = tf.layers.reshape({ targetShape: [rows, cols, size], name: 'patch_grid_2d' }).apply(patches) as tf.SymbolicTensor; // [batch, rows, cols, size]
    const padded = tf.layers.zeroPadding2d({ padding: context, name: 'context_padding' }).apply(grid) as tf.SymbolicTensor; // [batch, rows + 2 · context, cols + 2 · context, size]
    const shifted: tf.SymbolicTensor[] = [];
    for (let dy = 0; dy <= 2 * context; dy++) {
      for (let dx = 0; dx <= 2 * context; dx++) {
        const crop = tf.layers.cropping2D({ cropping: [[dy, 2 * context - dy], [dx, 2 * context - dx]], name: `context_${dy}_${dx}` });
        shifted.push(crop.apply(padded) as tf.SymbolicTensor); // [batch, rows, cols, size]: the patch dy - context rows down, dx - context columns right
      }
    }
    h = tf.layers.concatenate({ axis: -1, name: 'context' }).apply(shifted) as tf.SymbolicTensor; // [batch, rows, cols, (2 · context + 1)² · size]
    h = tf.layers.reshape({ targetShape: [rows * cols, (2 * context + 1) ** 2 * size], name: 'context_tokens' }).apply(h) as tf.SymbolicTensor; // [batch, patches, (2 · context + 1)² · size]
  }
  h = tf.layers.dense({ units: dModel, kernelInitializer: glorot(2), name: 'patch_embedding' }).apply(h) as tf.SymbolicTensor; // [batch, patches, dModel]
  // The learned positions of the patches: PositionalEmbedding({ positions: 'learned' }) looks up a table
  // [patches, dModel] by place. It reads ids; every patch gets id 0 (a frozen all-zero projection of its
  // pixels), so its output is one shared vector plus the position's row.
  const zeroIds = tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'zeros', trainable: false, name: 'patch_ids' }).apply(patches) as tf.SymbolicTensor; // [batch, patches, 1], all 0
  const positions = new PositionalEmbedding({ vocabSize: 1, dModel, maxLen: rows * cols, positions: 'learned', seed: seed * 100 + 3, name: 'positions' }).apply(
    tf.layers.reshape({ targetShape: [rows * cols], name: 'patch_positions' }).apply(zeroIds) as tf.SymbolicTensor,
  ) as tf.SymbolicTensor; // [batch, patches, dModel]
  h = tf.layers.add({ name: 'patch_tokens' }).apply([h, positions]) as tf.SymbolicTensor; // [batch, patches, dModel]
  for (let i = 1; i <= numLayers; i++) {
    h = new TransformerEncoderBlock({ numHeads, ffDim, dropout, seed: seed * 100 + 10 * i, name: `encoder_${i}` }).apply(h) as tf.SymbolicTensor; // [batch, patches, dModel]
  }
  if (tokenMixing) {
    // MLP-Mixer's token mixing (Tolstikhin et al., 2021): one dense map across the patches, shared by the channels, plus a residual.
    let mixed = tf.layers.permute({ dims: [2, 1], name: 'mixing_in' }).apply(h) as tf.SymbolicTensor; // [batch, dModel, patches]
    mixed = tf.layers.dense({ units: rows * cols, activation: 'relu', kernelInitializer: glorot(6), name: 'token_mixing' }).apply(mixed) as tf.SymbolicTensor; // [batch, dModel, patches]
    mixed = tf.layers.permute({ dims: [2, 1], name: 'mixing_out' }).apply(mixed) as tf.SymbolicTensor; // [batch, patches, dModel]
    h = tf.layers.add({ name: 'mixed_tokens' }).apply([h, mixed]) as tf.SymbolicTensor; // [batch, patches, dModel]
  }
  if (tokenHidden > 0) h = tf.layers.dense({ units: tokenHidden, activation: 'relu', kernelInitializer: glorot(1), name: 'token_hidden' }).apply(h) as tf.SymbolicTensor; // [batch, patches, tokenHidden]
  if (maskBlankPatches) h = new ZeroTokenMask({ name: 'blank_patches' }).apply([h, patches]) as tf.SymbolicTensor; // same values; the pooling skips patches with no ink
  let pooled = new AttentionPooling({ seed: seed * 100 + 4, name: 'attention' }).apply(h) as tf.SymbolicTensor; // [batch, dModel]
  if (dropout > 0) pooled = tf.layers.dropout({ rate: dropout, name: 'pooled_dropout' }).apply(pooled) as tf.SymbolicTensor;
  const probs = tf.layers
    .dense({ units: numClasses, activation: 'softmax', kernelInitializer: glorot(5), name: 'classifier' })
    .apply(pooled) as tf.SymbolicTensor; // [batch, numClasses]
  const model = tf.model({ inputs: images, outputs: probs, name: 'image_attention_classifier' });
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  return model;
}
