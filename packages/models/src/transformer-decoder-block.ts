import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ShapeError } from '@attention-lab/core';
import {
  AttentionLayer,
  type AttentionVariables,
  type DenseVariables,
  type FeedForwardActivation,
  type Kwargs,
  NAMESPACE,
  type NormVariables,
  attentionParams,
  feedForward,
  layerNorm,
  maybeDropout,
  runAttention,
  withDefaultName,
} from './attention-layer.js';
import { buildMask } from './multi-head-attention.js';
import { type TransformerBlockConfig, blockConfig, blockOptions, blockWidth } from './transformer-encoder-block.js';

/** The serializable config of {@link TransformerDecoderBlock}: that of the encoder block, always causal. */
export type TransformerDecoderBlockConfig = TransformerBlockConfig;

/** Call arguments of {@link TransformerDecoderBlock}. */
export interface TransformerDecoderBlockCallArgs {
  /** Apply dropout. Default `false`. */
  training?: boolean;
  /** Implicit padding masks `[decoderMask, encoderMask]` (`[batch, seqLen]` each), or the decoder's alone. */
  mask?: Tensor | Tensor[];
}

/**
 * A Transformer decoder block (Vaswani et al., 2017) as a `tf.layers` layer:
 * causal multi-head self-attention over the decoder sequence, cross-attention
 * from it to the encoder output, and a feed-forward network, each with
 * dropout, a residual connection and layer norm (post-LN, or pre-LN with
 * `normFirst`).
 *
 * `apply([decoder, encoder])` or `apply([decoder, encoder, encoderMask])`:
 * decoder `[batch, seqLenQ, dModel]`, encoder `[batch, seqLenK, dEnc]` and an
 * optional encoder padding mask `[batch, seqLenK]` (1 = token, 0 = padding; an
 * input rather than a call argument so it survives inside a `tf.model`) give
 * `[batch, seqLenQ, dModel]`.
 *
 * `lastAttentionMaps` holds `self` `[batch, numHeads, seqLenQ, seqLenQ]` and
 * `cross` `[batch, numHeads, seqLenQ, seqLenK]` of the last call; the layer
 * owns them. Registered as `AttentionLab>TransformerDecoderBlock`.
 *
 * @example
 * const block = new TransformerDecoderBlock({ numHeads: 2, ffDim: 32 });
 * const y = block.apply([tf.randomNormal([1, 4, 16]), tf.randomNormal([1, 7, 16])]) as tf.Tensor; // [1, 4, 16]
 * block.lastCrossAttentionWeights?.shape; // [1, 2, 4, 7]
 */
export class TransformerDecoderBlock extends AttentionLayer {
  /** The registered class name. */
  static className = `${NAMESPACE}>TransformerDecoderBlock`;
  readonly numHeads: number;
  readonly ffDim: number;
  readonly dropout: number;
  readonly activation: FeedForwardActivation;
  readonly normFirst: boolean;
  readonly layerNormEpsilon: number;
  readonly seed: number | undefined;
  private vars: {
    self: AttentionVariables; selfNorm: NormVariables; cross: AttentionVariables; crossNorm: NormVariables;
    inner: DenseVariables; outer: DenseVariables; ffnNorm: NormVariables;
  } | null = null;

  /**
   * @param config - `numHeads`, `ffDim` (required), `dropout` (0), `activation` ('relu'), `normFirst` (false),
   *   `layerNormEpsilon` (1e-5), `seed` (unseeded), and `tf.layers` args.
   */
  constructor(config: TransformerDecoderBlockConfig) {
    super(withDefaultName(config, 'transformer_decoder_block'));
    const o = blockOptions('TransformerDecoderBlock', config);
    this.numHeads = o.numHeads;
    this.ffDim = o.ffDim;
    this.dropout = o.dropout;
    this.activation = o.activation;
    this.normFirst = o.normFirst;
    this.layerNormEpsilon = o.layerNormEpsilon;
    this.seed = o.seed;
    this.supportsMasking = true;
  }

  /** The causal self-attention weights `[batch, numHeads, seqLenQ, seqLenQ]` of the last call, owned by the layer, or `null`. */
  get lastSelfAttentionWeights(): Tensor | null {
    return this.lastAttentionMaps['self'] ?? null;
  }

