// The entry `@attention-lab/models/pretrained/sentiment-transformer`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `sentiment-transformer`; `loadPretrained('sentiment-transformer')` reads them too. */
export const sentimentTransformerFiles: PretrainedFiles = {
  name: 'sentiment-transformer',
  model: () => new URL('../../pretrained/sentiment-transformer/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/sentiment-transformer/weights.bin', import.meta.url),
};

/**
 * Loads `sentiment-transformer`, the Transformer sentiment classifier
 * (`transformerClassifier`, `sentimentSentences()`), with its metadata: what
 * `loadPretrained('sentiment-transformer')` returns, from an entry that makes
 * a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadSentimentTransformer } from '@attention-lab/models/pretrained/sentiment-transformer';
 * const { model, metadata } = await loadSentimentTransformer();
 */
export function loadSentimentTransformer(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadSentimentTransformer', sentimentTransformerFiles, options);
}
