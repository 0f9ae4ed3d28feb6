// @ts-check
// Case (b): a text classifier whose attention pooling reads the words
// themselves. Word ids get embeddings plus positions, attention pooling weighs
// the words into one vector, and a softmax says negative or positive. The
// shipped model has no encoder block before the pooling, so each weight belongs
// to one word; with a block (choose 1 when training) every position mixes the
// whole sentence first and the weights stop saying which word counted. The
// original used BERT; no pretrained language model fits on this page, so this
// model learns from the 2,400 training sentences of `sentimentSentences` alone.
import * as tf from '@tensorflow/tfjs';
import { WordTokenizer, sentimentSentences } from '@attention-lab/datasets';
import { loadPretrained, predictWithAttention, recipe, train, transformerClassifier } from '@attention-lab/models';
import { inputs, print, replay, show, signal, tr } from 'live';

const data = await sentimentSentences({ seed: 0 });
const shipped = await loadPretrained('sentiment-transformer');
const seqLen = Number(shipped.metadata['seqLen']);
const tokenizer = WordTokenizer.fromJSON(shipped.metadata['tokenizer']);
/** Sentences as ids [n, seqLen], cut after seqLen words and padded with 0. */
const encode = (/** @type {string[]} */ texts) =>
  tf.tensor2d(texts.map((text) => { const ids = tokenizer.encode(text).slice(0, seqLen); return [...ids, ...Array(seqLen - ids.length).fill(0)]; }), [texts.length, seqLen], 'int32');
const tensors = (/** @type {typeof data.splits.train} */ split) => ({ x: encode(split.map((s) => s.text)), y: tf.tensor1d(split.map((s) => s.label)) });
const accuracy = async (/** @type {tf.LayersModel} */ model, /** @type {{ x: tf.Tensor, y: tf.Tensor }} */ set) => {
  const acc = tf.tidy(() => /** @type {tf.Tensor} */ (model.predict(set.x)).argMax(-1).toFloat().equal(set.y).mean());
  const value = (await acc.data())[0] ?? NaN;
  acc.dispose();
  return value;
};
/** The pooling weights of `model` over the words of `sentences` [n, words]. */
async function wordWeights(/** @type {tf.LayersModel} */ model, /** @type {string[]} */ sentences) {
  const x = encode(sentences);
  const { predictions, attention } = await predictWithAttention(model, x);
  predictions.dispose();
  x.dispose();
  const map = Object.values(attention).find((m) => m.shape.length === 2);
  return sentences.map((s, i) => Array.from(map?.values.subarray(i * seqLen, i * seqLen + Math.min(seqLen, tokenizer.tokenize(s).length)) ?? []));
}
const test = tensors(data.splits.test);
const probes = data.splits.test.slice(0, 3).map((s) => s.text);

if (String(inputs.mode) === 'shipped weights') {
  print(tr`shipped sentiment-transformer: test accuracy ${(await accuracy(shipped.model, test)).toFixed(3)} on ${data.splits.test.length} held-out sentences`);
  const weights = await wordWeights(shipped.model, probes);
  probes.forEach((text, i) => show('tokenSaliency', { tokens: tokenizer.tokenize(text).slice(0, seqLen), weights: weights[i] ?? [] }, { title: tr`${data.splits.test[i]?.label ? tr`positive` : tr`negative`} (true label)` }));
} else {
  // The shipped recipe's sizes and batch (recipe('sentiment-transformer')), over the shipped tokenizer's
  // words, with the chosen number of encoder blocks before the pooling (the shipped model has none).
  const { model: { options }, settings } = recipe('sentiment-transformer');
  const model = transformerClassifier({ ...options, numLayers: Number(inputs.blocks), vocabSize: tokenizer.vocabSize, seed: settings.seed });
  const [trainSet, val] = [tensors(data.splits.train), tensors(data.splits.validation)];
  const curve = show('lineChart', { series: [] }, { xLabel: tr`epoch`, yLabel: tr`accuracy`, yDomain: [0, 1], title: tr`training in your browser` });
  const probeWords = tokenizer.tokenize(probes[0] ?? '').slice(0, seqLen);
  const live = show('tokenSaliency', { tokens: probeWords, weights: probeWords.map(() => 1 / probeWords.length) }, { title: tr`attention on a test sentence, as it learns` });
  /** @type {{ label: string, values: number[][] }[]} */
  const frames = [];
  const result = await train(model, trainSet, {
    epochs: Number(inputs.epochs),
    batchSize: settings.batchSize,
    signal,
    validationData: val,
    onEpochEnd: async (epoch, logs) => {
      curve.append(tr`training`, epoch + 1, logs['acc'] ?? NaN);
      curve.append(tr`validation`, epoch + 1, logs['val_acc'] ?? NaN);
      const [w = []] = await wordWeights(model, probes.slice(0, 1));
      frames.push({ label: tr`epoch ${epoch + 1}, loss ${(logs['loss'] ?? NaN).toFixed(3)}`, values: [w] });
      live.update({ tokens: probeWords, weights: w });
    },
  });
  print(tr`${result.epochs} epochs${result.stopReason === 'aborted' ? tr` (stopped)` : ''}; test accuracy ${(await accuracy(model, test)).toFixed(3)} (the shipped weights: ${Number(/** @type {Record<string, number>} */ (shipped.metadata['metrics'])['testAccuracy']).toFixed(3)})`);
  if (frames.length > 0) replay(frames, { rows: [tr`weight`], cols: probeWords, title: tr`replay: attention on the first test sentence, epoch by epoch`, showValues: false });
  tf.dispose([trainSet.x, trainSet.y, val.x, val.y]);
  model.dispose();
}
tf.dispose([test.x, test.y]);
shipped.model.dispose();
