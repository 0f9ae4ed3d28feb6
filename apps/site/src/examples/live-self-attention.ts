import { scaledDotProductAttention, sinusoidalPositionalEncoding } from '@attention-lab/core';
import * as tf from '@tensorflow/tfjs';
import { ensureBackend } from '../lib/ensure-backend';
import { fnv1a } from '../lib/fnv1a';
import { hashedEmbedding } from '../lib/hashed-embedding';
import { seededMatrix } from '../lib/seeded-matrix';
import { tokenize } from '../lib/tokenize';

/** Width of every token vector in this example. */
export const D_MODEL = 16;

/** Most tokens the example attends over; longer input is cut. */
export const MAX_TOKENS = 24;

/**
 * Entries of the projections are uniform in `[-s, s)` with `s = sqrt(3 / dModel)`,
 * i.e. variance `1 / dModel`, so a projection keeps its input's scale.
 */
const PROJECTION_SCALE = Math.sqrt(3 / D_MODEL);

/** Options for {@link liveSelfAttention}. */
export interface LiveSelfAttentionOptions {
  /** Hide keys after each query. Default `false`. */
  causal?: boolean;
}

/** What {@link liveSelfAttention} returns, as plain numbers. */
export interface LiveSelfAttentionResult {
  /** The `seqLen` tokens attended over. */
  tokens: string[];
  /** Attention weights `[seqLen, seqLen]`, row-major: row = query, column = key. */
  weights: Float32Array;
  /** The tfjs backend that computed them. */
  backend: string;
}

/** A fixed `[dModel, dModel]` projection, the same on every page load. */
function projection(name: string): tf.Tensor2D {
  return tf.tensor2d(seededMatrix(fnv1a(name), D_MODEL, D_MODEL, { scale: PROJECTION_SCALE }), [D_MODEL, D_MODEL]);
}

/**
 * Self-attention over the words of a sentence, with untrained but reproducible
 * parameters: hashed token vectors plus sinusoidal positions, and seeded random
 * projections W_Q, W_K, W_V. Picks a backend on first use.
 *
 * @param text - Any text; it is tokenised into at most {@link MAX_TOKENS} lowercase words.
 * @param options - `causal` (default false).
 * @returns The tokens and their weights `[seqLen, seqLen]`; empty when the text has no words.
 * @example
 * const { tokens, weights } = await liveSelfAttention('the cat sat', { causal: true });
 * // tokens = ['the', 'cat', 'sat']; weights[1] (row 0, column 1) is 0
 */
export async function liveSelfAttention(
  text: string,
  options: LiveSelfAttentionOptions = {},
): Promise<LiveSelfAttentionResult> {
  const { backend } = await ensureBackend();
  const tokens = tokenize(text, { maxTokens: MAX_TOKENS });
  const seqLen = tokens.length;
  if (seqLen === 0) return { tokens, weights: new Float32Array(0), backend };

  const { output, weights } = tf.tidy(() => {
    const embedded = tf.tensor2d(hashedEmbedding(tokens, D_MODEL), [seqLen, D_MODEL]); // [seqLen, dModel]
    const x = tf.add(embedded, sinusoidalPositionalEncoding(seqLen, D_MODEL)) as tf.Tensor2D; // [seqLen, dModel]
    const q = tf.matMul(x, projection('W_Q')); // [seqLen, dModel]
    const k = tf.matMul(x, projection('W_K')); // [seqLen, dModel]
    const v = tf.matMul(x, projection('W_V')); // [seqLen, dModel]
    const attended = scaledDotProductAttention(q, k, v, { causal: options.causal ?? false });
    return { output: attended.output, weights: attended.weights }; // [seqLen, dModel], [seqLen, seqLen]
  });
  try {
    return { tokens, weights: Float32Array.from(await weights.data()), backend };
  } finally {
    output.dispose();
    weights.dispose();
  }
}
