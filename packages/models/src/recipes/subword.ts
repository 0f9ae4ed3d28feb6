// The subword causal Transformer language model on Moby-Dick
// (`loadPretrained('subword-transformer')`): a BPE vocabulary learned from the
// training chapters, four pre-LN blocks of four heads, and a share of training
// windows that repeat a span of random tokens so that induction heads form
// within a CPU budget. The heads of each block start in three ways
// (`startHeads`): two with smeared keys (`keyShift`) equal to their queries,
// which match a token against the token before each key (an induction head's
// comparison); one plain; one with smeared queries (`queryShift`) equal to its
// keys, which matches the token before the query against each key (a
// previous-token head's). From plain starts the two roles did not both form
// within the budget; the README has the runs. Scored in bits per token and per
// character on the unseen validation and test chapters, the same text the
// character models are scored on.
import * as tf from '@tensorflow/tfjs';
import { mobyDick, SubwordTokenizer, type MobyDickOptions } from '@attention-lab/datasets';
import type { PretrainedModel } from '../load-pretrained.js';
import { generateText } from '../generate-text.js';
import { analyzeHeads } from '../head-roles.js';
import { inductionProbe } from '../induction-probe.js';
import { configOf, type Recipe, type RecipeConfig, type RecipeData } from '../recipe.js';
import { train } from '../train.js';
import type { TransformerEncoderBlock } from '../transformer-encoder-block.js';
import { transformerLanguageModel, type TransformerLanguageModelOptions } from '../transformer-language-model.js';
import { bitsPerCharacter, mobyDickText, randomWindows, windowBits, windowData, type LanguageModelSettings, type RepeatedSpans } from './language.js';
import { learningRateOf } from './learning-rate-of.js';

/**
 * The text the tokenizer and the model train on: the chapters joined by a
 * newline, lowercased, `—` as `-` (nothing removed).
 *
 * @param chapters - Chapters of `mobyDick()`.
 * @returns The text.
 * @example
 * const text = subwordTrainingText((await mobyDick()).splits.train);
 */
export function subwordTrainingText(chapters: readonly { text: string }[]): string {
  return chapters.map((c) => c.text).join('\n').toLowerCase().replaceAll('—', '-');
}

/** `transformerLanguageModel`'s options of the subword model besides the seed; `vocabSize` is the number of BPE ids the tokenizer learns, special tokens included. */
type SubwordModelOptions = Omit<TransformerLanguageModelOptions, 'seed'>;

/** The subword model's training settings. */
export interface SubwordSettings extends LanguageModelSettings {
  /** Share of training windows with a random span written twice, and the span lengths in tokens. */
  repeat: { share: number; min: number; max: number };
  /** The value every block's `keyShift` mix starts at instead of zero, for all heads or one per head: keys that already carry part of the token before them. Default: zero. */
  keyShiftStart?: number | readonly number[];
  /** The value every block's `queryShift` mix starts at, for all heads or one per head (the model needs `queryShift`). Default: zero. */
  queryShiftStart?: number | readonly number[];
  /**
   * Start every block's key projection equal to its query projection, for all heads or the heads marked, so
   * that each such head's `W_Q W_Kᵀ` starts positive semi-definite and a query matches keys that carry the same
   * token (after the mimetic initialisation of Trockman and Kolter, 2023). Default `false`.
   */
  keysStartAsQueries?: boolean | readonly boolean[];
  /** Leave the first block with the plain start (zero shift, its own key projection), for heads that read positions such as the previous token. Default `false`. */
  plainFirstBlock?: boolean;
}

type SubwordConfig = RecipeConfig<MobyDickOptions, SubwordModelOptions, SubwordSettings>;

