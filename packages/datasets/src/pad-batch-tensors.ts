import { paddingMask } from '@attention-lab/core';
import * as tf from '@tensorflow/tfjs';
import { padBatch, type PadBatchOptions } from './pad-batch.js';

/** A padded batch as tensors; the caller owns (and disposes) every tensor. */
export interface PaddedBatchTensors {
  /** `int32 [batch, seqLen]`. */
  ids: tf.Tensor2D;
  /** `bool [batch, 1, 1, seqLen]`, `true` at tokens: core's key padding mask, broadcasting over heads and queries. */
  mask: tf.Tensor4D;
  /** `int32 [batch]`: tokens kept per sequence. */
  lengths: tf.Tensor1D;
}

/**
 * {@link padBatch} as TensorFlow.js tensors: ids `[batch, seqLen]` and the
 * key padding mask `[batch, 1, 1, seqLen]` that core's attention functions
 * take (from core's `paddingMask`). Exported from
 * `@attention-lab/datasets/tensors` so that the main entry never loads tfjs.
 *
 * @param sequences - `batch` sequences of integer ids.
 * @param options - As {@link padBatch}: `maxLen`, `padId` (default 0), `truncate` (default false).
 * @returns `{ ids, mask, lengths }`; dispose them when done.
 * @example
 * const { ids, mask } = padBatchTensors([[5, 6, 7], [8]]);
 * ids.shape; // [2, 3]
 * mask.shape; // [2, 1, 1, 3]
 */
export function padBatchTensors(sequences: readonly ArrayLike<number>[], options: PadBatchOptions = {}): PaddedBatchTensors {
  const { ids, lengths, shape } = padBatch(sequences, options);
  return {
    ids: tf.tensor2d(ids, shape, 'int32'),
    mask: paddingMask(lengths, shape[1]),
    lengths: tf.tensor1d(lengths, 'int32'),
  };
}
