import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { padBatch } from './pad-batch.js';
import { padBatchTensors } from './pad-batch-tensors.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('padBatchTensors', () => {
  it('padBatchTensors gives int32 ids [batch, seqLen] and a bool mask [batch, 1, 1, seqLen]', () => {
    const { ids, mask, lengths } = padBatchTensors([[5, 6, 7], [8]]);
    expect(ids.shape).toEqual([2, 3]);
    expect(ids.dtype).toBe('int32');
    expect(mask.shape).toEqual([2, 1, 1, 3]);
    expect(mask.dtype).toBe('bool');
    expect(lengths.shape).toEqual([2]);
    expect(ids.arraySync()).toEqual([[5, 6, 7], [8, 0, 0]]);
    expect(mask.arraySync()).toEqual([[[[1, 1, 1]]], [[[1, 0, 0]]]]);
    expect(lengths.arraySync()).toEqual([3, 1]);
    tf.dispose([ids, mask, lengths]);
  });

  it('padBatchTensors agrees with padBatch and passes options through', () => {
    const seqs = [[1, 2, 3, 4], [5, 6], []];
    const plain = padBatch(seqs, { maxLen: 3, truncate: 'start', padId: 0 });
    const t = padBatchTensors(seqs, { maxLen: 3, truncate: 'start', padId: 0 });
    expect(Array.from(t.ids.dataSync())).toEqual(Array.from(plain.ids));
    expect(Array.from(t.mask.dataSync())).toEqual(Array.from(plain.mask));
    tf.dispose([t.ids, t.mask, t.lengths]);
  });

  it('padBatchTensors leaks no tensors, even when it throws', () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const t = padBatchTensors([[1, 2], [3]]);
      tf.dispose([t.ids, t.mask, t.lengths]);
      expect(() => padBatchTensors([[1, 2, 3]], { maxLen: 2 })).toThrow(/padBatch: sequences\[0\] has length 3/);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('padBatchTensors([[5, 2 ** 40]]) throws before it allocates, so the tensor count is unchanged', () => {
    const before = tf.memory().numTensors;
    expect(() => padBatchTensors([[5, 2 ** 40]])).toThrow(/padBatch: argument 'sequences\[0\]\[1\]' must be an int32 id/);
    expect(() => padBatchTensors([[5]], { padId: -(2 ** 31) - 1 })).toThrow(/padBatch: argument 'options.padId' must be an int32 id/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
