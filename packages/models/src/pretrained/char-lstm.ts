// The entry `@attention-lab/models/pretrained/char-lstm`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `char-lstm`; `loadPretrained('char-lstm')` reads them too. */
export const charLstmFiles: PretrainedFiles = {
  name: 'char-lstm',
  model: () => new URL('../../pretrained/char-lstm/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/char-lstm/weights.bin', import.meta.url),
};

/**
 * Loads `char-lstm`, the character LSTM language model of Moby-Dick
 * (`lstmLanguageModel`, `mobyDick()`), with its metadata: what
 * `loadPretrained('char-lstm')` returns, from an entry that makes a bundler
 * copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadCharLstm } from '@attention-lab/models/pretrained/char-lstm';
 * const { model, metadata } = await loadCharLstm();
 */
export function loadCharLstm(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadCharLstm', charLstmFiles, options);
}
