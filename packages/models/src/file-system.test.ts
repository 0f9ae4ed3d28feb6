import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { maxAbsDiff } from '../test/plain.js';
import { fileSystem } from './file-system.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { PositionalEmbedding } from './positional-embedding.js';

const root = mkdtempSync(join(tmpdir(), 'attention-lab-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function smallModel(): tf.LayersModel {
  const ids = tf.input({ shape: [6] });
  const x = new PositionalEmbedding({ vocabSize: 12, dModel: 8, maxLen: 6, maskZero: true, seed: 1 }).apply(ids) as tf.SymbolicTensor;
  const y = new MultiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true, seed: 2 }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(tf.layers.globalAveragePooling1d().apply(y)) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: out });
}

describe('fileSystem', () => {
  test('saves model.json + weights.bin and tf.loadLayersModel reads them back with identical outputs', async () => {
    const dir = join(root, 'a', 'nested');
    const model = smallModel();
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const result = await model.save(fileSystem(dir));
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(readFileSync(join(dir, 'weights.bin')).byteLength).toBe(result.modelArtifactsInfo.weightDataBytes);
    expect(JSON.stringify(json.modelTopology)).toContain('AttentionLab>MultiHeadAttention');
    const loaded = await tf.loadLayersModel(fileSystem(dir));
    const x = tf.tensor2d([[1, 5, 7, 0, 0, 0], [3, 3, 2, 11, 4, 1]]);
    expect(maxAbsDiff(await (model.predict(x) as tf.Tensor).array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
  });

  test('saving again overwrites the folder and leaves no temporary files', async () => {
    const dir = join(root, 'b');
    await smallModel().save(fileSystem(dir));
    await smallModel().save(fileSystem(dir));
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
  });

  test('loading from a folder without model.json, or with broken JSON, names the folder', async () => {
    await expect(tf.loadLayersModel(fileSystem(join(root, 'missing')))).rejects.toThrow(/fileSystem: no model\.json in .*missing \(ENOENT\)/);
    const dir = join(root, 'broken');
    await smallModel().save(fileSystem(dir));
    writeFileSync(join(dir, 'model.json'), '{ nope');
    await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(/fileSystem: .*broken.model\.json is not valid JSON/);
    expect(() => fileSystem('')).toThrow(/fileSystem: argument 'folder' must be a non-empty path string/);
  });

  test('a manifest whose weights path leaves the folder is refused, and nothing outside is read', async () => {
    const dir = join(root, 'traversal');
    await smallModel().save(fileSystem(dir));
    writeFileSync(join(root, 'secret.bin'), new Uint8Array(4096));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    for (const path of ['../secret.bin', join(root, 'secret.bin'), './sub/../../secret.bin', '.', '']) {
      json.weightsManifest[0].paths = [path];
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      await expect(tf.loadLayersModel(fileSystem(dir))).rejects.toThrow(/fileSystem: .*model\.json names (the weights file .* which is outside .*; refusing to read it|a weights file that is not a path)/);
    }
    // A path inside the folder, however written, still loads.
    json.weightsManifest[0].paths = ['./sub/../weights.bin'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const model = await tf.loadLayersModel(fileSystem(dir));
    expect(model.countParams()).toBe(smallModel().countParams());
  });
});
