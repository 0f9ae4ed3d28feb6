import { recipe, type RecipeName } from '@attention-lab/models';
import type { ModelRecipe } from './model-recipe.js';

/**
 * What `train` runs for a models-package recipe: its `quick` variant where it
 * has one (with the line saying how that differs from the shipped run), else
 * the shipped recipe; the metric shown is `acc`, which every model of the
 * registry compiles.
 *
 * @param registry - The recipe's name in the models package's registry, e.g. `'key-recall-attention'`.
 * @returns The training fields of a {@link ModelRecipe}.
 * @example
 * const { epochs, differences } = recipeTraining('key-recall-attention'); // 24, '4 pairs instead of 12 …'
 */
export function recipeTraining(registry: RecipeName): Pick<ModelRecipe, 'registry' | 'differences' | 'metric' | 'epochs' | 'batchSize' | 'createModel' | 'loadData'> {
  const entry = recipe(registry);
  const variant = entry.quick != null ? 'quick' : 'shipped';
  const { settings } = entry.quick ?? entry;
  return {
    registry,
    ...(entry.quick != null ? { differences: entry.quick.differences } : {}),
    metric: 'acc',
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    createModel: (seed) => entry.createModel({ variant, seed }),
    loadData: (seed) => entry.loadData({ variant, seed }),
  };
}