  /** The cross-attention weights `[batch, numHeads, seqLenQ, seqLenK]` of the last call, owned by the layer, or `null`. */
  get lastCrossAttentionWeights(): Tensor | null {
    return this.lastAttentionMaps['cross'] ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [dec, enc] = decoderShapes(inputShape);
    const d = blockWidth(this.name, dec, this.numHeads, 'decoder');
    const dEnc = enc[enc.length - 1];
    if (enc.length !== 3 || dEnc == null) throw new ShapeError(`${this.name}.build`, 'encoder', '[batch, seqLenK, dEnc] with a known dEnc', enc.map((x) => x ?? -1));
    const dHead = d / this.numHeads;
    const base = { dQuery: d, numHeads: this.numHeads, keyDim: dHead, valueDim: dHead, outDim: d, useBias: true };
    this.vars = {
      self: this.addAttentionWeights('self/', { ...base, dKey: d, dValue: d }, this.seed),
      selfNorm: this.addNormWeights('selfNorm', d),
      cross: this.addAttentionWeights('cross/', { ...base, dKey: dEnc, dValue: dEnc }, this.seed),
      crossNorm: this.addNormWeights('crossNorm', d),
      inner: this.addDenseWeights('ffn/inner', d, this.ffDim, this.seed),
      outer: this.addDenseWeights('ffn/outer', this.ffDim, d, this.seed),
      ffnNorm: this.addNormWeights('ffnNorm', d),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return decoderShapes(inputShape)[0];
  }

  override computeMask(inputs: Tensor | Tensor[], mask?: Tensor | Tensor[]): Tensor | Tensor[] {
    void inputs;
    return (Array.isArray(mask) ? mask[0] : mask) as Tensor;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    const args = kwargs as TransformerDecoderBlockCallArgs;
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      if (!Array.isArray(inputs) || inputs.length < 2 || inputs.length > 3) {
        throw new TypeError(`${this.name}: inputs must be a list [decoder, encoder] or [decoder, encoder, encoderMask]`);
      }
      const [x, enc, encMaskInput] = inputs as [Tensor, Tensor, Tensor?];
      if (x.rank !== 3) throw new ShapeError(`${this.name}.call`, 'decoder', '[batch, seqLenQ, dModel]', x.shape);
      if (enc.rank !== 3 || enc.shape[0] !== x.shape[0]) throw new ShapeError(`${this.name}.call`, 'encoder', `[batch=${x.shape[0]}, seqLenK, dEnc]`, enc.shape);
      const implicit = Array.isArray(args.mask) ? args.mask : [args.mask];
      const decMask = implicit[0] ?? undefined;
      const encMask = encMaskInput ?? implicit[1] ?? undefined;
      if (encMask != null && (encMask.rank !== 2 || encMask.shape[0] !== enc.shape[0] || encMask.shape[1] !== enc.shape[1])) {
        throw new ShapeError(`${this.name}.call`, 'encoderMask', `[batch=${enc.shape[0]}, seqLenK=${enc.shape[1]}]`, encMask.shape);
      }
      const v = this.vars!;
      const training = args.training === true;
      const norm = (t: Tensor, n: NormVariables) => layerNorm(t, n.gamma.read(), n.beta.read(), this.layerNormEpsilon);
      const selfMask = buildMask(x, x, true, decMask ? { mask: decMask } : {});
      const crossMask = buildMask(x, enc, false, { mask: [decMask, encMask] as Tensor[] });
      const attend = (name: 'self' | 'cross', q: Tensor, kv: Tensor, vars: AttentionVariables, mask: Tensor | undefined, causal: boolean) => {
        const { output, weights } = runAttention(q, kv, kv, attentionParams(vars), {
          numHeads: this.numHeads,
          ...(mask ? { mask } : {}),
          causal,
          dropout: this.dropout,
          training,
        });
        this.record(name, weights);
        return maybeDropout(output, this.dropout, training);
      };
      const ffn = (t: Tensor) => maybeDropout(feedForward(t, v.inner, v.outer, this.activation), this.dropout, training);
      if (this.normFirst) {
        const nx = norm(x, v.selfNorm);
        const h1 = tf.add(x, attend('self', nx, nx, v.self, selfMask, true)); // [batch, seqLenQ, dModel]
        const h2 = tf.add(h1, attend('cross', norm(h1, v.crossNorm), enc, v.cross, crossMask, false));
        return tf.add(h2, ffn(norm(h2, v.ffnNorm)));
      }
      const h1 = norm(tf.add(x, attend('self', x, x, v.self, selfMask, true)), v.selfNorm); // [batch, seqLenQ, dModel]
      const h2 = norm(tf.add(h1, attend('cross', h1, enc, v.cross, crossMask, false)), v.crossNorm);
      return norm(tf.add(h2, ffn(h2)), v.ffnNorm);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...blockConfig(this) };
  }
}
tf.serialization.registerClass(TransformerDecoderBlock, NAMESPACE, 'TransformerDecoderBlock');

function decoderShapes(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape] {
  if (!Array.isArray(inputShape[0]) || inputShape.length < 2 || inputShape.length > 3) {
    throw new TypeError('TransformerDecoderBlock: inputs must be a list [decoder, encoder] or [decoder, encoder, encoderMask]');
  }
  const list = inputShape as tf.Shape[];
  return [list[0]!, list[1]!];
}
