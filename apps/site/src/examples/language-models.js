// @ts-check
// Case (f): text generation. The original trained a bidirectional LSTM to
// predict the next word, which cannot work: a bidirectional layer reads the
// text after the position it predicts, so in training it sees the answer and
// at generation time that future does not exist yet. A language model must
// only look back: a left-to-right LSTM, or a Transformer whose self-attention
// is causal (position i attends to positions ≤ i). Both are shipped, trained
// on Moby-Dick one character at a time, and compared here in bits per
// character on held-out chapters (lower is better; 8 would be one byte).
// The pictures show the Transformer's last block: row i is the character
// being read, and its weights over the characters up to i (the upper
// triangle is empty, which is what causal means). Heads are averaged.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, mobyDick } from '@attention-lab/datasets';
import { generateText, loadPretrained, predictWithAttention, recipe, train, transformerLanguageModel } from '@attention-lab/models';
import { heatmap, inputs, print, replay, show, signal, tr } from 'live';

/** The first `n` rows and columns of the last self-attention map [1, heads, seqLen, seqLen], heads averaged. */
const lastBlockPicture = (/** @type {Record<string, { shape: number[], values: Float32Array }>} */ maps, /** @type {number} */ n) => {
  const map = Object.values(maps).filter((m) => m.shape.length === 4).at(-1);
  if (!map) return [];
  const [, heads = 1, seqLen = 0] = map.shape;
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => {
      let sum = 0;
      for (let h = 0; h < heads; h++) sum += map.values[(h * seqLen + r) * seqLen + c] ?? 0;
      return sum / heads;
    }),
  );
};
/** Characters as heatmap labels, a space drawn as ␣. */
const charLabels = (/** @type {string} */ text) => [...text].map((c) => (c === ' ' ? '␣' : c === '\n' ? '↵' : c));
/** Token ids as a [1, seqLen] input, padded with `padId` after the text (a causal model never reads them). */
const oneWindow = (/** @type {number[]} */ ids, /** @type {number} */ seqLen, /** @type {number} */ padId) =>
  tf.tensor2d([Array.from({ length: seqLen }, (_, i) => ids[i] ?? padId)], [1, seqLen], 'int32');

