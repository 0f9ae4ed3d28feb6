// The entry `@attention-lab/models/pretrained/key-recall-lstm`: the only module
// that names this model's files, so a bundled app that imports it ships this
// model and no other.
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel } from '../read-pretrained.js';

/** The name and file URLs of `key-recall-lstm`; `loadPretrained('key-recall-lstm')` reads them too. */
export const keyRecallLstmFiles: PretrainedFiles = {
  name: 'key-recall-lstm',
  model: () => new URL('../../pretrained/key-recall-lstm/model.json', import.meta.url),
  weights: () => new URL('../../pretrained/key-recall-lstm/weights.bin', import.meta.url),
};

/**
 * Loads `key-recall-lstm`, the plain-LSTM key-recall baseline
 * (`keyRecallClassifier({ attention: false })`), with its metadata: what
 * `loadPretrained('key-recall-lstm')` returns, from an entry that makes a
 * bundler copy this model's two files only.
 *
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`; the caller disposes `model`.
 * @example
 * import { loadKeyRecallLstm } from '@attention-lab/models/pretrained/key-recall-lstm';
 * const { model, metadata } = await loadKeyRecallLstm();
 */
export function loadKeyRecallLstm(options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  return readPretrained('loadKeyRecallLstm', keyRecallLstmFiles, options);
}
