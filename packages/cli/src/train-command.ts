import { train } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { isAbsolute, relative, resolve } from 'node:path';
import process from 'node:process';
import { CliError, UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { formatDuration } from './format-duration.js';
import { loadModelFolder, readTrainingState, saveModelFolder } from './model-folder.js';
import type { ModelRecipe } from './model-recipe.js';
import { findModel, recipeOfFolder } from './model-registry.js';
import { choiceFlag, type FlagSpec, intFlag, parseFlags } from './parse-flags.js';
import { ProgressBar } from './progress-bar.js';
import { BACKENDS, selectBackend } from './select-backend.js';
import { shuffledOrder } from './shuffled-order.js';
import { TRAINING_INTEGERS, type TrainingState } from './training-state.js';
import { assertWritable } from './writable-path.js';

/**
 * The exit code of a run stopped by Ctrl-C (128 + SIGINT), after its checkpoint is saved.
 *
 * @example
 * if (code === INTERRUPTED_EXIT_CODE) console.log('resume with --resume');
 */
export const INTERRUPTED_EXIT_CODE = 130;

const FLAGS: FlagSpec = {
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  checkpoint: { type: 'string' },
  resume: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * `attention-lab train --help`.
 *
 * @example
 * console.log(TRAIN_HELP);
 */
export const TRAIN_HELP = `Usage: attention-lab train <model> [options]

Trains a model on its data set, with a progress bar per epoch, and saves it.
Where this run differs from the one that trained the shipped weights (fewer
examples, a simpler schedule…), it says how in one line first.

Options:
  --epochs <n>        epochs to train (default: the model's, e.g. 24 for key-recall)
  --batch-size <n>    examples per step (default: the model's, e.g. 64 for key-recall)
  --seed <n>          seed of the weights, the data split and the shuffles (default 0)
  --backend <name>    wasm (default), cpu or tensorflow (tfjs-node-gpu / tfjs-node)
  --out <dir>         where the trained model goes (default ./<model>-model)
  --checkpoint <dir>  where Ctrl-C saves a checkpoint (default <out>.checkpoint)
  --resume <dir>      continue from a checkpoint (its batch size, seed and --out are kept)
  -h, --help          show this help`;

/**
 * `attention-lab train <model>`: trains a registered model with the models
 * package's `train` loop (its recipe registry's quick run, saying on stderr
 * how that differs from the shipped one), shows a progress bar (epoch, step, loss, metric,
 * time left), saves a checkpoint with the optimizer state when `io.signal`
 * aborts (Ctrl-C) and exits {@link INTERRUPTED_EXIT_CODE}, continues from one
 * with `--resume` on exactly the batches the run would have seen, and at the
 * end saves the model to `--out` (on a resume, the interrupted run's) and
 * prints its test-split figures. Before any work it checks that `--out` and
 * `--checkpoint` can be written and that a checkpoint's state passes the
 * rules of the flags; a failure is a `CliError`.
 *
 * @param args - The arguments after `train`.
 * @param io - Streams and the Ctrl-C signal.
 * @returns The exit code: 0, or 130 when interrupted.
 * @example
 * const code = await trainCommand(['key-recall', '--epochs', '3', '--out', 'kr'], { stdout: process.stdout, stderr: process.stderr });
 */
export async function trainCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('train', args, FLAGS);
  if (values['help'] === true) {
    io.stdout.write(`${TRAIN_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`train: expected one model name, got ${positionals.length} arguments: ${positionals.join(' ')}`);
  const resumeFrom = values['resume'] as string | undefined;
  if (positionals.length === 0 && resumeFrom == null) throw new UsageError(`train: missing the model name; see 'attention-lab train --help'`);
  const named = positionals[0] != null ? findModel(positionals[0]) : undefined;
  const backend = choiceFlag('train', 'backend', values['backend'], BACKENDS, 'wasm');
  const rules = TRAINING_INTEGERS;
  let epochs = intFlag('train', rules.epochs.flag, values[rules.epochs.flag], named?.epochs ?? 10, rules.epochs.min);
  let batchSize = intFlag('train', rules.batchSize.flag, values[rules.batchSize.flag], named?.batchSize ?? 32, rules.batchSize.min);
  let seed = intFlag('train', rules.seed.flag, values[rules.seed.flag], 0, rules.seed.min);

  // A checkpoint is input too: its state passes the rules of the flags before any work or output.
  const stored = resumeFrom != null ? await readTrainingState(resumeFrom) : undefined;
  if (stored != null && named != null && named.name !== stored.model) throw new UsageError(`train: the checkpoint in ${resumeFrom!} is of '${stored.model}', not '${named.name}'`);
  const recipe = stored != null ? recipeOfFolder(stored.model, resumeFrom!) : named!;
  if (stored != null) {
    batchSize = stored.batchSize;
    seed = stored.seed;
    epochs = values['epochs'] != null ? epochs : stored.epochs;
    if (epochs <= stored.epoch) throw new UsageError(`train: the checkpoint has done ${stored.epoch} epochs already; pass --epochs greater than that to continue`);
  }
  // A resumed run saves where the run it continues would have, unless --out says otherwise.
  const out = (values['out'] as string | undefined) ?? (stored?.out != null ? shortPath(stored.out) : `${recipe.name}-model`);
  const checkpoint = (values['checkpoint'] as string | undefined) ?? resumeFrom ?? `${out}.checkpoint`;
  assertWritable('--out', out, 'folder');
  assertWritable('--checkpoint', checkpoint, 'folder');

  const choice = await selectBackend(backend);
  let model: tf.LayersModel;
  let state: TrainingState;
  if (stored != null) {
    model = (await loadModelFolder(resumeFrom!)).model;
    if (model.optimizer == null) {
      model.dispose();
      throw new CliError(`cannot resume from ${resumeFrom!}: it holds no optimizer state (is it a finished model rather than a checkpoint?)`);
    }
    state = stored;
  } else {
    model = recipe.createModel(seed);
    state = { model: recipe.name, epoch: 0, stepInEpoch: 0, epochs, batchSize, seed, history: {}, recipe: {} };
  }
  state.epochs = epochs;
  state.out = resolve(out);
  const data = await recipe.loadData(seed).catch((error: unknown) => {
    model.dispose();
    throw error;
  });
  state.recipe = data.metadata;
  try {
    const n = data.train.y.shape[0]!;
    const stepsPerEpoch = Math.ceil(n / batchSize);
    if (state.stepInEpoch >= stepsPerEpoch) {
      throw new CliError(
        `cannot resume from ${resumeFrom!}: its training state is at step ${state.stepInEpoch} of epoch ${state.epoch + 1}, but an epoch of ${n} examples in batches of ${batchSize} has ${stepsPerEpoch} steps (was the file edited or damaged?)`,
      );
    }
    // Every check has passed: what the run is, before its first progress bar.
    io.stderr.write(`backend: ${choice.backend}\n`);
    if (stored != null) {
      for (const [flag, kept] of [['batch-size', batchSize], ['seed', seed]] as const) {
        if (values[flag] != null && Number(values[flag]) !== kept) io.stderr.write(`note: --${flag} ${String(values[flag])} is ignored; the checkpoint continues with ${kept}\n`);
      }
      io.stderr.write(`resuming ${state.model} from ${resumeFrom!} at epoch ${state.epoch + 1}, step ${state.stepInEpoch}; the model will be saved to ${out}\n`);
    }
    if (recipe.differences != null) io.stderr.write(`${quickRecipeLine(recipe)}\n`);
    const totalSteps = epochs * stepsPerEpoch;
    const started = performance.now();
    let stepsHere = 0;
    let bar: ProgressBar | undefined;
    const sums: Record<string, number> = {};
    let counted = 0;
    const newBar = () => {
      bar = new ProgressBar(io.stderr, { total: stepsPerEpoch, label: `epoch ${state.epoch + 1}/${epochs}` });
      for (const k of Object.keys(sums)) delete sums[k];
      counted = 0;
    };
    newBar();
    const startEpoch = state.epoch;
    const startStep = state.stepInEpoch;
    const batches = function* (relative: number) {
      const epoch = startEpoch + relative;
      const order = shuffledOrder(n, seed, epoch);
      for (let s = relative === 0 ? startStep : 0; s < stepsPerEpoch; s++) {
        const idx = order.subarray(s * batchSize, (s + 1) * batchSize);
        yield tf.tidy(() => {
          const take = tf.tensor1d(idx, 'int32');
          const x = Array.isArray(data.train.x) ? data.train.x.map((t) => tf.gather(t, take)) : tf.gather(data.train.x, take); // [batch, ...]
          return { x, y: tf.gather(data.train.y, take) };
        });
      }
    };
    const result = await train(model, batches, {
      epochs: epochs - startEpoch,
      validationData: data.validation,
      batchSize,
      ...(io.signal ? { signal: io.signal } : {}),
      onBatchEnd: (_step, logs) => {
        state.stepInEpoch++;
        stepsHere++;
        for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v;
        counted++;
        const done = state.epoch * stepsPerEpoch + state.stepInEpoch;
        const perStep = (performance.now() - started) / 1000 / stepsHere;
        bar!.update(state.stepInEpoch, means(sums, counted, recipe.metric), perStep * (totalSteps - done));
      },
      onEpochEnd: (_epoch, logs) => {
        for (const [k, v] of Object.entries(logs)) (state.history[k] ??= []).push(v);
        const val = Object.entries(logs).filter(([k]) => k.startsWith('val_')).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ');
        bar!.done(pick(logs, recipe.metric), val);
        state.epoch++;
        state.stepInEpoch = 0;
        if (state.epoch < epochs) newBar();
      },
    });

    if (result.stopReason === 'aborted') {
      bar!.interrupt();
      await saveModelFolder(model, checkpoint, state, true);
      io.stderr.write(`interrupted at epoch ${state.epoch + 1}, step ${state.stepInEpoch}: checkpoint saved to ${checkpoint}; continue with: attention-lab train ${recipe.name} --resume ${checkpoint}\n`);
      return INTERRUPTED_EXIT_CODE;
    }

    if (result.stopReason === 'diverged' && result.diverged) {
      bar!.interrupt();
      const { step, loss, weightsFinite } = result.diverged;
      throw new CliError(`train: training diverged at step ${step} (loss ${loss}); ${weightsFinite ? 'the weights are still finite, but' : 'the weights are no longer finite, so'} nothing was saved to ${out}: try a smaller learning rate or check the data`);
    }

    const evaluated = model.evaluate(data.test.x, data.test.y, { batchSize: 256 });
    const list = Array.isArray(evaluated) ? evaluated : [evaluated];
    const names = model.metricsNames.length > 0 ? model.metricsNames : ['loss'];
    const testLogs: Record<string, number> = {};
    for (let i = 0; i < list.length; i++) testLogs[names[i] ?? `metric${i}`] = (await list[i]!.data())[0]!;
    tf.dispose(list);
    state.test = testLogs;
    await saveModelFolder(model, out, state, false);
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(`trained ${recipe.name} for ${epochs} epoch${epochs === 1 ? '' : 's'} (${stepsHere} steps this run) on ${choice.backend} in ${formatDuration(seconds)}\n`);
    io.stdout.write(`test ${Object.entries(testLogs).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ')}\n`);
    io.stdout.write(`saved to ${out}\n`);
    return 0;
  } finally {
    data.dispose();
    model.dispose();
  }
}

/**
 * The line `train` writes on stderr when it runs a quick recipe: how it
 * differs from the run that trained the shipped weights, and how to load those.
 *
 * @param recipe - The model's recipe.
 * @returns E.g. `"quick recipe: 4 pairs instead of 12 …; the shipped weights: loadPretrained('key-recall-attention')"`.
 * @example
 * io.stderr.write(`${quickRecipeLine(findModel('key-recall'))}\n`);
 */
export function quickRecipeLine(recipe: Pick<ModelRecipe, 'differences' | 'registry'>): string {
  return `quick recipe: ${recipe.differences ?? 'the shipped recipe'}; the shipped weights: loadPretrained('${recipe.registry}')`;
}

/** A stored absolute path as the user would type it here: relative to the working folder when inside it. */
function shortPath(path: string): string {
  const here = relative(process.cwd(), path);
  return here === '' ? '.' : here.startsWith('..') || isAbsolute(here) ? path : here;
}

/** The mean loss and metric of the steps so far. */
function means(sums: Record<string, number>, count: number, metric: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['loss', metric]) if (sums[k] != null) out[k] = sums[k] / Math.max(1, count);
  return out;
}

/** The loss and the metric of a log. */
function pick(logs: Record<string, number>, metric: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['loss', metric]) if (logs[k] != null) out[k] = logs[k];
  return out;
}
