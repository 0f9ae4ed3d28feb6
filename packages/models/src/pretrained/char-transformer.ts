// The entry `@attention-lab/models/pretrained/char-transformer`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `char-transformer`; `loadPretrained('char-transformer')` reads them too. */
export const charTransformerFiles: PretrainedFiles = {
  name: 'char-transformer',
  model: () => new URL('../../pretrained/char-transformer/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/char-transformer/weights.bin', import.meta.url),
};

/**
 * Loads `char-transformer`, the character Transformer language model of
 * Moby-Dick (`transformerLanguageModel`, `mobyDick()`), with its metadata:
 * what `loadPretrained('char-transformer')` returns, from an entry that makes
 * a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadCharTransformer } from '@attention-lab/models/pretrained/char-transformer';
 * const { model, metadata } = await loadCharTransformer();
 */
export function loadCharTransformer(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadCharTransformer', charTransformerFiles, options);
}
