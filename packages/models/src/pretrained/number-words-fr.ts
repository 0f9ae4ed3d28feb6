// The entry `@attention-lab/models/pretrained/number-words-fr`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `number-words-fr`; `loadPretrained('number-words-fr')` reads them too. */
export const numberWordsFrFiles: PretrainedFiles = {
  name: 'number-words-fr',
  model: () => new URL('../../pretrained/number-words-fr/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/number-words-fr/weights.bin', import.meta.url),
};

/**
 * Loads `number-words-fr`, the LSTM seq2seq that writes numbers as French
 * words (`attentionSeq2seq`, `numberWords({ language: 'fr' })`), with its
 * metadata: what `loadPretrained('number-words-fr')` returns, from an entry
 * that makes a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadNumberWordsFr } from '@attention-lab/models/pretrained/number-words-fr';
 * const { model, metadata } = await loadNumberWordsFr();
 */
export function loadNumberWordsFr(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadNumberWordsFr', numberWordsFrFiles, options);
}
