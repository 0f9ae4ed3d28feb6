/**
 * Training benchmark for @attention-lab/models. It prints markdown tables on
 * stdout (progress on stderr); it is not a test: it fails (exit code 1) only
 * when a tensor leaks across training.
 *
 *   pnpm --filter @attention-lab/models bench            # cpu and wasm
 *   pnpm --filter @attention-lab/models bench --quick    # or BENCH_QUICK=1: wasm only, small sizes
 *
 * Table 1: training steps per second (fwd + bwd + Adam) of each layer in a
 *   small model, batch 32, seqLen 32, dModel 64, 4 heads.
 * Table 2: model (a), key recall at the quick recipe of `attention-lab
 *   train` (`recipe('key-recall-attention').quick`: 4 pairs, 6,000 examples,
 *   its batch and epochs; 4 epochs in --quick): examples per second and the
 *   time and epochs to reach the recipe's bar on val_acc, attention variant
 *   against the plain LSTM (`key-recall-lstm`'s quick recipe).
 * Table 3: model (d), attentionSeq2seq on full dateTranslation (all twelve
 *   formats, the shipped recipe's sizes; bench/dates-to-bar.ts): training
 *   examples per second and the examples and seconds of training until greedy
 *   decoding gets 90% and 99% of 400 validation dates exactly right, checked
 *   every 1,600 examples (at most 6 epochs; 2 in --quick). `--dates` runs
 *   this table alone; browser-dates.bench.ts runs it in Chromium.
 *   The full shipped runs' times are in pretrained/train.log.
 * Table 4: every shipped model (loadPretrained): training examples per second
 *   measured here on wasm at its recipe's batch size (`recipe(name).settings`), and the time its
 *   recorded training run (pretrained/*.log, `secondsToBar` in its metadata)
 *   took to reach the documented bar on validation data.
 * Table 5: one training step of two shipped architectures on wasm with
 *   tfjs-backend-wasm's own Tile and BatchMatMul against the ones
 *   registerWasmKernels installs, interleaved, medians and their ratio.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '@attention-lab/core';
import {
  AdditiveAttention,
  imageAttentionClassifier,
  transformerLanguageModel,
  AttentionPooling,
  MultiHeadAttention,
  PositionalEmbedding,
  TransformerDecoderBlock,
  TransformerEncoderBlock,
  loadPretrained,
  PRETRAINED_NAMES,
  recipe,
  registerWasmKernels,
  train,
} from '../src/index.js';
import { datesTable, datesToBar } from './dates-to-bar.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const backends = quick ? ['wasm'] : ['cpu', 'wasm'];
const log = (s: string) => process.stderr.write(`${s}\n`);
tf.env().set('PROD', true);
await import('@tensorflow/tfjs-backend-wasm');
/** tfjs-backend-wasm's own Tile and BatchMatMul, kept for Table 5 before registerWasmKernels replaces them. */
const REPLACED = ['Tile', 'BatchMatMul'] as const;
const stockKernels = REPLACED.map((name) => tf.getKernel(name, 'wasm')!);
registerWasmKernels(); // after the wasm package is loaded: its Tile and BatchMatMul are replaced
const ourKernels = REPLACED.map((name) => tf.getKernel(name, 'wasm')!);

const BATCH = 32;
const SEQ = quick ? 16 : 32;
const D = 64;
const HEADS = 4;
const VOCAB = 100;

type Build = () => tf.LayersModel;
const layerModels: Array<[string, Build]> = [
  ['PositionalEmbedding', () => head(tf.input({ shape: [SEQ] }), (x) => new PositionalEmbedding({ vocabSize: VOCAB, dModel: D, maxLen: SEQ }).apply(x) as tf.SymbolicTensor)],
  ['MultiHeadAttention', () => head(tf.input({ shape: [SEQ, D] }), (x) => new MultiHeadAttention({ numHeads: HEADS, keyDim: D / HEADS }).apply(x) as tf.SymbolicTensor)],
  ['AdditiveAttention', () => head(tf.input({ shape: [SEQ, D] }), (x) => new AdditiveAttention({ units: D }).apply([x, x]) as tf.SymbolicTensor)],
  ['AttentionPooling', () => head(tf.input({ shape: [SEQ, D] }), (x) => new AttentionPooling().apply(x) as tf.SymbolicTensor, false)],
  ['TransformerEncoderBlock', () => head(tf.input({ shape: [SEQ, D] }), (x) => new TransformerEncoderBlock({ numHeads: HEADS, ffDim: 2 * D }).apply(x) as tf.SymbolicTensor)],
  ['TransformerDecoderBlock', () => head(tf.input({ shape: [SEQ, D] }), (x) => new TransformerDecoderBlock({ numHeads: HEADS, ffDim: 2 * D }).apply([x, x]) as tf.SymbolicTensor)],
];

/** input -> layer -> (mean over time) -> dense(1), compiled with Adam and MSE. */
function head(input: tf.SymbolicTensor, layer: (x: tf.SymbolicTensor) => tf.SymbolicTensor, pool = true): tf.LayersModel {
  let y = layer(input);
  if (pool) y = tf.layers.globalAveragePooling1d().apply(y) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1 }).apply(y) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}

