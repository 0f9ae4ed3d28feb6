import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import { ShapeError, attentionPooling } from '@attention-lab/core';
import { AttentionLayer, type Kwargs, type LayerArgs, NAMESPACE, withDefaultName } from './attention-layer.js';

/** The serializable config of {@link AttentionPooling}. */
export interface AttentionPoolingConfig extends LayerArgs {
  /** Seed of the scoring vector's initializer. Default: unseeded. */
  seed?: number;
}

/**
 * Attention pooling over time as a `tf.layers` layer (the article's
 * pseudo-code): `scores = H · w + b`, a masked softmax over the time steps and
 * the weighted sum of `H`. `[batch, seqLen, d]` gives `[batch, d]`. An
 * upstream padding mask (e.g. from an embedding with `maskZero`) is honoured.
 * The math is core's `attentionPooling`.
 *
 * `lastAttentionWeights` holds the weights over time `[batch, seqLen]` of the
 * last call; the layer owns them. Registered as `AttentionLab>AttentionPooling`.
 *
 * @example
 * const pool = new AttentionPooling({});
 * const summary = pool.apply(tf.randomNormal([2, 7, 16])) as tf.Tensor; // [2, 16]
 * pool.lastAttentionWeights?.print(); // [2, 7], rows sum to 1
 */
export class AttentionPooling extends AttentionLayer {
  /** The registered class name. */
  static className = `${NAMESPACE}>AttentionPooling`;
  readonly seed: number | undefined;
  private params: { w: tf.LayerVariable; b: tf.LayerVariable } | null = null;

  /** @param config - `seed` (unseeded) and `tf.layers` args. */
  constructor(config: AttentionPoolingConfig = {}) {
    super(withDefaultName(config ?? {}, 'attention_pooling'));
    this.seed = config?.seed;
    this.supportsMasking = true;
  }

  /** The weights over time `[batch, seqLen]` of the last call, owned by the layer, or `null`. */
  get lastAttentionWeights(): Tensor | null {
    return this.lastAttentionMaps['attention'] ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = s[s.length - 1];
    if (s.length !== 3 || d == null) throw new ShapeError(`${this.name}.build`, 'inputs', '[batch, seqLen, d] with a known d', s.map((x) => x ?? -1));
    const init = tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, ...(this.seed == null ? {} : { seed: this.seed }) });
    this.params = {
      w: this.addWeight('score/kernel', [d], 'float32', init),
      b: this.addWeight('score/bias', [1], 'float32', tf.initializers.zeros()),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0]!, s[s.length - 1]!];
  }

  override computeMask(): Tensor | Tensor[] {
    return null as unknown as Tensor; // the time axis is gone
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const h = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (h.rank !== 3) throw new ShapeError(`${this.name}.call`, 'inputs', '[batch, seqLen, d]', h.shape);
      const mask = kwargs['mask'] as Tensor | Tensor[] | undefined;
      const m = Array.isArray(mask) ? mask[0] : mask;
      const { output, weights } = attentionPooling(
        h,
        { w: this.params!.w.read() as Tensor1D, b: this.params!.b.read().reshape([]) as tf.Scalar },
        m == null ? {} : { mask: m },
      );
      this.record('attention', weights);
      return output; // [batch, d]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.seed == null ? {} : { seed: this.seed }) };
  }
}
tf.serialization.registerClass(AttentionPooling, NAMESPACE, 'AttentionPooling');
