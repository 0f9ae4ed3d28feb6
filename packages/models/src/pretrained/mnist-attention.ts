// The entry `@attention-lab/models/pretrained/mnist-attention`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `mnist-attention`; `loadPretrained('mnist-attention')` reads them too. */
export const mnistAttentionFiles: PretrainedFiles = {
  name: 'mnist-attention',
  model: () => new URL('../../pretrained/mnist-attention/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/mnist-attention/weights.bin', import.meta.url),
};

/**
 * Loads `mnist-attention`, the MNIST digit classifier that pools 7×7 patches
 * with attention (`imageAttentionClassifier`, `mnist()`), with its metadata:
 * what `loadPretrained('mnist-attention')` returns, from an entry that makes a
 * bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadMnistAttention } from '@attention-lab/models/pretrained/mnist-attention';
 * const { model, metadata } = await loadMnistAttention();
 */
export function loadMnistAttention(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadMnistAttention', mnistAttentionFiles, options);
}
