import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { ShapeError, assertBoolean, assertInteger } from '@attention-lab/core';
import { type Kwargs, type LayerArgs, NAMESPACE, withDefaultName } from './attention-layer.js';

/**
 * An LSTM over a whole sequence with the per-step gate arithmetic in one
 * kernel. `tf.layers.lstm` spends about 200 small kernels per time step of a
 * training step (its gates, the mask blend, their gradients), so on wasm a
 * step of a small model is mostly per-kernel overhead; here a time step is a
 * matMul, an add and one cell kernel forward, and about as few backward. The
 * input projection of every step is one matMul before the loop.
 *
 * The cell kernel runs in plain JS on the cpu and wasm backends (which read
 * synchronously); other backends (webgl, webgpu) compute the same cell with
 * ordinary ops. The math is that of `tf.layers.lstm` with its defaults
 * (Keras gate order i, f, c, o; hard-sigmoid gates, tanh activation, a bias,
 * no dropout) and its masking (a padded step keeps the previous output and
 * states), so outputs agree with it to float32 rounding.
 */

const CELL = 'AttentionLabLstmCell';
const CELL_GRAD = 'AttentionLabLstmCellGrad';

/** The part of the cpu and wasm backends the cell kernels use. */
interface SyncBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  /** wasm: a tensor in its heap, written in place through typedArrayFromHeap. */
  makeOutput?(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap?(info: tf.TensorInfo): tf.backend_util.TypedArray;
  /** cpu: a tensor holding the given array. */
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

/**
 * Runs `compute` on the named float32 inputs and fresh outputs of the given
 * shapes. On wasm both are views of its heap (no copies; outputs are
 * allocated first, since an allocation can grow and so move the heap); on cpu
 * the inputs are its own arrays and the outputs new ones.
 */
function withArrays(
  backend: SyncBackend,
  inputs: tf.NamedTensorInfoMap,
  names: readonly string[],
  outShapes: number[][],
  compute: (ins: Float32Array[], outs: Float32Array[]) => void,
): tf.TensorInfo[] {
  const infos = names.map((name) => {
    const info = inputs[name];
    if (info == null || info.dtype !== 'float32') throw new TypeError(`${CELL}: needs a float32 input '${name}'`);
    return info;
  });
  if (backend.makeOutput && backend.typedArrayFromHeap) {
    const outs = outShapes.map((shape) => backend.makeOutput!(shape, 'float32'));
    const view = (info: tf.TensorInfo) => backend.typedArrayFromHeap!(info) as Float32Array;
    compute(infos.map(view), outs.map(view));
    return outs;
  }
  const outs = outShapes.map((shape) => new Float32Array(shape.reduce((n, d) => n * d, 1)));
  compute(infos.map((info) => backend.readSync(info.dataId) as Float32Array), outs);
  return outs.map((values, i) => backend.makeTensorInfo!(outShapes[i]!, 'float32', values));
}

const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));
/** tfjs clips 0.2x + 0.5 to [0, 1] and passes the gradient at both ends too. */
const hardSigmoidSlope = (x: number): number => (x >= -2.5 && x <= 2.5 ? 0.2 : 0);

/** Forward: `z [batch, 4u]`, `cPrev, hPrev [batch, u]`, `mask [batch]` give `h, c [batch, u]`. */
function cellKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo[] {
  const [batch, u] = args.inputs['cPrev']!.shape as [number, number];
  return withArrays(args.backend as SyncBackend, args.inputs, ['z', 'cPrev', 'hPrev', 'mask'], [[batch, u], [batch, u]], ([z, cPrev, hPrev, mask], [h, c]) => {
    for (let b = 0; b < batch; b++) {
      const row = b * 4 * u;
      const at = b * u;
      if (mask![b] === 0) {
        h!.set(hPrev!.subarray(at, at + u), at);
        c!.set(cPrev!.subarray(at, at + u), at);
        continue;
      }
      for (let j = 0; j < u; j++) {
        const i = hardSigmoid(z![row + j]!);
        const f = hardSigmoid(z![row + u + j]!);
        const g = Math.tanh(z![row + 2 * u + j]!);
        const o = hardSigmoid(z![row + 3 * u + j]!);
        const cNew = f * cPrev![at + j]! + i * g;
        c![at + j] = cNew;
        h![at + j] = o * Math.tanh(cNew);
      }
    }
  });
}

