// Sets every weight of a built layer to seeded values and returns them by
// their short name (`attention/query/kernel`), as plain arrays.
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from './plain.js';

export function setSeededWeights(layer: tf.layers.Layer, seed: number, scale = 0.5): Record<string, number[] & number[][]> {
  const next = seededRandom(seed, scale);
  const out: Record<string, number[] & number[][]> = {};
  const values = layer.weights.map((w) => {
    const shape = w.shape as number[];
    const v = shape.length === 2
      ? Array.from({ length: shape[0]! }, () => Array.from({ length: shape[1]! }, next))
      : Array.from({ length: shape[0]! }, () => (w.originalName.endsWith('gamma') ? 1 + next() : next()));
    out[w.originalName.slice(layer.name.length + 1)] = v as number[] & number[][];
    return tf.tensor(v);
  });
  layer.setWeights(values);
  tf.dispose(values);
  return out;
}
