import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { type AttentionMap, readAttentionMaps } from './read-attention-maps.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** One batch: inputs and targets (a tensor or one per model input/output). */
export interface Batch {
  x: Tensor | Tensor[];
  y: Tensor | Tensor[];
}

/**
 * The training data of {@link train}: whole tensors (sliced into shuffled
 * batches each epoch; the caller keeps ownership), or a function returning the
 * batches of one epoch (the loop disposes each batch after its step).
 */
export type TrainData = Batch | ((epoch: number) => Iterable<Batch> | AsyncIterable<Batch>);

/** Loss, metrics (by the model's metric names) and the learning rate. */
export type TrainLogs = Record<string, number>;

/** Attention weights captured during training, for a replay scrubber. */
export interface AttentionSnapshot {
  /** The optimizer step after which it was taken (1-based). */
  step: number;
  /** The epoch it was taken in (0-based). */
  epoch: number;
  /** The loss of that step. */
  loss: number;
  /** The attention maps of the probe input, as {@link readAttentionMaps} returns them. */
  maps: Record<string, AttentionMap>;
}

/** Options for {@link train}. */
export interface TrainOptions {
  /** Number of passes over the data. Default `1`. */
  epochs?: number;
  /** Batch size when `data` is whole tensors. Default `32`. */
  batchSize?: number;
  /** Shuffle whole-tensor data each epoch. Default `true`. */
  shuffle?: boolean;
  /** Seed of the shuffling, so a run can be repeated. Default `0`. */
  seed?: number;
  /** A fixed rate, or a schedule from the 1-based step (e.g. {@link warmupSchedule}). Default: the optimizer's own. */
  learningRate?: number | ((step: number) => number);
  /** Data evaluated after each epoch; adds `val_loss` (and `val_` metrics) to the epoch logs. Default: none. */
  validationData?: Batch;
  /** Called after each step with its logs (`loss`, metrics, `learningRate`). */
  onBatchEnd?: (step: number, logs: TrainLogs) => void | Promise<void>;
  /** Called after each epoch with the mean training logs and validation logs. */
  onEpochEnd?: (epoch: number, logs: TrainLogs) => void | Promise<void>;
  /** Every `every` steps, run `input` through the model and record the attention maps. Default: none. */
  snapshots?: { every: number; input: Tensor | Tensor[]; onSnapshot?: (snapshot: AttentionSnapshot) => void | Promise<void> };
  /** Stop when `monitor` (default `val_loss` with validation data, else `loss`) has not improved by `minDelta` (0) for `patience` epochs; `restoreBestWeights` (true) puts the best weights back. */
  earlyStopping?: { patience: number; monitor?: string; minDelta?: number; restoreBestWeights?: boolean };
  /** Abort training between steps; the weights reached so far are kept. Default: none. */
  signal?: AbortSignal;
  /** Yield to the event loop after each step so a page stays responsive. Default `true`. */
  yieldEvery?: boolean;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** Per-epoch logs: `loss`, metrics, `val_*`, `learningRate`. */
  history: Record<string, number[]>;
  /** Epochs completed. */
  epochs: number;
  /** Optimizer steps taken. */
  steps: number;
  /**
   * Why training ended: all epochs done, early stopping, the signal, or `'diverged'`: after a step the loss
   * or some weight was not a finite number (a learning rate too large, NaN in the data), and training
   * stopped right there.
   */
  stopReason: 'completed' | 'earlyStopping' | 'aborted' | 'diverged';
  /**
   * With `stopReason` `'diverged'`: the 1-based step after which the loss or a weight was not finite, that
   * step's loss, and whether every weight the model holds is still finite (when not, the model is
   * unusable: reload or rebuild it).
   */
  diverged?: { step: number; loss: number; weightsFinite: boolean };
  /** The epoch whose weights the model holds after early stopping with `restoreBestWeights`, else the last. */
  bestEpoch: number;
  /** The attention snapshots taken, in order. */
  snapshots: AttentionSnapshot[];
}

/**
 * The one training loop of every model in this package: batches from whole
 * tensors (seeded shuffle) or a batch generator, a fixed or scheduled learning
 * rate (Transformer warm-up), logs per step and per epoch, attention snapshots
 * every N steps, early stopping and cancellation by `AbortSignal`. The model
 * must be compiled (`model.compile({ optimizer, loss, metrics })`). No tensor
 * survives a step or an epoch except the optimizer's own state.
 *
 * @param model - A compiled `tf.LayersModel`.
 * @param data - `{ x, y }` tensors (kept by the caller) or `(epoch) => batches` (each disposed after its step).
 * @param options - See {@link TrainOptions}; every field is optional.
 * @returns `{ history, epochs, steps, stopReason, bestEpoch, snapshots }`.
 * @example
 * model.compile({ optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
 * const controller = new AbortController();
 * const { history } = await train(model, { x, y }, {
 *   epochs: 5, learningRate: warmupSchedule({ dModel: 32, warmupSteps: 100 }),
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss), signal: controller.signal,
 * });
 */
