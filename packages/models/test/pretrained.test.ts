// The shipped weights: their size, loading (from disk and over real HTTP) and
// the documented quality bars on the data sets' test splits.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, dateTranslation, numberWords, toySequenceTasks } from '@attention-lab/datasets';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeSequences } from '../src/decode-sequences.js';
import { predictWithAttention } from '../src/predict-with-attention.js';
import { PRETRAINED_NAMES, loadPretrained, type PretrainedName } from '../src/load-pretrained.js';
import { teacherForcedExactMatch } from '../src/recipes/exact-match.js';
import { seq2seqTensors } from '../src/seq2seq-tensors.js';

const folder = join(import.meta.dirname, '..', 'pretrained');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

const SEQ2SEQ_BARS: Partial<Record<PretrainedName, { load: () => { splits: { test: { source: string; target: string }[] } }; bar: number }>> = {
  'date-translator': { load: () => dateTranslation(), bar: 0.99 },
  'number-words-fr': { load: () => numberWords({ language: 'fr' }), bar: 0.95 },
  'number-words-de': { load: () => numberWords({ language: 'de' }), bar: 0.95 },
  'number-words-zh': { load: () => numberWords({ language: 'zh' }), bar: 0.95 },
  'date-transformer': { load: () => dateTranslation(), bar: 0.99 },
};

