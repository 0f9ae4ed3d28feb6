// The entry `@attention-lab/models/pretrained/number-words-zh`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `number-words-zh`; `loadPretrained('number-words-zh')` reads them too. */
export const numberWordsZhFiles: PretrainedFiles = {
  name: 'number-words-zh',
  model: () => new URL('../../pretrained/number-words-zh/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/number-words-zh/weights.bin', import.meta.url),
};

/**
 * Loads `number-words-zh`, the LSTM seq2seq that writes numbers as Chinese
 * words (`attentionSeq2seq`, `numberWords({ language: 'zh' })`), with its
 * metadata: what `loadPretrained('number-words-zh')` returns, from an entry
 * that makes a bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadNumberWordsZh } from '@attention-lab/models/pretrained/number-words-zh';
 * const { model, metadata } = await loadNumberWordsZh();
 */
export function loadNumberWordsZh(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadNumberWordsZh', numberWordsZhFiles, options);
}
