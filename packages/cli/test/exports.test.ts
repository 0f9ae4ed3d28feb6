import { describe, expect, it } from 'vitest';
import * as cli from '../src/index.js';

describe('@attention-lab/cli exports', () => {
  it('index.ts exports exactly these names', () => {
    expect(Object.keys(cli).sort()).toEqual([
      'ATTEND_HELP',
      'BACKENDS',
      'BENCH_HELP',
      'CliError',
      'DATASETS_HELP',
      'INTERRUPTED_EXIT_CODE',
      'MAIN_HELP',
      'MODELS',
      'ProgressBar',
      'TENSORFLOW_INSTALL_HINT',
      'TRAIN_HELP',
      'UsageError',
      'VIEWS',
      'attendCommand',
      'attentionFigure',
      'benchCommand',
      'choiceFlag',
      'datasetsCommand',
      'dateTransformerRecipe',
      'dateTranslatorRecipe',
      'findModel',
      'formatDuration',
      'formatTable',
      'intFlag',
      'keyRecallRecipe',
      'loadModelFolder',
      'numberWordsDeRecipe',
      'numberWordsFrRecipe',
      'parseFlags',
      'recipeOfFolder',
      'runCli',
      'saveModelFolder',
      'selectBackend',
      'sentimentRecipe',
      'seq2seqRecipe',
      'shippedWeights',
      'shuffledOrder',
      'svgToPng',
      'trainCommand',
    ]);
  });
});
