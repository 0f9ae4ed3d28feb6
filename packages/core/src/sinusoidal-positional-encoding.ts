import * as tf from '@tensorflow/tfjs';
import type { Tensor2D } from '@tensorflow/tfjs';
import { assertAllocation } from './assert-allocation.js';
import { assertInteger } from './assert-option.js';

/** Options for {@link sinusoidalPositionalEncoding}. */
export interface SinusoidalPositionalEncodingOptions {
  /** The wavelength base. Default `10000` (Vaswani et al., 2017). */
  base?: number;
}

/**
 * The sinusoidal positional encoding of Vaswani et al. (2017):
 * `PE[pos, 2i] = sin(pos / base^(2i / dModel))`,
 * `PE[pos, 2i + 1] = cos(pos / base^(2i / dModel))`.
 * Computed in float64 and stored as float32. With an odd `dModel` the last
 * column is a sine.
 *
 * @param seqLen - Number of positions, an integer >= 0.
 * @param dModel - Width of each encoding, an integer >= 1.
 * @param options - `base` (default 10000).
 * @returns `[seqLen, dModel]`.
 * @throws RangeError when `seqLen * dModel` is over 2^28 elements (the limit of every call here, see the README).
 * @example
 * sinusoidalPositionalEncoding(4, 8).print(); // row 0 is [0, 1, 0, 1, 0, 1, 0, 1]
 */
export function sinusoidalPositionalEncoding(
  seqLen: number,
  dModel: number,
  options: SinusoidalPositionalEncodingOptions = {},
): Tensor2D {
  const fn = 'sinusoidalPositionalEncoding';
  assertInteger(fn, 'seqLen', seqLen, 0);
  assertInteger(fn, 'dModel', dModel, 1);
  const base = options.base ?? 10000;
  if (typeof base !== 'number' || !(base > 0) || !Number.isFinite(base)) {
    throw new RangeError(`${fn}: argument 'options.base' must be a positive finite number, got ${String(base)}`);
  }
  assertAllocation(
    fn,
    `seqLen ${seqLen} and dModel ${dModel}`,
    // The float32 values are built in JavaScript, then copied into the tensor.
    { largest: ['encoding [seqLen, dModel]', [seqLen, dModel]], bytes: 8 * seqLen * dModel },
    'Encode fewer positions per call: row p of the encoding depends only on p and dModel.',
  );
  const values = new Float32Array(seqLen * dModel);
  for (let pos = 0; pos < seqLen; pos++) {
    for (let col = 0; col < dModel; col++) {
      const pair = col - (col % 2); // 2i
      const angle = pos / Math.pow(base, pair / dModel);
      values[pos * dModel + col] = col % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [seqLen, dModel]);
}
