// The public surface of @attention-lab/cli (the `attention-lab` command is
// dist/bin.js). Every export is named here; test/exports.test.ts pins the sorted list.
export { attentionFigure, VIEWS, type AttentionView } from './attention-figure.js';
export { attendCommand, ATTEND_HELP } from './attend-command.js';
export { benchCommand, BENCH_HELP } from './bench-command.js';
export { CliError, UsageError } from './cli-error.js';
export type { CliIo } from './cli-io.js';
export { datasetsCommand, DATASETS_HELP } from './datasets-command.js';
export { formatDuration } from './format-duration.js';
export { formatTable } from './format-table.js';
export { loadModelFolder, saveModelFolder, type TrainingState } from './model-folder.js';
export type { ModelRecipe, PretrainedRecipeModel, RecipeData, RecipePrediction, SplitTensors } from './model-recipe.js';
export { findModel, MODELS, recipeOfFolder } from './model-registry.js';
export { keyRecallRecipe } from './key-recall-recipe.js';
export { choiceFlag, intFlag, parseFlags, type FlagSpec, type ParsedFlags } from './parse-flags.js';
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from './progress-bar.js';
export { MAIN_HELP, runCli } from './run-cli.js';
export { BACKENDS, selectBackend, TENSORFLOW_INSTALL_HINT, type CliBackend } from './select-backend.js';
export {
  dateTransformerRecipe,
  dateTranslatorRecipe,
  numberWordsDeRecipe,
  numberWordsFrRecipe,
  seq2seqRecipe,
  type Seq2seqRecipeSpec,
} from './seq2seq-recipe.js';
export { sentimentRecipe } from './sentiment-recipe.js';
export { shippedWeights } from './shipped-weights.js';
export { shuffledOrder } from './shuffled-order.js';
export { svgToPng, type PngImage } from './svg-to-png.js';
export { INTERRUPTED_EXIT_CODE, trainCommand, TRAIN_HELP } from './train-command.js';
