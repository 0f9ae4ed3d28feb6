// Save/load helpers for the layer tests: a model goes to memory through
// tf.io.withSaveHandler and comes back through tf.io.fromMemory.
import * as tf from '@tensorflow/tfjs';

/** Saves `model` into memory and loads it back as a new model (JSON round trip of the topology). */
export async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved == null) throw new Error('saveAndLoad: nothing was saved');
  // Through JSON, as a file would: no object identity survives.
  const topology = JSON.parse(JSON.stringify(saved.modelTopology)) as object;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: topology, weightSpecs: saved.weightSpecs!, weightData: saved.weightData! }),
  );
}

/** Runs `f` twice after a warm-up call and checks the tensor count does not change. */
export function tensorGrowth(f: () => void, repeats = 3): number {
  f();
  const before = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) f();
  return tf.memory().numTensors - before;
}
