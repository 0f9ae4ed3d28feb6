import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ShapeError, assertBoolean, assertInteger, assertNumber, assertOneOf } from '@attention-lab/core';
import {
  AttentionLayer,
  type AttentionVariables,
  type DenseVariables,
  type FeedForwardActivation,
  type Kwargs,
  type LayerArgs,
  NAMESPACE,
  type NormVariables,
  attentionParams,
  feedForward,
  layerNorm,
  maybeDropout,
  runAttention,
  withDefaultName,
} from './attention-layer.js';
import { type MultiHeadAttentionCallArgs, buildMask } from './multi-head-attention.js';

/** The serializable config shared by {@link TransformerEncoderBlock} and {@link TransformerDecoderBlock}. */
export interface TransformerBlockConfig extends LayerArgs {
  /** Number of attention heads; must divide `dModel` (the input width). Required. */
  numHeads: number;
  /** Width of the feed-forward network's hidden layer. Required. */
  ffDim: number;
  /** Dropout rate on attention weights and on each sublayer's output while training. Default `0`. */
  dropout?: number;
  /** Feed-forward activation. Default `'relu'`. */
  activation?: FeedForwardActivation;
  /** Layer norm before each sublayer (pre-LN, trains more easily) instead of after the residual sum (post-LN, the paper's). Default `false`. */
  normFirst?: boolean;
  /** Layer norm epsilon. Default `1e-5`. */
  layerNormEpsilon?: number;
  /** Seed of the glorot-uniform initializers. Default: unseeded. */
  seed?: number;
}

/** The serializable config of {@link TransformerEncoderBlock}. */
export interface TransformerEncoderBlockConfig extends TransformerBlockConfig {
  /** Causal self-attention (query `i` sees positions `<= i`): a GPT-style block for language models. Default `false`. */
  useCausalMask?: boolean;
  /**
   * A closing layer norm on the block's output, as GPT-2 puts after its last pre-LN block (`ln_f`); set it on
   * the last block of a pre-LN stack, whose residual stream is otherwise never normalised. Needs `normFirst`.
   * Default `false`.
   */
  finalNorm?: boolean;
  /**
   * Smeared keys (Olsson et al., 2022, section on one-layer models): each projected key becomes a learned,
   * per-channel mix of its own position's key and the previous position's, `k_j + s ⊙ (k_{j-1} - k_j)` with
   * `s` (weight `attention/keyShift`, `[dModel]`, a slice per head) starting at zero, so the block starts as a
   * plain one. A head can then match a query token against the token *before* each key, which is what an
   * induction head does. Needs `useCausalMask` (position 0 mixes in zeros). Default `false`.
   */
  keyShift?: boolean;
  /**
   * Smeared queries: the same mix on the projected queries (weight `attention/queryShift`), so a head can
   * match the token *before* the query against each key, as a previous-token head does. Needs
   * `useCausalMask`. Default `false`.
   */
  queryShift?: boolean;
}

/** Checked, defaulted fields of a block config. Internal. */
export function blockOptions(fn: string, config: TransformerBlockConfig) {
  if (config == null || typeof config !== 'object') throw new TypeError(`${fn}: config must be an object with numHeads and ffDim, got ${String(config)}`);
  return {
    numHeads: assertInteger(fn, 'config.numHeads', config.numHeads, 1),
    ffDim: assertInteger(fn, 'config.ffDim', config.ffDim, 1),
    dropout: assertNumber(fn, 'config.dropout', config.dropout ?? 0, { min: 0, below: 1 }),
    activation: assertOneOf(fn, 'config.activation', config.activation ?? 'relu', ['relu', 'gelu'] as const),
    normFirst: assertBoolean(fn, 'config.normFirst', config.normFirst ?? false),
    layerNormEpsilon: assertNumber(fn, 'config.layerNormEpsilon', config.layerNormEpsilon ?? 1e-5, { above: 0 }),
    seed: config.seed == null ? undefined : assertInteger(fn, 'config.seed', config.seed, 0),
  };
}

