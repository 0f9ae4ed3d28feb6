import * as tf from '@tensorflow/tfjs';
import { createRng } from '@attention-lab/datasets';
import { assertInteger } from '@attention-lab/core';
import { type AttentionMap, readAttentionMaps } from './read-attention-maps.js';
import { languageModelShape } from './language-model-shape.js';

/** Options for {@link sampleToken} and {@link samplingDistribution}. */
export interface SampleTokenOptions {
  /** Divides the log-probabilities before renormalising: below 1 sharpens, above 1 flattens; `0` takes the argmax. Default `1`. */
  temperature?: number;
  /** Keep only the `topK` most probable ids (ties go to the lower id) before sampling; `0` keeps all. Default `0`. */
  topK?: number;
  /**
   * Nucleus sampling (Holtzman et al., 2020): after temperature and top-k, keep the fewest most probable ids
   * whose probabilities add up to at least `topP`; `1` keeps all. Default `1`.
   */
  topP?: number;
  /** A uniform random number in `[0, 1)` per call, e.g. `createRng(seed).next`. Default `Math.random`. */
  random?: () => number;
}

/**
 * The distribution a token is drawn from: keep the `topK` largest
 * probabilities, raise each to the power `1 / temperature`, renormalise, then
 * keep the smallest set of most probable ids whose mass reaches `topP` and
 * renormalise again. Temperature `0` puts all the mass on the argmax (the
 * lowest id on ties). Pure: the input is not changed.
 *
 * @param probabilities - `[vocab]` non-negative numbers with a positive sum (they need not sum to 1).
 * @param options - `temperature` (1), `topK` (0 = all), `topP` (1 = all).
 * @returns `[vocab]` probabilities that sum to 1, zero outside the kept ids.
 * @example
 * samplingDistribution([0.1, 0.6, 0.3], { topK: 2 }); // Float64Array [0, 0.667, 0.333]
 * samplingDistribution([0.1, 0.6, 0.3], { topP: 0.5 }); // Float64Array [0, 1, 0]
 */
export function samplingDistribution(probabilities: ArrayLike<number>, options: Omit<SampleTokenOptions, 'random'> = {}): Float64Array {
  const fn = 'samplingDistribution';
  checkProbabilities(fn, probabilities);
  const { temperature, topK, topP } = sampleOptions(fn, options, probabilities.length);
  return distribution(probabilities, temperature, topK, topP).p;
}

/** Throws unless `probabilities` is a non-empty array of finite numbers >= 0 with a positive sum. */
function checkProbabilities(fn: string, probabilities: ArrayLike<number>): void {
  if (probabilities == null || typeof probabilities !== 'object' || typeof probabilities.length !== 'number' || probabilities.length === 0) {
    throw new TypeError(`${fn}: argument 'probabilities' must be a non-empty array of numbers [vocab], got ${probabilities == null ? String(probabilities) : `length ${String((probabilities as { length?: unknown }).length)}`}`);
  }
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) throw new RangeError(`${fn}: argument 'probabilities[${i}]' must be a finite number >= 0, got ${String(p)}`);
    sum += p;
  }
  if (!(sum > 0)) throw new RangeError(`${fn}: argument 'probabilities' must have a positive sum, got ${sum}`);
}

