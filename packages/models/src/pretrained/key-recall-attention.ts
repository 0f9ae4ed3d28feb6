// The entry `@attention-lab/models/pretrained/key-recall-attention`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `key-recall-attention`; `loadPretrained('key-recall-attention')` reads them too. */
export const keyRecallAttentionFiles: PretrainedFiles = {
  name: 'key-recall-attention',
  model: () => new URL('../../pretrained/key-recall-attention/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/key-recall-attention/weights.bin', import.meta.url),
};

/**
 * Loads `key-recall-attention`, the LSTM-with-attention key-recall classifier
 * (`keyRecallClassifier`), with its metadata: what
 * `loadPretrained('key-recall-attention')` returns, from an entry that makes a
 * bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadKeyRecallAttention } from '@attention-lab/models/pretrained/key-recall-attention';
 * const { model, metadata } = await loadKeyRecallAttention();
 */
export function loadKeyRecallAttention(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadKeyRecallAttention', keyRecallAttentionFiles, options);
}
