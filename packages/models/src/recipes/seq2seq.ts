// Models (d) and (e): character-level encoder–decoders on dates and number
// words — additive attention over LSTMs (attentionSeq2seq) or the
// Transformer (transformerSeq2seq) — trained with teacher forcing and scored
// by exact match of the whole output.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, dateTranslation, numberWords, type DateTranslationOptions, type NumberWordsOptions } from '@attention-lab/datasets';
import type { PretrainedModel } from '../load-pretrained.js';
import { attentionSeq2seq, type AttentionSeq2seqOptions } from '../attention-seq2seq.js';
import { configOf, variantOf, type Recipe, type RecipeConfig, type RecipeData, type RecipeVariant, type TrainingSettings } from '../recipe.js';
import { seq2seqTensors } from '../seq2seq-tensors.js';
import { train } from '../train.js';
import { transformerSeq2seq, type TransformerSeq2seqOptions } from '../transformer-seq2seq.js';
import { decodedExactMatch, exactMatch, teacherForcedExactMatch } from './exact-match.js';
import { learningRateOf } from './learning-rate-of.js';

/** `attentionSeq2seq`'s options besides the vocabularies and the seed. */
type AttentionSeq2seqRecipeOptions = Omit<AttentionSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'>;

/** `transformerSeq2seq`'s options besides the vocabularies and the seed; `dModel` is always set (a warm-up schedule scales with it). */
type TransformerSeq2seqRecipeOptions = Omit<TransformerSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'> & { dModel: number };

/** The data sets of the seq2seq recipes: `dateTranslation` or `numberWords`, with their options. */
type Seq2seqDatasetOptions = DateTranslationOptions | NumberWordsOptions;

/** A seq2seq recipe of either architecture, with the variants it has. */
type Seq2seqRecipe<D extends Seq2seqDatasetOptions, M extends AttentionSeq2seqRecipeOptions | TransformerSeq2seqRecipeOptions, V extends object = object> = Recipe<D, M, TrainingSettings> & V;

type Variant<D extends Seq2seqDatasetOptions, M extends object> = RecipeVariant<D, M, TrainingSettings>;

/** Validation pairs scored after each epoch of the shipped run. */
const VALIDATION_SAMPLE = 400;

/** The data set of a config, with its character tokenizers. */
function loadPairs(dataset: { name: string; options: Seq2seqDatasetOptions }) {
  if (dataset.name === 'dateTranslation') return dateTranslation(dataset.options as DateTranslationOptions);
  if (dataset.name === 'numberWords') return numberWords(dataset.options as NumberWordsOptions);
  throw new RangeError(`seq2seq recipes: unknown data set '${dataset.name}'; known: dateTranslation, numberWords`);
}

/** The model of a config, given the vocabulary sizes. */
function seq2seqModel(config: RecipeConfig<Seq2seqDatasetOptions, AttentionSeq2seqRecipeOptions | TransformerSeq2seqRecipeOptions>, vocab: { sourceVocabSize: number; targetVocabSize: number }, seed: number): tf.LayersModel {
  if (config.model.factory === 'transformerSeq2seq') return transformerSeq2seq({ ...vocab, ...(config.model.options as TransformerSeq2seqRecipeOptions), seed });
  return attentionSeq2seq({ ...vocab, ...(config.model.options as AttentionSeq2seqRecipeOptions), seed });
}

/** What the shipped metadata calls the architecture: the model's widths (and the Transformer's schedule), without lengths or rates. */
function architectureOf(config: RecipeConfig<Seq2seqDatasetOptions, AttentionSeq2seqRecipeOptions | TransformerSeq2seqRecipeOptions>): Record<string, number | undefined> {
  if (config.model.factory === 'transformerSeq2seq') {
    const { dModel, numHeads, numLayers, dropout } = config.model.options as TransformerSeq2seqRecipeOptions;
    const schedule = config.settings.schedule?.kind === 'warmup' ? { warmupSteps: config.settings.schedule.warmupSteps, scale: config.settings.schedule.scale } : {};
    return { dModel, numHeads, numLayers, dropout, ...schedule };
  }
  const { units, embeddingDim, attentionUnits } = config.model.options as AttentionSeq2seqRecipeOptions;
  return { units, embeddingDim, attentionUnits };
}

