import * as tf from '@tensorflow/tfjs';

/**
 * Saves a model to a browser or custom destination with the tfjs built-ins:
 * `'indexeddb://name'` (kept across visits), `'localstorage://name'`,
 * `'downloads://name'` (the user gets `name.json` + `name.weights.bin`),
 * `'memory'` (returns the artifacts, for `tf.io.fromMemory` later), or any
 * `tf.io.IOHandler` (in Node, `fileSystem(folder)` from
 * `@attention-lab/models/node`). Load again with
 * `tf.loadLayersModel('indexeddb://name')`, `tf.io.browserFiles([json, bin])`
 * or `tf.io.fromMemory(artifacts)`.
 *
 * @param model - The model to save (the layers of this package serialize like any other).
 * @param destination - A URL string as above, `'memory'`, or an IO handler.
 * @returns For `'memory'` the model's artifacts (topology, weight specs and data); else tfjs's save result.
 * @example
 * await saveModel(model, 'indexeddb://my-date-translator');
 * const again = await tf.loadLayersModel('indexeddb://my-date-translator');
 * const artifacts = (await saveModel(model, 'memory')) as tf.io.ModelArtifacts;
 * const copy = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
 */
export async function saveModel(model: tf.LayersModel, destination: string | tf.io.IOHandler): Promise<tf.io.SaveResult | tf.io.ModelArtifacts> {
  const fn = 'saveModel';
  if (!(model instanceof tf.LayersModel)) throw new TypeError(`${fn}: argument 'model' must be a tf.LayersModel, got ${String(model)}`);
  if (destination === 'memory') {
    let captured: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    return captured!;
  }
  if (typeof destination === 'string') {
    if (!/^(indexeddb|localstorage|downloads|https?):\/\/./.test(destination)) {
      throw new RangeError(`${fn}: argument 'destination' must be 'memory', an 'indexeddb://', 'localstorage://', 'downloads://' or http(s) URL, or an IO handler, got ${JSON.stringify(destination)}`);
    }
    return model.save(destination);
  }
  if (destination == null || typeof (destination as tf.io.IOHandler).save !== 'function') {
    throw new TypeError(`${fn}: argument 'destination' must be a string or an IO handler with save(), got ${String(destination)}`);
  }
  return model.save(destination);
}
