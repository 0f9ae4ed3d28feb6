// @ts-check
// Case (a): an LSTM encoder with attention against a plain LSTM of the same
// width, on key recall: pairs of key and value tokens, then <sep> and one of
// the keys; the answer is the value stored under that key. The plain LSTM must
// keep every pair in its final state. The attention model asks its states a
// question: its last state (which has just read the key asked for) is the
// query, and dot-product attention looks straight back at the matching pair.
import * as tf from '@tensorflow/tfjs';
import { toySequenceTasks } from '@attention-lab/datasets';
import { keyRecallClassifier, loadPretrained, predictWithAttention, recipe, train } from '@attention-lab/models';
import { heatmap, inputs, print, replay, show, signal, tr } from 'live';

/** Test accuracy of `model` on `x` against `answers` (token ids). */
async function accuracy(/** @type {tf.LayersModel} */ model, /** @type {tf.Tensor} */ x, /** @type {number[]} */ answers) {
  const predicted = tf.tidy(() => /** @type {tf.Tensor} */ (model.predict(x)).argMax(-1));
  const ids = await predicted.data();
  predicted.dispose();
  return answers.filter((a, i) => ids[i] === a).length / answers.length;
}

/** Rows of "where the question looked": the attention map [batch, 1, 1, seqLen] as [batch, seqLen]. */
const rowsOf = (/** @type {{ shape: number[], values: Float32Array }} */ map, /** @type {number} */ count) => {
  const seqLen = map.shape.at(-1) ?? 0;
  return Array.from({ length: count }, (_, b) => Array.from(map.values.subarray(b * seqLen, (b + 1) * seqLen)));
};

/** The two models' names, in the printed lines and the legends. */
const [withName, plainName] = [tr`LSTM + attention`, tr`plain LSTM`];

