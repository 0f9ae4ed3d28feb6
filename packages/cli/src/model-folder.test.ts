import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { keyRecallRecipe } from './key-recall-recipe.js';
import { loadModelFolder, saveModelFolder, type TrainingState } from './model-folder.js';

const dir = mkdtempSync(join(tmpdir(), 'attention-lab-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const state: TrainingState = { model: 'key-recall', epoch: 1, stepInEpoch: 7, epochs: 3, batchSize: 16, seed: 2, history: { loss: [2.5] }, recipe: { note: 'kept' } };

describe('saveModelFolder and loadModelFolder', () => {
  it('saveModelFolder with the optimizer round-trips weights, state and Adam moments', async () => {
    const model = keyRecallRecipe.createModel(1);
    const x = tf.tensor2d([[5, 15, 6, 16, 7, 17, 8, 18, 4, 6]]);
    const y = tf.tensor1d([16]);
    await model.trainOnBatch(x, y); // gives Adam some state
    const before = model.predict(x) as tf.Tensor;
    const optimizerBefore = await model.optimizer.getWeights();
    await saveModelFolder(model, join(dir, 'ckpt'), state, true);
    const loaded = await loadModelFolder(join(dir, 'ckpt'));
    expect(loaded.state).toEqual(state);
    const after = loaded.model.predict(x) as tf.Tensor;
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    const optimizerAfter = await loaded.model.optimizer.getWeights();
    expect(optimizerAfter.length).toBe(optimizerBefore.length);
    expect(Array.from(optimizerAfter[1]!.tensor.dataSync())).toEqual(Array.from(optimizerBefore[1]!.tensor.dataSync()));
    tf.dispose([x, y, before, after, ...optimizerBefore.map((w) => w.tensor), ...optimizerAfter.map((w) => w.tensor)]);
    model.dispose();
    loaded.model.dispose();
  });

  it('loadModelFolder on a missing folder, damaged JSON or a foreign model is a CliError naming the folder', async () => {
    await expect(loadModelFolder(join(dir, 'nowhere'))).rejects.toThrow(/cannot read the model in .*nowhere: there is no model.json/);
    mkdirSync(join(dir, 'damaged'));
    writeFileSync(join(dir, 'damaged', 'model.json'), '{"modelTopology":');
    await expect(loadModelFolder(join(dir, 'damaged'))).rejects.toBeInstanceOf(CliError);
    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    await plain.save(`file://${join(dir, 'foreign')}`).catch(async () => {
      const { fileSystem } = await import('@attention-lab/models/node');
      await plain.save(fileSystem(join(dir, 'foreign')));
    });
    await expect(loadModelFolder(join(dir, 'foreign'))).rejects.toThrow(/was not saved by attention-lab/);
    plain.dispose();
  });
});
