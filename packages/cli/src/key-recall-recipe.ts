import { toySequenceTasks } from '@attention-lab/datasets';
import { keyRecallClassifier, predictWithAttention } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './cli-error.js';
import type { ModelRecipe, SplitTensors } from './model-recipe.js';

/** Key–value pairs per input: inputs are `2 * PAIRS + 2` tokens long. */
const PAIRS = 4;
/** Distinct keys (and as many values). */
const SYMBOLS = 10;
/** Examples in all splits together. */
const COUNT = 4000;

/** The token table of the task (the same for every seed): `<pad>`, `<unk>`, `<bos>`, `<eos>`, `<sep>`, `K0…K9`, `V0…V9`. */
const TOKENS = toySequenceTasks({ task: 'keyRecall', length: PAIRS, symbols: SYMBOLS, count: 1, seed: 0 }).tokens;
const SEQ_LEN = 2 * PAIRS + 2;
const INPUT_HELP = `${PAIRS} pairs of a key K0..K${SYMBOLS - 1} and a value V0..V${SYMBOLS - 1}, then <sep> (or ?) and one of the keys`;
const EXAMPLE = 'K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4';

/**
 * Encodes a key-recall input (`K1 V3 … <sep> K4`; `?` may stand for `<sep>`,
 * case is ignored) as ids `[1, 10]`, or throws a `CliError` naming the token
 * it cannot encode or the length it needs.
 *
 * @param input - The typed input.
 * @returns `{ x [1, seqLen], tokens }`; the caller disposes `x`.
 * @example
 * const { x, tokens } = encodeKeyRecall('K1 V3 K4 V0 K2 V9 K7 V5 ? K4');
 */
export function encodeKeyRecall(input: string): { x: tf.Tensor2D; tokens: string[] } {
  const tokens = input.trim().split(/[\s,]+/).filter((t) => t !== '').map((t) => (t === '?' ? '<sep>' : t));
  const ids = tokens.map((t) => TOKENS.indexOf(t.startsWith('<') ? t : t.toUpperCase()));
  const bad = tokens.find((_, i) => ids[i]! < 0);
  if (bad !== undefined) throw new CliError(`key-recall cannot encode '${bad}': use ${INPUT_HELP}, e.g. "${EXAMPLE}"`);
  if (tokens.length !== SEQ_LEN) throw new CliError(`key-recall needs ${SEQ_LEN} tokens (${INPUT_HELP}), got ${tokens.length}: e.g. "${EXAMPLE}"`);
  return { x: tf.tensor2d([ids], [1, SEQ_LEN]), tokens: ids.map((id) => TOKENS[id]!) };
}

/**
 * Reads key-recall class probabilities as a line: the most likely value and
 * its probability, and the value the input actually stores under the key.
 *
 * @param probabilities - `[numClasses]` probabilities of one input.
 * @param tokens - The input's tokens.
 * @returns E.g. `'V0 (p = 0.800); the input stores V0 under K4'`.
 * @example
 * describeKeyRecall(probs, ['K1', 'V3', …, '<sep>', 'K4']);
 */
export function describeKeyRecall(probabilities: ArrayLike<number>, tokens: readonly string[]): string {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  const query = tokens[tokens.length - 1];
  const at = tokens.slice(0, -2).findIndex((t, i) => i % 2 === 0 && t === query);
  const expected = at >= 0 ? `; the input stores ${tokens[at + 1]} under ${query!}` : '';
  return `${TOKENS[best] ?? String(best)} (p = ${probabilities[best]!.toFixed(3)})${expected}`;
}

/**
 * Model (a) of the article on the command line: `keyRecallClassifier`
 * (bidirectional LSTM + attention pooling) trained on the datasets package's
 * `toySequenceTasks` key-recall task with 4 key–value pairs over 10 keys.
 * Input: `K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4`; the prediction is the value
 * stored under the last key.
 *
 * @example
 * const model = keyRecallRecipe.createModel(0);
 * const { text, attention } = await keyRecallRecipe.predict(model, 'K1 V3 K4 V0 K2 V9 K7 V5 ? K4', {});
 */
export const keyRecallRecipe: ModelRecipe = {
  name: 'key-recall',
  description: `recall the value stored under a key (${PAIRS} key-value pairs; bidirectional LSTM + attention pooling)`,
  inputHelp: INPUT_HELP,
  example: EXAMPLE,
  metric: 'acc',

  createModel(seed) {
    return keyRecallClassifier({ vocabSize: TOKENS.length, seqLen: SEQ_LEN, seed });
  },

  async loadData(seed) {
    const { splits } = toySequenceTasks({ task: 'keyRecall', length: PAIRS, symbols: SYMBOLS, count: COUNT, seed });
    const tensors = (examples: typeof splits.train): SplitTensors => ({
      x: tf.tensor2d(examples.map((e) => e.input), [examples.length, SEQ_LEN]), // [n, seqLen]
      y: tf.tensor1d(examples.map((e) => e.target[0]!)), // [n]
    });
    const train = tensors(splits.train);
    const validation = tensors(splits.validation);
    const test = tensors(splits.test);
    return { train, validation, test, metadata: {}, dispose: () => tf.dispose([train, validation, test].flatMap((s) => [s.x, s.y]).flat()) };
  },

  async predict(model, input) {
    const { x, tokens } = encodeKeyRecall(input);
    try {
      const { predictions, attention } = await predictWithAttention(model, x);
      const probabilities = await predictions.data();
      predictions.dispose();
      return { text: describeKeyRecall(probabilities, tokens), attention, keyTokens: tokens };
    } finally {
      x.dispose();
    }
  },
};
