// The training recipes of the shipped models (used by train-pretrained.ts).
// Each trains from a fixed seed and reports its metric on the test split.
import * as tf from '@tensorflow/tfjs';
import { dateTranslation, numberWords, toySequenceTasks, type CharTokenizer } from '@attention-lab/datasets';
import { keyRecallClassifier } from '../src/key-recall-classifier.js';
import { attentionSeq2seq } from '../src/attention-seq2seq.js';
import { transformerSeq2seq } from '../src/transformer-seq2seq.js';
import { warmupSchedule } from '../src/warmup-schedule.js';
import { decodeSequences } from '../src/decode-sequences.js';
import { seq2seqTensors } from '../src/seq2seq-tensors.js';
import { train } from '../src/train.js';
import { teacherForcedExactMatch } from './exact-match.js';
import type { Recipe } from './recipe.js';
import { CLASSIFIER_RECIPES } from './recipes-classifiers.js';
import { LANGUAGE_RECIPES } from './recipes-language.js';
import { SUBWORD_RECIPE } from './recipes-subword.js';

export type { Recipe };

/** Exact-match rate of decoding (greedy or beam) on pairs, through decodeSequences. */
export async function decodedExactMatch(model: tf.LayersModel, pairs: { source: string; target: string }[], source: CharTokenizer, target: CharTokenizer, beamWidth: number): Promise<number> {
  const [sourceLength, targetLength] = [model.inputs[0]!.shape[1]!, model.inputs[1]!.shape[1]!];
  let ok = 0;
  for (let start = 0; start < pairs.length; start += 250) {
    const chunk = pairs.slice(start, start + 250);
    const t = seq2seqTensors(chunk, { source, target }, { source: sourceLength, target: targetLength });
    const { sequences } = await decodeSequences(model, t.source, { bosId: target.bosId, eosId: target.eosId, beamWidth });
    tf.dispose([t.source, t.targetInput, t.targetOutput]);
    sequences.forEach((s, i) => (ok += target.decode(s) === chunk[i]!.target ? 1 : 0));
  }
  return ok / pairs.length;
}

export { teacherForcedExactMatch } from './exact-match.js';

/** The architecture of a seq2seq recipe: model (d), additive attention over LSTMs, or model (e), the Transformer. */
type Seq2seqArchitecture =
  | { kind: 'attentionSeq2seq'; units: number; embeddingDim: number; attentionUnits: number }
  | { kind: 'transformerSeq2seq'; dModel: number; numHeads: number; numLayers: number; dropout: number; warmupSteps: number; scale: number };

