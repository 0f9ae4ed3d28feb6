import { toySequenceTasks } from '@attention-lab/datasets';
import { predictWithAttention, recipe } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './cli-error.js';
import type { ModelRecipe } from './model-recipe.js';
import { recipeTraining } from './recipe-training.js';
import { shippedWeights } from './shipped-weights.js';

// What `train key-recall` trains is the models package's recipe
// 'key-recall-attention', its quick variant (4 pairs; the shipped weights
// read 12). `predict` reads the pair count of any model from its metadata.
const { length: PAIRS, symbols: SYMBOLS } = recipe('key-recall-attention').quick.dataset.options;

/**
 * Pairs with distinct keys over 16 keys, from which examples are cut: the
 * first `pairs` of them, then `<sep>` and the key of the second pair (`K4`),
 * whose value is `V0`.
 */
const EXAMPLE_PAIRS: readonly (readonly [number, number])[] = [
  [1, 3], [4, 0], [2, 9], [7, 5], [12, 8], [0, 14], [9, 2], [15, 6],
  [3, 11], [10, 1], [6, 13], [13, 7], [5, 4], [8, 10], [11, 15], [14, 12],
];

/** The task's shape: key–value pairs per input and distinct keys. */
interface KeyRecallTask {
  pairs: number;
  symbols: number;
}

/** The token table of a task (the same for every seed): `<pad>`, `<unk>`, `<bos>`, `<eos>`, `<sep>`, `K0…`, `V0…`. */
function tokensOf({ pairs, symbols }: KeyRecallTask): string[] {
  return toySequenceTasks({ task: 'keyRecall', length: pairs, symbols, count: 1, seed: 0 }).tokens;
}

function inputHelp({ pairs, symbols }: KeyRecallTask): string {
  return `${pairs} pairs of a key K0..K${symbols - 1} and a value V0..V${symbols - 1} (${2 * pairs + 2} tokens in all), then <sep> (or ?) and one of the keys`;
}

/**
 * An input of a task: `K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4` for 4 pairs over
 * 16 keys, longer or shorter with the pair count (keys that do not fit
 * `symbols` are replaced by the first unused ones).
 *
 * @param task - `{ pairs, symbols }` of the model's task.
 * @returns The input as typed, `2 * pairs + 2` tokens; the answer is `V0` whenever `pairs >= 2` and `symbols >= 16`.
 * @example
 * keyRecallExample({ pairs: 12, symbols: 16 }); // 'K1 V3 K4 V0 … K13 V7 <sep> K4'
 */
export function keyRecallExample({ pairs, symbols }: KeyRecallTask): string {
  const used = new Set<number>();
  const pairsOut: [number, number][] = [];
  for (let i = 0; i < pairs; i++) {
    const [k, v] = EXAMPLE_PAIRS[i] ?? [i, i];
    let key = k < symbols && !used.has(k) ? k : 0;
    while (used.has(key)) key++;
    used.add(key);
    pairsOut.push([key, v % symbols]);
  }
  const query = pairsOut[Math.min(1, pairs - 1)]![0];
  return [...pairsOut.flatMap(([k, v]) => [`K${k}`, `V${v}`]), '<sep>', `K${query}`].join(' ');
}

/** The task a model was trained on, from its metadata (`dataset.options` as the models package stores it); default this recipe's. */
function taskOf(metadata: Record<string, unknown>): KeyRecallTask {
  const options = (metadata['dataset'] as { options?: { length?: unknown; symbols?: unknown } } | undefined)?.options;
  const pairs = Number.isInteger(options?.length) ? (options!.length as number) : PAIRS;
  const symbols = Number.isInteger(options?.symbols) ? (options!.symbols as number) : SYMBOLS;
  return { pairs, symbols };
}

/**
 * Encodes a key-recall input (`K1 V3 … <sep> K4`; `?` may stand for `<sep>`,
 * case is ignored) as ids `[1, 2 * pairs + 2]`, or throws a `CliError` naming
 * the token it cannot encode or the length it needs.
 *
 * @param input - The typed input.
 * @param task - `{ pairs, symbols }` of the model's task. Default `{ pairs: 4, symbols: 16 }`.
 * @returns `{ x [1, seqLen], tokens }`; the caller disposes `x`.
 * @example
 * const { x, tokens } = encodeKeyRecall('K1 V3 K4 V0 K2 V9 K7 V5 ? K4');
 */
