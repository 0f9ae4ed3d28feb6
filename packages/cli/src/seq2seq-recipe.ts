import { CharTokenizer, dateTranslation, numberWords } from '@attention-lab/datasets';
import { type AttentionMap, attentionSeq2seq, decodeSequences, seq2seqTensors, transformerSeq2seq } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './cli-error.js';
import type { ModelRecipe, RecipeData, SplitTensors } from './model-recipe.js';
import { shippedWeights } from './shipped-weights.js';

/** What a {@link seq2seqRecipe} needs: the data set, the sizes of the model and how a user writes an input. */
export interface Seq2seqRecipeSpec {
  /** The command-line name, also the name of its shipped weights in the models package's `loadPretrained`. */
  name: string;
  /** One line on what the model does. */
  description: string;
  /** How to write an input. */
  inputHelp: string;
  /** An input that works. */
  example: string;
  /** The data set (seeded), with its character tokenizers. */
  load: (seed: number) => { splits: Record<'train' | 'validation' | 'test', { source: string; target: string }[]>; sourceTokenizer: CharTokenizer; targetTokenizer: CharTokenizer };
  /** Epochs `train` runs by default. */
  epochs: number;
  /** Source length (`seqLenSrc`) and decoder length (`seqLenTgt`), Adam's rate, and the architecture with its widths. */
  sizes: { sourceLength: number; targetLength: number; learningRate: number } & Seq2seqArchitecture;
}

/**
 * The network of a {@link seq2seqRecipe}: model (d), `attentionSeq2seq` (LSTMs
 * with additive attention; the default when `kind` is left out), or model
 * (e), `transformerSeq2seq` (the encoder–decoder Transformer).
 */
export type Seq2seqArchitecture =
  | { kind?: 'attentionSeq2seq'; units: number; embeddingDim: number; attentionUnits: number }
  | { kind: 'transformerSeq2seq'; dModel: number; numHeads: number; numLayers: number; dropout: number };

/** Beams kept when `attend` decodes. */
const BEAM_WIDTH = 3;

/**
 * A recipe for an encoder–decoder: model (d) of the article, `attentionSeq2seq`
 * (additive attention), or model (e), `transformerSeq2seq`, from the models
 * package, trained on a character-level data set of the datasets package and
 * decoded with beam search (`decodeSequences`, 3 beams). The tokenizers are
 * saved with the model, so `attend` reads a folder from `train --out` without
 * the data set; shipped weights come from the models package's
 * `loadPretrained` when installed. The attention picture has one row per
 * output character (and `<eos>`) and one column per input character: the
 * additive attention `[1, seqLenTgt, seqLenSrc]`, or for the Transformer only
 * its cross-attention maps `decoder_<i>/cross` `[1, heads, seqLenTgt, seqLenSrc]`
 * (the heatmap shows the first block's mean over heads; `--view head` and
 * `--view model` show every head). The Transformer trains here with a
 * constant Adam rate rather than the warmup schedule of the shipped copy, so
 * Ctrl-C and `--resume` continue exactly.
 *
 * @param spec - See {@link Seq2seqRecipeSpec}.
 * @returns The recipe.
 * @example
 * const recipe = seq2seqRecipe({ name: 'date-translator', load: (seed) => dateTranslation({ seed }), … });
 */
export function seq2seqRecipe(spec: Seq2seqRecipeSpec): ModelRecipe {
  const { sourceLength, targetLength } = spec.sizes;
  const pretrained = shippedWeights(spec.name);
  return {
    name: spec.name,
    description: spec.description,
    inputHelp: spec.inputHelp,
    example: spec.example,
    metric: 'acc',
    epochs: spec.epochs,

    createModel(seed) {
      const { sourceTokenizer, targetTokenizer } = spec.load(0);
      const sizes = spec.sizes;
      const common = { sourceVocabSize: sourceTokenizer.vocabSize, targetVocabSize: targetTokenizer.vocabSize, sourceLength, targetLength, learningRate: sizes.learningRate, seed };
      if (sizes.kind === 'transformerSeq2seq') {
        return transformerSeq2seq({ ...common, dModel: sizes.dModel, numHeads: sizes.numHeads, numLayers: sizes.numLayers, dropout: sizes.dropout });
      }
      return attentionSeq2seq({ ...common, units: sizes.units, embeddingDim: sizes.embeddingDim, attentionUnits: sizes.attentionUnits });
    },

    async loadData(seed): Promise<RecipeData> {
      const ds = spec.load(seed);
      const tokenizers = { source: ds.sourceTokenizer, target: ds.targetTokenizer };
      const tensors = (split: 'train' | 'validation' | 'test'): SplitTensors => {
        const t = seq2seqTensors(ds.splits[split], tokenizers, { source: sourceLength, target: targetLength });
        return { x: [t.source, t.targetInput], y: t.targetOutput }; // [n, seqLenSrc], [n, seqLenTgt] → [n, seqLenTgt, 1]
      };
      const train = tensors('train');
      const validation = tensors('validation');
      const test = tensors('test');
      return {
        train,
        validation,
        test,
        metadata: { sourceTokenizer: ds.sourceTokenizer.toJSON(), targetTokenizer: ds.targetTokenizer.toJSON() },
        dispose: () => tf.dispose([train, validation, test].flatMap((s) => [...(s.x as tf.Tensor[]), s.y])),
      };
    },

    async predict(model, input, metadata) {
      let source: CharTokenizer;
      let target: CharTokenizer;
      try {
        source = CharTokenizer.fromJSON(metadata['sourceTokenizer']);
        target = CharTokenizer.fromJSON(metadata['targetTokenizer']);
      } catch (error) {
        throw new CliError(`the ${spec.name} model has no usable tokenizers saved with it: ${(error as Error).message}`);
      }
      const text = input.trim();
      const ids = source.encode(text);
      const unknown = [...text].find((_, i) => ids[i] === source.unkId);
      if (unknown !== undefined) throw new CliError(`${spec.name} cannot encode '${unknown}' in "${text}": use ${spec.inputHelp}, e.g. "${spec.example}"`);
      if (ids.length === 0 || ids.length > sourceLength) {
        throw new CliError(`${spec.name} takes 1 to ${sourceLength} characters, got ${ids.length}: use ${spec.inputHelp}, e.g. "${spec.example}"`);
      }
      const x = tf.tensor2d([[...ids, ...new Array<number>(sourceLength - ids.length).fill(0)]], [1, sourceLength], 'int32'); // [1, seqLenSrc]
      try {
        const decoded = await decodeSequences(model, x, { bosId: target.bosId, eosId: target.eosId, beamWidth: BEAM_WIDTH });
        const out = decoded.sequences[0] ?? [];
        const answer = target.decode(out);
        const rows = Math.min(out.length + 1, targetLength); // each output character, then <eos>
        // The Transformer also records its encoder's and decoder's self-attention; the picture is the cross-attention.
        const all = Object.entries(decoded.attention);
        const cross = all.filter(([key]) => key.endsWith('/cross'));
        const attention: Record<string, AttentionMap> = {};
        for (const [key, map] of cross.length > 0 ? cross : all) attention[key] = crop(map, rows, ids.length);
        const chars = (s: string) => [...s].map((c) => (c === ' ' ? '␣' : c));
        const queryTokens = [...out.map((id) => chars(target.decode([id]))[0] ?? '?'), '<eos>'].slice(0, rows);
        return {
          text: `${answer} (beam search, ${BEAM_WIDTH} beams, log p = ${decoded.logProbabilities[0]!.toFixed(3)})`,
          attention,
          keyTokens: chars(text),
          queryTokens,
        };
      } finally {
        x.dispose();
      }
    },

    ...(pretrained ? { pretrained } : {}),
  };
}

