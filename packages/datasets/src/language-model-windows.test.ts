import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { languageModelTensors } from './language-model-tensors.js';
import { languageModelWindows } from './language-model-windows.js';

describe('languageModelWindows', () => {
  it('languageModelWindows([1..7], { seqLen: 3 }) gives two windows and targets shifted by one', () => {
    const { inputs, targets, shape } = languageModelWindows([1, 2, 3, 4, 5, 6, 7], { seqLen: 3 });
    expect(shape).toEqual([2, 3]);
    expect(inputs).toBeInstanceOf(Int32Array);
    expect(Array.from(inputs)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(targets)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('languageModelWindows({ stride }) overlaps windows; count = floor((n - seqLen - 1) / stride) + 1', () => {
    const tokens = Array.from({ length: 10 }, (_, i) => 100 + i);
    const { inputs, targets, shape } = languageModelWindows(tokens, { seqLen: 4, stride: 2 });
    expect(shape).toEqual([3, 4]);
    for (let w = 0; w < 3; w++) {
      for (let t = 0; t < 4; t++) {
        expect(inputs[w * 4 + t]).toBe(tokens[w * 2 + t]);
        expect(targets[w * 4 + t]).toBe(tokens[w * 2 + t + 1]);
      }
    }
    expect(languageModelWindows(Int32Array.of(1, 2), { seqLen: 1 }).shape).toEqual([1, 1]);
  });

  it('languageModelWindows rejects a stream too short for one window and bad options', () => {
    expect(() => languageModelWindows([1, 2, 3], { seqLen: 3 })).toThrow('languageModelWindows: argument \'tokens\' has 3 tokens; a window of seqLen 3 and its target need at least 4');
    expect(() => languageModelWindows([1, 2, 3], { seqLen: 0 })).toThrow(/option 'seqLen' must be an integer >= 1, got 0/);
    expect(() => languageModelWindows([1, 2, 3], { seqLen: 1, stride: 0 })).toThrow(/option 'stride'/);
    expect(() => languageModelWindows([1, 2, 3], { seqLen: 1, step: 1 } as object as { seqLen: number })).toThrow(/unknown option 'step'/);
    expect(() => languageModelWindows([1, NaN, 3], { seqLen: 1 })).toThrow(/tokens\[1\]' must be an int32 id \(-2147483648 to 2147483647\), got NaN/);
    expect(() => languageModelWindows([1, 2 ** 40, 3], { seqLen: 1 })).toThrow(new RangeError("languageModelWindows: argument 'tokens[1]' must be an int32 id (-2147483648 to 2147483647), got 1099511627776"));
  });

  it('languageModelTensors gives int32 [count, seqLen] tensors equal to the plain windows, without leaks', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const { inputs, targets } = languageModelTensors([1, 2, 3, 4, 5, 6, 7], { seqLen: 3 });
    expect(inputs.shape).toEqual([2, 3]);
    expect(inputs.dtype).toBe('int32');
    expect(inputs.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(targets.arraySync()).toEqual([[2, 3, 4], [5, 6, 7]]);
    tf.dispose([inputs, targets]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
