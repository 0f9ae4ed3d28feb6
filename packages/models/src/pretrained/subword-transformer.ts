// The entry `@attention-lab/models/pretrained/subword-transformer`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `subword-transformer`; `loadPretrained('subword-transformer')` reads them too. */
export const subwordTransformerFiles: PretrainedFiles = {
  name: 'subword-transformer',
  model: () => new URL('../../pretrained/subword-transformer/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/subword-transformer/weights.bin', import.meta.url),
};

/**
 * Loads `subword-transformer`, the subword (BPE) Transformer language model of
 * Moby-Dick (`transformerLanguageModel({ normFirst: true })`), with its
 * metadata: what `loadPretrained('subword-transformer')` returns, from an
 * entry that makes a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadSubwordTransformer } from '@attention-lab/models/pretrained/subword-transformer';
 * const { model, metadata } = await loadSubwordTransformer();
 */
export function loadSubwordTransformer(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadSubwordTransformer', subwordTransformerFiles, options);
}
