import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { type AttentionMap, readAttentionMaps } from './read-attention-maps.js';

/** What {@link predictWithAttention} returns. */
export interface PredictionWithAttention {
  /** The model's output (the caller owns it and disposes it). */
  predictions: Tensor;
  /** Every attention map of this prediction, as plain numbers, keyed as {@link readAttentionMaps} keys them. */
  attention: Record<string, AttentionMap>;
}

/**
 * Runs `model` on `x` (inference mode, in one call however large the batch)
 * and returns its predictions with every attention map of that call, copied
 * out of the layers as typed arrays.
 *
 * @param model - A model built from this package's layers (any `tf.LayersModel` works; without attention layers `attention` is empty).
 * @param x - The model's input(s), e.g. token ids `[batch, seqLen]`.
 * @returns `{ predictions, attention }`; `predictions` belongs to the caller.
 * @example
 * const { predictions, attention } = await predictWithAttention(model, ids);
 * attention['attention'].shape; // e.g. [batch, seqLen] for attention pooling
 */
export async function predictWithAttention(model: tf.LayersModel, x: Tensor | Tensor[]): Promise<PredictionWithAttention> {
  if (!(model instanceof tf.LayersModel)) throw new TypeError(`predictWithAttention: argument 'model' must be a tf.LayersModel, got ${String(model)}`);
  // One call for the whole batch: predict() would otherwise run batches of 32 and
  // the layers would keep only the last batch's maps.
  const rows = (Array.isArray(x) ? x[0] : x)?.shape[0] ?? 1;
  const out = model.predict(x, { batchSize: Math.max(1, rows) });
  if (Array.isArray(out)) {
    tf.dispose(out);
    throw new TypeError(`predictWithAttention: model '${model.name}' has ${out.length} outputs; only single-output models are supported`);
  }
  return { predictions: out, attention: await readAttentionMaps(model) };
}
