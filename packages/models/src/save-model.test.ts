import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { maxAbsDiff } from '../test/plain.js';
import { attentionSeq2seq } from './attention-seq2seq.js';
import { saveModel } from './save-model.js';

describe('saveModel', () => {
  test("'memory' returns artifacts that tf.io.fromMemory loads back to the same outputs", async () => {
    const model = attentionSeq2seq({ sourceVocabSize: 6, targetVocabSize: 5, sourceLength: 3, targetLength: 2, units: 3, embeddingDim: 2, attentionUnits: 3, seed: 1 });
    const x = [tf.tensor2d([[4, 5, 0]], [1, 3], 'int32'), tf.tensor2d([[2, 4]], [1, 2], 'int32')];
    const artifacts = (await saveModel(model, 'memory')) as tf.io.ModelArtifacts;
    expect(artifacts.weightSpecs!.length).toBe(model.getWeights().length);
    const copy = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(maxAbsDiff(await (model.predict(x) as tf.Tensor).array(), await (copy.predict(x) as tf.Tensor).array())).toBe(0);
  });

  test('a custom IO handler receives the artifacts; bad destinations are named', async () => {
    const model = attentionSeq2seq({ sourceVocabSize: 6, targetVocabSize: 5, sourceLength: 3, targetLength: 2, units: 3, embeddingDim: 2, attentionUnits: 3 });
    let bytes = 0;
    await saveModel(model, tf.io.withSaveHandler(async (a) => ((bytes = (a.weightData as ArrayBuffer).byteLength), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(bytes).toBe(4 * model.countParams());
    await expect(saveModel(model, 'C:/models/x')).rejects.toThrow(/saveModel: argument 'destination' must be/);
    await expect(saveModel({} as tf.LayersModel, 'memory')).rejects.toThrow(/saveModel: argument 'model'/);
  });
});
