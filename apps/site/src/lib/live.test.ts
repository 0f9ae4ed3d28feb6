import { beforeEach, describe, expect, test } from 'vitest';
import { connectLive, heatmap, nextSignal, print, replay, setLanguage, show, tr, type LiveMessage } from './live';

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
  test('heatmap sends an attentionHeatmap with row-major values and default index labels', () => {
    heatmap([
      [0.25, 0.75],
      [1, 0],
    ]);
    const message = sent[0];
    expect(message).toMatchObject({ type: 'chart', chart: 'attentionHeatmap', options: { showValues: true, colorScheme: 'auto' } });
    if (message?.type !== 'chart') return;
    const data = message.data as { values: { data: Float32Array; shape: number[] }; queryTokens: string[]; keyTokens: string[] };
    expect(Array.from(data.values.data)).toEqual([0.25, 0.75, 1, 0]);
    expect(data.values.shape).toEqual([2, 2]);
    expect(data.queryTokens).toEqual(['0', '1']);
    expect(data.keyTokens).toEqual(['0', '1']);
  });

  test('heatmap of a tensor that is not a matrix names its shape', () => {
    expect(() => heatmap(tensorLike([1, 2], [2]))).toThrow('heatmap: weights must be a matrix [rows, cols], got shape [2]');
  });

  test('heatmap rejects ragged rows and the wrong number of labels', () => {
    expect(() => heatmap([[1, 2], [3]])).toThrow('heatmap: weights row 1 has 1 entries, row 0 has 2');
    expect(() => heatmap([[1, 2]], { cols: ['a'] })).toThrow('heatmap: cols has 1 labels for 2 cols');
  });
});

describe('show', () => {
  test('show sends tensors as plain numbers: rank 1 as a Float32Array, higher ranks as { data, shape }', () => {
    show('tokenSaliency', { tokens: ['a', 'b'], weights: tensorLike([0.2, 0.8], [2]) });
    show('headView', { attention: tensorLike([1, 0, 0, 1], [1, 1, 2, 2]) });
    expect(sent[0]).toMatchObject({ type: 'chart', chart: 'tokenSaliency', data: { tokens: ['a', 'b'] } });
    expect((sent[0] as { data: { weights: unknown } }).data.weights).toEqual(Float32Array.from([0.2, 0.8]));
    expect((sent[1] as { data: { attention: unknown } }).data.attention).toEqual({ data: Float32Array.from([1, 0, 0, 1]), shape: [1, 1, 2, 2] });
  });

  test('show numbers its charts so later calls reach the right one', () => {
    const first = show('lineChart', { series: [{ name: 'loss', x: [0], y: [1] }] });
    first.append('loss', 1, 0.5);
    const id = (sent[0] as { id: number }).id;
    expect(sent[1]).toEqual({ type: 'chart-call', id, method: 'append', args: ['loss', 1, 0.5] });
  });

  test('show refuses append on a chart that is not a line chart', () => {
    const chart = show('tokenSaliency', { tokens: ['a'], weights: [1] });
    expect(() => chart.append('x', 1, 1)).toThrow('show: append is for line charts, not tokenSaliency');
  });
});

describe('replay', () => {
  test('replay sends every frame as a row-major matrix with its label, and the heatmap labels and options', () => {
    replay(
      [
        { label: 'step 0', values: [[0.5, 0.5]] },
        { label: 'step 100', values: tensorLike([0.9, 0.1], [1, 2]) },
      ],
      { cols: ['a', 'b'], title: 'training' },
    );
    expect(sent).toHaveLength(1);
    const message = sent[0];
    if (message?.type !== 'replay') throw new Error(`expected a replay message, got ${message?.type}`);
    expect(message.frames.map((frame) => frame.label)).toEqual(['step 0', 'step 100']);
    expect(message.frames.map((frame) => frame.values.shape)).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(Array.from(message.frames[1]?.values.data ?? [])).toEqual([Math.fround(0.9), Math.fround(0.1)]);
    expect(message.queryTokens).toEqual(['0']);
    expect(message.keyTokens).toEqual(['a', 'b']);
    expect(message.options).toEqual({ title: 'training', showValues: true, colorScheme: 'auto' });
  });

  test('replay rejects no frames, frames of different shapes and labels that do not fit', () => {
    expect(() => replay([])).toThrow('replay: frames is empty');
    expect(() => replay([{ label: 'a', values: [[1, 0]] }, { label: 'b', values: [[1], [0]] }])).toThrow(
      'replay: frames[1].values has shape [2, 1], frames[0] has [1, 2]',
    );
    expect(() => replay([{ label: 'a', values: tensorLike([1, 2], [2]) }])).toThrow('replay: frames[0].values must be a matrix');
    expect(() => replay([{ label: 'a', values: [[1, 0]] }], { rows: ['x', 'y'] })).toThrow('replay: rows has 2 labels for 1 rows');
  });
});

describe('signal', () => {
  test('nextSignal gives each run a fresh signal that its controller aborts', async () => {
    const first = nextSignal();
    const live = await import('./live');
    expect(live.signal).toBe(first.signal);
    first.abort();
    expect(live.signal.aborted).toBe(true);
    nextSignal();
    expect(live.signal.aborted).toBe(false);
  });
});

describe('tr', () => {
  const text = 'abc';
  test('tr writes the template as a template literal would on an English page', () => {
    setLanguage('en');
    expect(tr`${text}  →  ${'2012-03-05'}   (beam search, 3 beams, log p = ${(-0.01234).toFixed(3)})`).toBe('abc  →  2012-03-05   (beam search, 3 beams, log p = -0.012)');
  });

  test('tr writes the catalogue text with the same values on a Chinese page, and English where it has none', () => {
    setLanguage('zh-CN');
    try {
      expect(tr`${text}  →  ${'2012-03-05'}   (beam search, 3 beams, log p = ${(-0.01234).toFixed(3)})`).toBe('abc  →  2012-03-05   （束搜索，束宽 3，log p = -0.012）');
      expect(tr`type 1 to ${30} characters`).toBe('请输入 1 到 30 个字符');
      expect(tr`no such text ${1} here`).toBe('no such text 1 here');
    } finally {
      setLanguage('en');
    }
  });
});