/** `dModel` of a block's input shape; it must be divisible by `numHeads`. Internal. */
export function blockWidth(layer: string, shape: tf.Shape, numHeads: number, what: string): number {
  const d = shape[shape.length - 1];
  if (shape.length !== 3 || d == null || d % numHeads !== 0) {
    throw new ShapeError(`${layer}.build`, what, `[batch, seqLen, dModel] with dModel divisible by numHeads=${numHeads}`, shape.map((x) => x ?? -1));
  }
  return d;
}

/**
 * A Transformer encoder block (Vaswani et al., 2017) as a `tf.layers` layer:
 * multi-head self-attention and a position-wise feed-forward network, each
 * with dropout, a residual connection and layer norm (post-LN by default,
 * pre-LN with `normFirst`). `[batch, seqLen, dModel]` gives the same shape.
 * An upstream padding mask (e.g. {@link PositionalEmbedding} with `maskZero`)
 * is honoured; `useCausalMask` makes it a decoder-only (GPT) block.
 *
 * `lastAttentionWeights` holds the self-attention weights
 * `[batch, numHeads, seqLen, seqLen]` of the last call; the layer owns them.
 * Registered as `AttentionLab>TransformerEncoderBlock`.
 *
 * @example
 * const block = new TransformerEncoderBlock({ numHeads: 4, ffDim: 64 });
 * const y = block.apply(tf.randomNormal([2, 10, 32])) as tf.Tensor; // [2, 10, 32]
 * block.lastAttentionWeights?.shape; // [2, 4, 10, 10]
 */
export class TransformerEncoderBlock extends AttentionLayer {
  /** The registered class name. */
  static className = `${NAMESPACE}>TransformerEncoderBlock`;
  readonly numHeads: number;
  readonly ffDim: number;
  readonly dropout: number;
  readonly activation: FeedForwardActivation;
  readonly normFirst: boolean;
  readonly layerNormEpsilon: number;
  readonly useCausalMask: boolean;
  readonly finalNorm: boolean;
  readonly keyShift: boolean;
  readonly queryShift: boolean;
  readonly seed: number | undefined;
  private vars: { attention: AttentionVariables; attentionNorm: NormVariables; inner: DenseVariables; outer: DenseVariables; ffnNorm: NormVariables; finalNorm?: NormVariables; keyShift?: tf.LayerVariable; queryShift?: tf.LayerVariable } | null = null;

  /**
   * @param config - `numHeads`, `ffDim` (required), `dropout` (0), `activation` ('relu'), `normFirst` (false),
   *   `layerNormEpsilon` (1e-5), `useCausalMask` (false), `finalNorm` (false), `keyShift` (false), `queryShift` (false), `seed` (unseeded), and `tf.layers` args.
   */
  constructor(config: TransformerEncoderBlockConfig) {
    super(withDefaultName(config, 'transformer_encoder_block'));
    const o = blockOptions('TransformerEncoderBlock', config);
    this.numHeads = o.numHeads;
    this.ffDim = o.ffDim;
    this.dropout = o.dropout;
    this.activation = o.activation;
    this.normFirst = o.normFirst;
    this.layerNormEpsilon = o.layerNormEpsilon;
    this.useCausalMask = assertBoolean('TransformerEncoderBlock', 'config.useCausalMask', config.useCausalMask ?? false);
    const finalNorm = assertBoolean('TransformerEncoderBlock', 'config.finalNorm', config.finalNorm ?? false);
    if (finalNorm && !this.normFirst) throw new RangeError(`TransformerEncoderBlock: config 'finalNorm' needs 'normFirst' (a post-LN block already ends in a layer norm)`);
    this.finalNorm = finalNorm;
    this.keyShift = assertBoolean('TransformerEncoderBlock', 'config.keyShift', config.keyShift ?? false);
    if (this.keyShift && !this.useCausalMask) throw new RangeError(`TransformerEncoderBlock: config 'keyShift' needs 'useCausalMask' (a key mixes in the position before it)`);
    this.queryShift = assertBoolean('TransformerEncoderBlock', 'config.queryShift', config.queryShift ?? false);
    if (this.queryShift && !this.useCausalMask) throw new RangeError(`TransformerEncoderBlock: config 'queryShift' needs 'useCausalMask' (a query mixes in the position before it)`);
    this.seed = o.seed;
    this.supportsMasking = true;
  }