/**
 * Trains a seq2seq model as the shipped runs do: teacher forcing, greedy
 * exact match on 400 validation pairs after each epoch (a stop at
 * `settings.stopAt`), then the test split greedy and the first 250 test
 * pairs greedy and with 3 beams.
 *
 * @param recipe - The data set, model, settings and bar (a seq2seq recipe, or a copy with other settings).
 * @param log - Called with each progress line.
 * @returns The trained model and the metadata stored with the shipped weights.
 * @example
 * const { model, metadata } = await trainSeq2seq(recipe('number-words-fr'), console.log);
 */
export async function trainSeq2seq(recipe: RecipeConfig<Seq2seqDatasetOptions, AttentionSeq2seqRecipeOptions | TransformerSeq2seqRecipeOptions> & Pick<Recipe, 'bar'>, log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>> {
  const { settings } = recipe;
  const ds = loadPairs(recipe.dataset);
  const tok = { source: ds.sourceTokenizer, target: ds.targetTokenizer };
  const lengths = { source: recipe.model.options.sourceLength, target: recipe.model.options.targetLength };
  const tr = seq2seqTensors(ds.splits.train, tok, lengths);
  const model = seq2seqModel(recipe, { sourceVocabSize: ds.sourceTokenizer.vocabSize, targetVocabSize: ds.targetTokenizer.vocabSize }, settings.seed);
  const dModel = (recipe.model.options as TransformerSeq2seqRecipeOptions).dModel;
  const learningRate = learningRateOf(settings.schedule, { dModel });
  log(`${model.countParams()} parameters, ${ds.splits.train.length} training pairs, batch ${settings.batchSize}`);
  const t0 = performance.now();
  const valSample = ds.splits.validation.slice(0, VALIDATION_SAMPLE);
  const controller = new AbortController();
  let secondsToBar: number | null = null;
  const result = await train(model, { x: [tr.source, tr.targetInput], y: tr.targetOutput }, {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    seed: settings.seed,
    signal: controller.signal,
    ...(learningRate ? { learningRate } : {}),
    onEpochEnd: async (epoch, logs) => {
      const val = await teacherForcedExactMatch(model, valSample, ds.sourceTokenizer, ds.targetTokenizer);
      if (secondsToBar == null && val >= recipe.bar.value) secondsToBar = Math.round((performance.now() - t0) / 1000);
      log(`epoch ${epoch + 1}: loss ${logs['loss']!.toFixed(4)} acc ${logs['acc']!.toFixed(4)} val exact ${val.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      if (settings.stopAt != null && val >= settings.stopAt) controller.abort(); // good enough on validation: stop before the next epoch
    },
  });
  const examplesPerSecond = Math.round((result.steps * settings.batchSize) / ((performance.now() - t0) / 1000));
  tf.dispose([tr.source, tr.targetInput, tr.targetOutput]);
  const greedy = await teacherForcedExactMatch(model, ds.splits.test, ds.sourceTokenizer, ds.targetTokenizer);
  const sample = ds.splits.test.slice(0, 250);
  const greedySample = await decodedExactMatch(model, sample, ds.sourceTokenizer, ds.targetTokenizer, 1);
  const beamSample = await decodedExactMatch(model, sample, ds.sourceTokenizer, ds.targetTokenizer, 3);
  log(`test exact match (${ds.splits.test.length}): greedy ${greedy.toFixed(4)}; first 250: greedy ${greedySample.toFixed(4)}, beam 3 ${beamSample.toFixed(4)}`);
  return {
    model,
    metadata: {
      kind: recipe.model.factory,
      architecture: architectureOf(recipe),
      dataset: recipe.dataset,
      sourceTokenizer: ds.sourceTokenizer.toJSON(),
      targetTokenizer: ds.targetTokenizer.toJSON(),
      metrics: { testExactMatchGreedy: greedy, testFirst250ExactMatchGreedy: greedySample, testFirst250ExactMatchBeam3: beamSample },
      bar: recipe.bar.value,
      secondsToBar,
      examplesPerSecond,
    },
  };
}

/**
 * A seq2seq recipe from its shipped config and variants: data as
 * `[source, targetInput] → targetOutput` tensors, scored by greedy exact
 * match (one teacher-forced pass).
 *
 * @param spec - Name, description, bar, the shipped data set, model and settings, and the variants.
 * @returns The recipe.
 * @example
 * const numberWordsFr = seq2seqRecipe({ name: 'number-words-fr', description: 'numbers to French words', bar, ...shipped });
 */
export function seq2seqRecipe<D extends Seq2seqDatasetOptions, M extends AttentionSeq2seqRecipeOptions | TransformerSeq2seqRecipeOptions, V extends { quick?: Variant<D, M>; browser?: Variant<D, M> }>(
  spec: Pick<Recipe<D, M, TrainingSettings>, 'name' | 'description' | 'bar' | 'dataset' | 'model' | 'settings'> & V,
): Seq2seqRecipe<D, M, V> {
  const recipe: Seq2seqRecipe<D, M, V> = {
    ...spec,
    createModel({ variant, seed } = {}) {
      const config = configOf(recipe, variant);
      const { sourceTokenizer, targetTokenizer } = loadPairs(config.dataset); // the same tokenizers for every seed
      return seq2seqModel(config, { sourceVocabSize: sourceTokenizer.vocabSize, targetVocabSize: targetTokenizer.vocabSize }, seed ?? config.settings.seed);
    },
    async loadData({ variant, seed } = {}): Promise<RecipeData> {
      const config = configOf(recipe, variant);
      const dataset = { name: config.dataset.name, options: seed == null ? config.dataset.options : { ...config.dataset.options, seed } };
      const ds = loadPairs(dataset);
      const tokenizers = { source: ds.sourceTokenizer, target: ds.targetTokenizer };
      const lengths = { source: config.model.options.sourceLength, target: config.model.options.targetLength };
      const tensors = (split: 'train' | 'validation' | 'test') => {
        const t = seq2seqTensors(ds.splits[split], tokenizers, lengths);
        return { x: [t.source, t.targetInput], y: t.targetOutput }; // [n, seqLenSrc], [n, seqLenTgt] → [n, seqLenTgt, 1]
      };
      const splits = { train: tensors('train'), validation: tensors('validation'), test: tensors('test') };
      return {
        ...splits,
        metadata: { dataset, sourceTokenizer: ds.sourceTokenizer.toJSON(), targetTokenizer: ds.targetTokenizer.toJSON() },
        dispose: () => tf.dispose(Object.values(splits).flatMap((s) => [...s.x, s.y])),
      };
    },
    async evaluate(model, data) {
      const { eosId } = CharTokenizer.fromJSON(data.metadata['targetTokenizer']);
      return { exactMatch: await exactMatch(model, data.test.x as tf.Tensor[], data.test.y, eosId) };
    },
    trainShipped: (log) => trainSeq2seq(recipe, log),
  };
  return recipe;
}

/** The dates of the site's example: one format (chosen on the page), 2,000 of them. */
const BROWSER_DATES: DateTranslationOptions = { count: 2000, formats: ['D MMM YYYY'], seed: 3 };

const dateTranslatorShipped: RecipeConfig<DateTranslationOptions, AttentionSeq2seqRecipeOptions> = {
  dataset: { name: 'dateTranslation', options: {} },
  model: { factory: 'attentionSeq2seq', options: { sourceLength: 30, targetLength: 11, units: 48, embeddingDim: 24, attentionUnits: 48, learningRate: 0.006 } },
  settings: { epochs: 6, batchSize: 64, seed: 1 },
};

/** Model (d) on dates: any of the fourteen date formats (twelve English, two Chinese) to ISO `YYYY-MM-DD`. */
export const dateTranslatorRecipe = seq2seqRecipe({
  name: 'date-translator',
  description: 'model (d): dates in fourteen formats (twelve English, two Chinese) to YYYY-MM-DD, an LSTM encoder-decoder with additive attention',
  bar: { metric: 'exactMatch', value: 0.99, split: 'validation', better: 'higher' },
  ...dateTranslatorShipped,
  browser: variantOf(dateTranslatorShipped, {
    dataset: BROWSER_DATES,
    model: { units: 24, embeddingDim: 12, attentionUnits: 24, learningRate: 0.01 },
    settings: { epochs: 3, batchSize: 50, seed: 2 },
    differences: '2,000 dates of one format instead of 10,000 of fourteen, and half the width (24 units) at a higher rate (0.01), so an epoch takes seconds in a browser',
  }),
});

const dateTransformerShipped: RecipeConfig<DateTranslationOptions, TransformerSeq2seqRecipeOptions> = {
  dataset: { name: 'dateTranslation', options: {} },
  model: { factory: 'transformerSeq2seq', options: { sourceLength: 30, targetLength: 11, dModel: 32, numHeads: 4, numLayers: 1, dropout: 0.05 } },
  settings: { epochs: 30, batchSize: 64, seed: 1, schedule: { kind: 'warmup', warmupSteps: 200, scale: 2 }, stopAt: 0.995 },
};

/** Model (e) on dates: the encoder–decoder Transformer (one block each, 4 heads, dModel 32). */
export const dateTransformerRecipe = seq2seqRecipe({
  name: 'date-transformer',
  description: 'model (e): dates in fourteen formats (twelve English, two Chinese) to YYYY-MM-DD, an encoder-decoder Transformer (self- and cross-attention, 4 heads)',
  bar: { metric: 'exactMatch', value: 0.99, split: 'validation', better: 'higher' },
  ...dateTransformerShipped,
  quick: variantOf(dateTransformerShipped, {
    model: { learningRate: 0.002 },
    settings: { schedule: undefined, stopAt: undefined },
    differences: "a constant Adam rate of 0.002 instead of the warm-up schedule, so Ctrl-C and --resume continue exactly; all 30 epochs, without stopping at 99.5% validation exact match",
  }),
  browser: variantOf(dateTransformerShipped, {
    dataset: BROWSER_DATES,
    model: { dropout: 0 },
    settings: { epochs: 3, batchSize: 50, seed: 2, schedule: { kind: 'warmup', warmupSteps: 100, scale: 2 }, stopAt: undefined },
    differences: '2,000 dates of one format instead of 10,000 of fourteen, no dropout and a warm-up of 100 steps instead of 200, so it learns in a few epochs of seconds in a browser',
  }),
});

/** The language of each number-words recipe, as its description says it. */
const LANGUAGE_NAMES = { fr: 'French', de: 'German', zh: 'Chinese' } as const;

/** Model (d) on numbers 0–9999 to French, German or Chinese words. */
function numberWordsRecipe(language: 'fr' | 'de' | 'zh', targetLength: number, lstm?: 'layers') {
  return seq2seqRecipe({
    name: `number-words-${language}`,
    description: `model (d): numbers 0-9999 in ${LANGUAGE_NAMES[language]} words, an LSTM encoder-decoder with additive attention`,
    bar: { metric: 'exactMatch', value: 0.95, split: 'validation', better: 'higher' },
    dataset: { name: 'numberWords', options: { language } as NumberWordsOptions },
    model: { factory: 'attentionSeq2seq', options: { sourceLength: 4, targetLength, units: 32, embeddingDim: 16, attentionUnits: 32, learningRate: 0.008, ...(lstm ? { lstm } : {}) } },
    settings: { epochs: 10, batchSize: 64, seed: 1, stopAt: 0.985 },
  });
}

/** Model (d): numbers to French words. */
export const numberWordsFrRecipe = numberWordsRecipe('fr', 47);

/** Model (d): numbers to German words. */
export const numberWordsDeRecipe = numberWordsRecipe('de', 43);

/**
 * Model (d): numbers to Chinese words (everyday numerals, at most 7
 * characters: 九千九百九十九). Its LSTMs are `tf.layers.lstm` ones, the
 * classes of the shipped French and German weights, which every loader of
 * shipped weights registers (`FusedLSTM` is not among them).
 */
export const numberWordsZhRecipe = numberWordsRecipe('zh', 8, 'layers');
