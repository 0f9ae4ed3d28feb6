import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ShapeError } from '@attention-lab/core';
import { NAMESPACE, withDefaultName, type Kwargs, type LayerArgs } from './attention-layer.js';

/**
 * Masks the tokens whose raw input is all zeros, the way an embedding with
 * `maskZero` masks padding ids: `apply([tokens, raw])` passes `tokens`
 * `[batch, seqLen, d]` through unchanged and gives the next layer the mask
 * `[batch, seqLen]`, true where `raw` `[batch, seqLen, dRaw]` has any non-zero
 * value. Put it before {@link AttentionPooling} so that the pooling's softmax
 * runs over real tokens only: for image patches, a blank patch of background
 * is padding, and without the mask a model can park its pooling weight on
 * such patches, which then say nothing about the picture.
 *
 * A batch item whose every token is masked gets all-zero pooling weights.
 * Registered as `AttentionLab>ZeroTokenMask`; it has no weights.
 *
 * @example
 * const tokens = tf.input({ shape: [49, 64] });
 * const patches = tf.input({ shape: [49, 16] });
 * const masked = new ZeroTokenMask({}).apply([tokens, patches]) as tf.SymbolicTensor;
 * const pooled = new AttentionPooling({}).apply(masked); // blank patches get weight 0
 */
export class ZeroTokenMask extends tf.layers.Layer {
  /** The registered class name. */
  static className = `${NAMESPACE}>ZeroTokenMask`;

  /** @param config - `tf.layers` args (`name`, ...). */
  constructor(config: LayerArgs = {}) {
    super(withDefaultName(config, 'zero_token_mask'));
    this.supportsMasking = true;
  }

  /** `[tokens, raw]` as two shapes; throws a ShapeError naming the layer when they do not pair up. */
  private shapes(inputShape: tf.Shape | tf.Shape[], where: string): [tf.Shape, tf.Shape] {
    const shapes = inputShape as tf.Shape[];
    if (!Array.isArray(shapes[0]) || shapes.length !== 2) {
      throw new TypeError(`${this.name}.${where}: inputs must be [tokens, raw], two tensors of rank 3, got ${JSON.stringify(inputShape)}`);
    }
    const [tokens, raw] = shapes as [tf.Shape, tf.Shape];
    if (tokens.length !== 3 || raw.length !== 3 || (tokens[1] != null && raw[1] != null && tokens[1] !== raw[1])) {
      throw new ShapeError(`${this.name}.${where}`, 'inputs[1]', `[batch, ${tokens[1] ?? 'seqLen'}, dRaw] beside tokens [${tokens.map((x) => x ?? 'batch').join(', ')}]`, raw.map((x) => x ?? -1));
    }
    return [tokens, raw];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.shapes(inputShape, 'build');
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.shapes(inputShape, 'computeOutputShape')[0];
  }

  override computeMask(inputs: Tensor | Tensor[]): Tensor {
    const raw = (inputs as Tensor[])[1]!;
    return tf.tidy(() => tf.any(tf.notEqual(raw, 0), -1)); // [batch, seqLen] bool
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    void kwargs;
    if (!Array.isArray(inputs) || inputs.length !== 2) throw new TypeError(`${this.name}.call: inputs must be [tokens, raw], got ${Array.isArray(inputs) ? `${inputs.length} tensors` : 'one tensor'}`);
    const [tokens, raw] = inputs as [Tensor, Tensor];
    if (tokens.rank !== 3 || raw.rank !== 3 || tokens.shape[0] !== raw.shape[0] || tokens.shape[1] !== raw.shape[1]) {
      throw new ShapeError(`${this.name}.call`, 'inputs[1]', `[${tokens.shape[0]}, ${tokens.shape[1]}, dRaw] beside tokens [${tokens.shape.join(', ')}]`, raw.shape);
    }
    return tf.clone(tokens);
  }
}
tf.serialization.registerClass(ZeroTokenMask, NAMESPACE, 'ZeroTokenMask');
