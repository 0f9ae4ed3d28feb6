// @ts-check
// Cases (e) and (g), trained from scratch in your browser on dates of one
// format. With additive (Bahdanau) attention, before writing each output
// character the LSTM decoder scores every encoder state with
// v · tanh(W s + U h_j), turns the scores into weights with a softmax, and
// reads the weighted sum (the context vector). The Transformer does the same
// with scaled dot products in several heads (its cross-attention, averaged
// over the heads, is drawn). Watch the alignment form:
// at first every input character gets the same weight; once the model has
// learned, each output digit looks at the input characters it copies.
import * as tf from '@tensorflow/tfjs';
import { dateTranslation } from '@attention-lab/datasets';
import { attentionSeq2seq, decodeSequences, recipe, seq2seqTensors, train, transformerSeq2seq, warmupSchedule } from '@attention-lab/models';
import { heatmap, inputs, print, replay, show, signal, tr } from 'live';

// Sizes and settings: the registry's in-browser recipes (recipe(name).browser: 2,000 dates of one
// format, batch 50; 24 LSTM units, or a Transformer of dModel 32 with a 100-step warm-up).
const additive = recipe('date-translator').browser;
const attentionOnly = recipe('date-transformer').browser;
const transformer = String(inputs.architecture) === 'Transformer';
const { dataset, model: { options: { sourceLength, targetLength } }, settings } = transformer ? attentionOnly : additive;
const format = /** @type {import('@attention-lab/datasets').DateFormat} */ (String(inputs.format));
const ds = dateTranslation({ ...dataset.options, formats: [format] });
const tok = { source: ds.sourceTokenizer, target: ds.targetTokenizer };
const lengths = { source: sourceLength, target: targetLength }; // 30 and 11 characters
const trainSet = seq2seqTensors(ds.splits.train, tok, lengths);
const testSet = seq2seqTensors(ds.splits.test, tok, lengths);
const vocab = { sourceVocabSize: tok.source.vocabSize, targetVocabSize: tok.target.vocabSize, seed: settings.seed };
const model = transformer
  ? transformerSeq2seq({ ...vocab, ...attentionOnly.model.options })
  : attentionSeq2seq({ ...vocab, ...additive.model.options });
const schedule = transformer ? attentionOnly.settings.schedule : undefined;
const probe = ds.splits.test[0] ?? { source: '', target: '' };
const probeIds = tok.source.encode(probe.source);
const rows = [...probe.target].concat('<eos>');
const cols = [...probe.source].map((c) => (c === ' ' ? '␣' : c));
/** The probe's alignment [target chars + <eos>, source chars] from a map [1, seqLenTgt, seqLenSrc] or [1, heads, seqLenTgt, seqLenSrc] (heads averaged). */
const alignment = (/** @type {{ shape: number[], values: Float32Array }} */ map) => {
  const heads = map.shape.length === 4 ? (map.shape[1] ?? 1) : 1;
  return rows.map((_, r) =>
    probeIds.map((_, c) => {
      let sum = 0;
      for (let h = 0; h < heads; h++) sum += map.values[(h * lengths.target + r) * lengths.source + c] ?? 0;
      return sum / heads;
    }),
  );
};
/** The attention map that aligns output with input: 'attention' (Bahdanau) or the last decoder block's cross-attention. */
const crossOf = (/** @type {Record<string, { shape: number[], values: Float32Array }>} */ maps) =>
  maps['attention'] ?? Object.entries(maps).filter(([key]) => key.endsWith('/cross')).at(-1)?.[1];

const curve = show('lineChart', { series: [] }, { xLabel: tr`training step`, yLabel: tr`loss`, title: tr`${transformer ? 'Transformer' : tr`additive attention`}: ${ds.splits.train.length} dates like "${probe.source}", trained here` });
const watch = heatmap(rows.map(() => probeIds.map(() => 1 / probeIds.length)), { rows, cols, title: tr`alignment for "${probe.source}", as it learns`, showValues: false });
/** @type {{ label: string, values: number[][] }[]} */
const frames = [];
/** @type {number[]} */
const losses = [];
const probeTensors = seq2seqTensors([probe], tok, lengths);
const result = await train(model, { x: [trainSet.source, trainSet.targetInput], y: trainSet.targetOutput }, {
  epochs: Number(inputs.epochs),
  batchSize: settings.batchSize,
  signal,
  ...(schedule?.kind === 'warmup' ? { learningRate: warmupSchedule({ dModel: attentionOnly.model.options.dModel, warmupSteps: schedule.warmupSteps, scale: schedule.scale }) } : {}),
  onBatchEnd: (step, logs) => {
    losses.push(logs['loss'] ?? NaN);
    if (step % 5 === 0) curve.append(tr`loss`, step, logs['loss'] ?? NaN);
  },
  snapshots: {
    every: 15,
    input: [probeTensors.source, probeTensors.targetInput],
    onSnapshot: (snapshot) => {
      const map = crossOf(snapshot.maps);
      if (!map) return;
      const values = alignment(map);
      frames.push({ label: tr`step ${snapshot.step}, loss ${snapshot.loss.toFixed(3)}`, values });
      watch.update({ values, queryTokens: rows, keyTokens: cols });
    },
  },
});
const { sequences } = await decodeSequences(model, testSet.source, { bosId: tok.target.bosId, eosId: tok.target.eosId });
const exact = sequences.filter((s, i) => tok.target.decode(s) === ds.splits.test[i]?.target).length / sequences.length;
print(tr`${result.steps} steps${result.stopReason === 'aborted' ? tr` (stopped)` : ''}: ${(100 * exact).toFixed(1)}% of ${sequences.length} held-out dates translated exactly (greedy decoding)`);
const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
print(tr`training loss: first 5 steps ${mean(losses.slice(0, 5)).toFixed(3)}, last 5 steps ${mean(losses.slice(-5)).toFixed(3)}`);
print(tr`"${probe.source}" → "${tok.target.decode(sequences[0] ?? [])}" (expected ${probe.target})`);
if (frames.length > 0) replay(frames, { rows, cols, title: tr`replay: the alignment, step by step`, showValues: false });
tf.dispose([trainSet.source, trainSet.targetInput, trainSet.targetOutput, testSet.source, testSet.targetInput, testSet.targetOutput, probeTensors.source, probeTensors.targetInput, probeTensors.targetOutput]);
model.dispose();