/**
 * The first batch item of a map cut to real outputs × real inputs (no
 * padding): `[batch, seqLenQ, seqLenK]` to `[1, rows, cols]`, and
 * `[batch, heads, seqLenQ, seqLenK]` to `[1, heads, rows, cols]`.
 */
function crop(map: AttentionMap, rows: number, cols: number): AttentionMap {
  if (map.shape.length !== 3 && map.shape.length !== 4) return map;
  const [q, k] = map.shape.slice(-2) as [number, number];
  const heads = map.shape.length === 4 ? map.shape[1]! : 1;
  const r = Math.min(rows, q);
  const c = Math.min(cols, k);
  const values = new Float32Array(heads * r * c);
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < r; i++) {
      const from = (h * q + i) * k; // row i of head h in [heads, seqLenQ, seqLenK]
      values.set(map.values.subarray(from, from + c), (h * r + i) * c);
    }
  }
  return { shape: map.shape.length === 4 ? [1, heads, r, c] : [1, r, c], values };
}

/** Model (d) on dates: any of the data set's date formats to ISO `YYYY-MM-DD`. */
export const dateTranslatorRecipe = seq2seqRecipe({
  name: 'date-translator',
  description: 'translate a date in many formats to YYYY-MM-DD (encoder-decoder, additive attention)',
  inputHelp: "a date such as '28th of December 2005', 'Thu 29 Sep 1966' or '06.09.1966' (up to 30 characters)",
  example: '28th of December 2005',
  epochs: 6,
  load: (seed) => dateTranslation({ seed }),
  sizes: { sourceLength: 30, targetLength: 11, units: 48, embeddingDim: 24, attentionUnits: 48, learningRate: 0.006 },
});

/**
 * Model (e) on dates: the encoder–decoder Transformer (one encoder and one
 * decoder block, 4 heads, dModel 32, as the models package's shipped
 * `date-transformer`), same inputs and outputs as `date-translator`.
 */
export const dateTransformerRecipe = seq2seqRecipe({
  name: 'date-transformer',
  description: 'translate a date in many formats to YYYY-MM-DD (Transformer: self- and cross-attention, 4 heads)',
  inputHelp: "a date such as '3rd of January 1998', 'Thu 29 Sep 1966' or '06.09.1966' (up to 30 characters)",
  example: '3rd of January 1998',
  epochs: 30,
  load: (seed) => dateTranslation({ seed }),
  sizes: { sourceLength: 30, targetLength: 11, kind: 'transformerSeq2seq', dModel: 32, numHeads: 4, numLayers: 1, dropout: 0.05, learningRate: 0.002 },
});

/** Model (d) on numbers: digits to French words. */
export const numberWordsFrRecipe = seq2seqRecipe({
  name: 'number-words-fr',
  description: 'write a number 0..9999 in French words (encoder-decoder, additive attention)',
  inputHelp: 'a whole number from 0 to 9999 in digits',
  example: '1984',
  epochs: 10,
  load: (seed) => numberWords({ language: 'fr', seed }),
  sizes: { sourceLength: 4, targetLength: 47, units: 32, embeddingDim: 16, attentionUnits: 32, learningRate: 0.008 },
});

/** Model (d) on numbers: digits to German words. */
export const numberWordsDeRecipe = seq2seqRecipe({
  name: 'number-words-de',
  description: 'write a number 0..9999 in German words (encoder-decoder, additive attention)',
  inputHelp: 'a whole number from 0 to 9999 in digits',
  example: '1984',
  epochs: 10,
  load: (seed) => numberWords({ language: 'de', seed }),
  sizes: { sourceLength: 4, targetLength: 43, units: 32, embeddingDim: 16, attentionUnits: 32, learningRate: 0.008 },
});
