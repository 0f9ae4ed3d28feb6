// The `@attention-lab/datasets/tensors` entry: the helpers that return
// TensorFlow.js tensors, kept apart so the main entry never loads tfjs.
// test/exports.test.ts pins the sorted list.
export { padBatchTensors, type PaddedBatchTensors } from './pad-batch-tensors.js';
export { languageModelTensors, type LanguageModelTensors } from './language-model-tensors.js';
