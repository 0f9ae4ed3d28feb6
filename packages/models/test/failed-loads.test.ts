// Loads that fail: a truncated or padded weights.bin, a manifest whose shapes
// or names do not fit the model, a topology that does not build. Each error
// names the file and the weight, and nothing the load allocated survives it,
// through loadPretrained and through tf.loadLayersModel(fileSystem(folder)).
import * as tf from '@tensorflow/tfjs';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { fileSystem } from '../src/file-system.js';
import { loadPretrained } from '../src/load-pretrained.js';

const shipped = join(import.meta.dirname, '..', 'pretrained');
const root = mkdtempSync(join(tmpdir(), 'attention-lab-failed-loads-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The smallest shipped model that uses this package's own layers.
const NAME = 'sentiment-transformer';

interface Manifest {
  modelTopology: { config: { layers: Array<{ class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[] }> } };
  weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;
}

/** Bytes of float32 weights the shipped manifest describes, counted here from its shapes. */
const BYTES = (JSON.parse(readFileSync(join(shipped, NAME, 'model.json'), 'utf8')) as Manifest).weightsManifest
  .flatMap((group) => group.weights)
  .reduce((sum, w) => sum + 4 * w.shape.reduce((a, b) => a * b, 1), 0);

/** A fresh copy of the shipped model under `root/<label>/<NAME>`, damaged by `damage`; returns the copy's parent folder. */
function damagedCopy(label: string, damage: (folder: string, json: Manifest) => void): string {
  const base = join(root, label);
  const folder = join(base, NAME);
  cpSync(join(shipped, NAME), folder, { recursive: true });
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as Manifest;
  damage(folder, json);
  writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
  return base;
}

/** Expects `load` to reject with a message matching `pattern`, and the tensor count to be what it was before. */
async function expectCleanFailure(load: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  await expect(load()).rejects.toThrow(pattern);
  expect(tf.memory().numTensors).toBe(before);
}

const CASES: Array<{ what: string; damage: (folder: string, json: Manifest) => void; error: RegExp }> = [
  {
    what: 'a truncated weights.bin',
    damage: (folder) => truncateSync(join(folder, 'weights.bin'), 1000),
    error: new RegExp(`weights\\.bin has 1000 bytes but .*model\\.json describes ${BYTES}: it ends inside weight 'embedding/tokens/embeddings' \\[3000, 32\\]`),
  },
  {
    what: 'a weights.bin with bytes after the last weight',
    damage: (folder) => writeFileSync(join(folder, 'weights.bin'), new Uint8Array(8), { flag: 'a' }),
    error: new RegExp(`weights\\.bin has ${BYTES + 8} bytes but .*model\\.json describes ${BYTES}: 8 bytes follow the last weight '.+'`),
  },
  {
    what: 'a manifest with a transposed shape',
    damage: (_, json) => json.weightsManifest[0]!.weights[0]!.shape.reverse(),
    error: /model\.json lists weight 'embedding\/tokens\/embeddings' as \[32, 3000\], but the model it describes needs \[3000, 32\]; .*weights\.bin does not fit this model/,
  },
  {
    what: 'a manifest that renames a weight',
    damage: (_, json) => (json.weightsManifest[0]!.weights[0]!.name = 'embedding/tokens/renamed'),
    error: /model\.json lists weight 'embedding\/tokens\/renamed' \[3000, 32\], which no layer of the model it describes holds/,
  },
  {
    what: 'a topology whose last layer reads an input that does not exist',
    // The layers before it are built (their weights allocated) by the time it fails.
    damage: (_, json) => (json.modelTopology.config.layers.at(-1)!.inbound_nodes = [[['pooled_dropout', 0, 3, {}]]]),
    error: /cannot build the model .*model\.json describes/,
  },
];

describe('failed loads', () => {
  for (const { what, damage, error } of CASES) {
    test(`loadPretrained with ${what} fails naming the file (and the weight) and leaves no tensor behind`, async () => {
      const base = damagedCopy(`pretrained-${what.replaceAll(' ', '-')}`, damage);
      await expectCleanFailure(() => loadPretrained(NAME, { baseUrl: pathToFileURL(`${base}/`) }), new RegExp(`^loadPretrained: .*${error.source}`));
    });

    test(`tf.loadLayersModel(fileSystem(folder)) with ${what} fails naming the file (and the weight) and leaves no tensor behind`, async () => {
      const base = damagedCopy(`folder-${what.replaceAll(' ', '-')}`, damage);
      await expectCleanFailure(() => tf.loadLayersModel(fileSystem(join(base, NAME))), new RegExp(`^fileSystem: .*${error.source}`));
    });
  }

  test('tf.loadLayersModel(fileSystem(folder)) without the weights file names it', async () => {
    const base = damagedCopy('folder-no-weights', (folder) => rmSync(join(folder, 'weights.bin')));
    await expectCleanFailure(() => tf.loadLayersModel(fileSystem(join(base, NAME))), /^fileSystem: cannot read .*weights\.bin, which .*model\.json names \(ENOENT\)/);
  });

  test('loadPretrained from a server that refuses the connection names the URL', async () => {
    const refusing: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    await expectCleanFailure(
      () => loadPretrained(NAME, { baseUrl: 'http://127.0.0.1:9/models/', fetch: refusing }),
      /^loadPretrained: cannot fetch http:\/\/127\.0\.0\.1:9\/models\/sentiment-transformer\/model\.json: fetch failed \(ECONNREFUSED\)/,
    );
  });

  test('loadPretrained from an intact copy still loads, and its model frees every tensor it holds', async () => {
    const base = damagedCopy('intact', () => {});
    const before = tf.memory().numTensors;
    const { model } = await loadPretrained(NAME, { baseUrl: pathToFileURL(`${base}/`) });
    expect(model.countParams()).toBe(BYTES / 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
