// The public surface of @attention-lab/models. Every export is named here;
// test/exports.test.ts pins the sorted list. Node-only helpers live in ./node.ts.
export { AdditiveAttention, type AdditiveAttentionCallArgs, type AdditiveAttentionConfig } from './additive-attention.js';
export type { FeedForwardActivation } from './attention-layer.js';
export { attentionGrid } from './attention-grid.js';
export { attentionSeq2seq, type AttentionSeq2seqOptions } from './attention-seq2seq.js';
export { AttentionPooling, type AttentionPoolingConfig } from './attention-pooling.js';
export { decodeSequences, type DecodedSequences, type DecodeSequencesOptions } from './decode-sequences.js';
export { FusedLSTM, type FusedLSTMConfig } from './fused-lstm.js';
export { generateText, sampleToken, samplingDistribution, type GeneratedText, type GenerateTextOptions, type SampleTokenOptions } from './generate-text.js';
export {
  analyzeHeads,
  HEAD_ROLE_THRESHOLDS,
  headRole,
  headRoleScores,
  type AnalyzeHeadsOptions,
  type HeadAnalysis,
  type HeadRole,
  type HeadRoleScores,
  type HeadRoleScoresOptions,
  type InductionSpan,
  type RoleScores,
} from './head-roles.js';
export { imageAttentionClassifier, type ImageAttentionClassifierOptions } from './image-attention-classifier.js';
export { inductionProbe, type InductionProbe, type InductionProbeOptions } from './induction-probe.js';
export { keyRecallClassifier, type KeyRecallClassifierOptions } from './key-recall-classifier.js';
export { lstmLanguageModel, type LstmLanguageModelOptions } from './lstm-language-model.js';
export {
  loadPretrained,
  PRETRAINED_NAMES,
  type LoadPretrainedOptions,
  type PretrainedModel,
  type PretrainedName,
} from './load-pretrained.js';
export {
  MultiHeadAttention,
  type MultiHeadAttentionCallArgs,
  type MultiHeadAttentionConfig,
} from './multi-head-attention.js';
export { PositionalEmbedding, type PositionalEmbeddingConfig } from './positional-embedding.js';
export { predictWithAttention, type PredictionWithAttention } from './predict-with-attention.js';
export { queryKeyVectors, type QueryKeyVectors, type QueryKeyVectorsOptions } from './query-key-vectors.js';
export { readAttentionMaps, type AttentionMap } from './read-attention-maps.js';
export type {
  LearningRateSchedule,
  QualityBar,
  Recipe,
  RecipeConfig,
  RecipeData,
  RecipeVariant,
  RecipeVariantName,
  SplitTensors,
  TrainingSettings,
  WithVariants,
} from './recipe.js';
export { recipe, RECIPES, type RecipeName, type Recipes } from './recipe-registry.js';
export type { MnistSettings } from './recipes/classifiers.js';
export type { KeyRecallDatasetOptions, KeyRecallSettings } from './recipes/key-recall.js';
export type { LanguageModelSettings } from './recipes/language.js';
export type { SubwordSettings } from './recipes/subword.js';
export { registerWasmKernels } from './register-wasm-kernels.js';
export { saveModel } from './save-model.js';
export { seq2seqTensors, type Seq2seqTensors } from './seq2seq-tensors.js';
export {
  train,
  type AttentionSnapshot,
  type Batch,
  type TrainData,
  type TrainLogs,
  type TrainOptions,
  type TrainResult,
} from './train.js';
export {
  TransformerDecoderBlock,
  type TransformerDecoderBlockCallArgs,
  type TransformerDecoderBlockConfig,
} from './transformer-decoder-block.js';
export {
  TransformerEncoderBlock,
  type TransformerBlockConfig,
  type TransformerEncoderBlockConfig,
} from './transformer-encoder-block.js';
export { transformerClassifier, type TransformerClassifierOptions } from './transformer-classifier.js';
export { transformerLanguageModel, type TransformerLanguageModelOptions } from './transformer-language-model.js';
export { transformerSeq2seq, type TransformerSeq2seqOptions } from './transformer-seq2seq.js';
export { warmupSchedule, type WarmupScheduleOptions } from './warmup-schedule.js';
export { ZeroTokenMask } from './zero-token-mask.js';
