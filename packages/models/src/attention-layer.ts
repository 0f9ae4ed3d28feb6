import * as tf from '@tensorflow/tfjs';
import type { LayerVariable, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { type MultiHeadAttentionParams, mergeHeads, multiHeadAttention, scaledDotProductAttention, splitHeads } from '@attention-lab/core';

/** The constructor arguments every `tf.layers.Layer` takes (`name`, `trainable`, `inputShape`, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Keyword arguments of `Layer.call`. */
export type Kwargs = Record<string, unknown>;

/** A weight initializer, as `tf.initializers.*` returns. */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** The namespace our layers are registered under: saved models name them `AttentionLab>ClassName`. */
export const NAMESPACE = 'AttentionLab';

const nameCounts = new Map<string, number>();

/**
 * `config` with a default layer name (`base`, `base_1`, ...) when it has none.
 * tfjs would derive one from the class name, which holds the `>` of our
 * namespace and is not a valid weight name. Every layer's constructor passes
 * its config through here before `super`, so this is also where a config that
 * is not an object (`new MultiHeadAttention(null)`) becomes a TypeError naming
 * the layer, instead of tfjs reading `null.name`. Internal.
 *
 * @param config - The layer's config as given.
 * @param base - The default name, the layer's class name in snake_case (`'multi_head_attention'`).
 * @returns `config`, with `name` set when it had none.
 */
export function withDefaultName<T extends LayerArgs>(config: T, base: string): T {
  if (config == null || typeof config !== 'object' || Array.isArray(config)) {
    const layer = base.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()); // multi_head_attention -> MultiHeadAttention
    throw new TypeError(`${layer}: argument 'config' must be an object, got ${Array.isArray(config) ? 'an array' : String(config)}`);
  }
  if (config.name != null) return config;
  const n = nameCounts.get(base) ?? 0;
  nameCounts.set(base, n + 1);
  return { ...config, name: n === 0 ? base : `${base}_${n}` };
}

/** The sizes of one multi-head attention's projections. Internal. */
export interface ProjectionSizes {
  dQuery: number;
  dKey: number;
  dValue: number;
  numHeads: number;
  keyDim: number;
  valueDim: number;
  outDim: number;
  useBias: boolean;
}

/** The variables of one multi-head attention. Kernels `[dIn, numHeads * dHead]`, output `[numHeads * valueDim, outDim]`. */
export interface AttentionVariables {
  query: { kernel: LayerVariable; bias?: LayerVariable };
  key: { kernel: LayerVariable; bias?: LayerVariable };
  value: { kernel: LayerVariable; bias?: LayerVariable };
  output: { kernel: LayerVariable; bias?: LayerVariable };
}

/** A dense projection's variables. Internal. */
export interface DenseVariables {
  kernel: LayerVariable;
  bias: LayerVariable;
}

/** A layer norm's variables. Internal. */
export interface NormVariables {
  gamma: LayerVariable;
  beta: LayerVariable;
}

/** Options of {@link runAttention}. Internal. */
export interface RunAttentionOptions {
  numHeads: number;
  mask?: Tensor;
  causal?: boolean;
  dropout?: number;
  training?: boolean;
  /** Per-channel mix `s` `[heads * dHead]` of each projected key with the key before it (see {@link shiftRows}). */
  keyShift?: Tensor;
  /** Per-channel mix `s` `[heads * dHead]` of each projected query with the query before it. */
  queryShift?: Tensor;
}

/**
 * The shared base of our attention layers: it owns the attention weights of
 * the last call (one map per attention, e.g. `self` and `cross`), frees the
 * previous ones on each call and all of them on `dispose()`. Internal.
 */
export abstract class AttentionLayer extends tf.layers.Layer {
  private readonly maps = new Map<string, Tensor>();
  private seedOffset = 0;

  /**
   * The attention weights of every attention in the last call, by name
   * (`attention`, or `self` and `cross` in a decoder block). The layer owns
   * these tensors: read them (`await t.array()`) or `clone()` them, never
   * dispose them; they stay valid until the next call or `dispose()`.
   */
  get lastAttentionMaps(): Readonly<Record<string, Tensor>> {
    return Object.fromEntries(this.maps);
  }