/** Backward: `dh, dc`, the saved `z, cPrev, c` (the new state) and `mask` give `dz, dcPrev, dhPrev`. */
function cellGradKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo[] {
  const [batch, u] = args.inputs['cPrev']!.shape as [number, number];
  const names = ['dh', 'dc', 'z', 'cPrev', 'c', 'mask'];
  return withArrays(args.backend as SyncBackend, args.inputs, names, [[batch, 4 * u], [batch, u], [batch, u]], ([dh, dc, z, cPrev, c, mask], [dz, dcPrev, dhPrev]) => {
    dz!.fill(0);
    dhPrev!.fill(0);
    for (let b = 0; b < batch; b++) {
      const row = b * 4 * u;
      const at = b * u;
      if (mask![b] === 0) {
        // A padded step passed h and c through: their gradients go straight back.
        dcPrev!.set(dc!.subarray(at, at + u), at);
        dhPrev!.set(dh!.subarray(at, at + u), at);
        continue;
      }
      for (let j = 0; j < u; j++) {
        const zi = z![row + j]!;
        const zf = z![row + u + j]!;
        const zo = z![row + 3 * u + j]!;
        const i = hardSigmoid(zi);
        const f = hardSigmoid(zf);
        const g = Math.tanh(z![row + 2 * u + j]!);
        const o = hardSigmoid(zo);
        const tc = Math.tanh(c![at + j]!);
        const dhj = dh![at + j]!;
        const dcNew = dc![at + j]! + dhj * o * (1 - tc * tc);
        dz![row + j] = dcNew * g * hardSigmoidSlope(zi);
        dz![row + u + j] = dcNew * cPrev![at + j]! * hardSigmoidSlope(zf);
        dz![row + 2 * u + j] = dcNew * i * (1 - g * g);
        dz![row + 3 * u + j] = dhj * tc * hardSigmoidSlope(zo);
        dcPrev![at + j] = dcNew * f;
      }
    }
  });
}

for (const backendName of ['cpu', 'wasm']) {
  if (tf.getKernel(CELL, backendName) == null) tf.registerKernel({ kernelName: CELL, backendName, kernelFunc: cellKernel as never });
  if (tf.getKernel(CELL_GRAD, backendName) == null) tf.registerKernel({ kernelName: CELL_GRAD, backendName, kernelFunc: cellGradKernel as never });
}
if (tf.getGradient(CELL) == null) {
  tf.registerGradient({
    kernelName: CELL,
    inputsToSave: ['z', 'cPrev', 'mask'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved) => {
      const [z, cPrev, mask, c] = saved as [Tensor, Tensor, Tensor, Tensor];
      const [dh, dc] = (dy as (Tensor | null)[]).map((d) => d ?? tf.zerosLike(cPrev)) as [Tensor, Tensor];
      const [dz, dcPrev, dhPrev] = tf.engine().runKernel(CELL_GRAD, { dh, dc, z, cPrev, c, mask }) as Tensor[];
      return { z: () => dz!, cPrev: () => dcPrev!, hPrev: () => dhPrev!, mask: () => tf.zerosLike(mask) };
    },
  });
}

/**
 * One LSTM cell step, `tf.layers.lstm`'s math: `z = x·W + h·U + b` split into
 * i, f, g, o; `c' = σ(f) c + σ(i) tanh(g)`, `h' = σ(o) tanh(c')` with σ the
 * hard sigmoid; where `mask` is 0 the step keeps `hPrev, cPrev`. One kernel
 * on cpu and wasm, ordinary ops elsewhere (or with `ops: true`). Internal;
 * exported for tests.
 */
