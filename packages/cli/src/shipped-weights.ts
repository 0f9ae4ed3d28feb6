import { loadPretrained, PRETRAINED_NAMES, type PretrainedName } from '@attention-lab/models';
import { CliError } from './cli-error.js';
import type { PretrainedRecipeModel } from './model-recipe.js';

/**
 * A loader for the trained weights the models package ships under `name`
 * (its `loadPretrained`), or `undefined` when this version of the models
 * package ships none under that name, so a recipe gains shipped weights as
 * soon as the models package adds them. A load that fails (files missing from
 * the install) is a `CliError` that says how to train the model instead.
 *
 * @param name - The `loadPretrained` name, e.g. `'date-translator'`.
 * @param model - The command-line model name, for the message. Default `name`.
 * @returns A loader of `{ model, metadata }`, or `undefined`.
 * @example
 * const load = shippedWeights('date-translator');
 * if (load) { const { model, metadata } = await load(); }
 */
export function shippedWeights(name: string, model = name): (() => Promise<PretrainedRecipeModel>) | undefined {
  if (!(PRETRAINED_NAMES as readonly string[]).includes(name)) return undefined;
  return async () => {
    try {
      const loaded = await loadPretrained(name as PretrainedName);
      return { model: loaded.model, metadata: loaded.metadata };
    } catch (error) {
      throw new CliError(`cannot load the shipped weights of ${model} (${(error as Error).message.split('. ')[0]}); train them with 'attention-lab train ${model} --out ${model}-model'`);
    }
  };
}