function seq2seqRecipe(name: string, load: () => { splits: { train: { source: string; target: string }[]; validation: { source: string; target: string }[]; test: { source: string; target: string }[] }; sourceTokenizer: CharTokenizer; targetTokenizer: CharTokenizer }, dataset: Record<string, unknown>, sizes: { sourceLength: number; targetLength: number }, architecture: Seq2seqArchitecture, schedule: { epochs: number; batchSize: number; learningRate?: number; stopAt: number }): Recipe {
  return {
    name,
    async train(log) {
      const ds = load();
      const tok = { source: ds.sourceTokenizer, target: ds.targetTokenizer };
      const lengths = { source: sizes.sourceLength, target: sizes.targetLength };
      const tr = seq2seqTensors(ds.splits.train, tok, lengths);
      const vocab = { sourceVocabSize: ds.sourceTokenizer.vocabSize, targetVocabSize: ds.targetTokenizer.vocabSize, ...sizes, seed: 1 };
      const { kind, ...hyper } = architecture;
      const model = architecture.kind === 'attentionSeq2seq'
        ? attentionSeq2seq({ ...vocab, units: architecture.units, embeddingDim: architecture.embeddingDim, attentionUnits: architecture.attentionUnits, learningRate: schedule.learningRate ?? 0.005 })
        : transformerSeq2seq({ ...vocab, dModel: architecture.dModel, numHeads: architecture.numHeads, numLayers: architecture.numLayers, dropout: architecture.dropout });
      const learningRate = architecture.kind === 'transformerSeq2seq' ? warmupSchedule({ dModel: architecture.dModel, warmupSteps: architecture.warmupSteps, scale: architecture.scale }) : undefined;
      log(`${model.countParams()} parameters, ${ds.splits.train.length} training pairs, batch ${schedule.batchSize}`);
      const t0 = performance.now();
      const valSample = ds.splits.validation.slice(0, 400);
      const controller = new AbortController();
      let secondsToBar: number | null = null;
      const result = await train(model, { x: [tr.source, tr.targetInput], y: tr.targetOutput }, {
        epochs: schedule.epochs,
        batchSize: schedule.batchSize,
        seed: 1,
        signal: controller.signal,
        ...(learningRate ? { learningRate } : {}),
        onEpochEnd: async (epoch, logs) => {
          const val = await teacherForcedExactMatch(model, valSample, ds.sourceTokenizer, ds.targetTokenizer);
          if (secondsToBar == null && val >= barOf(dataset)) secondsToBar = Math.round((performance.now() - t0) / 1000);
          log(`epoch ${epoch + 1}: loss ${logs['loss']!.toFixed(4)} acc ${logs['acc']!.toFixed(4)} val exact ${val.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
          if (val >= schedule.stopAt) controller.abort(); // good enough on validation: stop before the next epoch
        },
      });
      const examplesPerSecond = Math.round((result.steps * schedule.batchSize) / ((performance.now() - t0) / 1000));
      tf.dispose([tr.source, tr.targetInput, tr.targetOutput]);
      const greedy = await teacherForcedExactMatch(model, ds.splits.test, ds.sourceTokenizer, ds.targetTokenizer);
      const sample = ds.splits.test.slice(0, 250);
      const greedySample = await decodedExactMatch(model, sample, ds.sourceTokenizer, ds.targetTokenizer, 1);
      const beamSample = await decodedExactMatch(model, sample, ds.sourceTokenizer, ds.targetTokenizer, 3);
      log(`test exact match (${ds.splits.test.length}): greedy ${greedy.toFixed(4)}; first 250: greedy ${greedySample.toFixed(4)}, beam 3 ${beamSample.toFixed(4)}`);
      return {
        model,
        metadata: {
          kind,
          architecture: hyper,
          dataset,
          sourceTokenizer: ds.sourceTokenizer.toJSON(),
          targetTokenizer: ds.targetTokenizer.toJSON(),
          metrics: { testExactMatchGreedy: greedy, testFirst250ExactMatchGreedy: greedySample, testFirst250ExactMatchBeam3: beamSample },
          bar: barOf(dataset),
          secondsToBar,
          examplesPerSecond,
        },
      };
    },
  };
}

/** The documented exact-match bar of a seq2seq data set: 99% for dates, 95% for number words. */
export function barOf(dataset: Record<string, unknown>): number {
  return dataset['name'] === 'dateTranslation' ? 0.99 : 0.95;
}

/** Examples per key-recall length (80% train, 10% validation, 10% test). */
export const KEY_RECALL_COUNT = 12000;

/** Key recall at one length: ids, answers, and the data set's vocabulary. */
function keyRecallData(pairs: number) {
  const ds = toySequenceTasks({ task: 'keyRecall', length: pairs, symbols: 16, count: KEY_RECALL_COUNT, seed: 0 });
  const tensors = (split: 'train' | 'validation' | 'test') => ({
    x: tf.tensor2d(ds.splits[split].map((e) => e.input), [ds.splits[split].length, 2 * pairs + 2], 'int32'),
    y: tf.tensor1d(ds.splits[split].map((e) => e.target[0]!), 'float32'),
  });
  return { ds, train: tensors('train'), validation: tensors('validation'), test: tensors('test') };
}

async function accuracy(model: tf.LayersModel, data: { x: tf.Tensor; y: tf.Tensor }): Promise<number> {
  const acc = tf.tidy(() => (model.predict(data.x, { batchSize: 500 }) as tf.Tensor).argMax(-1).toFloat().equal(data.y).mean());
  const value = (await acc.data())[0]!;
  acc.dispose();
  return value;
}

/** The documented bar of model (a): validation and test accuracy of the attention variant at every length. */
export const KEY_RECALL_BAR = 0.95;

/** Model (a): LSTM + attention vs a plain LSTM of the same width, on key recall at growing lengths. Ships the longest. */
function keyRecallRecipe(attention: boolean, lengths: number[], epochs: number): Recipe {
  return {
    name: attention ? 'key-recall-attention' : 'key-recall-lstm',
    async train(log) {
      const byLength: { pairs: number; seqLen: number; testAccuracy: number; epochs: number; seconds: number; secondsToBar: number | null; examplesPerSecond: number }[] = [];
      let shipped: tf.LayersModel | null = null;
      let vocabSize = 0;
      for (const pairs of lengths) {
        const data = keyRecallData(pairs);
        vocabSize = data.ds.vocabSize;
        const model = keyRecallClassifier({ vocabSize, seqLen: 2 * pairs + 2, units: 32, embeddingDim: 16, attention, learningRate: 0.01, seed: 1 });
        const t0 = performance.now();
        let secondsToBar: number | null = null;
        const controller = new AbortController();
        const result = await train(model, data.train, {
          epochs,
          signal: controller.signal,
          batchSize: 64,
          seed: 1,
          validationData: data.validation,
          earlyStopping: { patience: 4, monitor: 'val_loss' },
          onEpochEnd: (epoch, logs) => {
            log(`${pairs} pairs, epoch ${epoch + 1}: loss ${logs['loss']!.toFixed(3)} acc ${logs['acc']!.toFixed(3)} val_acc ${logs['val_acc']!.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
            if (secondsToBar == null && logs['val_acc']! >= KEY_RECALL_BAR) secondsToBar = Math.round((performance.now() - t0) / 1000);
            if (logs['val_acc']! >= 0.99) controller.abort(); // solved: stop before the next epoch
          },
        });
        const seconds = (performance.now() - t0) / 1000;
        const testAccuracy = await accuracy(model, data.test);
        const examplesPerSecond = Math.round((result.steps * 64) / seconds);
        byLength.push({ pairs, seqLen: 2 * pairs + 2, testAccuracy, epochs: result.steps / Math.ceil(data.train.x.shape[0]! / 64), seconds: Math.round(seconds), secondsToBar, examplesPerSecond });
        log(`${pairs} pairs (seqLen ${2 * pairs + 2}): test accuracy ${testAccuracy.toFixed(4)} after ${result.steps / Math.ceil(data.train.x.shape[0]! / 64)} epochs, ${seconds.toFixed(0)} s`);
        tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y, data.test.x, data.test.y]);
        shipped?.dispose();
        shipped = model;
      }
      const last = byLength[byLength.length - 1]!;
      return {
        model: shipped!,
        metadata: {
          kind: 'keyRecallClassifier',
          dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: last.pairs, symbols: 16, count: KEY_RECALL_COUNT, seed: 0 } },
          vocabSize,
          metrics: { testAccuracy: last.testAccuracy, byLength },
          bar: KEY_RECALL_BAR,
          secondsToBar: last.secondsToBar,
          examplesPerSecond: last.examplesPerSecond,
        },
      };
    },
  };
}

