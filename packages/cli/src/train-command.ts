import { train } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError, UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { formatDuration } from './format-duration.js';
import { loadModelFolder, saveModelFolder, type TrainingState } from './model-folder.js';
import type { ModelRecipe } from './model-recipe.js';
import { findModel, recipeOfFolder } from './model-registry.js';
import { choiceFlag, type FlagSpec, intFlag, parseFlags } from './parse-flags.js';
import { ProgressBar } from './progress-bar.js';
import { BACKENDS, selectBackend } from './select-backend.js';
import { shuffledOrder } from './shuffled-order.js';

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
  --resume <dir>      continue from a checkpoint (its batch size and seed are kept)
  -h, --help          show this help`;

/**
 * `attention-lab train <model>`: trains a registered model with the models
 * package's `train` loop (its recipe registry's quick run, saying on stderr
 * how that differs from the shipped one), shows a progress bar (epoch, step, loss, metric,
 * time left), saves a checkpoint with the optimizer state when `io.signal`
 * aborts (Ctrl-C) and exits {@link INTERRUPTED_EXIT_CODE}, continues from one
 * with `--resume` on exactly the batches the run would have seen, and at the
 * end saves the model to `--out` and prints its test-split figures.
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
  let recipe = positionals[0] != null ? findModel(positionals[0]) : undefined;
  const backend = choiceFlag('train', 'backend', values['backend'], BACKENDS, 'wasm');
  let epochs = intFlag('train', 'epochs', values['epochs'], recipe?.epochs ?? 10);
  let batchSize = intFlag('train', 'batch-size', values['batch-size'], recipe?.batchSize ?? 32);
  let seed = intFlag('train', 'seed', values['seed'], 0, 0);

  const choice = await selectBackend(backend);
  io.stderr.write(`backend: ${choice.backend}\n`);

  let model: tf.LayersModel;
  let state: TrainingState;
  if (resumeFrom != null) {
    ({ model, state } = await loadModelFolder(resumeFrom));
    if (recipe != null && recipe.name !== state.model) {
      model.dispose();
      throw new UsageError(`train: the checkpoint in ${resumeFrom} is of '${state.model}', not '${recipe.name}'`);
    }
    recipe = recipeOfFolder(state.model, resumeFrom);
    if (model.optimizer == null) {
      model.dispose();
      throw new CliError(`cannot resume from ${resumeFrom}: it holds no optimizer state (is it a finished model rather than a checkpoint?)`);
    }
    for (const [flag, kept] of [['batch-size', state.batchSize], ['seed', state.seed]] as const) {
      if (values[flag] != null && Number(values[flag]) !== kept) io.stderr.write(`note: --${flag} ${String(values[flag])} is ignored; the checkpoint continues with ${kept}\n`);
    }
    batchSize = state.batchSize;
    seed = state.seed;
    epochs = values['epochs'] != null ? epochs : state.epochs;
    if (epochs <= state.epoch) {
      model.dispose();
      throw new UsageError(`train: the checkpoint has done ${state.epoch} epochs already; pass --epochs greater than that to continue`);
    }
    io.stderr.write(`resuming ${state.model} from ${resumeFrom} at epoch ${state.epoch + 1}, step ${state.stepInEpoch}\n`);
  } else {
    model = recipe!.createModel(seed);
    state = { model: recipe!.name, epoch: 0, stepInEpoch: 0, epochs, batchSize, seed, history: {}, recipe: {} };
  }
  state.epochs = epochs;
  const out = (values['out'] as string | undefined) ?? `${recipe!.name}-model`;
  const checkpoint = (values['checkpoint'] as string | undefined) ?? resumeFrom ?? `${out}.checkpoint`;

  if (recipe!.differences != null) io.stderr.write(`${quickRecipeLine(recipe!)}\n`);
  const data = await recipe!.loadData(seed);
  state.recipe = data.metadata;
  try {
    const n = data.train.y.shape[0]!;
    const stepsPerEpoch = Math.ceil(n / batchSize);
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
        bar!.update(state.stepInEpoch, means(sums, counted, recipe!.metric), perStep * (totalSteps - done));
      },
      onEpochEnd: (_epoch, logs) => {
        for (const [k, v] of Object.entries(logs)) (state.history[k] ??= []).push(v);
        const val = Object.entries(logs).filter(([k]) => k.startsWith('val_')).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ');
        bar!.done(pick(logs, recipe!.metric), val);
        state.epoch++;
        state.stepInEpoch = 0;
        if (state.epoch < epochs) newBar();
      },
    });

    if (result.stopReason === 'aborted') {
      bar!.interrupt();
      await saveModelFolder(model, checkpoint, state, true);
      io.stderr.write(`interrupted at epoch ${state.epoch + 1}, step ${state.stepInEpoch}: checkpoint saved to ${checkpoint}; continue with: attention-lab train ${recipe!.name} --resume ${checkpoint}\n`);
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
    io.stdout.write(`trained ${recipe!.name} for ${epochs} epoch${epochs === 1 ? '' : 's'} (${stepsHere} steps this run) on ${choice.backend} in ${formatDuration(seconds)}\n`);
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