  /** The self-attention weights `[batch, numHeads, seqLen, seqLen]` of the last call, owned by the layer, or `null`. */
  get lastAttentionWeights(): Tensor | null {
    return this.lastAttentionMaps['attention'] ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = blockWidth(this.name, s, this.numHeads, 'inputs');
    const dHead = d / this.numHeads;
    const sizes = { dQuery: d, dKey: d, dValue: d, numHeads: this.numHeads, keyDim: dHead, valueDim: dHead, outDim: d, useBias: true };
    this.vars = {
      attention: this.addAttentionWeights('attention/', sizes, this.seed),
      attentionNorm: this.addNormWeights('attentionNorm', d),
      inner: this.addDenseWeights('ffn/inner', d, this.ffDim, this.seed),
      outer: this.addDenseWeights('ffn/outer', this.ffDim, d, this.seed),
      ffnNorm: this.addNormWeights('ffnNorm', d),
      ...(this.finalNorm ? { finalNorm: this.addNormWeights('finalNorm', d) } : {}),
      ...(this.keyShift ? { keyShift: this.addWeight('attention/keyShift', [d], 'float32', tf.initializers.zeros()) } : {}),
      ...(this.queryShift ? { queryShift: this.addWeight('attention/queryShift', [d], 'float32', tf.initializers.zeros()) } : {}),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override computeMask(inputs: Tensor | Tensor[], mask?: Tensor | Tensor[]): Tensor | Tensor[] {
    void inputs;
    return (Array.isArray(mask) ? mask[0] : mask) as Tensor;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const args = kwargs as MultiHeadAttentionCallArgs;
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (x.rank !== 3) throw new ShapeError(`${this.name}.call`, 'inputs', '[batch, seqLen, dModel]', x.shape);
      const v = this.vars!;
      const training = args.training === true;
      const norm = (t: Tensor, n: NormVariables) => layerNorm(t, n.gamma.read(), n.beta.read(), this.layerNormEpsilon);
      const mask = buildMask(x, x, true, { ...args, mask: Array.isArray(args.mask) ? args.mask[0] : args.mask });
      const attend = (t: Tensor) => {
        const { output, weights } = runAttention(t, t, t, attentionParams(v.attention), {
          numHeads: this.numHeads,
          ...(v.keyShift ? { keyShift: v.keyShift.read() } : {}),
          ...(v.queryShift ? { queryShift: v.queryShift.read() } : {}),
          ...(mask ? { mask } : {}),
          causal: assertBoolean(`${this.name}.call`, 'kwargs.useCausalMask', args.useCausalMask ?? this.useCausalMask),
          dropout: this.dropout,
          training,
        });
        this.record('attention', weights);
        return maybeDropout(output, this.dropout, training);
      };
      const ffn = (t: Tensor) => maybeDropout(feedForward(t, v.inner, v.outer, this.activation), this.dropout, training);
      if (this.normFirst) {
        const h = tf.add(x, attend(norm(x, v.attentionNorm))); // [batch, seqLen, dModel]
        const out = tf.add(h, ffn(norm(h, v.ffnNorm)));
        return v.finalNorm ? norm(out, v.finalNorm) : out;
      }
      const h = norm(tf.add(x, attend(x)), v.attentionNorm); // [batch, seqLen, dModel]
      return norm(tf.add(h, ffn(h)), v.ffnNorm);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...blockConfig(this), useCausalMask: this.useCausalMask, ...(this.finalNorm ? { finalNorm: true } : {}), ...(this.keyShift ? { keyShift: true } : {}), ...(this.queryShift ? { queryShift: true } : {}) };
  }
}
tf.serialization.registerClass(TransformerEncoderBlock, NAMESPACE, 'TransformerEncoderBlock');

/** The serializable fields shared by both blocks. Internal. */
export function blockConfig(b: {
  numHeads: number; ffDim: number; dropout: number; activation: FeedForwardActivation; normFirst: boolean; layerNormEpsilon: number; seed: number | undefined;
}): tf.serialization.ConfigDict {
  const config: tf.serialization.ConfigDict = {
    numHeads: b.numHeads,
    ffDim: b.ffDim,
    dropout: b.dropout,
    activation: b.activation,
    normFirst: b.normFirst,
    layerNormEpsilon: b.layerNormEpsilon,
  };
  if (b.seed != null) config['seed'] = b.seed;
  return config;
}
