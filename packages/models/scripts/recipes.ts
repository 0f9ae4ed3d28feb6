// The training recipes of the shipped models (used by train-pretrained.ts).
// Each trains from a fixed seed and reports its metric on the test split.
import * as tf from '@tensorflow/tfjs';
import { dateTranslation, numberWords, toySequenceTasks, type CharTokenizer } from '@attention-lab/datasets';
import { keyRecallClassifier } from '../src/key-recall-classifier.js';
import { attentionSeq2seq } from '../src/attention-seq2seq.js';
import { decodeSequences } from '../src/decode-sequences.js';
import { seq2seqTensors } from '../src/seq2seq-tensors.js';
import { train } from '../src/train.js';

export interface Recipe {
  name: string;
  train(log: (line: string) => void): Promise<{ model: tf.LayersModel; metadata: Record<string, unknown> }>;
}

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

/**
 * Greedy exact-match rate in one teacher-forced pass: greedy decoding writes
 * the target iff the most likely next token after every true prefix is the
 * true one, up to and including <eos>.
 */
export async function teacherForcedExactMatch(model: tf.LayersModel, pairs: { source: string; target: string }[], source: CharTokenizer, target: CharTokenizer): Promise<number> {
  const t = seq2seqTensors(pairs, { source, target }, { source: model.inputs[0]!.shape[1]!, target: model.inputs[1]!.shape[1]! });
  const probs = model.predict([t.source, t.targetInput], { batchSize: 250 }) as tf.Tensor;
  const predicted = (await probs.argMax(-1).array()) as number[][];
  const expected = ((await t.targetOutput.array()) as number[][][]).map((row) => row.map((c) => c[0]!));
  tf.dispose([probs, t.source, t.targetInput, t.targetOutput]);
  let ok = 0;
  expected.forEach((row, i) => {
    const end = row.indexOf(target.eosId);
    if (row.slice(0, end + 1).every((id, j) => predicted[i]![j] === id)) ok++;
  });
  return ok / pairs.length;
}

