import { fileSystem } from '@attention-lab/models/node';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './cli-error.js';
import { trainingState, type TrainingState } from './training-state.js';

// The state is defined, and checked, with its rules in training-state.ts.
export type { TrainingState } from './training-state.js';

/**
 * Saves a model with its training state to a folder (`model.json` +
 * `weights.bin`, loadable by `tf.loadLayersModel`), with the optimizer's
 * state when `includeOptimizer` (a checkpoint to resume from).
 *
 * @param model - The model.
 * @param folder - The folder (created if missing; an earlier model there is replaced only once the new one is written).
 * @param state - The training state to store.
 * @param includeOptimizer - Save the optimizer's state too. Default `false`.
 * @returns Nothing.
 * @example
 * await saveModelFolder(model, 'runs/key-recall', state, true);
 */
export async function saveModelFolder(model: tf.LayersModel, folder: string, state: TrainingState, includeOptimizer = false): Promise<void> {
  model.setUserDefinedMetadata({ attentionLab: state });
  try {
    await model.save(fileSystem(folder), { includeOptimizer });
  } catch (error) {
    throw new CliError(`cannot save the model to ${folder}: ${(error as Error).message}`);
  }
}

/**
 * Reads the training state of a folder the command saved (a trained model or
 * a checkpoint) from its `model.json`, without loading the weights or needing
 * a backend, and checks it as user input with `trainingState`. A missing
 * folder, a damaged file, a model saved by something else or a state that
 * breaks the rules of the flags is a {@link CliError} naming the folder.
 *
 * @param folder - The folder holding `model.json`.
 * @returns The state.
 * @example
 * const { epoch, out } = await readTrainingState('key-recall-model.checkpoint');
 */
export async function readTrainingState(folder: string): Promise<TrainingState> {
  const file = join(folder, 'model.json');
  if (!existsSync(file)) throw new CliError(`cannot read the model in ${folder}: there is no model.json (train one with 'attention-lab train <model> --out ${folder}')`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? `${file} is not valid JSON: ${error.message}` : (error as Error).message;
    throw new CliError(`cannot read the model in ${folder}: ${why}`);
  }
  const metadata = (json as { userDefinedMetadata?: { attentionLab?: unknown } } | null)?.userDefinedMetadata;
  return trainingState(typeof metadata === 'object' && metadata != null ? metadata.attentionLab : undefined, file);
}

/**
 * Loads a model the command saved (a trained model or a checkpoint), with its
 * training state checked by {@link readTrainingState}. A missing folder, a
 * damaged file or a model saved by something else is a {@link CliError}
 * naming the folder.
 *
 * @param folder - The folder holding `model.json` and `weights.bin`.
 * @returns `{ model, state }`; the model is compiled when it was saved compiled.
 * @example
 * const { model, state } = await loadModelFolder('runs/key-recall');
 */
export async function loadModelFolder(folder: string): Promise<{ model: tf.LayersModel; state: TrainingState }> {
  const state = await readTrainingState(folder);
  try {
    return { model: await tf.loadLayersModel(fileSystem(folder)), state };
  } catch (error) {
    throw new CliError(`cannot read the model in ${folder}: ${(error as Error).message.split('\n')[0]}`);
  }
}
