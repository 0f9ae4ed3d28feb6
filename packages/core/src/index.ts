// The public surface of @attention-lab/core. Every export is named here;
// test/exports.test.ts pins the sorted list.
export { additiveAttention, type AdditiveAttentionOptions } from './additive-attention.js';
export { additiveScores, type AdditiveParams } from './additive-scores.js';
export { assertBoolean, assertInteger, assertNumber, assertOneOf, type NumberRange } from './assert-option.js';
export { attentionPooling, type AttentionPoolingOptions, type AttentionPoolingParams } from './attention-pooling.js';
export { causalMask } from './causal-mask.js';
export { combineMasks } from './combine-masks.js';
export { dotProductScores } from './dot-product-scores.js';
export {
  explainAdditiveAttention,
  type AdditiveAttentionSteps,
  type ExplainAdditiveAttentionInput,
} from './explain-additive-attention.js';
export {
  explainScaledDotProductAttention,
  type ExplainScaledDotProductAttentionInput,
  type ScaledDotProductAttentionSteps,
} from './explain-scaled-dot-product-attention.js';
export { fusedAttention, fusedAttentionAvailable, fusedAttentionParallel, type FusedAttentionOptions, type FusedAttentionParallelOptions } from './fused/fused-attention.js';
export { terminateFusedAttentionThreads } from './fused/attention-pool.js';
export { generalScores } from './general-scores.js';
export { maskedSoftmax } from './masked-softmax.js';
export {
  memoryEfficientAttention,
  type MemoryEfficientAttentionOptions,
  type MemoryEfficientAttentionResult,
} from './memory-efficient-attention.js';
export { mergeHeads } from './merge-heads.js';
export {
  multiHeadAttention,
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionParams,
} from './multi-head-attention.js';
export { paddingMask } from './padding-mask.js';
export {
  scaledDotProductAttention,
  type AttentionResult,
  type ScaledDotProductAttentionOptions,
} from './scaled-dot-product-attention.js';
export { scaledDotProductScores, type ScaledDotProductScoresOptions } from './scaled-dot-product-scores.js';
export { ShapeError } from './shape-error.js';
export { sinusoidalPositionalEncoding, type SinusoidalPositionalEncodingOptions } from './sinusoidal-positional-encoding.js';
export { splitHeads } from './split-heads.js';
export {
  useBestBackend,
  type BackendAttempt,
  type BackendChoice,
  type BackendLoader,
  type BackendName,
  type UseBestBackendOptions,
  type WasmBinaryName,
  type WasmPaths,
} from './use-best-backend.js';