/** The sampling distribution of checked inputs (see {@link samplingDistribution}), and the ids it keeps, most probable first. */
function distribution(probabilities: ArrayLike<number>, temperature: number, topK: number, topP: number): { p: Float64Array; kept: number[] } {
  const out = new Float64Array(probabilities.length);
  // Candidate ids, most probable first (stable: ties keep the lower id first).
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  if (temperature === 0) {
    out[order[0]!] = 1;
    return { p: out, kept: [order[0]!] };
  }
  const kept = order.slice(0, topK === 0 ? order.length : topK).filter((i) => probabilities[i]! > 0);
  // p^(1/T), computed as exp((log p - log pMax) / T) so small temperatures do not underflow to all zeros.
  const logMax = Math.log(probabilities[kept[0]!]!);
  const weights = kept.map((i) => Math.exp((Math.log(probabilities[i]!) - logMax) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let mass = 0;
  let n = 0;
  while (n < kept.length && (n === 0 || mass < topP)) mass += weights[n++]! / total; // the nucleus: most probable first until topP is reached
  for (let j = 0; j < n; j++) out[kept[j]!] = weights[j]! / total / mass;
  return { p: out, kept: kept.slice(0, n) };
}

/**
 * Draws one token id from a probability vector with temperature, top-k and
 * top-p (see {@link samplingDistribution}), by inverse CDF with one number from
 * `random`. Temperature `0` returns the argmax (the lowest id on ties) and
 * draws nothing. Pure: the input is not changed.
 *
 * @param probabilities - `[vocab]` non-negative numbers with a positive sum (they need not sum to 1).
 * @param options - `temperature` (1), `topK` (0 = all), `topP` (1 = all), `random` (Math.random).
 * @returns An id in `[0, vocab)` whose probability is positive.
 * @example
 * sampleToken([0.1, 0.6, 0.3], { temperature: 0 }); // 1
 * sampleToken([0.1, 0.6, 0.3], { topK: 2, random: createRng(0).next }); // 1 or 2, in odds 2 : 1
 */
export function sampleToken(probabilities: ArrayLike<number>, options: SampleTokenOptions = {}): number {
  const fn = 'sampleToken';
  checkProbabilities(fn, probabilities);
  const { temperature, topK, topP, random } = sampleOptions(fn, options, probabilities.length);
  const { p, kept: order } = distribution(probabilities, temperature, topK, topP);
  if (temperature === 0) return order[0]!;
  const u = random();
  if (typeof u !== 'number' || !(u >= 0 && u < 1)) throw new RangeError(`${fn}: options.random() must return a number in [0, 1), got ${String(u)}`);
  // Walk the kept ids most probable first, as the draws always have.
  let cumulative = 0;
  for (const id of order) {
    cumulative += p[id]!;
    if (u < cumulative) return id;
  }
  return order[order.length - 1]!; // u just below 1 and rounding in the cumulative sum
}

/** Options for {@link generateText}. */
export interface GenerateTextOptions {
  /** Number of tokens to generate. Default `100`. */
  maxTokens?: number;
  /** Sampling temperature, see {@link sampleToken}; `0` is greedy decoding. Default `1`. */
  temperature?: number;
  /** Sample among the `topK` most probable tokens only; `0` keeps all. Default `0`. */
  topK?: number;
  /** Sample from the smallest set of most probable tokens whose mass reaches `topP` (nucleus sampling); `1` keeps all. Default `1`. */
  topP?: number;
  /** Seed of the sampling, so a run can be repeated. Default `0`. */
  seed?: number;
  /** Ids never generated, e.g. a tokenizer's special tokens `[0, 1, 2, 3]`. Default `[]`. */
  suppressIds?: readonly number[];
  /** Also return the attention maps of the last step (empty for a model without attention layers). Default `false`. */
  attention?: boolean;
}

/** What {@link generateText} returns. */
export interface GeneratedText {
  /** The generated ids, without the prompt. */
  ids: number[];
  /**
   * With `options.attention`: every attention map of the step that produced the
   * last id, keyed as {@link readAttentionMaps} keys them, e.g. `block_1`
   * `[1, heads, seqLen, seqLen]`; its query row `position` is the one that predicted the last id.
   */
  attention?: Record<string, AttentionMap>;
  /** With `options.attention`: the `[seqLen]` window of that step (right-padded with 0) and the position that predicted the last id. */
  context?: { ids: number[]; position: number };
}

/**
 * Generates tokens from a prompt with a next-token language model such as
 * {@link transformerLanguageModel} or {@link lstmLanguageModel}: at each step the
 * model reads the last `seqLen` ids (right-padded with 0 while there are
 * fewer; a causal or left-to-right model ignores the padding), and
 * {@link sampleToken} draws the next id from the distribution at the last real
 * position, with temperature and top-k and a seeded random stream. Longer
 * contexts slide: the oldest ids drop out of the window. No tensor leaks.
 *
 * @param model - A `tf.LayersModel` from ids `[batch, seqLen]` (fixed `seqLen`) to probabilities `[batch, seqLen, vocab]`.
 * @param promptIds - At least one id in `[0, vocab)`; only its last `seqLen` ids are read.
 * @param options - `maxTokens` (100), `temperature` (1), `topK` (0 = all), `topP` (1 = all), `seed` (0), `suppressIds` ([]), `attention` (false).
 * @returns `{ ids }`, plus `attention` and `context` when asked for.
 * @example
 * const { model, metadata } = await loadPretrained('char-transformer');
 * const tokenizer = CharTokenizer.fromJSON(metadata.tokenizer);
 * const { ids } = await generateText(model, tokenizer.encode('call me ishmael. '), { maxTokens: 80, temperature: 0.7, topK: 8, seed: 1 });
 * tokenizer.decode(ids);
 */
export async function generateText(model: tf.LayersModel, promptIds: ArrayLike<number>, options: GenerateTextOptions = {}): Promise<GeneratedText> {
  const fn = 'generateText';
  const { seqLen, vocab } = languageModelShape(fn, model);
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object, got ${String(options)}`);
  const int = (name: string, value: unknown, min: number) => assertInteger(fn, `options.${name}`, value, min);
  const maxTokens = int('maxTokens', options.maxTokens ?? 100, 0);
  const seed = int('seed', options.seed ?? 0, 0);
  const sampling = sampleOptions(fn, { temperature: options.temperature, topK: options.topK, topP: options.topP }, vocab);
  const checkId = (name: string, id: unknown) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= vocab) throw new RangeError(`${fn}: argument '${name}' must be an id in 0..${vocab - 1}, got ${String(id)}`);
    return id;
  };
  if (promptIds == null || typeof promptIds !== 'object' || typeof promptIds.length !== 'number' || promptIds.length === 0) {
    throw new RangeError(`${fn}: argument 'promptIds' must be a non-empty array of ids, got ${promptIds == null ? String(promptIds) : `length ${String((promptIds as { length?: unknown }).length)}`}`);
  }
  const ids = Array.from(promptIds, (id, i) => checkId(`promptIds[${i}]`, id));
  const suppressed = options.suppressIds ?? [];
  if (!Array.isArray(suppressed)) throw new TypeError(`${fn}: argument 'options.suppressIds' must be an array of ids, got ${String(suppressed)}`);
  suppressed.forEach((id, i) => checkId(`options.suppressIds[${i}]`, id));
  if (suppressed.length >= vocab) throw new RangeError(`${fn}: argument 'options.suppressIds' suppresses all ${vocab} ids`);
  const random = createRng(seed).next;

  const generated: number[] = [];
  let window: number[] = [];
  let position = 0;
  for (let step = 0; step < maxTokens; step++) {
    window = ids.slice(-seqLen); // the last seqLen ids, then right-padded to seqLen
    position = window.length - 1;
    while (window.length < seqLen) window.push(0);
    const row = tf.tidy(() => {
      const probs = model.predict(tf.tensor2d(window, [1, seqLen], 'int32')) as tf.Tensor; // [1, seqLen, vocab]
      return probs.slice([0, position, 0], [1, 1, vocab]).reshape([vocab]); // [vocab]
    });
    const p = Float64Array.from(await row.data());
    row.dispose();
    for (const id of suppressed) p[id] = 0;
    if (!p.some((x) => x > 0)) for (let id = 0; id < vocab; id++) p[id] = suppressed.includes(id) ? 0 : 1; // every allowed id underflowed: draw uniformly among them
    const next = sampleToken(p, { ...sampling, random });
    generated.push(next);
    ids.push(next);
  }
  if (!options.attention || maxTokens === 0) return options.attention ? { ids: generated, attention: {} } : { ids: generated };
  return { ids: generated, attention: await readAttentionMaps(model), context: { ids: window, position } };
}

/** Checked, defaulted temperature, topK, topP and random of {@link sampleToken} and {@link generateText}. */
function sampleOptions(fn: string, options: SampleTokenOptions, vocab: number): { temperature: number; topK: number; topP: number; random: () => number } {
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object, got ${String(options)}`);
  const temperature = options.temperature ?? 1;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0) {
    throw new RangeError(`${fn}: argument 'options.temperature' must be a finite number >= 0, got ${String(temperature)}`);
  }
  const topK = options.topK ?? 0;
  if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 0 || topK > vocab) {
    throw new RangeError(`${fn}: argument 'options.topK' must be an integer in 0..${vocab} (vocab), got ${String(topK)}`);
  }
  const topP = options.topP ?? 1;
  if (typeof topP !== 'number' || !(topP > 0 && topP <= 1)) throw new RangeError(`${fn}: argument 'options.topP' must be a number in (0, 1], got ${String(topP)}`);
  const random = options.random ?? Math.random;
  if (typeof random !== 'function') throw new TypeError(`${fn}: argument 'options.random' must be a function returning a number in [0, 1), got ${String(random)}`);
  return { temperature, topK, topP, random };
}