if (String(inputs.mode) === 'shipped weights') {
  const prompt = String(inputs.prompt);
  for (const name of /** @type {const} */ (['char-lstm', 'char-transformer'])) {
    const { model, metadata } = await loadPretrained(name);
    const tokenizer = CharTokenizer.fromJSON(metadata['tokenizer']);
    const metrics = /** @type {Record<string, unknown>} */ (metadata['metrics']);
    const special = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
    const { ids } = await generateText(model, tokenizer.encode(prompt), { maxTokens: 120, temperature: 0.7, topK: 10, seed: 1, suppressIds: special });
    print(tr`${name} (${model.countParams()} parameters; ${Object.entries(metrics).flatMap(([k, v]) => (typeof v === 'number' ? [`${k} ${v.toFixed(3)}`] : [])).join(', ')}):`);
    print(`  ${prompt}${tokenizer.decode(ids)}`);
    if (name === 'char-transformer') {
      const seqLen = Number(model.inputs[0]?.shape[1]);
      const text = prompt.slice(0, 24);
      const x = oneWindow(tokenizer.encode(text), seqLen, tokenizer.padId);
      const { predictions, attention } = await predictWithAttention(model, x);
      heatmap(lastBlockPicture(attention, text.length), { rows: charLabels(text), cols: charLabels(text), title: tr`char-transformer, last block: which earlier characters each character reads`, showValues: false });
      tf.dispose([x, predictions]);
    }
    model.dispose();
  }
} else {
  // Train a small causal Transformer on the first chapters, in your browser, at the sizes of the
  // registry's in-browser recipe (recipe('char-transformer').browser: one block of dModel 48 reading
  // 48 characters, 50 steps of 32 windows an epoch, the first 200,000 characters).
  const { dataset, model: { options }, settings } = recipe('char-transformer').browser;
  const book = await mobyDick(dataset.options);
  const text = book.splits.train.map((c) => c.text.toLowerCase()).join('\n').slice(0, settings.trainingCharacters);
  const heldOut = book.splits.validation.map((c) => c.text.toLowerCase()).join('\n').slice(0, settings.validationSample);
  const tokenizer = CharTokenizer.fit(text);
  const [seqLen, batchSize, stepsPerEpoch] = [options.seqLen, settings.batchSize, settings.stepsPerEpoch];
  const ids = Int32Array.from(tokenizer.encode(text));
  const validation = Int32Array.from(tokenizer.encode(heldOut));
  const model = transformerLanguageModel({ vocabSize: tokenizer.vocabSize, ...options, seed: settings.seed });
  let seed = 7;
  const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  /** A batch of random windows: inputs [batch, seqLen] and next characters [batch, seqLen, 1]. */
  const windows = (/** @type {Int32Array} */ source, /** @type {number} */ count) => {
    const starts = Array.from({ length: count }, () => Math.floor(next() * (source.length - seqLen - 1)));
    return {
      x: tf.tensor2d(starts.map((s) => Array.from(source.subarray(s, s + seqLen))), [count, seqLen], 'int32'),
      y: tf.tensor3d(starts.map((s) => Array.from(source.subarray(s + 1, s + seqLen + 1), (id) => [id])), [count, seqLen, 1]),
    };
  };
  const held = windows(validation, 64);
  /** Bits per character on the held-out windows. */
  const bits = () => tf.tidy(() => {
    const p = /** @type {tf.Tensor3D} */ (model.predict(held.x));
    const picked = tf.sum(tf.mul(p, tf.oneHot(held.y.squeeze([2]).toInt(), tokenizer.vocabSize)), -1);
    return -(tf.mean(tf.log(tf.maximum(picked, 1e-9))).dataSync()[0] ?? NaN) / Math.LN2;
  });
  const [heldOutName, trainingName] = [tr`held out`, tr`training`]; // the curves' names in the legend
  const curve = show('lineChart', { series: [{ name: heldOutName, x: [0], y: [bits()] }] }, { xLabel: tr`training step`, yLabel: tr`bits per character`, title: tr`a ${model.countParams()}-parameter causal Transformer, trained here` });
  const probeText = heldOut.slice(0, 20);
  const probe = oneWindow(tokenizer.encode(probeText), seqLen, tokenizer.padId);
  const labels = charLabels(probeText);
  const watch = heatmap(labels.map(() => labels.map(() => 0)), { rows: labels, cols: labels, title: tr`the last block on a held-out phrase, as it learns`, showValues: false });
  /** @type {{ label: string, values: number[][] }[]} */
  const frames = [];
  const result = await train(model, () => Array.from({ length: stepsPerEpoch }, () => windows(ids, batchSize)), {
    epochs: Number(inputs.epochs),
    signal,
    onBatchEnd: (step, logs) => {
      if (step % 10 === 0) curve.append(trainingName, step, (logs['loss'] ?? NaN) / Math.LN2);
    },
    onEpochEnd: (epoch) => curve.append(heldOutName, (epoch + 1) * stepsPerEpoch, bits()),
    snapshots: {
      every: 25,
      input: probe,
      onSnapshot: (snapshot) => {
        const values = lastBlockPicture(snapshot.maps, probeText.length);
        frames.push({ label: tr`step ${snapshot.step}, loss ${(snapshot.loss / Math.LN2).toFixed(2)} bits`, values });
        watch.update({ values, queryTokens: labels, keyTokens: labels });
      },
    },
  });
  const [heldOutBits, uniformBits] = [bits().toFixed(3), Math.log2(tokenizer.vocabSize).toFixed(2)];
  print(result.stopReason === 'aborted'
    ? tr`${result.steps} steps (stopped): held-out ${heldOutBits} bits per character (a uniform guess: ${uniformBits})`
    : tr`${result.steps} steps: held-out ${heldOutBits} bits per character (a uniform guess: ${uniformBits})`);
  const start = 'the whale '; // the sample's prompt: text from the book, not a message
  const { ids: sample } = await generateText(model, tokenizer.encode(start), { maxTokens: 100, temperature: 0.7, topK: 10, seed: 1, suppressIds: [0, 1, 2, 3] });
  print(`${start}${tokenizer.decode(sample)}`);
  if (frames.length > 0) replay(frames, { rows: labels, cols: labels, title: tr`replay: the last block on the held-out phrase, step by step`, showValues: false });
  tf.dispose([held.x, held.y, probe]);
  model.dispose();
}