describe('pretrained weights', () => {
  test('every shipped model has its two files; the subword model stays under 6 MB and all of them under 12 MB', () => {
    for (const name of PRETRAINED_NAMES) {
      expect(statSync(join(folder, name, 'model.json')).isFile()).toBe(true);
      expect(statSync(join(folder, name, 'weights.bin')).isFile()).toBe(true);
    }
    const subword = filesUnder(join(folder, 'subword-transformer')).reduce((sum, file) => sum + statSync(file).size, 0);
    expect(subword).toBeLessThan(6 * 1024 * 1024);
    const total = filesUnder(folder).reduce((sum, file) => sum + statSync(file).size, 0);
    expect(total).toBeLessThan(12 * 1024 * 1024);
  });

  test('loadPretrained reads the same model over HTTP (options.baseUrl) as from disk; bad names are named', async () => {
    const server = createServer((req, res) => {
      // One connection per request: a kept-alive socket that the server closes while a slow backend (cpu)
      // builds the model between fetches would turn the 404 below into ECONNRESET.
      res.setHeader('Connection', 'close');
      try {
        const body = readFileSync(join(folder, decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
        res.writeHead(200).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const disk = await loadPretrained('date-translator');
      const http = await loadPretrained('date-translator', { baseUrl: `http://127.0.0.1:${port}/` });
      expect(http.metadata).toEqual(disk.metadata);
      const a = disk.model.getWeights();
      const b = http.model.getWeights();
      expect(b.length).toBe(a.length);
      for (let i = 0; i < a.length; i++) expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
      await expect(loadPretrained('date-translator', { baseUrl: `http://127.0.0.1:${port}/missing/` })).rejects.toThrow(/loadPretrained: fetching .* failed with HTTP 404/);
      disk.model.dispose();
      http.model.dispose();
    } finally {
      server.close();
    }
    await expect(loadPretrained('gpt-5' as PretrainedName)).rejects.toThrow(/loadPretrained: argument 'name' must be one of 'date-translator'/);
  });

  // Evaluated on wasm only: the cpu backend gives the same numbers, just slower.
  for (const name of PRETRAINED_NAMES.filter((n) => SEQ2SEQ_BARS[n] != null)) {
    test.runIf(process.env.TFJS_BACKEND === 'wasm')(`${name} reaches its documented bar on the test split, and greedy decoding agrees`, async () => {
      const { model, metadata } = await loadPretrained(name);
      const source = CharTokenizer.fromJSON(metadata['sourceTokenizer']);
      const target = CharTokenizer.fromJSON(metadata['targetTokenizer']);
      const { splits } = SEQ2SEQ_BARS[name]!.load();
      const exact = await teacherForcedExactMatch(model, splits.test, source, target);
      expect(exact).toBeGreaterThanOrEqual(SEQ2SEQ_BARS[name]!.bar);
      // The decoder itself on a sample: what it writes is right exactly when the teacher-forced check says so.
      const sample = splits.test.slice(0, 40);
      const t = seq2seqTensors(sample, { source, target }, { source: model.inputs[0]!.shape[1]!, target: model.inputs[1]!.shape[1]! });
      const { sequences } = await decodeSequences(model, t.source, { bosId: target.bosId, eosId: target.eosId });
      const decoded = sequences.filter((s, i) => target.decode(s) === sample[i]!.target).length / sample.length;
      expect(decoded).toBeCloseTo(await teacherForcedExactMatch(model, sample, source, target), 10);
      tf.dispose([t.source, t.targetInput, t.targetOutput]);
      model.dispose();
    }, 120_000);
  }

  // Issue 21: both date models read Chinese dates, in Arabic digits and in Chinese numerals.
  for (const name of ['date-translator', 'date-transformer'] as const) {
    test.runIf(process.env.TFJS_BACKEND === 'wasm')(`${name} reads Chinese dates: its bar on the Chinese test dates, and 2012年3月5日 and 二〇一二年三月五日`, async () => {
      const { model, metadata } = await loadPretrained(name);
      const source = CharTokenizer.fromJSON(metadata['sourceTokenizer']);
      const target = CharTokenizer.fromJSON(metadata['targetTokenizer']);
      const chinese = dateTranslation().splits.test.filter((p) => /[年月日]/.test(p.source));
      expect(new Set(chinese.map((p) => p.format))).toEqual(new Set(['YYYY年M月D日', '汉字 YYYY年M月D日']));
      expect(chinese.length).toBeGreaterThan(100);
      expect(await teacherForcedExactMatch(model, chinese, source, target)).toBeGreaterThanOrEqual(SEQ2SEQ_BARS[name]!.bar);
      const sourceLength = model.inputs[0]!.shape[1]!;
      for (const text of ['2012年3月5日', '二〇一二年三月五日']) {
        const ids = source.encode(text);
        expect(ids).not.toContain(source.unkId);
        const x = tf.tensor2d([[...ids, ...Array(sourceLength - ids.length).fill(0)]], [1, sourceLength], 'int32');
        const { sequences } = await decodeSequences(model, x, { bosId: target.bosId, eosId: target.eosId });
        expect(target.decode(sequences[0]!), text).toBe('2012-03-05');
        x.dispose();
      }
      model.dispose();
    }, 120_000);
  }

  test.runIf(process.env.TFJS_BACKEND === 'wasm')("date-transformer writes '1998-01-03' for '3rd of January 1998', its cross-attention skipping the source padding", async () => {
    const { model, metadata } = await loadPretrained('date-transformer');
    const source = CharTokenizer.fromJSON(metadata['sourceTokenizer']);
    const target = CharTokenizer.fromJSON(metadata['targetTokenizer']);
    const text = '3rd of January 1998';
    const ids = source.encode(text);
    const x = tf.tensor2d([[...ids, ...Array(30 - ids.length).fill(0)]], [1, 30], 'int32');
    const { sequences, attention } = await decodeSequences(model, x, { bosId: target.bosId, eosId: target.eosId, beamWidth: 3 });
    expect(target.decode(sequences[0]!)).toBe('1998-01-03');
    const cross = attention['decoder_1/cross']!;
    const [, heads, steps, srcLen] = cross.shape as [number, number, number, number];
    expect(srcLen).toBe(30);
    for (let h = 0; h < heads; h++) {
      for (let q = 0; q < steps; q++) {
        const row = cross.values.slice((h * steps + q) * srcLen, (h * steps + q + 1) * srcLen);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        for (let k = ids.length; k < srcLen; k++) expect(row[k]).toBe(0);
      }
    }
    x.dispose();
    model.dispose();
  }, 60_000);

  test.runIf(process.env.TFJS_BACKEND === 'wasm')("number-words-zh writes '一百零五' for '105' and '二千零二十四' for '2024', each digit's numeral looking at that digit", async () => {
    const { model, metadata } = await loadPretrained('number-words-zh');
    const source = CharTokenizer.fromJSON(metadata['sourceTokenizer']);
    const target = CharTokenizer.fromJSON(metadata['targetTokenizer']);
    const [srcLen, tgtLen] = [model.inputs[0]!.shape[1]!, model.inputs[1]!.shape[1]!];
    expect([srcLen, tgtLen]).toEqual([4, 8]);
    // Written by hand: 零 marks a skipped place; 十 is written with its 一 (一十二), as n2words does.
    // `numerals`: [character written, digit it spells] — 一 and 五 of 一百零五 spell the 1 and the 5 of 105.
    const cases = [
      { digits: '105', words: '一百零五', numerals: [[0, 0], [3, 2]] },
      { digits: '2024', words: '二千零二十四', numerals: [[0, 0], [3, 2], [5, 3]] },
    ] as const;
    for (const { digits, words, numerals } of cases) {
      const ids = source.encode(digits);
      const x = tf.tensor2d([[...ids, ...Array(srcLen - ids.length).fill(0)]], [1, srcLen], 'int32');
      const { sequences } = await decodeSequences(model, x, { bosId: target.bosId, eosId: target.eosId });
      expect(target.decode(sequences[0]!)).toBe(words);
      // The alignment heatmap: teacher-forced on the right words, one row per character written.
      const y = tf.tensor2d([[target.bosId, ...target.encode(words), ...Array(tgtLen - 1 - Array.from(words).length).fill(0)]], [1, tgtLen], 'int32');
      const { predictions, attention } = await predictWithAttention(model, [x, y]);
      predictions.dispose();
      const map = attention['attention']!;
      expect(map.shape).toEqual([1, tgtLen, srcLen]);
      const rows = Array.from(words).map((_, q) => Array.from(map.values.slice(q * srcLen, (q + 1) * srcLen)));
      for (const row of rows) {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        for (let k = ids.length; k < srcLen; k++) expect(row[k]).toBe(0);
      }
      // Where each digit's numeral is written, the most weight is on that digit.
      for (const [q, digitAt] of numerals) expect(rows[q]!.indexOf(Math.max(...rows[q]!))).toBe(digitAt);
      tf.dispose([x, y]);
    }
    model.dispose();
  }, 60_000);

  // Model (a): on the longest key-recall task the attention variant recalls, the plain LSTM of the same width does not.
  test.runIf(process.env.TFJS_BACKEND === 'wasm')('key-recall-attention reaches its bar on the test split, beats key-recall-lstm, and looks at the pair asked for', async () => {
    const attention = await loadPretrained('key-recall-attention');
    const lstm = await loadPretrained('key-recall-lstm');
    const options = (attention.metadata['dataset'] as { options: Parameters<typeof toySequenceTasks>[0] }).options;
    expect((lstm.metadata['dataset'] as { options: unknown }).options).toEqual(options);
    const test = toySequenceTasks(options).splits.test;
    const x = tf.tensor2d(test.map((e) => e.input), undefined, 'int32');
    const accuracyOf = async (model: tf.LayersModel) => {
      const predicted = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(-1));
      const ids = (await predicted.data()) as Int32Array;
      predicted.dispose();
      return test.filter((e, i) => ids[i] === e.target[0]).length / test.length;
    };
    const withAttention = await accuracyOf(attention.model);
    const plain = await accuracyOf(lstm.model);
    expect(withAttention).toBeGreaterThanOrEqual(attention.metadata['bar'] as number);
    expect(withAttention - plain).toBeGreaterThan(0.3);
    // Where it looked, found from the ids alone: the asked key (last token) sits at 2i, its value at 2i + 1.
    const { predictions, attention: maps } = await predictWithAttention(attention.model, x);
    predictions.dispose();
    const map = maps['attention']!;
    const seqLen = map.shape[3]!;
    let onPair = 0;
    test.forEach((e, b) => {
      const row = Array.from(map.values.slice(b * seqLen, (b + 1) * seqLen));
      const looked = row.indexOf(Math.max(...row));
      const keyAt = e.input.findIndex((id, j) => j % 2 === 0 && j < e.input.length - 2 && id === e.input.at(-1));
      if (looked === keyAt || looked === keyAt + 1) onPair++;
    });
    expect(onPair / test.length).toBeGreaterThanOrEqual(0.9);
    x.dispose();
    attention.model.dispose();
    lstm.model.dispose();
  }, 120_000);
});

