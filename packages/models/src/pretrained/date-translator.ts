// The entry `@attention-lab/models/pretrained/date-translator`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `date-translator`; `loadPretrained('date-translator')` reads them too. */
export const dateTranslatorFiles: PretrainedFiles = {
  name: 'date-translator',
  model: () => new URL('../../pretrained/date-translator/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/date-translator/weights.bin', import.meta.url),
};

/**
 * Loads `date-translator`, the LSTM seq2seq with additive attention that
 * rewrites dates as ISO (`attentionSeq2seq`, `dateTranslation()`), with its
 * metadata: what `loadPretrained('date-translator')` returns, from an entry
 * that makes a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadDateTranslator } from '@attention-lab/models/pretrained/date-translator';
 * const { model, metadata } = await loadDateTranslator(); // then decodeSequences, as for loadPretrained('date-translator')
 */
export function loadDateTranslator(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadDateTranslator', dateTranslatorFiles, options);
}
