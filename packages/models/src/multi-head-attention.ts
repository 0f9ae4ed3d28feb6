import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ShapeError, assertBoolean, assertInteger, assertNumber, combineMasks } from '@attention-lab/core';
import {
  AttentionLayer,
  type AttentionVariables,
  type Kwargs,
  type LayerArgs,
  NAMESPACE,
  asBool,
  attentionParams,
  runAttention,
  withDefaultName,
} from './attention-layer.js';

/** The serializable config of {@link MultiHeadAttention} (Keras names, camelCase). */
export interface MultiHeadAttentionConfig extends LayerArgs {
  /** Number of attention heads. Required. */
  numHeads: number;
  /** Width of each head's queries and keys (`dHead`). Required. */
  keyDim: number;
  /** Width of each head's values. Default `keyDim`. */
  valueDim?: number;
  /** Dropout rate on the attention weights while training. Default `0`. */
  dropout?: number;
  /** Whether the four projections have biases. Default `true`. */
  useBias?: boolean;
  /** Width of the output. Default: the query's last dimension (`dModel`). */
  outputShape?: number;
  /** Default for the `useCausalMask` call argument (a functional model passes no call arguments). Default `false`. */
  useCausalMask?: boolean;
  /** Seed of the glorot-uniform kernel initializers, for reproducible weights. Default: unseeded. */
  seed?: number;
}

/** Call arguments of {@link MultiHeadAttention} (the second argument of `apply`). */
export interface MultiHeadAttentionCallArgs {
  /** `[batch, seqLenQ, seqLenK]` (or any shape core's masks accept); `true`/nonzero = attend. Default: none. */
  attentionMask?: Tensor;
  /** Let query `i` see only keys `j <= i`. Default: the config's `useCausalMask`. */
  useCausalMask?: boolean;
  /** Apply dropout. Default `false`. */
  training?: boolean;
  /** Implicit padding masks from upstream layers (`[batch, seqLen]`), as Keras propagates them. */
  mask?: Tensor | Tensor[];
}

/**
 * Multi-head attention as a `tf.layers` layer, with Keras semantics: `apply(x)`
 * is self-attention, `apply([query, value])` uses `value` as the key too, and
 * `apply([query, value, key])` takes all three. Query `[batch, seqLenQ, dQuery]`
 * and value `[batch, seqLenK, dValue]` give `[batch, seqLenQ, outputShape ?? dQuery]`.
 *
 * Kernels are stored as `[dIn, numHeads * keyDim]` (query, key),
 * `[dIn, numHeads * valueDim]` (value) and `[numHeads * valueDim, out]`
 * (output), head-major; a Keras kernel `[dIn, numHeads, keyDim]` reshaped to
 * 2-D is the same layout. The math is core's `multiHeadAttention`.
 *
 * `lastAttentionWeights` holds the weights `[batch, numHeads, seqLenQ, seqLenK]`
 * of the last call, before dropout; the layer owns them (never dispose them).
 * Registered as `AttentionLab>MultiHeadAttention`.
 *
 * @example
 * const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
 * const x = tf.randomNormal([1, 5, 8]);
 * const y = mha.apply(x, { useCausalMask: true }) as tf.Tensor; // [1, 5, 8]
 * mha.lastAttentionWeights?.print(); // [1, 2, 5, 5], zero above the diagonal
 */
export class MultiHeadAttention extends AttentionLayer {
  /** The registered class name. */
  static className = `${NAMESPACE}>MultiHeadAttention`;
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  /** The configured output width (`outputShape`), or undefined for the query's width. */
  readonly outputDim: number | undefined;
  readonly useCausalMask: boolean;
  readonly seed: number | undefined;
  private vars: AttentionVariables | null = null;

  /**
   * @param config - `numHeads`, `keyDim` (required), `valueDim` (default `keyDim`), `dropout` (0),
   *   `useBias` (true), `outputShape` (query width), `useCausalMask` (false), `seed` (unseeded), and `tf.layers` args.
   */
  constructor(config: MultiHeadAttentionConfig) {
    super(withDefaultName(config, 'multi_head_attention'));
    const fn = 'MultiHeadAttention';
    if (config == null || typeof config !== 'object') throw new TypeError(`${fn}: config must be an object with numHeads and keyDim, got ${String(config)}`);
    this.numHeads = assertInteger(fn, 'config.numHeads', config.numHeads, 1);
    this.keyDim = assertInteger(fn, 'config.keyDim', config.keyDim, 1);
    this.valueDim = config.valueDim == null ? this.keyDim : assertInteger(fn, 'config.valueDim', config.valueDim, 1);
    this.dropout = assertNumber(fn, 'config.dropout', config.dropout ?? 0, { min: 0, below: 1 });
    this.useBias = assertBoolean(fn, 'config.useBias', config.useBias ?? true);
    this.outputDim = config.outputShape == null ? undefined : assertInteger(fn, 'config.outputShape', config.outputShape, 1);
    this.useCausalMask = assertBoolean(fn, 'config.useCausalMask', config.useCausalMask ?? false);
    this.seed = config.seed == null ? undefined : assertInteger(fn, 'config.seed', config.seed, 0);
    this.supportsMasking = true;
  }

