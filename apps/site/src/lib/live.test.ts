import { beforeEach, describe, expect, test } from 'vitest';
import { connectLive, heatmap, print, type LiveMessage } from './live';

let sent: LiveMessage[] = [];
beforeEach(() => {
  sent = [];
  connectLive((message) => sent.push(message));
});

/** A stand-in with the three members print reads from a tfjs tensor. */
const tensorLike = (values: number[], shape: number[], dtype = 'float32') => ({ shape, dtype, dataSync: () => Float32Array.from(values) });

describe('print', () => {
  test('print joins values with spaces and writes arrays and objects readably', () => {
    print('q =', [0.3, 0.6], { n: 2, rows: [[1, 2]] });
    expect(sent).toEqual([{ type: 'log', level: 'log', text: 'q = [0.3, 0.6] { n: 2, rows: [[1, 2]] }' }]);
  });

  test('print rounds floats to 6 significant digits', () => {
    print(1 / 3, Float32Array.from([0.1]));
    expect(sent[0]).toMatchObject({ text: '0.333333 [0.1]' });
  });

  test('print writes a tensor with its shape and dtype', () => {
    print(tensorLike([1, 2, 3, 4], [2, 2], 'int32'));
    expect(sent[0]).toMatchObject({ text: 'Tensor [2, 2] int32\n[[1, 2],\n [3, 4]]' });
  });
});

describe('heatmap', () => {
  test('heatmap sends row-major weights and default index labels', () => {
    heatmap([
      [0.25, 0.75],
      [1, 0],
    ]);
    const message = sent[0];
    expect(message?.type).toBe('heatmap');
    if (message?.type !== 'heatmap') return;
    expect(Array.from(message.weights)).toEqual([0.25, 0.75, 1, 0]);
    expect(message.rows).toEqual(['0', '1']);
    expect(message.cols).toEqual(['0', '1']);
  });

  test('heatmap of a tensor that is not a matrix names its shape', () => {
    expect(() => heatmap(tensorLike([1, 2], [2]))).toThrow('heatmap: weights must be a matrix [rows, cols], got shape [2]');
  });

  test('heatmap rejects ragged rows and the wrong number of labels', () => {
    expect(() => heatmap([[1, 2], [3]])).toThrow('heatmap: weights row 1 has 1 entries, row 0 has 2');
    expect(() => heatmap([[1, 2]], { cols: ['a'] })).toThrow('heatmap: cols has 1 labels for 2 cols');
  });
});