function seq2seqRecipe(name: string, load: () => { splits: { train: { source: string; target: string }[]; validation: { source: string; target: string }[]; test: { source: string; target: string }[] }; sourceTokenizer: CharTokenizer; targetTokenizer: CharTokenizer }, dataset: Record<string, unknown>, sizes: { sourceLength: number; targetLength: number; units: number; embeddingDim: number; attentionUnits: number }, schedule: { epochs: number; batchSize: number; learningRate: number; stopAt: number }): Recipe {
  return {
    name,
    async train(log) {
      const ds = load();
      const tok = { source: ds.sourceTokenizer, target: ds.targetTokenizer };
      const lengths = { source: sizes.sourceLength, target: sizes.targetLength };
      const tr = seq2seqTensors(ds.splits.train, tok, lengths);
      const model = attentionSeq2seq({
        sourceVocabSize: ds.sourceTokenizer.vocabSize,
        targetVocabSize: ds.targetTokenizer.vocabSize,
        ...sizes,
        learningRate: schedule.learningRate,
        seed: 1,
      });
      log(`${model.countParams()} parameters, ${ds.splits.train.length} training pairs, batch ${schedule.batchSize}`);
      const t0 = performance.now();
      const valSample = ds.splits.validation.slice(0, 400);
      const controller = new AbortController();
      await train(model, { x: [tr.source, tr.targetInput], y: tr.targetOutput }, {
        epochs: schedule.epochs,
        batchSize: schedule.batchSize,
        seed: 1,
        signal: controller.signal,
        onEpochEnd: async (epoch, logs) => {
          const val = await teacherForcedExactMatch(model, valSample, ds.sourceTokenizer, ds.targetTokenizer);
          log(`epoch ${epoch + 1}: loss ${logs['loss']!.toFixed(4)} acc ${logs['acc']!.toFixed(4)} val exact ${val.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
          if (val >= schedule.stopAt) controller.abort(); // good enough on validation: stop before the next epoch
        },
      });
      tf.dispose([tr.source, tr.targetInput, tr.targetOutput]);
      const greedy = await teacherForcedExactMatch(model, ds.splits.test, ds.sourceTokenizer, ds.targetTokenizer);
      const sample = ds.splits.test.slice(0, 250);
      const greedySample = await decodedExactMatch(model, sample, ds.sourceTokenizer, ds.targetTokenizer, 1);
      const beamSample = await decodedExactMatch(model, sample, ds.sourceTokenizer, ds.targetTokenizer, 3);
      log(`test exact match (${ds.splits.test.length}): greedy ${greedy.toFixed(4)}; first 250: greedy ${greedySample.toFixed(4)}, beam 3 ${beamSample.toFixed(4)}`);
      return {
        model,
        metadata: {
          kind: 'attentionSeq2seq',
          dataset,
          sourceTokenizer: ds.sourceTokenizer.toJSON(),
          targetTokenizer: ds.targetTokenizer.toJSON(),
          metrics: { testExactMatchGreedy: greedy, testFirst250ExactMatchGreedy: greedySample, testFirst250ExactMatchBeam3: beamSample },
        },
      };
    },
  };
}

/** Key recall at one length: ids, answers, and the data set's vocabulary. */
function keyRecallData(pairs: number) {
  const ds = toySequenceTasks({ task: 'keyRecall', length: pairs, symbols: 16, count: 6000, seed: 0 });
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

/** Model (a): attention pooling vs a plain LSTM of the same width, on key recall at growing lengths. Ships the longest. */
function keyRecallRecipe(attention: boolean, lengths: number[], epochs: number): Recipe {
  return {
    name: attention ? 'key-recall-attention' : 'key-recall-lstm',
    async train(log) {
      const byLength: { pairs: number; seqLen: number; testAccuracy: number; epochs: number; seconds: number }[] = [];
      let shipped: tf.LayersModel | null = null;
      let vocabSize = 0;
      for (const pairs of lengths) {
        const data = keyRecallData(pairs);
        vocabSize = data.ds.vocabSize;
        const model = keyRecallClassifier({ vocabSize, seqLen: 2 * pairs + 2, units: 32, embeddingDim: 16, attention, learningRate: 0.01, seed: 1 });
        const t0 = performance.now();
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
            if (logs['val_acc']! >= 0.99) controller.abort(); // solved: stop before the next epoch
          },
        });
        const seconds = (performance.now() - t0) / 1000;
        const testAccuracy = await accuracy(model, data.test);
        byLength.push({ pairs, seqLen: 2 * pairs + 2, testAccuracy, epochs: result.steps / Math.ceil(data.train.x.shape[0]! / 64), seconds: Math.round(seconds) });
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
          dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: last.pairs, symbols: 16, count: 6000, seed: 0 } },
          vocabSize,
          metrics: { testAccuracy: last.testAccuracy, byLength },
        },
      };
    },
  };
}

export const RECIPES: Recipe[] = [
  seq2seqRecipe('date-translator', () => dateTranslation(), { name: 'dateTranslation', options: {} }, { sourceLength: 30, targetLength: 11, units: 48, embeddingDim: 24, attentionUnits: 48 }, { epochs: 6, batchSize: 64, learningRate: 0.006, stopAt: 1.01 }),
  seq2seqRecipe('number-words-fr', () => numberWords({ language: 'fr' }), { name: 'numberWords', options: { language: 'fr' } }, { sourceLength: 4, targetLength: 47, units: 32, embeddingDim: 16, attentionUnits: 32 }, { epochs: 10, batchSize: 64, learningRate: 0.008, stopAt: 0.985 }),
  seq2seqRecipe('number-words-de', () => numberWords({ language: 'de' }), { name: 'numberWords', options: { language: 'de' } }, { sourceLength: 4, targetLength: 43, units: 32, embeddingDim: 16, attentionUnits: 32 }, { epochs: 10, batchSize: 64, learningRate: 0.008, stopAt: 0.985 }),
];

/**
 * Model (a), not shipped yet: on 16-symbol key recall the attention variant
 * learned too slowly for the time available (val_acc about 0.32 after 7
 * epochs of 4,800 at 4 pairs, with lr 0.005/units 48 and with lr 0.01/units 32;
 * log in pretrained/train.log). Run with `--only key-recall-attention,key-recall-lstm`
 * after tuning; loadPretrained and test/pretrained.test.ts list no key-recall names until then.
 */
export const EXPERIMENTAL_RECIPES: Recipe[] = [keyRecallRecipe(true, [4, 12], 10), keyRecallRecipe(false, [4, 12], 10)];