/** Key-recall lengths in pairs (seqLen 2 * pairs + 2) of model (a); the model of the last one is shipped. */
export const KEY_RECALL_LENGTHS = [4, 8, 12];

export const RECIPES: Recipe[] = [
  seq2seqRecipe('date-translator', () => dateTranslation(), { name: 'dateTranslation', options: {} }, { sourceLength: 30, targetLength: 11 }, { kind: 'attentionSeq2seq', units: 48, embeddingDim: 24, attentionUnits: 48 }, { epochs: 6, batchSize: 64, learningRate: 0.006, stopAt: 1.01 }),
  seq2seqRecipe('number-words-fr', () => numberWords({ language: 'fr' }), { name: 'numberWords', options: { language: 'fr' } }, { sourceLength: 4, targetLength: 47 }, { kind: 'attentionSeq2seq', units: 32, embeddingDim: 16, attentionUnits: 32 }, { epochs: 10, batchSize: 64, learningRate: 0.008, stopAt: 0.985 }),
  seq2seqRecipe('number-words-de', () => numberWords({ language: 'de' }), { name: 'numberWords', options: { language: 'de' } }, { sourceLength: 4, targetLength: 43 }, { kind: 'attentionSeq2seq', units: 32, embeddingDim: 16, attentionUnits: 32 }, { epochs: 10, batchSize: 64, learningRate: 0.008, stopAt: 0.985 }),
  seq2seqRecipe('date-transformer', () => dateTranslation(), { name: 'dateTranslation', options: {} }, { sourceLength: 30, targetLength: 11 }, { kind: 'transformerSeq2seq', dModel: 32, numHeads: 4, numLayers: 1, dropout: 0.05, warmupSteps: 200, scale: 2 }, { epochs: 30, batchSize: 64, stopAt: 0.995 }),
  keyRecallRecipe(true, KEY_RECALL_LENGTHS, 12),
  keyRecallRecipe(false, KEY_RECALL_LENGTHS, 6), // the baseline: at most 6 epochs per length
  ...CLASSIFIER_RECIPES,
  ...LANGUAGE_RECIPES,
  SUBWORD_RECIPE,
];