export function encodeKeyRecall(input: string, task: KeyRecallTask = { pairs: PAIRS, symbols: SYMBOLS }): { x: tf.Tensor2D; tokens: string[] } {
  const table = tokensOf(task);
  const seqLen = 2 * task.pairs + 2;
  const tokens = input.trim().split(/[\s,]+/).filter((t) => t !== '').map((t) => (t === '?' ? '<sep>' : t));
  const ids = tokens.map((t) => table.indexOf(t.startsWith('<') ? t : t.toUpperCase()));
  const bad = tokens.find((_, i) => ids[i]! < 0);
  if (bad !== undefined) throw new CliError(`key-recall cannot encode '${bad}': use ${inputHelp(task)}, e.g. "${keyRecallExample(task)}"`);
  if (tokens.length !== seqLen) throw new CliError(`key-recall needs ${seqLen} tokens (${inputHelp(task)}), got ${tokens.length}: e.g. "${keyRecallExample(task)}"`);
  return { x: tf.tensor2d([ids], [1, seqLen]), tokens: ids.map((id) => table[id]!) };
}

/**
 * Reads key-recall class probabilities as a line: the most likely value and
 * its probability, and the value the input actually stores under the key.
 *
 * @param probabilities - `[numClasses]` probabilities of one input.
 * @param tokens - The input's tokens.
 * @param task - `{ pairs, symbols }` of the model's task. Default `{ pairs: 4, symbols: 16 }`.
 * @returns E.g. `'V0 (p = 0.800); the input stores V0 under K4'`.
 * @example
 * describeKeyRecall(probs, ['K1', 'V3', …, '<sep>', 'K4']);
 */
export function describeKeyRecall(probabilities: ArrayLike<number>, tokens: readonly string[], task: KeyRecallTask = { pairs: PAIRS, symbols: SYMBOLS }): string {
  const table = tokensOf(task);
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  const query = tokens[tokens.length - 1];
  const at = tokens.slice(0, -2).findIndex((t, i) => i % 2 === 0 && t === query);
  const expected = at >= 0 ? `; the input stores ${tokens[at + 1]} under ${query!}` : '';
  return `${table[best] ?? String(best)} (p = ${probabilities[best]!.toFixed(3)})${expected}`;
}

/** The models package's shipped key-recall model, when it has one. */
const pretrained = shippedWeights('key-recall-attention', 'key-recall');

/**
 * Model (a) of the article on the command line: `keyRecallClassifier` (an
 * LSTM whose last state, which has just read the key asked for, queries every
 * state with one-head dot-product attention) trained as the models package's
 * recipe `key-recall-attention` in its quick variant: the datasets package's
 * `toySequenceTasks` key-recall task with 4 key–value pairs over 16 keys, at
 * the shipped model's sizes (32 units, 16-wide embeddings, Adam 0.01).
 * `attend key-recall` uses the shipped model
 * (`loadPretrained('key-recall-attention')`), trained on 12 pairs: the pair
 * count of any model comes from its metadata (`dataset.options.length`), so
 * inputs, messages and `attend key-recall --help` follow it.
 * Input: `K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4` (4 pairs); the prediction is the
 * value stored under the last key. The attention map `[batch, 1, 1, seqLen]`
 * is one row, the question (`K4?`), over the input tokens.
 *
 * @example
 * const model = keyRecallRecipe.createModel(0);
 * const { text, attention } = await keyRecallRecipe.predict(model, 'K1 V3 K4 V0 K2 V9 K7 V5 ? K4', {});
 * attention['attention'].shape; // [1, 1, 1, 10]
 */
export const keyRecallRecipe: ModelRecipe = {
  name: 'key-recall',
  description: `recall the value stored under a key (LSTM, its last state attending to every state; trains on ${PAIRS} pairs, 'attend key-recall --help' gives the shipped model's input)`,
  inputHelp: inputHelp({ pairs: PAIRS, symbols: SYMBOLS }),
  example: keyRecallExample({ pairs: PAIRS, symbols: SYMBOLS }),
  ...recipeTraining('key-recall-attention'),

  inputFor(metadata) {
    const task = taskOf(metadata);
    return { inputHelp: inputHelp(task), example: keyRecallExample(task) };
  },

  async predict(model, input, metadata) {
    const task = taskOf(metadata);
    const { x, tokens } = encodeKeyRecall(input, task);
    try {
      const { predictions, attention } = await predictWithAttention(model, x); // attention['attention']: [1, 1, 1, seqLen]
      const probabilities = await predictions.data();
      predictions.dispose();
      return { text: describeKeyRecall(probabilities, tokens, task), attention, keyTokens: tokens, queryTokens: [`${tokens[tokens.length - 1]!}?`] };
    } finally {
      x.dispose();
    }
  },
  ...(pretrained ? { pretrained } : {}),
};