  /** Stores a kept copy of `weights` under `name` and frees the previous one. */
  protected record(name: string, weights: Tensor): void {
    const copy = tf.keep(weights.clone());
    this.maps.get(name)?.dispose();
    this.maps.set(name, copy);
  }

  /** A glorot-uniform initializer seeded from `seed` (different for each weight), or unseeded. */
  protected kernelInitializer(seed: number | undefined): Initializer {
    const offset = this.seedOffset++;
    return tf.initializers.glorotUniform(seed == null ? {} : { seed: seed + offset });
  }

  /** Adds the query, key, value and output projections under `prefix` (e.g. `self/query/kernel`). */
  protected addAttentionWeights(prefix: string, sizes: ProjectionSizes, seed: number | undefined): AttentionVariables {
    const part = (name: string, dIn: number, dOut: number) => {
      const kernel = this.addWeight(
        `${prefix}${name}/kernel`,
        [dIn, dOut],
        'float32',
        this.kernelInitializer(seed),
      );
      const bias = sizes.useBias ? this.addWeight(`${prefix}${name}/bias`, [dOut], 'float32', tf.initializers.zeros()) : undefined;
      return bias == null ? { kernel } : { kernel, bias };
    };
    return {
      query: part('query', sizes.dQuery, sizes.numHeads * sizes.keyDim),
      key: part('key', sizes.dKey, sizes.numHeads * sizes.keyDim),
      value: part('value', sizes.dValue, sizes.numHeads * sizes.valueDim),
      output: part('output', sizes.numHeads * sizes.valueDim, sizes.outDim),
    };
  }

  /** Adds a dense kernel `[dIn, dOut]` and bias `[dOut]` under `prefix`. */
  protected addDenseWeights(prefix: string, dIn: number, dOut: number, seed: number | undefined): DenseVariables {
    return {
      kernel: this.addWeight(`${prefix}/kernel`, [dIn, dOut], 'float32', this.kernelInitializer(seed)),
      bias: this.addWeight(`${prefix}/bias`, [dOut], 'float32', tf.initializers.zeros()),
    };
  }

  /** Adds a layer norm's `gamma` (ones) and `beta` (zeros) `[d]` under `prefix`. */
  protected addNormWeights(prefix: string, d: number): NormVariables {
    return {
      gamma: this.addWeight(`${prefix}/gamma`, [d], 'float32', tf.initializers.ones()),
      beta: this.addWeight(`${prefix}/beta`, [d], 'float32', tf.initializers.zeros()),
    };
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    for (const t of this.maps.values()) t.dispose();
    this.maps.clear();
    return super.dispose();
  }
}

/** Reads the variables as the parameter object of core's `multiHeadAttention`. Internal. */
export function attentionParams(v: AttentionVariables): MultiHeadAttentionParams {
  const params: MultiHeadAttentionParams = {
    wq: v.query.kernel.read() as Tensor2D,
    wk: v.key.kernel.read() as Tensor2D,
    wv: v.value.kernel.read() as Tensor2D,
    wo: v.output.kernel.read() as Tensor2D,
  };
  if (v.query.bias) params.bq = v.query.bias.read() as Tensor1D;
  if (v.key.bias) params.bk = v.key.bias.read() as Tensor1D;
  if (v.value.bias) params.bv = v.value.bias.read() as Tensor1D;
  if (v.output.bias) params.bo = v.output.bias.read() as Tensor1D;
  return params;
}

/** `x [batch, seqLen, dIn] · w [dIn, dOut] + b` as `[batch, seqLen, dOut]`. Internal. */
export function dense3d(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  const [batch, seqLen, dIn] = x.shape as [number, number, number];
  const dOut = w.shape[1]!;
  const y = tf.matMul(x.reshape([batch * seqLen, dIn]) as Tensor2D, w as Tensor2D); // [batch * seqLen, dOut]
  return (b == null ? y : tf.add(y, b)).reshape([batch, seqLen, dOut]); // [batch, seqLen, dOut]
}