if (String(inputs.mode) === 'shipped weights') {
  const attention = await loadPretrained('key-recall-attention');
  const lstm = await loadPretrained('key-recall-lstm');
  const options = /** @type {{ options: Parameters<typeof toySequenceTasks>[0] }} */ (attention.metadata['dataset']).options;
  const { splits, tokens } = toySequenceTasks(options);
  const test = splits.test;
  const x = tf.tensor2d(test.map((e) => e.input), undefined, 'int32'); // [test, seqLen]
  const answers = test.map((e) => e.target[0] ?? -1);
  print(tr`${options?.length} pairs (${x.shape[1]} tokens), ${test.length} test sequences never seen in training:`);
  print(tr`  LSTM + attention  ${(await accuracy(attention.model, x, answers)).toFixed(3)}`);
  print(tr`  plain LSTM        ${(await accuracy(lstm.model, x, answers)).toFixed(3)}   (chance ${(1 / 16).toFixed(3)})`);
  // How both did as the sequences grew, from the shipped training run.
  const lengths = (/** @type {tf.LayersModel} */ m, /** @type {Record<string, unknown>} */ meta) =>
    /** @type {{ byLength: { seqLen: number, testAccuracy: number }[] }} */ (meta['metrics']).byLength;
  const [a, l] = [lengths(attention.model, attention.metadata), lengths(lstm.model, lstm.metadata)];
  show(
    'lineChart',
    { series: [{ name: withName, x: a.map((r) => r.seqLen), y: a.map((r) => r.testAccuracy) }, { name: plainName, x: l.map((r) => r.seqLen), y: l.map((r) => r.testAccuracy) }] },
    { xLabel: tr`sequence length (tokens)`, yLabel: tr`test accuracy`, yDomain: [0, 1], title: tr`the same width, as the sequences grow (shipped training run)` },
  );
  const shown = 6;
  const { predictions, attention: maps } = await predictWithAttention(attention.model, x.slice([0, 0], [shown, -1]));
  predictions.dispose();
  const map = maps['attention'];
  if (map) {
    heatmap(rowsOf(map, shown), {
      rows: test.slice(0, shown).map((e) => tr`asks ${tokens[e.input.at(-1) ?? 0]}`),
      cols: test[0]?.input.map((id) => tokens[id] ?? '?') ?? [],
      title: tr`where the question looked (columns: the first sequence's tokens)`,
      showValues: false,
    });
  }
  x.dispose();
  attention.model.dispose();
  lstm.model.dispose();
} else {
  // The sizes of the registry's in-browser recipe (recipe(name).browser: 4,000 sequences of 16 keys,
  // 32 LSTM units, batch 64), at the page's number of pairs and epochs.
  const pairs = Number(inputs.pairs);
  const epochs = Number(inputs.epochs);
  const { dataset, settings } = recipe('key-recall-attention').browser;
  const { splits, vocabSize, tokens } = toySequenceTasks({ ...dataset.options, length: pairs });
  const tensors = (/** @type {typeof splits.train} */ s) => ({ x: tf.tensor2d(s.map((e) => e.input), undefined, 'int32'), y: tf.tensor1d(s.map((e) => e.target[0] ?? 0)) });
  const [trainSet, val, test] = [tensors(splits.train), tensors(splits.validation), tensors(splits.test)];
  const probe = val.x.slice([0, 0], [4, -1]); // four validation sequences whose attention we watch
  const curve = show('lineChart', { series: [] }, { xLabel: tr`training step`, yLabel: tr`validation accuracy`, yDomain: [0, 1], title: tr`key recall with ${pairs} pairs, trained here` });
  const probes = [1, 2, 3, 4].map((i) => tr`probe ${i}`);
  /** @type {{ label: string, values: number[][] }[]} */
  const frames = [];
  const watch = heatmap(Array.from({ length: 4 }, () => Array(2 * pairs + 2).fill(1 / (2 * pairs + 2))), { rows: probes, cols: (splits.validation[0]?.input ?? []).map((id) => tokens[id] ?? '?'), title: tr`where the question looks, as it learns`, showValues: false });
  /** @type {Record<string, number>} */
  const testAccuracy = {};
  for (const withAttention of [true, false]) {
    const name = withAttention ? withName : plainName;
    const { model: { options } } = recipe(withAttention ? 'key-recall-attention' : 'key-recall-lstm').browser; // attention: true or false
    const model = keyRecallClassifier({ vocabSize, seqLen: 2 * pairs + 2, ...options, seed: settings.seed });
    const answers = Array.from(await val.y.data());
    const result = await train(model, trainSet, {
      epochs,
      batchSize: settings.batchSize,
      signal,
      onBatchEnd: async (step) => {
        if (step % 10 === 0) curve.append(name, step, await accuracy(model, val.x, answers));
      },
      ...(withAttention
        ? {
            snapshots: {
              every: 10,
              input: probe,
              onSnapshot: (snapshot) => {
                const map = snapshot.maps['attention'];
                if (!map) return;
                const values = rowsOf(map, 4);
                frames.push({ label: tr`step ${snapshot.step}, loss ${snapshot.loss.toFixed(3)}`, values });
                watch.update({ values, queryTokens: probes, keyTokens: (splits.validation[0]?.input ?? []).map((id) => tokens[id] ?? '?') });
              },
            },
          }
        : {}),
    });
    testAccuracy[name] = await accuracy(model, test.x, Array.from(await test.y.data()));
    const tested = testAccuracy[name]?.toFixed(3);
    print(result.stopReason === 'aborted' ? tr`${name}: ${result.steps} steps (stopped), test accuracy ${tested}` : tr`${name}: ${result.steps} steps, test accuracy ${tested}`);
    model.dispose();
    if (signal.aborted) break;
  }
  if (frames.length > 0) replay(frames, { rows: probes, cols: (splits.validation[0]?.input ?? []).map((id) => tokens[id] ?? '?'), title: tr`replay: the attention model's snapshots`, showValues: false });
  tf.dispose([trainSet.x, trainSet.y, val.x, val.y, test.x, test.y, probe]);
}