async function layerThroughput(build: Build): Promise<number> {
  const model = build();
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const x = inShape.length === 1 ? tf.randomUniform([BATCH, ...inShape], 0, VOCAB, 'int32').toFloat() : tf.randomNormal([BATCH, ...inShape]);
  const y = tf.randomNormal([BATCH, 1]);
  await model.trainOnBatch(x, y); // warm-up and optimizer slots
  const before = tf.memory().numTensors;
  const steps = quick ? 5 : 20;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - t0) / 1000;
  if (tf.memory().numTensors !== before) throw new Error(`bench: ${model.name} leaked ${tf.memory().numTensors - before} tensors over ${steps} steps`);
  tf.dispose([x, y]);
  model.dispose();
  return steps / seconds;
}

/** Trains a key-recall quick recipe until val_acc reaches its bar, or `maxEpochs`. */
async function timeToBar(name: 'key-recall-attention' | 'key-recall-lstm', maxEpochs: number) {
  const r = recipe(name);
  const { batchSize } = r.quick.settings;
  const model = r.createModel({ variant: 'quick' });
  const data = await r.loadData({ variant: 'quick' });
  const t0 = performance.now();
  let reached = null as number | null; // set in a callback, which TypeScript's narrowing does not see
  let reachedSeconds = null as number | null;
  let epochCounts: number[] = [];
  const result = await train(model, data.train, {
    epochs: maxEpochs, batchSize, seed: r.quick.settings.seed, validationData: data.validation, yieldEvery: false,
    onEpochEnd: (epoch, logs) => {
      epochCounts.push(tf.memory().numTensors);
      if (reached == null && logs['val_acc']! >= r.bar.value) {
        reached = epoch + 1;
        reachedSeconds = (performance.now() - t0) / 1000;
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (new Set(epochCounts.slice(1)).size > 1) throw new Error(`bench: tensors grew across epochs: ${epochCounts.join(', ')}`);
  const examples = result.steps * batchSize;
  data.dispose();
  model.dispose();
  epochCounts = [];
  return { perSecond: examples / seconds, reached, reachedSeconds, seconds, best: Math.max(...result.history['val_acc']!) };
}

/** Table 3 (bench/dates-to-bar.ts) on wasm. */
async function datesSection(): Promise<void> {
  const dateEpochs = quick ? 2 : 6;
  console.log(`\n## Model (d), attentionSeq2seq on dateTranslation, wasm: time to 90% and 99% exact match on 400 validation dates (checked every 1,600 examples, at most ${dateEpochs} epochs of 8,000 pairs; training time only)\n`);
  await useBestBackend('wasm');
  const result = await datesToBar({ maxEpochs: dateEpochs, log });
  if (result.tensorGrowth !== 0) throw new Error(`bench: live tensors grew by ${result.tensorGrowth} during the date translator's run`);
  console.log(datesTable(result, dateEpochs));
}

const header = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}, tfjs ${tf.version.tfjs}${quick ? ', quick' : ''}`;
if (args.includes('--dates')) {
  console.log(`# @attention-lab/models: time to 99% for the date translator\n\n${header}`);
  await datesSection();
  process.exit(0);
}

console.log(`# @attention-lab/models training benchmark\n`);
console.log(`${header}\n`);
console.log(`## Layer training steps per second (batch ${BATCH}, seqLen ${SEQ}, dModel ${D}, ${HEADS} heads)\n`);
console.log(`| layer | ${backends.join(' | ')} |\n|---|${backends.map(() => '---:').join('|')}|`);
const rows: Record<string, string[]> = {};
for (const backend of backends) {
  await useBestBackend(backend as 'cpu' | 'wasm');
  for (const [name, build] of layerModels) {
    log(`${backend} ${name}`);
    (rows[name] ??= []).push((await layerThroughput(build)).toFixed(1));
  }
}
for (const [name, cells] of Object.entries(rows)) console.log(`| ${name} | ${cells.join(' | ')} |`);

const keyRecall = recipe('key-recall-attention');
const maxEpochs = quick ? 4 : keyRecall.quick.settings.epochs;
const { length: pairs, count } = keyRecall.quick.dataset.options;
console.log(`\n## Model (a), key recall at the quick recipe (${pairs} pairs), wasm: time to val_acc >= ${keyRecall.bar.value} (at most ${maxEpochs} epochs of ${(0.8 * count).toLocaleString('en-US')} examples, batch ${keyRecall.quick.settings.batchSize})\n`);
console.log('| variant | examples/s | epochs to bar | seconds to bar | seconds (all epochs) | best val_acc |\n|---|---:|---:|---:|---:|---:|');
await useBestBackend('wasm');
for (const name of ['key-recall-attention', 'key-recall-lstm'] as const) {
  log(`key recall, ${name}`);
  const r = await timeToBar(name, maxEpochs);
  console.log(`| ${name === 'key-recall-attention' ? 'LSTM + attention' : 'plain LSTM'} | ${r.perSecond.toFixed(0)} | ${r.reached ?? `not in ${maxEpochs}`} | ${r.reachedSeconds?.toFixed(1) ?? '—'} | ${r.seconds.toFixed(1)} | ${r.best.toFixed(3)} |`);
}

await datesSection();

/** Training examples per second of a loaded model: Adam on sparse labels, inputs of ones (a valid id and a valid pixel). */
async function shippedThroughput(model: tf.LayersModel, batchSize: number): Promise<number> {
  model.compile({ optimizer: tf.train.adam(1e-4), loss: 'sparseCategoricalCrossentropy' });
  const xs = model.inputs.map((input) => tf.ones([batchSize, ...(input.shape.slice(1) as number[])]));
  const outShape = model.outputs[0]!.shape.slice(1, -1) as number[];
  const y = tf.zeros([batchSize, ...outShape, 1]);
  const x = xs.length === 1 ? xs[0]! : xs;
  await model.trainOnBatch(x, y); // warm-up and optimizer slots
  const before = tf.memory().numTensors;
  const steps = quick ? 3 : 10;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - t0) / 1000;
  if (tf.memory().numTensors !== before) throw new Error(`bench: ${model.name} leaked ${tf.memory().numTensors - before} tensors over ${steps} steps`);
  tf.dispose([...xs, y]);
  return (steps * batchSize) / seconds;
}

console.log('\n## Shipped models, wasm: training throughput here, and time to the bar in their recorded training run\n');
console.log('| model | parameters | batch | examples/s | bar | seconds to bar (recorded) | test metric |\n|---|---:|---:|---:|---|---:|---|');
await useBestBackend('wasm');
for (const name of PRETRAINED_NAMES) {
  log(`shipped ${name}`);
  const { model, metadata } = await loadPretrained(name);
  const { batchSize } = recipe(name).settings;
  const perSecond = await shippedThroughput(model, batchSize);
  const metrics = metadata['metrics'] as Record<string, unknown>;
  const shown = Object.entries(metrics).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${(v as number).toFixed(4)}`).join(', ');
  console.log(`| ${name} | ${model.countParams()} | ${batchSize} | ${perSecond.toFixed(0)} | ${String(metadata['bar'] ?? '—')} | ${metadata['secondsToBar'] == null ? '—' : String(metadata['secondsToBar'])} | ${shown} |`);
  model.dispose();
}

/** Installs one set of kernels (tfjs-backend-wasm's or ours) for Tile and BatchMatMul. */
function useKernels(configs: tf.KernelConfig[]): void {
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log('\n## Table 5: wasm training step, tfjs-backend-wasm kernels against registerWasmKernels\n');
console.log('Both runs have our UnsortedSegmentSum (an embedding cannot train on wasm without it); only Tile and BatchMatMul differ. Rounds alternate the two kernel sets; the figures are medians.\n');
console.log('| model | batch | stock ms/step | ours ms/step | speed-up |\n|---|---:|---:|---:|---:|');
const stepModels: Array<[string, number, () => { model: tf.LayersModel; x: tf.Tensor; y: tf.Tensor }]> = [
  ['char-transformer sizes (transformerLanguageModel, 2 blocks, dModel 64, seqLen 64)', 16, () => ({
    model: transformerLanguageModel({ vocabSize: 43, seqLen: 64, dModel: 64, numBlocks: 2, numHeads: 4, ffDim: 128, seed: 1 }),
    x: tf.randomUniform([16, 64], 0, 43, 'int32'),
    y: tf.randomUniform([16, 64, 1], 0, 43, 'int32').toFloat(),
  })],
  ['mnist-attention sizes (imageAttentionClassifier, 7x7 patches)', 64, () => ({
    model: imageAttentionClassifier({ patchSize: 4, dModel: 64, tokenHidden: 128, context: 2, seed: 1 }),
    x: tf.randomUniform([64, 28, 28, 1]),
    y: tf.randomUniform([64], 0, 10, 'int32').toFloat(),
  })],
];
for (const [label, batch, make] of stepModels) {
  log(`kernels: ${label}`);
  const { model, x, y } = make();
  const times: Record<'stock' | 'ours', number[]> = { stock: [], ours: [] };
  const rounds = quick ? 2 : 6;
  for (let round = 0; round < rounds; round++) {
    for (const which of round % 2 === 0 ? (['stock', 'ours'] as const) : (['ours', 'stock'] as const)) {
      useKernels(which === 'stock' ? stockKernels : ourKernels);
      await model.trainOnBatch(x, y); // warm-up with this kernel set
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
      times[which].push((performance.now() - t0) / 3);
    }
  }
  useKernels(ourKernels);
  const [stock, ours] = [median(times.stock), median(times.ours)];
  console.log(`| ${label} | ${batch} | ${stock.toFixed(0)} | ${ours.toFixed(0)} | ${(stock / ours).toFixed(1)}x |`);
  tf.dispose([x, y]);
  model.dispose();
}
