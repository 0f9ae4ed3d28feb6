// The entry `@attention-lab/models/pretrained/number-words-de`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `number-words-de`; `loadPretrained('number-words-de')` reads them too. */
export const numberWordsDeFiles: PretrainedFiles = {
  name: 'number-words-de',
  model: () => new URL('../../pretrained/number-words-de/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/number-words-de/weights.bin', import.meta.url),
};

/**
 * Loads `number-words-de`, the LSTM seq2seq that writes numbers as German
 * words (`attentionSeq2seq`, `numberWords({ language: 'de' })`), with its
 * metadata: what `loadPretrained('number-words-de')` returns, from an entry
 * that makes a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadNumberWordsDe } from '@attention-lab/models/pretrained/number-words-de';
 * const { model, metadata } = await loadNumberWordsDe();
 */
export function loadNumberWordsDe(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadNumberWordsDe', numberWordsDeFiles, options);
}
