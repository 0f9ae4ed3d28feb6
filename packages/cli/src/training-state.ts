import { CliError } from './cli-error.js';
import { integerAtLeast } from './parse-flags.js';

/** What the command stores with a model it saves, in `model.json`'s `userDefinedMetadata.attentionLab`. */
export interface TrainingState {
  /** The model's command-line name (its recipe). */
  model: string;
  /** Epochs completed. */
  epoch: number;
  /** Steps completed in the epoch under way (0 at an epoch boundary). */
  stepInEpoch: number;
  /** Epochs asked for. */
  epochs: number;
  /** Batch size. */
  batchSize: number;
  /** Seed of the weights, the data split and the shuffles. */
  seed: number;
  /**
   * The folder the finished model goes to, as an absolute path: what `--out`
   * named when the run started, so that `--resume` saves there too. Default
   * (checkpoints from before it was stored): `./<model>-model`.
   */
  out?: string;
  /** Per-epoch figures so far (`loss`, metric, `val_*`). */
  history: Record<string, number[]>;
  /** What the model's recipe needs to read inputs (e.g. tokenizers as JSON). */
  recipe: Record<string, unknown>;
  /** Test-split figures, once training has finished. */
  test?: Record<string, number>;
}

/**
 * The integer settings of a run, each with the smallest value allowed and the
 * flag of `train` that sets it: `train` checks the flags and
 * {@link trainingState} checks a saved state against these same rules, with
 * the same check (`integerAtLeast`).
 *
 * @example
 * intFlag('train', TRAINING_INTEGERS.seed.flag, values.seed, 0, TRAINING_INTEGERS.seed.min);
 */
export const TRAINING_INTEGERS = {
  epochs: { flag: 'epochs', min: 1 },
  batchSize: { flag: 'batch-size', min: 1 },
  seed: { flag: 'seed', min: 0 },
  epoch: { flag: undefined, min: 0 },
  stepInEpoch: { flag: undefined, min: 0 },
} as const satisfies Record<string, { flag: string | undefined; min: number }>;

/** A plain object (from JSON), not an array or `null`. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value);
}

/**
 * Reads the training state stored in a `model.json` as the user input it is
 * (a checkpoint can be edited or damaged): every integer passes the rule of
 * {@link TRAINING_INTEGERS} its flag passes, the model name and `out` are
 * non-empty strings, `history` maps names to arrays and `recipe` is an
 * object. Anything else is a one-line {@link CliError} naming the file, the
 * field, the rule and the value.
 *
 * @param value - `userDefinedMetadata.attentionLab` as parsed from the file.
 * @param file - The `model.json` it came from, for messages.
 * @returns The state, with `history` and `recipe` `{}` where absent.
 * @example
 * const state = trainingState(JSON.parse(text).userDefinedMetadata?.attentionLab, 'kr.checkpoint/model.json');
 */
export function trainingState(value: unknown, file: string): TrainingState {
  const bad = (field: string, rule: string, got: unknown): CliError =>
    new CliError(`cannot read the training state in ${file}: ${field} must be ${rule}, got ${JSON.stringify(got) ?? String(got)} (was the file edited or damaged?)`);
  if (!isRecord(value)) throw new CliError(`cannot read the model in ${file}: it was not saved by attention-lab (no training state in model.json)`);
  if (typeof value['model'] !== 'string' || value['model'] === '') throw bad('model', 'a model name', value['model']);
  const integers = {} as Record<keyof typeof TRAINING_INTEGERS, number>;
  for (const [field, { flag, min }] of Object.entries(TRAINING_INTEGERS) as Array<[keyof typeof TRAINING_INTEGERS, { flag: string | undefined; min: number }]>) {
    const n = integerAtLeast(value[field], min);
    if (n == null) throw bad(field, `an integer >= ${min}${flag != null ? ` (as --${flag})` : ''}`, value[field]);
    integers[field] = n;
  }
  const out = value['out'];
  if (out !== undefined && (typeof out !== 'string' || out === '')) throw bad('out', 'a folder', out);
  const history = value['history'] ?? {};
  if (!isRecord(history) || !Object.values(history).every(Array.isArray)) throw bad('history', 'an object of arrays', history);
  const recipe = value['recipe'] ?? {};
  if (!isRecord(recipe)) throw bad('recipe', 'an object', recipe);
  const test = value['test'];
  if (test !== undefined && !isRecord(test)) throw bad('test', 'an object', test);
  return {
    model: value['model'],
    ...integers,
    ...(out !== undefined ? { out } : {}),
    history: history as Record<string, number[]>,
    recipe,
    ...(test !== undefined ? { test: test as Record<string, number> } : {}),
  };
}
