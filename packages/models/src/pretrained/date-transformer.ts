// The entry `@attention-lab/models/pretrained/date-transformer`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `date-transformer`; `loadPretrained('date-transformer')` reads them too. */
export const dateTransformerFiles: PretrainedFiles = {
  name: 'date-transformer',
  model: () => new URL('../../pretrained/date-transformer/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/date-transformer/weights.bin', import.meta.url),
};

/**
 * Loads `date-transformer`, the Transformer seq2seq that rewrites dates as ISO
 * (`transformerSeq2seq`, `dateTranslation()`), with its metadata: what
 * `loadPretrained('date-transformer')` returns, from an entry that makes a
 * bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadDateTransformer } from '@attention-lab/models/pretrained/date-transformer';
 * const { model, metadata } = await loadDateTransformer();
 */
export function loadDateTransformer(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadDateTransformer', dateTransformerFiles, options);
}