/**
 * Multi-head attention with the layer's weights. Without active dropout or
 * shifted rows it is core's `multiHeadAttention`; otherwise the same steps from
 * core's `splitHeads`, `scaledDotProductAttention` and `mergeHeads`, with the
 * projected keys and queries shifted (`keyShift`, `queryShift`) and attention
 * weights dropped before they multiply the values (as Keras) when training.
 * Returns the weights before dropout. Internal; call inside `tf.tidy`.
 */
export function runAttention(
  query: Tensor,
  value: Tensor,
  key: Tensor,
  params: MultiHeadAttentionParams,
  options: RunAttentionOptions,
): { output: Tensor; weights: Tensor } {
  const rate = options.dropout ?? 0;
  const dropping = options.training === true && rate > 0;
  const core = { heads: options.numHeads, ...(options.mask ? { mask: options.mask } : {}), causal: options.causal ?? false };
  if (!dropping && !options.keyShift && !options.queryShift) return multiHeadAttention(query, key, value, params, core);
  const shifted = (rows: Tensor, s?: Tensor) => (s ? shiftRows(rows, s) : rows);
  const qh = splitHeads(shifted(dense3d(query, params.wq, params.bq), options.queryShift), options.numHeads); // [batch, heads, seqLenQ, keyDim]
  const kh = splitHeads(shifted(dense3d(key, params.wk, params.bk), options.keyShift), options.numHeads); // [batch, heads, seqLenK, keyDim]
  const vh = splitHeads(dense3d(value, params.wv, params.bv), options.numHeads); // [batch, heads, seqLenK, valueDim]
  const { weights } = scaledDotProductAttention(qh, kh, vh, core); // [batch, heads, seqLenQ, seqLenK]
  const heads = tf.matMul(dropping ? tf.dropout(weights, rate) : weights, vh); // [batch, heads, seqLenQ, valueDim]
  const output = dense3d(mergeHeads(heads), params.wo, params.bo); // [batch, seqLenQ, outDim]
  return { output, weights };
}

/**
 * Smears rows along the sequence: row `j` becomes `r_j + s ⊙ (r_{j-1} - r_j)`,
 * per channel, with zeros before row 0 (Olsson et al., 2022). Internal.
 *
 * @param rows - `[batch, seqLen, d]`.
 * @param s - `[d]`; 0 keeps a channel, 1 takes the row before's.
 */
export function shiftRows(rows: Tensor, s: Tensor): Tensor {
  const [batch, seqLen, d] = rows.shape as [number, number, number];
  const previous = tf.concat([tf.zeros([batch, 1, d]), rows.slice([0, 0, 0], [batch, seqLen - 1, d])], 1); // [batch, seqLen, d]
  return tf.add(rows, tf.mul(s, tf.sub(previous, rows)));
}

/** A layer-norm over the last axis with learned `gamma` and `beta`. Internal. */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  const axis = x.rank - 1;
  const { mean, variance } = tf.moments(x, axis, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

/** Turns `true`/`1` mask entries into a `bool` tensor (a mask of any dtype is accepted). Internal. */
export function asBool(mask: Tensor): Tensor {
  return mask.dtype === 'bool' ? mask : tf.notEqual(mask, 0);
}

/** The activations a Transformer block's feed-forward network may use. */
export type FeedForwardActivation = 'relu' | 'gelu';

/** `x -> W2 act(W1 x + b1) + b2` on `[batch, seqLen, d]`; GELU is the tanh approximation. Internal. */
export function feedForward(x: Tensor, inner: DenseVariables, outer: DenseVariables, activation: FeedForwardActivation): Tensor {
  const h = dense3d(x, inner.kernel.read(), inner.bias.read()); // [batch, seqLen, ffDim]
  const a =
    activation === 'relu'
      ? tf.relu(h)
      : tf.mul(tf.mul(h, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(h, tf.mul(0.044715, tf.pow(h, 3)))))));
  return dense3d(a, outer.kernel.read(), outer.bias.read()); // [batch, seqLen, d]
}

/** Dropout at `rate` when training, identity otherwise. Internal. */
export function maybeDropout(x: Tensor, rate: number, training: boolean): Tensor {
  return training && rate > 0 ? tf.dropout(x, rate) : x;
}