  /** The attention weights `[batch, numHeads, seqLenQ, seqLenK]` of the last call (owned by the layer), or `null`. */
  get lastAttentionWeights(): Tensor | null {
    return this.lastAttentionMaps['attention'] ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [q, v, k] = splitShapes(inputShape);
    const width = (s: tf.Shape, what: string) => {
      const d = s[s.length - 1];
      if (s.length !== 3 || d == null) throw new ShapeError(`${this.name}.build`, what, '[batch, seqLen, d] with a known d', s.map((x) => x ?? -1));
      return d;
    };
    const dQuery = width(q, 'query');
    this.vars = this.addAttentionWeights(
      '',
      {
        dQuery,
        dValue: width(v, 'value'),
        dKey: width(k, 'key'),
        numHeads: this.numHeads,
        keyDim: this.keyDim,
        valueDim: this.valueDim,
        outDim: this.outputDim ?? dQuery,
        useBias: this.useBias,
      },
      this.seed,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [q] = splitShapes(inputShape);
    return [...q.slice(0, -1), this.outputDim ?? q[q.length - 1]!];
  }

  override computeMask(inputs: Tensor | Tensor[], mask?: Tensor | Tensor[]): Tensor | Tensor[] {
    void inputs;
    return (Array.isArray(mask) ? mask[0] : mask) as Tensor;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const args = kwargs as MultiHeadAttentionCallArgs;
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [query, value = query, key = value] = list as [Tensor, Tensor?, Tensor?];
      for (const [name, t] of [['query', query], ['value', value], ['key', key]] as const) {
        if (t.rank !== 3) throw new ShapeError(`${this.name}.call`, name, '[batch, seqLen, d]', t.shape);
      }
      const mask = buildMask(query, value, list.length === 1 || query === value, args);
      const { output, weights } = runAttention(query, value, key, attentionParams(this.vars!), {
        numHeads: this.numHeads,
        ...(mask ? { mask } : {}),
        causal: assertBoolean(`${this.name}.call`, 'kwargs.useCausalMask', args.useCausalMask ?? this.useCausalMask),
        dropout: this.dropout,
        training: args.training === true,
      });
      this.record('attention', weights);
      return output;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      useCausalMask: this.useCausalMask,
    };
    if (this.outputDim != null) config['outputShape'] = this.outputDim;
    if (this.seed != null) config['seed'] = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(MultiHeadAttention, NAMESPACE, 'MultiHeadAttention');

/** `[query, value, key]` shapes from one shape (self-attention) or a list of two or three. */
function splitShapes(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape, tf.Shape] {
  const list = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
  if (list.length < 1 || list.length > 3) {
    throw new TypeError(`MultiHeadAttention: inputs must be one tensor or a list [query, value] or [query, value, key], got ${list.length} tensors`);
  }
  const q = list[0]!;
  const v = list[1] ?? q;
  return [q, v, list[2] ?? v];
}

/**
 * The attention mask of one call: the explicit `attentionMask`, and implicit
 * padding masks (`[batch, seqLen]`, from `mask`) on query rows and on keys.
 * Returns `[batch, seqLenQ, seqLenK]`-compatible bool, or undefined.
 */
export function buildMask(query: Tensor, value: Tensor, selfAttention: boolean, args: MultiHeadAttentionCallArgs): Tensor | undefined {
  const implicit = Array.isArray(args.mask) ? args.mask : [args.mask, selfAttention ? args.mask : undefined];
  const [queryMask, valueMask] = implicit as [Tensor | undefined, Tensor | undefined];
  const batch = query.shape[0]!;
  const parts: Tensor[] = [];
  if (queryMask != null) parts.push(asBool(queryMask).reshape([batch, query.shape[1]!, 1])); // [batch, seqLenQ, 1]
  if (valueMask != null) parts.push(asBool(valueMask).reshape([batch, 1, value.shape[1]!])); // [batch, 1, seqLenK]
  if (args.attentionMask != null) parts.push(args.attentionMask);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? asBool(parts[0]!) : combineMasks(...parts);
}