export function lstmCell(z: Tensor, cPrev: Tensor, hPrev: Tensor, mask: Tensor, ops = false): [Tensor, Tensor] {
  if (!ops && tf.getKernel(CELL, tf.getBackend()) != null) {
    const [h, c] = tf.engine().runKernel(CELL, { z, cPrev, hPrev, mask }) as Tensor[];
    return [h!, c!];
  }
  return tf.tidy(() => {
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const gate = (x: Tensor) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1);
    const cNew = tf.add(tf.mul(gate(zf), cPrev), tf.mul(gate(zi), tf.tanh(zg)));
    const hNew = tf.mul(gate(zo), tf.tanh(cNew));
    const keep = tf.expandDims(mask, 1);
    const blend = (next: Tensor, previous: Tensor) => tf.add(tf.mul(next, keep), tf.mul(previous, tf.sub(1, keep)));
    return [blend(hNew, hPrev), blend(cNew, cPrev)];
  });
}

/** The serializable config of {@link FusedLSTM}. */
export interface FusedLSTMConfig extends LayerArgs {
  /** Units per direction. Required. */
  units: number;
  /** Also run the sequence backwards and concatenate both outputs (`units * 2` features). Default `false`. */
  bidirectional?: boolean;
  /** Seed of the initializers (kernel glorotUniform(seed), recurrent orthogonal(seed + 1)). Default: unseeded. */
  seed?: number;
}

/**
 * An LSTM layer that returns the whole sequence, `[batch, seqLen, d]` to
 * `[batch, seqLen, units]` (`2 * units` when bidirectional: forward then
 * backward features, as `tf.layers.bidirectional` with `mergeMode: 'concat'`).
 * It computes what `tf.layers.lstm({ units, returnSequences: true })` does,
 * with one kernel per cell step (see the module notes), so training on wasm
 * runs several times faster. An upstream padding mask (an embedding with
 * `maskZero`) is honoured as tf.layers does: a padded step carries the
 * previous output and states, and the mask passes on. Both directions start
 * from the same initial weights, as `tf.layers.bidirectional`'s copy does.
 * Registered as `AttentionLab>FusedLSTM`.
 *
 * @example
 * const lstm = new FusedLSTM({ units: 32, bidirectional: true, seed: 1 });
 * const y = lstm.apply(tf.randomNormal([4, 10, 8])) as tf.Tensor; // [4, 10, 64]
 */
export class FusedLSTM extends tf.layers.Layer {
  /** The registered class name. */
  static className = `${NAMESPACE}>FusedLSTM`;
  readonly units: number;
  readonly bidirectional: boolean;
  readonly seed: number | undefined;
  private directions: { kernel: tf.LayerVariable; recurrent: tf.LayerVariable; bias: tf.LayerVariable }[] = [];

