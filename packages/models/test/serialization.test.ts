// One model with every layer of the package: saved to memory and to a folder
// (our Node IO handler), loaded back by class name, identical outputs and
// identical attention maps.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import {
  AdditiveAttention,
  AttentionPooling,
  MultiHeadAttention,
  PositionalEmbedding,
  TransformerDecoderBlock,
  TransformerEncoderBlock,
  readAttentionMaps,
} from '../src/index.js';
import { fileSystem } from '../src/node.js';
import { maxAbsDiff } from './plain.js';
import { saveAndLoad } from './round-trip.js';

const root = mkdtempSync(join(tmpdir(), 'attention-lab-serialization-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function everyLayerModel(): tf.LayersModel {
  const src = tf.input({ shape: [6], name: 'src' });
  const tgt = tf.input({ shape: [4], name: 'tgt' });
  const srcMask = tf.input({ shape: [6], name: 'src_mask' });
  const enc0 = new PositionalEmbedding({ vocabSize: 20, dModel: 8, maxLen: 6, maskZero: true, seed: 1, name: 'src_embed' }).apply(src) as tf.SymbolicTensor;
  const enc = new TransformerEncoderBlock({ numHeads: 2, ffDim: 16, dropout: 0.1, seed: 2, name: 'encoder' }).apply(enc0) as tf.SymbolicTensor;
  const dec0 = new PositionalEmbedding({ vocabSize: 20, dModel: 8, maxLen: 4, positions: 'learned', seed: 3, name: 'tgt_embed' }).apply(tgt) as tf.SymbolicTensor;
  const dec = new TransformerDecoderBlock({ numHeads: 2, ffDim: 16, normFirst: true, seed: 4, name: 'decoder' }).apply([dec0, enc, srcMask]) as tf.SymbolicTensor;
  const mixed = new MultiHeadAttention({ numHeads: 2, keyDim: 4, useCausalMask: true, seed: 5, name: 'mha' }).apply([dec, enc]) as tf.SymbolicTensor;
  const aligned = new AdditiveAttention({ units: 6, seed: 6, name: 'bahdanau' }).apply([mixed, enc]) as tf.SymbolicTensor;
  const pooled = new AttentionPooling({ seed: 7, name: 'pool' }).apply(aligned) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'head' }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: [src, tgt, srcMask], outputs: out });
}

const inputs = () => [
  tf.tensor2d([[5, 6, 7, 8, 0, 0], [9, 10, 11, 12, 13, 14]]),
  tf.tensor2d([[1, 2, 3, 4], [4, 3, 2, 1]]),
  tf.tensor2d([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]]),
];

async function expectSameBehaviour(a: tf.LayersModel, b: tf.LayersModel) {
  const xs = inputs();
  const ya = await (a.predict(xs) as tf.Tensor).array();
  const mapsA = await readAttentionMaps(a);
  const yb = await (b.predict(xs) as tf.Tensor).array();
  const mapsB = await readAttentionMaps(b);
  expect(maxAbsDiff(ya, yb)).toBe(0);
  expect(Object.keys(mapsA).sort()).toEqual(['bahdanau', 'decoder/cross', 'decoder/self', 'encoder', 'mha', 'pool']);
  expect(Object.keys(mapsB).sort()).toEqual(Object.keys(mapsA).sort());
  for (const key of Object.keys(mapsA)) {
    expect(mapsB[key]!.shape).toEqual(mapsA[key]!.shape);
    expect(maxAbsDiff(Array.from(mapsB[key]!.values), Array.from(mapsA[key]!.values))).toBe(0);
  }
  // The encoder's padding mask reaches the cross-attention: padded source steps get no weight.
  const cross = mapsA['decoder/cross']!; // [batch, heads, seqLenQ, seqLenK]
  for (let i = 0; i < 2 * 4; i++) expect(Array.from(cross.values.slice(i * 6 + 4, i * 6 + 6))).toEqual([0, 0]);
}

test('a model with every layer round-trips through memory with identical outputs and attention maps', async () => {
  const model = everyLayerModel();
  await expectSameBehaviour(model, await saveAndLoad(model));
});

test('a model with every layer round-trips through fileSystem (model.json + weights.bin)', async () => {
  const model = everyLayerModel();
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  await model.fit(inputs(), tf.tensor1d([0, 2]), { epochs: 2, verbose: 0 }); // trained weights, not the initial ones
  await model.save(fileSystem(join(root, 'every-layer')));
  const loaded = await tf.loadLayersModel(fileSystem(join(root, 'every-layer')));
  await expectSameBehaviour(model, loaded);
});
