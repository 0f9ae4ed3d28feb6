// The accuracy of a classifier on whole tensors, shared by the classifier recipes.
import * as tf from '@tensorflow/tfjs';

/**
 * Share of the examples of `data.x` whose most likely class is `data.y`.
 *
 * @param model - Inputs to class probabilities `[n, numClasses]`.
 * @param data - Inputs `x` and class ids `y` `[n]`.
 * @param batchSize - Examples per forward pass. Default 250.
 * @returns The accuracy in `[0, 1]`.
 * @example
 * const accuracy = await classifierAccuracy(model, data.test);
 */
export async function classifierAccuracy(model: tf.LayersModel, data: { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor }, batchSize = 250): Promise<number> {
  const acc = tf.tidy(() => (model.predict(data.x, { batchSize }) as tf.Tensor).argMax(-1).toFloat().equal(data.y).mean());
  const value = (await acc.data())[0]!;
  acc.dispose();
  return value;
}
