import type * as tf from '@tensorflow/tfjs';
import { AttentionLayer } from './attention-layer.js';

/** One attention map as plain numbers, ready for `@attention-lab/viz`. */
export interface AttentionMap {
  /** E.g. `[batch, heads, seqLenQ, seqLenK]` for multi-head attention, `[batch, seqLen]` for pooling. */
  shape: number[];
  /** Row-major values. */
  values: Float32Array;
}

/**
 * Copies the attention weights of the last call of every attention layer in
 * `model` (our layers, found recursively in nested models) into plain typed
 * arrays, keyed `layerName` or `layerName/self`, `layerName/cross` for layers
 * with several attentions. Nothing returned is a tensor; nothing leaks.
 *
 * @param model - A model (or layer) that has been called at least once.
 * @returns `{ [key]: { shape, values } }`; empty when no attention layer has run.
 * @example
 * model.predict(x);
 * const maps = await readAttentionMaps(model); // { multi_head_attention: { shape: [1, 2, 5, 5], values } }
 */
export async function readAttentionMaps(model: tf.LayersModel | tf.layers.Layer): Promise<Record<string, AttentionMap>> {
  const out: Record<string, AttentionMap> = {};
  const visit = async (layer: tf.layers.Layer) => {
    if (layer instanceof AttentionLayer) {
      const maps = Object.entries(layer.lastAttentionMaps);
      for (const [name, t] of maps) {
        const key = maps.length === 1 && name === 'attention' ? layer.name : `${layer.name}/${name}`;
        out[key] = { shape: t.shape.slice(), values: (await t.data()) as Float32Array };
      }
    }
    const inner = (layer as { layers?: tf.layers.Layer[] }).layers;
    if (Array.isArray(inner)) for (const l of inner) await visit(l);
  };
  await visit(model as unknown as tf.layers.Layer);
  return out;
}
