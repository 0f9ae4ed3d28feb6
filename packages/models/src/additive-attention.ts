import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { type AdditiveParams, ShapeError, additiveAttention, assertBoolean, assertInteger } from '@attention-lab/core';
import { AttentionLayer, type Kwargs, type LayerArgs, NAMESPACE, withDefaultName } from './attention-layer.js';
import { type MultiHeadAttentionCallArgs, buildMask } from './multi-head-attention.js';

/** The serializable config of {@link AdditiveAttention}. */
export interface AdditiveAttentionConfig extends LayerArgs {
  /** Width of the hidden layer inside the tanh (`dAttn`). Required. */
  units: number;
  /** Whether a bias is added inside the tanh. Default `true`. */
  useBias?: boolean;
  /** Default for the `useCausalMask` call argument. Default `false`. */
  useCausalMask?: boolean;
  /** Seed of the glorot-uniform initializers. Default: unseeded. */
  seed?: number;
  /**
   * Whether the last input is a key padding mask `[batch, seqLenK]` (non-zero
   * = attend, 0 = padding; the source token ids themselves work). A functional
   * `tf.model` hands a layer only its first input's implicit mask, so this is
   * how an encoder's padding reaches the attention there. Default `false`.
   */
  keyMaskInput?: boolean;
}

/** Call arguments of {@link AdditiveAttention}: `attentionMask`, `useCausalMask` and implicit `mask`, as in {@link MultiHeadAttention}. */
export type AdditiveAttentionCallArgs = Omit<MultiHeadAttentionCallArgs, 'training'>;

/**
 * Additive (Bahdanau) attention as a `tf.layers` layer: scores
 * `v · tanh(Wq q + Wk k + b)`, a masked softmax over the keys and the weighted
 * sum of the values. `apply([query, value])` (value is also the key) or
 * `apply([query, value, key])`; query `[batch, seqLenQ, dQuery]` gives
 * `[batch, seqLenQ, dValue]`, and a single decoder state `[batch, dQuery]`
 * gives `[batch, dValue]`. The math is core's `additiveAttention`.
 *
 * `lastAttentionWeights` holds the alignment of the last call,
 * `[batch, seqLenQ, seqLenK]` (or `[batch, seqLenK]`); the layer owns it.
 * Registered as `AttentionLab>AdditiveAttention`.
 *
 * @example
 * const attn = new AdditiveAttention({ units: 16 });
 * const context = attn.apply([decoderState, encoderOutputs]) as tf.Tensor; // [batch, dValue]
 * attn.lastAttentionWeights?.print(); // [batch, seqLenK]
 */
export class AdditiveAttention extends AttentionLayer {
  /** The registered class name. */
  static className = `${NAMESPACE}>AdditiveAttention`;
  readonly units: number;
  readonly useBias: boolean;
  readonly useCausalMask: boolean;
  readonly seed: number | undefined;
  readonly keyMaskInput: boolean;
  private params: { wq: tf.LayerVariable; wk: tf.LayerVariable; v: tf.LayerVariable; bias?: tf.LayerVariable } | null = null;

  /** @param config - `units` (required), `useBias` (true), `useCausalMask` (false), `seed` (unseeded), and `tf.layers` args. */
  constructor(config: AdditiveAttentionConfig) {
    super(withDefaultName(config, 'additive_attention'));
    const fn = 'AdditiveAttention';
    if (config == null || typeof config !== 'object') throw new TypeError(`${fn}: config must be an object with units, got ${String(config)}`);
    this.units = assertInteger(fn, 'config.units', config.units, 1);
    this.useBias = assertBoolean(fn, 'config.useBias', config.useBias ?? true);
    this.useCausalMask = assertBoolean(fn, 'config.useCausalMask', config.useCausalMask ?? false);
    this.seed = config.seed == null ? undefined : assertInteger(fn, 'config.seed', config.seed, 0);
    this.keyMaskInput = assertBoolean(fn, 'config.keyMaskInput', config.keyMaskInput ?? false);
    this.supportsMasking = true;
  }

