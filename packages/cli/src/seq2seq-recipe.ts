import { CharTokenizer, outsideTraining, type DatasetDescription } from '@attention-lab/datasets';
import { type AttentionMap, decodeSequences, recipe } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './cli-error.js';
import type { ModelRecipe } from './model-recipe.js';
import { recipeTraining } from './recipe-training.js';
import { shippedWeights } from './shipped-weights.js';

/** What a {@link seq2seqRecipe} needs: the models package's recipe it trains, and how a user writes an input. */
export interface Seq2seqRecipeSpec {
  /** The command-line name. */
  name: string;
  /** The models package's seq2seq recipe (data set, model, training), also the name of its shipped weights. */
  registry: 'date-translator' | 'number-words-fr' | 'number-words-de' | 'number-words-zh' | 'date-transformer';
  /** One line on what the model does. */
  description: string;
  /** How to write an input. */
  inputHelp: string;
  /** An input that works. */
  example: string;
}

/** Beams kept when `attend` decodes. */
const BEAM_WIDTH = 3;

/**
 * A recipe for an encoder–decoder: model (d) of the article, `attentionSeq2seq`
 * (additive attention), or model (e), `transformerSeq2seq`, trained as the
 * models package's registry says (`recipe(spec.registry)`: its quick variant
 * where it has one, whose differences `train` prints) on a character-level
 * data set of the datasets package, and decoded with beam search
 * (`decodeSequences`, 3 beams). The tokenizers are saved with the model, so
 * `attend` reads a folder from `train --out` without the data set; shipped
 * weights come from the models package's `loadPretrained` when installed.
 * The attention picture has one row per output character (and `<eos>`) and
 * one column per input character: the additive attention
 * `[1, seqLenTgt, seqLenSrc]`, or for the Transformer only its
 * cross-attention maps `decoder_<i>/cross` `[1, heads, seqLenTgt, seqLenSrc]`
 * (the heatmap shows the first block's mean over heads; `--view head` and
 * `--view model` show every head).
 *
 * @param spec - See {@link Seq2seqRecipeSpec}.
 * @returns The recipe.
 * @example
 * const recipe = seq2seqRecipe({ name: 'date-translator', registry: 'date-translator', description: '…', inputHelp: 'a date', example: '3 Jan 1998' });
 */
export function seq2seqRecipe(spec: Seq2seqRecipeSpec): ModelRecipe {
  const { sourceLength, targetLength } = recipe(spec.registry).model.options;
  const pretrained = shippedWeights(spec.registry, spec.name);
  return {
    name: spec.name,
    description: spec.description,
    inputHelp: spec.inputHelp,
    example: spec.example,
    ...recipeTraining(spec.registry),

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
          text: `${answer} (beam search, ${BEAM_WIDTH} beams, log p = ${decoded.logProbabilities[0]!.toFixed(3)})${notesOf(metadata, text)}`,
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
 * What in `text` lies outside the model's training data (years, number
 * ranges), as `; note: …` clauses for the prediction line, read from the data
 * set the metadata names (shipped weights and `train --out` folders store it);
 * empty when the metadata names none.
 */
function notesOf(metadata: Record<string, unknown>, text: string): string {
  const dataset = metadata['dataset'] as DatasetDescription | undefined;
  if (dataset == null || typeof dataset !== 'object' || typeof dataset.name !== 'string') return '';
  return outsideTraining(dataset, text).map((note) => `; note: ${note}, so this is a guess`).join('');
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
  registry: 'date-translator',
  description: 'translate a date in many formats to YYYY-MM-DD (encoder-decoder, additive attention)',
  inputHelp: "a date such as '28th of December 2005', 'Thu 29 Sep 1966' or '06.09.1966' (up to 30 characters)",
  example: '28th of December 2005',
});

/**
 * Model (e) on dates: the encoder–decoder Transformer (one encoder and one
 * decoder block, 4 heads, dModel 32, as the models package's shipped
 * `date-transformer`), same inputs and outputs as `date-translator`. `train`
 * runs the registry's quick variant: a constant Adam rate instead of the
 * shipped warm-up schedule, so Ctrl-C and `--resume` continue exactly.
 */
export const dateTransformerRecipe = seq2seqRecipe({
  name: 'date-transformer',
  registry: 'date-transformer',
  description: 'translate a date in many formats to YYYY-MM-DD (Transformer: self- and cross-attention, 4 heads)',
  inputHelp: "a date such as '3rd of January 1998', 'Thu 29 Sep 1966' or '06.09.1966' (up to 30 characters)",
  example: '3rd of January 1998',
});

/** Model (d) on numbers: digits to French words. */
export const numberWordsFrRecipe = seq2seqRecipe({
  name: 'number-words-fr',
  registry: 'number-words-fr',
  description: 'write a number 0..9999 in French words (encoder-decoder, additive attention)',
  inputHelp: 'a whole number from 0 to 9999 in digits',
  example: '1984',
});

/** Model (d) on numbers: digits to German words. */
export const numberWordsDeRecipe = seq2seqRecipe({
  name: 'number-words-de',
  registry: 'number-words-de',
  description: 'write a number 0..9999 in German words (encoder-decoder, additive attention)',
  inputHelp: 'a whole number from 0 to 9999 in digits',
  example: '1984',
});

/** Model (d) on numbers: digits to Chinese words (everyday numerals, 一千九百八十四). */
export const numberWordsZhRecipe = seq2seqRecipe({
  name: 'number-words-zh',
  registry: 'number-words-zh',
  description: 'write a number 0..9999 in Chinese numerals (encoder-decoder, additive attention)',
  inputHelp: 'a whole number from 0 to 9999 in digits',
  example: '1984',
});
