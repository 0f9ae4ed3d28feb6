// The recipe of the subword causal Transformer language model on Moby-Dick
// (`loadPretrained('subword-transformer')`): a BPE vocabulary learned from the
// training chapters, four pre-LN blocks of four heads, and a share of training
// windows that repeat a span of random tokens so that induction heads form
// within a CPU budget. Scored in bits per token and per character on the
// unseen validation and test chapters, the same text the character models are
// scored on.
import { mobyDick, SubwordTokenizer } from '@attention-lab/datasets';
import { generateText } from '../src/generate-text.js';
import { train } from '../src/train.js';
import { transformerLanguageModel } from '../src/transformer-language-model.js';
import { cosineToATenth, type Recipe } from './recipe.js';
import { bitsPerCharacter, mobyDickText, randomWindows, type RepeatedSpans } from './recipes-language.js';

/** The text the tokenizer and the model train on: the chapters joined by a newline, lowercased, `—` as `-` (nothing removed). */
export function subwordTrainingText(chapters: readonly { text: string }[]): string {
  return chapters.map((c) => c.text).join('\n').toLowerCase().replaceAll('—', '-');
}

/** Sizes and schedule of a subword language model recipe. */
export interface SubwordSchedule {
  vocabSize: number;
  seqLen: number;
  options: { dModel: number; numBlocks: number; numHeads: number; ffDim: number; normFirst: boolean; dropout: number };
  batchSize: number;
  stepsPerEpoch: number;
  epochs: number;
  learningRate: number;
  warmupSteps: number;
  repeat: { share: number; min: number; max: number };
  bar: number;
  validationSample: number;
}

/** Sizes and schedule of the shipped subword model. */
export const SUBWORD_TRANSFORMER: SubwordSchedule = {
  /** BPE ids, special tokens included (see the README for why 2,048). */
  vocabSize: 2048,
  seqLen: 64,
  options: { dModel: 128, numBlocks: 4, numHeads: 4, ffDim: 512, normFirst: true, dropout: 0.1 },
  batchSize: 32,
  stepsPerEpoch: 100,
  epochs: 36,
  learningRate: 0.003,
  warmupSteps: 200,
  /** Share of training windows with a random span written twice (lengths 4 to 24 tokens). */
  repeat: { share: 0.2, min: 4, max: 24 },
  /** The goal on validation bits per character. */
  bar: 1.8,
  validationSample: 10_000,
};