/** The book with the BPE tokenizer learned from its training text, and the ids of each split (validation and test as the character models read them). */
async function subwordData(config: SubwordConfig, seed: number, log?: (line: string) => void) {
  const ds = await mobyDick({ ...config.dataset.options, seed });
  const trainingText = subwordTrainingText(ds.splits.train);
  const t0 = performance.now();
  const tokenizer = SubwordTokenizer.fit(trainingText, { vocabSize: config.model.options.vocabSize, lowercase: true });
  log?.(`BPE: ${tokenizer.vocabSize} ids (${tokenizer.merges.length} merges) learned from ${trainingText.length} characters in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Scored on exactly the text the character models are scored on.
  const text = { validation: mobyDickText(ds.splits.validation), test: mobyDickText(ds.splits.test) };
  const ids = { train: Int32Array.from(tokenizer.encode(trainingText)), validation: tokenizer.encode(text.validation), test: tokenizer.encode(text.test) };
  return { trainingText, text, tokenizer, ids };
}

/** The best previous-token and induction scores over every head, as the models tests measure them: on a window of held-out text and on one probe of 24 random tokens written twice. */
async function bestRoleScores(model: Awaited<ReturnType<typeof transformerLanguageModel>>, tokenizer: SubwordTokenizer, text: Int32Array | number[], seqLen: number): Promise<{ previousToken: number; induction: number }> {
  const probe = inductionProbe({ vocabSize: tokenizer.vocabSize, period: 24, seed: 0, exclude: [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId] });
  const { layers } = await analyzeHeads(model, { text: [Array.from(text.slice(0, seqLen))], padId: tokenizer.padId, probe });
  const heads = layers.flatMap((l) => l.heads);
  return { previousToken: Math.max(...heads.map((h) => h.scores.previousToken)), induction: Math.max(...heads.map((h) => h.scores.induction ?? 0)) };
}

/**
 * Writes the start the settings ask for into a fresh model: each marked head's
 * key columns copied from its query columns, and each block's shift weights
 * set head by head. `plainFirstBlock` leaves `block_1` as built. Internal;
 * exported for its tests.
 */
export function startHeads(model: tf.LayersModel, s: SubwordSettings): void {
  // One value per output channel of a [.., heads * dHead] weight: head h owns channels [h * dHead, (h + 1) * dHead),
  // with the heads of the block that owns the weight.
  const perChannel = (w: tf.LayerVariable, values: number | boolean | readonly (number | boolean)[]) => {
    const { numHeads } = model.getLayer(w.originalName.split('/')[0]!) as TransformerEncoderBlock;
    const width = w.shape.at(-1)!;
    const list = typeof values === 'object' ? values : Array.from({ length: numHeads }, () => values);
    if (list.length !== numHeads) throw new RangeError(`trainSubword: a per-head setting needs ${numHeads} values (one per head), got ${list.length}`);
    return tf.tensor1d(Array.from({ length: width }, (_, c) => Number(list[Math.floor(c / (width / numHeads))])));
  };
  const started = (w: tf.LayerVariable) => !(s.plainFirstBlock && w.originalName.startsWith('block_1/'));
  const weights = model.weights.filter(started);
  tf.tidy(() => {
    if (s.keysStartAsQueries !== undefined) {
      for (const w of weights.filter((v) => /attention\/key\/(kernel|bias)$/.test(v.originalName))) {
        const query = model.weights.find((v) => v.originalName === w.originalName.replace('/key/', '/query/'))!;
        const marked = perChannel(w, s.keysStartAsQueries); // 1 where the key starts as the query
        w.write(tf.add(tf.mul(marked, query.read()), tf.mul(tf.sub(1, marked), w.read())));
      }
    }
    for (const [suffix, start] of [['attention/keyShift', s.keyShiftStart], ['attention/queryShift', s.queryShiftStart]] as const) {
      if (start === undefined) continue;
      const shifts = weights.filter((v) => v.originalName.endsWith(suffix));
      if (shifts.length === 0) throw new RangeError(`trainSubword: a start for '${suffix}' needs a model with that weight`);
      for (const w of shifts) w.write(perChannel(w, start));
    }
  });
}

/**
 * Trains a subword model with a config's sizes and schedule, logging progress
 * lines; `subwordRecipe.trainShipped` is this with the shipped config (a
 * shorter config gives a quick check of the whole run).
 *
 * @param recipe - The data set, model, settings and bar (e.g. `subwordRecipe`, or a copy with smaller settings).
 * @param log - Called with each progress line.
 * @returns The trained model and the metadata stored with the shipped weights.
 * @example
 * const { model } = await trainSubword({ ...subwordRecipe, settings: { ...subwordRecipe.settings, epochs: 1, stepsPerEpoch: 30 } }, console.log);
 */
export async function trainSubword(recipe: SubwordConfig & Pick<Recipe, 'bar'>, log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>> {
  const { settings: s } = recipe;
  const { vocabSize: _vocabSize, seqLen, learningRate: peak, ...options } = recipe.model.options;
  const { trainingText, text, tokenizer, ids } = await subwordData(recipe, recipe.dataset.options.seed ?? 0, log);
  log(`tokens: train ${ids.train.length} (${(trainingText.length / ids.train.length).toFixed(2)} characters each), validation ${ids.validation.length}, test ${ids.test.length}`);
  const model = transformerLanguageModel({ vocabSize: tokenizer.vocabSize, seqLen, learningRate: peak, seed: s.seed, ...options });
  startHeads(model, s);
  log(`${model.countParams()} parameters; ${s.epochs} epochs of ${s.stepsPerEpoch} batches of ${s.batchSize} windows of ${seqLen} tokens; lr ${peak} (warm-up ${s.schedule?.warmupSteps ?? 0}, cosine to a tenth); ${s.repeat.share * 100}% of windows repeat a random span of ${s.repeat.min}-${s.repeat.max} tokens`);
  const starts = ([['keys start as queries', s.keysStartAsQueries], ['key shift starts at', s.keyShiftStart], ['query shift starts at', s.queryShiftStart]] as const).filter(([, v]) => v !== undefined);
  if (starts.length > 0) log(`start${s.plainFirstBlock ? ' (all blocks but the first)' : ''}: ${starts.map(([what, v]) => `${what} ${JSON.stringify(v)}`).join('; ')} (per head where a list)`);
  const start = await bestRoleScores(model, tokenizer, ids.validation, seqLen);
  log(`before training: best previous-token ${start.previousToken.toFixed(3)} and induction ${start.induction.toFixed(3)}`);
  const repeat: RepeatedSpans = { ...s.repeat, firstId: 4, vocab: tokenizer.vocabSize };
  const learningRate = learningRateOf(s.schedule, { peak, totalSteps: s.epochs * s.stepsPerEpoch });
  const validationSample = ids.validation.slice(0, s.validationSample);
  const sampleChars = tokenizer.decode(validationSample).length;
  let trainingMs = 0;
  let secondsToBar: number | null = null;
  let epochStart = performance.now();
  const result = await train(model, (epoch) => randomWindows(ids.train, seqLen, s.batchSize, s.stepsPerEpoch, 3000 + epoch, repeat), {
    epochs: s.epochs,
    ...(learningRate ? { learningRate } : {}),
    onEpochEnd: async (epoch, logs) => {
      trainingMs += performance.now() - epochStart; // training time only
      const bitsPerToken = await bitsPerCharacter(model, validationSample);
      const bpc = (bitsPerToken * (validationSample.length - 1)) / sampleChars;
      if (secondsToBar == null && bpc <= recipe.bar.value) secondsToBar = Math.round(trainingMs / 1000);
      const roles = await bestRoleScores(model, tokenizer, ids.validation, seqLen);
      log(`epoch ${epoch + 1}: loss ${(logs['loss']! / Math.LN2).toFixed(3)} bits/token, validation sample ${bitsPerToken.toFixed(3)} bits/token = ${bpc.toFixed(3)} bpc, best previous-token ${roles.previousToken.toFixed(3)} and induction ${roles.induction.toFixed(3)}, lr ${logs['learningRate']!.toExponential(2)} (${(trainingMs / 1000).toFixed(0)} s training)`);
      epochStart = performance.now();
    },
  });
  const score = async (split: 'validation' | 'test') => {
    const bitsPerToken = await bitsPerCharacter(model, ids[split]);
    return { bitsPerToken, perplexity: 2 ** bitsPerToken, bitsPerCharacter: (bitsPerToken * (ids[split].length - 1)) / text[split].length };
  };
  const validation = await score('validation');
  const test = await score('test');
  const examplesPerSecond = (result.steps * s.batchSize) / (trainingMs / 1000);
  log(`${result.steps} steps in ${(trainingMs / 1000).toFixed(0)} s (${(examplesPerSecond * seqLen).toFixed(0)} tokens/s)`);
  log(`validation: ${validation.bitsPerToken.toFixed(4)} bits/token, perplexity ${validation.perplexity.toFixed(1)}, ${validation.bitsPerCharacter.toFixed(4)} bpc; test: ${test.bitsPerToken.toFixed(4)} bits/token, perplexity ${test.perplexity.toFixed(1)}, ${test.bitsPerCharacter.toFixed(4)} bpc (goal ${recipe.bar.value} bpc)`);
  for (const prompt of ['call me ishmael.', 'the whale', 'it was a dark night, and']) {
    const { ids: sample } = await generateText(model, tokenizer.encode(prompt), { maxTokens: 60, temperature: 0.7, topK: 20, seed: 1, suppressIds: [0, 1, 2, 3] });
    log(`sample (temperature 0.7, top-20, seed 1): ${JSON.stringify(prompt + tokenizer.decode(sample))}`);
  }
  return {
    model,
    metadata: {
      kind: recipe.model.factory,
      options,
      dataset: { ...recipe.dataset, text: 'training chapters joined by a newline, lowercased, — as -; scored on the validation and test chapters as the character models are' },
      tokenizer: tokenizer.toJSON(),
      seqLen,
      metrics: {
        validationBitsPerToken: validation.bitsPerToken,
        validationPerplexity: validation.perplexity,
        validationBitsPerCharacter: validation.bitsPerCharacter,
        testBitsPerToken: test.bitsPerToken,
        testPerplexity: test.perplexity,
        testBitsPerCharacter: test.bitsPerCharacter,
        evaluation: `every token after the first, windows of ${seqLen} every ${seqLen / 2}; bits per character = total bits / characters of the text`,
      },
      bar: recipe.bar.value,
      secondsToBar,
      examplesPerSecond: Math.round(examplesPerSecond * 10) / 10,
      steps: result.steps,
      parameters: model.countParams(),
    },
  };
}

/** The subword model: 2,048 BPE ids (special tokens included), four pre-LN blocks of dModel 128 with smeared keys and queries, reading 64 tokens. */
export const subwordRecipe: Recipe<MobyDickOptions, SubwordModelOptions, SubwordSettings> = {
  name: 'subword-transformer',
  description: 'a causal Transformer language model of Moby-Dick over 2,048 BPE subwords, with previous-token and induction heads',
  dataset: { name: 'mobyDick', options: { seed: 0 } },
  model: { factory: 'transformerLanguageModel', options: { vocabSize: 2048, seqLen: 64, learningRate: 0.003, dModel: 128, numBlocks: 4, numHeads: 4, ffDim: 512, normFirst: true, keyShift: true, queryShift: true, dropout: 0.1 } },
  settings: { epochs: 24, batchSize: 32, seed: 1, stepsPerEpoch: 100, validationSample: 10_000, schedule: { kind: 'cosineToATenth', warmupSteps: 200 }, repeat: { share: 0.4, min: 8, max: 30 }, keysStartAsQueries: [true, true, false, true], keyShiftStart: [1, 1, 0, 0], queryShiftStart: [0, 0, 0, 1] },
  bar: { metric: 'bitsPerCharacter', value: 1.8, split: 'validation', better: 'lower' },
  createModel({ variant, seed } = {}) {
    const config = configOf(subwordRecipe, variant);
    const model = transformerLanguageModel({ ...config.model.options, seed: seed ?? config.settings.seed }); // vocabSize: as many ids as the tokenizer learns
    startHeads(model, config.settings); // the heads' start, as the shipped run's
    return model;
  },
  async loadData({ variant, seed } = {}): Promise<RecipeData> {
    const config = configOf(subwordRecipe, variant);
    const options = { ...config.dataset.options, seed: seed ?? config.dataset.options.seed ?? 0 };
    const { tokenizer, ids } = await subwordData(config, options.seed);
    return windowData(ids, tokenizer, { name: config.dataset.name, options }, config.model.options.seqLen);
  },
  async evaluate(model, data) {
    return { bitsPerToken: await windowBits(model, data.test) };
  },
  trainShipped: (log) => trainSubword(subwordRecipe, log),
};
