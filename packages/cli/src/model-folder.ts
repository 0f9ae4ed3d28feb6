import { fileSystem } from '@attention-lab/models/node';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './cli-error.js';

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
  /** Per-epoch figures so far (`loss`, metric, `val_*`). */
  history: Record<string, number[]>;
  /** What the model's recipe needs to read inputs (e.g. tokenizers as JSON). */
  recipe: Record<string, unknown>;
  /** Test-split figures, once training has finished. */
  test?: Record<string, number>;
}

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
 * Loads a model the command saved (a trained model or a checkpoint), with its
 * training state. A missing folder, a damaged file or a model saved by
 * something else is a {@link CliError} naming the folder.
 *
 * @param folder - The folder holding `model.json` and `weights.bin`.
 * @returns `{ model, state }`; the model is compiled when it was saved compiled.
 * @example
 * const { model, state } = await loadModelFolder('runs/key-recall');
 */
export async function loadModelFolder(folder: string): Promise<{ model: tf.LayersModel; state: TrainingState }> {
  if (!existsSync(join(folder, 'model.json'))) throw new CliError(`cannot read the model in ${folder}: there is no model.json (train one with 'attention-lab train <model> --out ${folder}')`);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(fileSystem(folder));
  } catch (error) {
    throw new CliError(`cannot read the model in ${folder}: ${(error as Error).message.split('\n')[0]}`);
  }
  const state = (model.getUserDefinedMetadata() as { attentionLab?: TrainingState } | undefined)?.attentionLab;
  if (state == null || typeof state.model !== 'string' || !Number.isInteger(state.epoch) || !Number.isInteger(state.stepInEpoch)) {
    model.dispose();
    throw new CliError(`cannot read the model in ${folder}: it was not saved by attention-lab (no training state in model.json)`);
  }
  return { model, state };
}