/** The recipe with these sizes and schedule. */
export function subwordRecipe(s: SubwordSchedule): Recipe {
  return {
  name: 'subword-transformer',
  async train(log) {
    const ds = await mobyDick({ seed: 0 });
    const trainingText = subwordTrainingText(ds.splits.train);
    const t0 = performance.now();
    const tokenizer = SubwordTokenizer.fit(trainingText, { vocabSize: s.vocabSize, lowercase: true });
    log(`BPE: ${tokenizer.vocabSize} ids (${tokenizer.merges.length} merges) learned from ${trainingText.length} characters in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Scored on exactly the text the character models are scored on.
    const text = { validation: mobyDickText(ds.splits.validation), test: mobyDickText(ds.splits.test) };
    const ids = { train: Int32Array.from(tokenizer.encode(trainingText)), validation: tokenizer.encode(text.validation), test: tokenizer.encode(text.test) };
    log(`tokens: train ${ids.train.length} (${(trainingText.length / ids.train.length).toFixed(2)} characters each), validation ${ids.validation.length}, test ${ids.test.length}`);
    const model = transformerLanguageModel({ vocabSize: tokenizer.vocabSize, seqLen: s.seqLen, learningRate: s.learningRate, seed: 1, ...s.options });
    log(`${model.countParams()} parameters; ${s.epochs} epochs of ${s.stepsPerEpoch} batches of ${s.batchSize} windows of ${s.seqLen} tokens; lr ${s.learningRate} (warm-up ${s.warmupSteps}, cosine to a tenth); ${s.repeat.share * 100}% of windows repeat a random span of ${s.repeat.min}-${s.repeat.max} tokens`);
    const repeat: RepeatedSpans = { ...s.repeat, firstId: 4, vocab: tokenizer.vocabSize };
    const learningRate = cosineToATenth(s.learningRate, s.warmupSteps, s.epochs * s.stepsPerEpoch);
    const validationSample = ids.validation.slice(0, s.validationSample);
    const sampleChars = tokenizer.decode(validationSample).length;
    let trainingMs = 0;
    let secondsToBar: number | null = null;
    let epochStart = performance.now();
    const result = await train(model, (epoch) => randomWindows(ids.train, s.seqLen, s.batchSize, s.stepsPerEpoch, 3000 + epoch, repeat), {
      epochs: s.epochs,
      learningRate,
      onEpochEnd: async (epoch, logs) => {
        trainingMs += performance.now() - epochStart; // training time only
        const bitsPerToken = await bitsPerCharacter(model, validationSample);
        const bpc = (bitsPerToken * (validationSample.length - 1)) / sampleChars;
        if (secondsToBar == null && bpc <= s.bar) secondsToBar = Math.round(trainingMs / 1000);
        log(`epoch ${epoch + 1}: loss ${(logs['loss']! / Math.LN2).toFixed(3)} bits/token, validation sample ${bitsPerToken.toFixed(3)} bits/token = ${bpc.toFixed(3)} bpc, lr ${logs['learningRate']!.toExponential(2)} (${(trainingMs / 1000).toFixed(0)} s training)`);
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
    log(`${result.steps} steps in ${(trainingMs / 1000).toFixed(0)} s (${(examplesPerSecond * s.seqLen).toFixed(0)} tokens/s)`);
    log(`validation: ${validation.bitsPerToken.toFixed(4)} bits/token, perplexity ${validation.perplexity.toFixed(1)}, ${validation.bitsPerCharacter.toFixed(4)} bpc; test: ${test.bitsPerToken.toFixed(4)} bits/token, perplexity ${test.perplexity.toFixed(1)}, ${test.bitsPerCharacter.toFixed(4)} bpc (goal ${s.bar} bpc)`);
    for (const prompt of ['call me ishmael.', 'the whale', 'it was a dark night, and']) {
      const { ids: sample } = await generateText(model, tokenizer.encode(prompt), { maxTokens: 60, temperature: 0.7, topK: 20, seed: 1, suppressIds: [0, 1, 2, 3] });
      log(`sample (temperature 0.7, top-20, seed 1): ${JSON.stringify(prompt + tokenizer.decode(sample))}`);
    }
    return {
      model,
      metadata: {
        kind: 'transformerLanguageModel',
        options: s.options,
        dataset: { name: 'mobyDick', options: { seed: 0 }, text: 'training chapters joined by a newline, lowercased, — as -; scored on the validation and test chapters as the character models are' },
        tokenizer: tokenizer.toJSON(),
        seqLen: s.seqLen,
        metrics: {
          validationBitsPerToken: validation.bitsPerToken,
          validationPerplexity: validation.perplexity,
          validationBitsPerCharacter: validation.bitsPerCharacter,
          testBitsPerToken: test.bitsPerToken,
          testPerplexity: test.perplexity,
          testBitsPerCharacter: test.bitsPerCharacter,
          evaluation: `every token after the first, windows of ${s.seqLen} every ${s.seqLen / 2}; bits per character = total bits / characters of the text`,
        },
        bar: s.bar,
        secondsToBar,
        examplesPerSecond: Math.round(examplesPerSecond * 10) / 10,
        steps: result.steps,
        parameters: model.countParams(),
      },
    };
  },
};
}

export const SUBWORD_RECIPE: Recipe = subwordRecipe(SUBWORD_TRANSFORMER);