export async function train(model: tf.LayersModel, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  const fn = 'train';
  ensureWasmKernels(); // wasm lacks a kernel our models train with; see registerWasmKernels
  if (!(model instanceof tf.LayersModel)) throw new TypeError(`${fn}: argument 'model' must be a tf.LayersModel, got ${String(model)}`);
  if (model.optimizer == null || model.loss == null) {
    throw new Error(`${fn}: model '${model.name}' is not compiled; call model.compile({ optimizer, loss }) first`);
  }
  const epochs = positiveInt(fn, 'options.epochs', options.epochs ?? 1, 0);
  const batchSize = positiveInt(fn, 'options.batchSize', options.batchSize ?? 32, 1);
  const every = options.snapshots == null ? 0 : positiveInt(fn, 'options.snapshots.every', options.snapshots.every, 1);
  if (options.earlyStopping != null) positiveInt(fn, 'options.earlyStopping.patience', options.earlyStopping.patience, 0);
  const batchesOf = typeof data === 'function' ? data : wholeTensorBatches(fn, data, batchSize, options.shuffle ?? true, options.seed ?? 0);
  const names = model.metricsNames.length > 0 ? model.metricsNames : ['loss'];
  const history: Record<string, number[]> = {};
  const snapshots: AttentionSnapshot[] = [];
  const monitor = options.earlyStopping?.monitor ?? (options.validationData ? 'val_loss' : 'loss');
  let best = Infinity;
  let bestEpoch = -1;
  let bestWeights: Tensor[] | null = null;
  let waited = 0;
  let step = 0;
  let epoch = 0;
  let stopReason: TrainResult['stopReason'] = 'completed';
  let diverged: TrainResult['diverged'];

  try {
    for (; epoch < epochs; epoch++) {
      const sums: Record<string, number> = {};
      let count = 0;
      for await (const batch of batchesOf(epoch)) {
        if (options.signal?.aborted) {
          disposeBatch(batch);
          stopReason = 'aborted';
          break;
        }
        step++;
        let lr: number | undefined;
        let values: number | number[];
        try {
          lr = setLearningRate(model.optimizer, options.learningRate, step);
          values = await model.trainOnBatch(batch.x, batch.y);
        } finally {
          disposeBatch(batch);
        }
        // Divergence shows in the loss, or only in the weights where a backend clips a NaN probability to a finite loss (wasm).
        const loss = Array.isArray(values) ? values[0]! : values;
        const weightsFinite = await weightsAreFinite(model);
        if (!Number.isFinite(loss) || !weightsFinite) {
          stopReason = 'diverged';
          diverged = { step, loss, weightsFinite };
          break;
        }
        const logs: TrainLogs = {};
        (Array.isArray(values) ? values : [values]).forEach((v, i) => (logs[names[i] ?? `metric${i}`] = v));
        if (lr != null) logs['learningRate'] = lr;
        for (const [k, v] of Object.entries(logs)) sums[k] = (sums[k] ?? 0) + v;
        count++;
        await options.onBatchEnd?.(step, logs);
        if (every > 0 && step % every === 0) {
          const snapshot = await takeSnapshot(model, options.snapshots!.input, step, epoch, logs['loss'] ?? NaN);
          snapshots.push(snapshot);
          await options.snapshots!.onSnapshot?.(snapshot);
        }
        if (options.yieldEvery ?? true) await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (stopReason === 'aborted' || stopReason === 'diverged') break;
      const epochLogs: TrainLogs = {};
      for (const [k, v] of Object.entries(sums)) epochLogs[k] = v / Math.max(1, count);
      if (options.validationData) Object.assign(epochLogs, await evaluate(model, options.validationData, batchSize, names));
      for (const [k, v] of Object.entries(epochLogs)) (history[k] ??= []).push(v);
      await options.onEpochEnd?.(epoch, epochLogs);
      if (options.earlyStopping) {
        const value = epochLogs[monitor];
        if (value == null) throw new Error(`${fn}: earlyStopping monitors '${monitor}', but the epoch logs have only ${Object.keys(epochLogs).join(', ')}`);
        if (value < best - (options.earlyStopping.minDelta ?? 0)) {
          best = value;
          bestEpoch = epoch;
          waited = 0;
          if (options.earlyStopping.restoreBestWeights ?? true) {
            tf.dispose(bestWeights ?? []);
            bestWeights = model.getWeights().map((w) => w.clone());
          }
        } else if (++waited > options.earlyStopping.patience) {
          stopReason = 'earlyStopping';
          epoch++;
          break;
        }
      }
    }
    if (stopReason === 'earlyStopping' && bestWeights != null) model.setWeights(bestWeights);
  } finally {
    tf.dispose(bestWeights ?? []);
  }
  return {
    history,
    epochs: epoch,
    steps: step,
    stopReason,
    bestEpoch: stopReason === 'earlyStopping' && (options.earlyStopping?.restoreBestWeights ?? true) ? bestEpoch : epoch - 1,
    snapshots,
    ...(diverged ? { diverged } : {}),
  };
}

/** Whether every weight of `model` is a finite number. */
async function weightsAreFinite(model: tf.LayersModel): Promise<boolean> {
  const allFinite = tf.tidy(() => tf.stack(model.getWeights().map((w) => tf.all(tf.isFinite(w)).toInt())).min());
  const value = (await allFinite.data())[0] === 1;
  allFinite.dispose();
  return value;
}

function disposeBatch(batch: Batch): void {
  tf.dispose([...(Array.isArray(batch.x) ? batch.x : [batch.x]), ...(Array.isArray(batch.y) ? batch.y : [batch.y])]);
}

function positiveInt(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: argument '${name}' must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Sets the optimizer's rate for this step; returns it, or undefined when no rate was given. */
function setLearningRate(optimizer: tf.Optimizer, rate: TrainOptions['learningRate'], step: number): number | undefined {
  if (rate == null) return undefined;
  const lr = typeof rate === 'function' ? rate(step) : rate;
  if (!Number.isFinite(lr) || lr < 0) throw new RangeError(`train: the learning rate at step ${step} must be a finite number >= 0, got ${lr}`);
  const opt = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate?: number };
  if (typeof opt.setLearningRate === 'function') opt.setLearningRate(lr);
  else if (typeof opt.learningRate === 'number') opt.learningRate = lr;
  else throw new TypeError(`train: optimizer ${optimizer.getClassName()} has no learning rate to schedule`);
  return lr;
}

/** Shuffled (seeded) batches of whole tensors; each batch is a new tensor the loop disposes. */
function wholeTensorBatches(fn: string, data: Batch, batchSize: number, shuffle: boolean, seed: number) {
  if (data == null || typeof data !== 'object') throw new TypeError(`${fn}: argument 'data' must be { x, y } tensors or a function returning batches, got ${String(data)}`);
  const xs = tensorList(fn, 'data.x', data.x);
  const ys = tensorList(fn, 'data.y', data.y);
  const n = xs[0]!.shape[0]!;
  for (const [name, t] of [...xs.map((t, i) => [`x[${i}]`, t] as const), ...ys.map((t, i) => [`y[${i}]`, t] as const)]) {
    if (t.shape[0] !== n) throw new RangeError(`${fn}: data.${name} has ${t.shape[0]} examples but data.x[0] has ${n}`);
  }
  return function* (epoch: number): Iterable<Batch> {
    const order = Array.from({ length: n }, (_, i) => i);
    if (shuffle) {
      const next = mulberry32(seed * 1_000_003 + epoch);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const batch = tf.tidy(() => {
        const indices = tf.tensor1d(idx, 'int32');
        const pick = (list: Tensor[]) => list.map((t) => tf.gather(t, indices));
        return { x: pick(xs), y: pick(ys) };
      });
      yield { x: Array.isArray(data.x) ? batch.x : batch.x[0]!, y: Array.isArray(data.y) ? batch.y : batch.y[0]! }; // disposed by the loop
    }
  };
}

/** `value` as a list of tensors with an examples axis: one tensor, or a non-empty array of them. */
function tensorList(fn: string, name: string, value: unknown): Tensor[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length > 0 && list.every((t) => t instanceof tf.Tensor && t.rank >= 1)) return list as Tensor[];
  const show = (v: unknown) => (v instanceof tf.Tensor ? `a tensor of shape [${v.shape.join(', ')}]` : Array.isArray(v) ? `an array of ${v.length}` : JSON.stringify(v) ?? String(v));
  const got = Array.isArray(value) ? (value.length === 0 ? 'an empty array' : `[${value.map(show).join(', ')}]`) : show(value);
  throw new TypeError(`${fn}: argument '${name}' must be a tensor [examples, ...] or a non-empty array of them, got ${got}`);
}

async function evaluate(model: tf.LayersModel, data: Batch, batchSize: number, names: string[]): Promise<TrainLogs> {
  const result = model.evaluate(data.x, data.y, { batchSize });
  const list = Array.isArray(result) ? result : [result];
  const logs: TrainLogs = {};
  for (let i = 0; i < list.length; i++) logs[`val_${names[i] ?? `metric${i}`}`] = (await list[i]!.data())[0]!;
  tf.dispose(list);
  return logs;
}

async function takeSnapshot(model: tf.LayersModel, input: Tensor | Tensor[], step: number, epoch: number, loss: number): Promise<AttentionSnapshot> {
  tf.dispose(model.predict(input));
  return { step, epoch, loss, maps: await readAttentionMaps(model) };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
