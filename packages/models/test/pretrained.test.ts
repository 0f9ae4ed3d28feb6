// The shipped weights: their size, loading (from disk and over real HTTP) and
// the documented quality bars on the data sets' test splits.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, dateTranslation, numberWords } from '@attention-lab/datasets';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeSequences } from '../src/decode-sequences.js';
import { PRETRAINED_NAMES, loadPretrained, type PretrainedName } from '../src/load-pretrained.js';
import { teacherForcedExactMatch } from '../scripts/recipes.js';
import { seq2seqTensors } from '../src/seq2seq-tensors.js';

const folder = join(import.meta.dirname, '..', 'pretrained');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

const SEQ2SEQ_BARS: Partial<Record<PretrainedName, { load: () => { splits: { test: { source: string; target: string }[] } }; bar: number }>> = {
  'date-translator': { load: () => dateTranslation(), bar: 0.99 },
  'number-words-fr': { load: () => numberWords({ language: 'fr' }), bar: 0.95 },
  'number-words-de': { load: () => numberWords({ language: 'de' }), bar: 0.95 },
};

describe('pretrained weights', () => {
  test('every shipped model has its two files, and all of them together stay under 8 MB', () => {
    for (const name of PRETRAINED_NAMES) {
      expect(statSync(join(folder, name, 'model.json')).isFile()).toBe(true);
      expect(statSync(join(folder, name, 'weights.bin')).isFile()).toBe(true);
    }
    const total = filesUnder(folder).reduce((sum, file) => sum + statSync(file).size, 0);
    expect(total).toBeLessThan(8 * 1024 * 1024);
  });

  test('loadPretrained reads the same model over HTTP (options.baseUrl) as from disk; bad names are named', async () => {
    const server = createServer((req, res) => {
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
});