  /** @param config - `units` (required), `bidirectional` (false), `seed`, and `tf.layers` args. */
  constructor(config: FusedLSTMConfig) {
    super(withDefaultName(config ?? ({} as FusedLSTMConfig), 'fused_lstm'));
    this.units = assertInteger('FusedLSTM', 'config.units', config?.units, 1);
    this.bidirectional = assertBoolean('FusedLSTM', 'config.bidirectional', config.bidirectional ?? false);
    this.seed = config.seed == null ? undefined : assertInteger('FusedLSTM', 'config.seed', config.seed, 0);
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = s[s.length - 1];
    if (s.length !== 3 || d == null) throw new ShapeError(`${this.name}.build`, 'inputs', '[batch, seqLen, d] with a known d', s.map((x) => x ?? -1));
    const seeded = <T extends object>(options: T, offset: number) => (this.seed == null ? options : { ...options, seed: this.seed + offset });
    const u = this.units;
    this.directions = (this.bidirectional ? ['forward', 'backward'] : ['forward']).map((direction) => ({
      kernel: this.addWeight(`${direction}/kernel`, [d, 4 * u], 'float32', tf.initializers.glorotUniform(seeded({}, 0))),
      recurrent: this.addWeight(`${direction}/recurrent_kernel`, [u, 4 * u], 'float32', tf.initializers.orthogonal(seeded({ gain: 1 }, 1))),
      bias: this.addWeight(`${direction}/bias`, [4 * u], 'float32', tf.initializers.zeros()),
    }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0]!, s[1]!, this.units * (this.bidirectional ? 2 : 1)];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask?: Tensor | Tensor[]): Tensor | Tensor[] {
    return (Array.isArray(mask) ? mask[0] : mask) ?? (null as unknown as Tensor);
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (x.rank !== 3) throw new ShapeError(`${this.name}.call`, 'inputs', '[batch, seqLen, d]', x.shape);
      const [batch, steps, d] = x.shape as [number, number, number];
      const given = kwargs['mask'] as Tensor | Tensor[] | undefined;
      const m = Array.isArray(given) ? given[0] : given;
      // Time-major throughout: slicing a step off [seqLen, batch, ...] is one
      // contiguous block (Unpack along axis 1 cost more than the whole LSTM on wasm).
      const masks = m == null ? null : tf.unstack(tf.transpose(tf.cast(m, 'float32')), 0);
      const allKept = m == null ? tf.ones([batch]) : null;
      const u = this.units;
      const timeMajor = tf.reshape(tf.transpose(x, [1, 0, 2]), [steps * batch, d]);
      const outputs = this.directions.map(({ kernel, recurrent, bias }, direction) => {
        // Every step's input projection in one product: [seqLen * batch, d] · [d, 4u] + b.
        const projected = tf.reshape(tf.add(tf.matMul(timeMajor, kernel.read()), bias.read()), [steps, batch, 4 * u]);
        const perStep = tf.unstack(projected, 0);
        const r = recurrent.read();
        let h = tf.zeros([batch, u]);
        let c = tf.zeros([batch, u]);
        const hs: Tensor[] = new Array<Tensor>(steps);
        for (let k = 0; k < steps; k++) {
          const t = direction === 0 ? k : steps - 1 - k;
          [h, c] = lstmCell(tf.add(perStep[t]!, tf.matMul(h, r)), c, h, masks ? masks[t]! : allKept!);
          hs[t] = h;
        }
        return tf.stack(hs, 0); // [seqLen, batch, u]
      });
      return tf.transpose(outputs.length === 1 ? outputs[0]! : tf.concat(outputs, 2), [1, 0, 2]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, bidirectional: this.bidirectional, ...(this.seed == null ? {} : { seed: this.seed }) };
  }
}
tf.serialization.registerClass(FusedLSTM, NAMESPACE, 'FusedLSTM');

/**
 * The sequence LSTM of a model factory's `lstm` option: a {@link FusedLSTM}
 * (`'fused'`) or `tf.layers.lstm` with `returnSequences`, wrapped in
 * `tf.layers.bidirectional` (`mergeMode: 'concat'`) when bidirectional
 * (`'layers'`). Both start from the same weights: kernel glorotUniform(seed),
 * recurrent kernel orthogonal(seed + 1), zero bias. `name` goes on the outer
 * layer. Internal: shared by attentionSeq2seq and lstmLanguageModel.
 */
export function sequenceLstm(
  fn: string,
  kind: unknown,
  config: { units: number; seed: number; name: string; bidirectional?: boolean },
): tf.layers.Layer {
  const lstm = kind ?? 'fused';
  if (lstm !== 'fused' && lstm !== 'layers') throw new RangeError(`${fn}: argument 'options.lstm' must be 'fused' or 'layers', got ${String(lstm)}`);
  const { units, seed, name, bidirectional = false } = config;
  if (lstm === 'fused') return new FusedLSTM({ units, seed, name, bidirectional });
  const cell = {
    units,
    returnSequences: true,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1, gain: 1 }),
  };
  if (!bidirectional) return tf.layers.lstm({ ...cell, name });
  return tf.layers.bidirectional({ layer: tf.layers.lstm(cell) as unknown as tf.RNN, mergeMode: 'concat', name });
}