  /** The alignment `[batch, seqLenQ, seqLenK]` (or `[batch, seqLenK]`) of the last call, owned by the layer, or `null`. */
  get lastAttentionWeights(): Tensor | null {
    return this.lastAttentionMaps['attention'] ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, , k] = additiveShapes(inputShape, this.keyMaskInput);
    const dQuery = q[q.length - 1];
    const dKey = k[k.length - 1];
    if (dQuery == null || dKey == null) throw new ShapeError(`${this.name}.build`, 'inputs', 'known last dimensions', [...q, ...k].map((d) => d ?? -1));
    const init = () => this.kernelInitializer(this.seed);
    this.params = {
      wq: this.addWeight('query/kernel', [dQuery, this.units], 'float32', init()),
      wk: this.addWeight('key/kernel', [dKey, this.units], 'float32', init()),
      v: this.addWeight('score/kernel', [this.units], 'float32', tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, ...(this.seed == null ? {} : { seed: this.seed + 100 }) })),
    };
    if (this.useBias) this.params.bias = this.addWeight('score/bias', [this.units], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [q, v] = additiveShapes(inputShape, this.keyMaskInput);
    return [...q.slice(0, -1), v[v.length - 1]!];
  }

  override computeMask(inputs: Tensor | Tensor[], mask?: Tensor | Tensor[]): Tensor | Tensor[] {
    const q = Array.isArray(inputs) ? inputs[0]! : inputs;
    return (q.rank === 2 ? null : Array.isArray(mask) ? mask[0] : mask) as Tensor;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const args = kwargs as AdditiveAttentionCallArgs;
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const extra = this.keyMaskInput ? 1 : 0;
      if (!Array.isArray(inputs) || inputs.length < 2 + extra || inputs.length > 3 + extra) {
        throw new TypeError(`${this.name}: inputs must be a list ${inputList(this.keyMaskInput)}`);
      }
      const keyMask = this.keyMaskInput ? inputs[inputs.length - 1]! : undefined;
      const [query0, value, key = value] = (this.keyMaskInput ? inputs.slice(0, -1) : inputs) as [Tensor, Tensor, Tensor?];
      if (keyMask != null && (keyMask.rank !== 2 || keyMask.shape[0] !== value.shape[0] || keyMask.shape[1] !== value.shape[1])) {
        throw new ShapeError(`${this.name}.call`, 'keyMask', `[batch, seqLenK] = [${value.shape[0]}, ${value.shape[1]}]`, keyMask.shape);
      }
      const single = query0.rank === 2; // one decoder state per batch item
      if (!single && query0.rank !== 3) throw new ShapeError(`${this.name}.call`, 'query', '[batch, seqLenQ, dQuery] or [batch, dQuery]', query0.shape);
      for (const [name, t] of [['value', value], ['key', key]] as const) {
        if (t.rank !== 3) throw new ShapeError(`${this.name}.call`, name, '[batch, seqLenK, d]', t.shape);
      }
      const query = single ? query0.expandDims(1) : query0; // [batch, seqLenQ, dQuery]
      const implicit = Array.isArray(args.mask) ? args.mask.slice(0, 2) : [single ? undefined : args.mask, undefined];
      if (keyMask != null) implicit[1] = keyMask;
      const mask = buildMask(query, value, false, { ...args, mask: implicit as Tensor[] });
      const params: AdditiveParams = {
        wq: this.params!.wq.read() as Tensor2D,
        wk: this.params!.wk.read() as Tensor2D,
        v: this.params!.v.read() as Tensor1D,
      };
      if (this.params!.bias) params.bias = this.params!.bias.read() as Tensor1D;
      const { output, weights } = additiveAttention(query, key, value, params, {
        ...(mask ? { mask } : {}),
        causal: assertBoolean(`${this.name}.call`, 'kwargs.useCausalMask', args.useCausalMask ?? this.useCausalMask),
      });
      this.record('attention', single ? weights.squeeze([1]) : weights); // [batch, seqLenK] or [batch, seqLenQ, seqLenK]
      return single ? output.squeeze([1]) : output; // [batch, dValue] or [batch, seqLenQ, dValue]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { units: this.units, useBias: this.useBias, useCausalMask: this.useCausalMask };
    if (this.seed != null) config['seed'] = this.seed;
    if (this.keyMaskInput) config['keyMaskInput'] = true;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(AdditiveAttention, NAMESPACE, 'AdditiveAttention');

function inputList(keyMaskInput: boolean): string {
  return keyMaskInput ? '[query, value, keyMask] or [query, value, key, keyMask]' : '[query, value] or [query, value, key]';
}

function additiveShapes(inputShape: tf.Shape | tf.Shape[], keyMaskInput: boolean): [tf.Shape, tf.Shape, tf.Shape] {
  const extra = keyMaskInput ? 1 : 0;
  if (!Array.isArray(inputShape[0]) || inputShape.length < 2 + extra || inputShape.length > 3 + extra) {
    throw new TypeError(`AdditiveAttention: inputs must be a list ${inputList(keyMaskInput)}`);
  }
  const list = (keyMaskInput ? inputShape.slice(0, -1) : inputShape) as tf.Shape[];
  return [list[0]!, list[1]!, list[2] ?? list[1]!];
}
