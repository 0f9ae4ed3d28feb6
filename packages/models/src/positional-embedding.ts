import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ShapeError, assertBoolean, assertInteger, assertOneOf, sinusoidalPositionalEncoding } from '@attention-lab/core';
import { type Kwargs, type LayerArgs, NAMESPACE, withDefaultName } from './attention-layer.js';

/** The serializable config of {@link PositionalEmbedding}. */
export interface PositionalEmbeddingConfig extends LayerArgs {
  /** Number of token ids (`vocab`); ids must be integers in `[0, vocabSize)` (a NaN, fractional or out-of-range id is a RangeError). Required. */
  vocabSize: number;
  /** Width of each embedding (`dModel`). Required. */
  dModel: number;
  /** The longest sequence the layer accepts (`seqLen <= maxLen`). Required. */
  maxLen: number;
  /** `'sinusoidal'` (fixed, Vaswani et al.) or `'learned'` (a trained `[maxLen, dModel]` table). Default `'sinusoidal'`. */
  positions?: 'sinusoidal' | 'learned';
  /** Multiply token embeddings by `sqrt(dModel)` before adding positions (as in the Transformer paper). Default `false`. */
  scaleByDModel?: boolean;
  /** Treat id 0 as padding: emit a `[batch, seqLen]` mask that attention layers downstream honour. Default `false`. */
  maskZero?: boolean;
  /** Seed of the embedding initializers. Default: unseeded. */
  seed?: number;
}

/**
 * Token embedding plus positions, as a `tf.layers` layer: int ids
 * `[batch, seqLen]` give `[batch, seqLen, dModel]`, the token's embedding
 * (optionally scaled by `sqrt(dModel)`) plus the position's encoding, either
 * core's `sinusoidalPositionalEncoding` or a learned table. With `maskZero`
 * it emits a padding mask (id 0 = padding) for the layers after it.
 * Every id must be an integer in `[0, vocabSize)`, whatever the dtype: a NaN,
 * fractional or out-of-range id throws a RangeError naming its position (each
 * call reads the ids to check them). Registered as `AttentionLab>PositionalEmbedding`.
 *
 * Training it on wasm needs {@link registerWasmKernels} (the gradient of the
 * lookup is an `UnsortedSegmentSum`).
 *
 * @example
 * const embed = new PositionalEmbedding({ vocabSize: 100, dModel: 16, maxLen: 32, maskZero: true });
 * const x = embed.apply(tf.tensor2d([[5, 9, 2, 0]], undefined, 'int32')) as tf.Tensor; // [1, 4, 16]
 */
export class PositionalEmbedding extends tf.layers.Layer {
  /** The registered class name. */
  static className = `${NAMESPACE}>PositionalEmbedding`;
  readonly vocabSize: number;
  readonly dModel: number;
  readonly maxLen: number;
  readonly positions: 'sinusoidal' | 'learned';
  readonly scaleByDModel: boolean;
  readonly maskZero: boolean;
  readonly seed: number | undefined;
  private tokens: tf.LayerVariable | null = null;
  private learned: tf.LayerVariable | null = null;
  private table: Tensor | null = null;

  /**
   * @param config - `vocabSize`, `dModel`, `maxLen` (required), `positions` ('sinusoidal'),
   *   `scaleByDModel` (false), `maskZero` (false), `seed` (unseeded), and `tf.layers` args.
   */
  constructor(config: PositionalEmbeddingConfig) {
    super(withDefaultName(config, 'positional_embedding'));
    const fn = 'PositionalEmbedding';
    if (config == null || typeof config !== 'object') throw new TypeError(`${fn}: config must be an object with vocabSize, dModel and maxLen, got ${String(config)}`);
    this.vocabSize = assertInteger(fn, 'config.vocabSize', config.vocabSize, 1);
    this.dModel = assertInteger(fn, 'config.dModel', config.dModel, 1);
    this.maxLen = assertInteger(fn, 'config.maxLen', config.maxLen, 1);
    this.positions = assertOneOf(fn, 'config.positions', config.positions ?? 'sinusoidal', ['sinusoidal', 'learned'] as const);
    this.scaleByDModel = assertBoolean(fn, 'config.scaleByDModel', config.scaleByDModel ?? false);
    this.maskZero = assertBoolean(fn, 'config.maskZero', config.maskZero ?? false);
    this.seed = config.seed == null ? undefined : assertInteger(fn, 'config.seed', config.seed, 0);
    this.supportsMasking = true;
  }

  override build(): void {
    const seeded = (offset: number) => (this.seed == null ? {} : { seed: this.seed + offset });
    this.tokens = this.addWeight('tokens/embeddings', [this.vocabSize, this.dModel], 'float32', tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, ...seeded(0) }));
    if (this.positions === 'learned') {
      this.learned = this.addWeight('positions/embeddings', [this.maxLen, this.dModel], 'float32', tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, ...seeded(1) }));
    } else {
      this.table = tf.keep(sinusoidalPositionalEncoding(this.maxLen, this.dModel)); // [maxLen, dModel], freed by dispose()
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s, this.dModel];
  }

  override computeMask(inputs: Tensor | Tensor[]): Tensor | Tensor[] {
    if (!this.maskZero) return null as unknown as Tensor;
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.notEqual(ids, 0); // [batch, seqLen]
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (ids.rank !== 2) throw new ShapeError(`${this.name}.call`, 'inputs', '[batch, seqLen] token ids', ids.shape);
      const [batch, seqLen] = ids.shape as [number, number];
      if (seqLen > this.maxLen) throw new ShapeError(`${this.name}.call`, 'inputs', `[batch, seqLen <= maxLen=${this.maxLen}]`, ids.shape);
      checkIds(`${this.name}.call`, ids, this.vocabSize);
      const flat = ids.reshape([batch * seqLen]).toInt(); // [batch * seqLen]
      let x = tf.gather(this.tokens!.read(), flat).reshape([batch, seqLen, this.dModel]); // [batch, seqLen, dModel]
      if (this.scaleByDModel) x = tf.mul(x, Math.sqrt(this.dModel));
      const pos = this.learned != null ? this.learned.read() : this.table!;
      return tf.add(x, pos.slice([0, 0], [seqLen, this.dModel])); // [batch, seqLen, dModel] + [seqLen, dModel]
    });
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.table?.dispose();
    this.table = null;
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      vocabSize: this.vocabSize,
      dModel: this.dModel,
      maxLen: this.maxLen,
      positions: this.positions,
      scaleByDModel: this.scaleByDModel,
      maskZero: this.maskZero,
    };
    if (this.seed != null) config['seed'] = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(PositionalEmbedding, NAMESPACE, 'PositionalEmbedding');

/**
 * Throws unless every id in `ids` `[batch, seqLen]` is an integer in
 * `[0, vocabSize)`: a NaN, fractional or out-of-range id would otherwise be
 * truncated or clamped by the lookup and silently read another token's row.
 * Reads the ids (a synchronous download; they are small).
 */
function checkIds(fn: string, ids: Tensor, vocabSize: number): void {
  const values = ids.dataSync();
  const seqLen = ids.shape[1]!;
  for (let i = 0; i < values.length; i++) {
    const id = values[i]!;
    if (!(Number.isInteger(id) && id >= 0 && id < vocabSize)) {
      const at = `[${Math.floor(i / seqLen)}, ${i % seqLen}]`;
      throw new RangeError(`${fn}: argument 'inputs' [${ids.shape.join(', ')}] must hold integer token ids in [0, ${vocabSize - 1}] (vocabSize ${vocabSize}), got ${id} at ${at}`);
    }
  }
}
