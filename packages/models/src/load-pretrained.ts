// Every shipped model by name. This module names every model's files, so an
// app bundled with it ships them all; the entries under ./pretrained/ each
// name one (`@attention-lab/models/pretrained/<name>`).
import { dateTranslatorFiles } from './pretrained/date-translator.js';
import { numberWordsFrFiles } from './pretrained/number-words-fr.js';
import { numberWordsDeFiles } from './pretrained/number-words-de.js';
import { numberWordsZhFiles } from './pretrained/number-words-zh.js';
import { keyRecallAttentionFiles } from './pretrained/key-recall-attention.js';
import { keyRecallLstmFiles } from './pretrained/key-recall-lstm.js';
import { sentimentTransformerFiles } from './pretrained/sentiment-transformer.js';
import { mnistAttentionFiles } from './pretrained/mnist-attention.js';
import { dateTransformerFiles } from './pretrained/date-transformer.js';
import { charLstmFiles } from './pretrained/char-lstm.js';
import { charTransformerFiles } from './pretrained/char-transformer.js';
import { subwordTransformerFiles } from './pretrained/subword-transformer.js';
import { readPretrained, type LoadPretrainedOptions, type PretrainedFiles, type PretrainedModel, type PretrainedName } from './read-pretrained.js';

export type { LoadPretrainedOptions, PretrainedModel, PretrainedName } from './read-pretrained.js';

/** Every model's files, from its own entry. */
const FILES: Record<PretrainedName, PretrainedFiles> = {
  'date-translator': dateTranslatorFiles,
  'number-words-fr': numberWordsFrFiles,
  'number-words-de': numberWordsDeFiles,
  'number-words-zh': numberWordsZhFiles,
  'key-recall-attention': keyRecallAttentionFiles,
  'key-recall-lstm': keyRecallLstmFiles,
  'sentiment-transformer': sentimentTransformerFiles,
  'mnist-attention': mnistAttentionFiles,
  'date-transformer': dateTransformerFiles,
  'char-lstm': charLstmFiles,
  'char-transformer': charTransformerFiles,
  'subword-transformer': subwordTransformerFiles,
};

/** Every name {@link loadPretrained} accepts, in a stable order. */
export const PRETRAINED_NAMES: readonly PretrainedName[] = Object.freeze(Object.keys(FILES) as PretrainedName[]);

/**
 * Loads one of the shipped pretrained models with its metadata. In Node the
 * files are read from the package folder (offline; Node ≥ 20.16 for
 * `process.getBuiltinModule`); in a browser or worker they are fetched by URL,
 * which bundlers resolve. Any backend works; the weights are float32. Files
 * that do not fit each other (a truncated `weights.bin`, a manifest whose
 * names or shapes differ from the model's) are an error naming the file and
 * the weight, and a failed load leaves no tensor allocated. An app bundled
 * with this function ships every model; to ship one, import its loader from
 * `@attention-lab/models/pretrained/<name>` (e.g. `loadDateTranslator`).
 *
 * @param name - One of {@link PRETRAINED_NAMES}, e.g. `'date-translator'`.
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`.
 * @example
 * const { model, metadata } = await loadPretrained('date-translator');
 * const source = CharTokenizer.fromJSON(metadata.sourceTokenizer);
 * const target = CharTokenizer.fromJSON(metadata.targetTokenizer);
 * const ids = tf.tensor2d([padTo(source.encode('3rd of January 1998'), 30)], [1, 30], 'int32');
 * const { sequences, attention } = await decodeSequences(model, ids, { bosId: target.bosId, eosId: target.eosId, beamWidth: 3 });
 * target.decode(sequences[0]); // '1998-01-03'
 */
export async function loadPretrained(name: PretrainedName, options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  const fn = 'loadPretrained';
  if (typeof name !== 'string' || !Object.hasOwn(FILES, name)) {
    throw new RangeError(`${fn}: argument 'name' must be one of ${PRETRAINED_NAMES.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}`);
  }
  return readPretrained(fn, FILES[name], options);
}
