// @ts-check
// Sentiment of your own sentence, with the words the model attended to. The
// model is the shipped `sentiment-transformer` of @attention-lab/models: word
// embeddings with positions pooled by attention straight away (no encoder
// block, so each weight belongs to one word), trained on 2,400 labelled review
// sentences (UCI; Amazon, IMDb and Yelp). The pooling weights say how much
// each word counted in the summary vector the classifier read.
import * as tf from '@tensorflow/tfjs';
import { WordTokenizer } from '@attention-lab/datasets';
import { loadPretrained, predictWithAttention } from '@attention-lab/models';
import { inputs, print, show, tr } from 'live';

const { model, metadata } = await loadPretrained('sentiment-transformer');
const tokenizer = WordTokenizer.fromJSON(metadata['tokenizer']);
const seqLen = Number(model.inputs[0]?.shape[1]);

const text = String(inputs.sentence).trim();
const words = tokenizer.tokenize(text).slice(0, seqLen);
if (words.length === 0) throw new Error(tr`type a sentence with at least one word`);
const ids = tokenizer.encode(text).slice(0, seqLen);
const x = tf.tensor2d([[...ids, ...Array(seqLen - ids.length).fill(0)]], [1, seqLen], 'int32'); // [1, seqLen], 0 = padding
const { predictions, attention } = await predictWithAttention(model, x);
const [negative = 0, positive = 0] = await predictions.data();
print(tr`${positive >= 0.5 ? tr`positive` : tr`negative`}  (p(positive) = ${positive.toFixed(3)}, p(negative) = ${negative.toFixed(3)})`);
const unknown = words.filter((_, i) => ids[i] === tokenizer.unkId);
if (unknown.length > 0) print(tr`not in the model's ${tokenizer.vocabSize}-word vocabulary (read as <unk>): ${unknown.join(', ')}`);

// The pooling layer's weights over the words: [1, seqLen]; padding gets 0.
const pooling = Object.entries(attention).find(([, map]) => map.shape.length === 2)?.[1];
if (pooling) {
  const weights = Array.from(pooling.values.subarray(0, words.length));
  show('tokenSaliency', { tokens: words, weights }, { title: tr`attention pooling: how much each word counted` });
  const top = words.map((w, i) => [w, weights[i] ?? 0]).sort((a, b) => Number(b[1]) - Number(a[1])).slice(0, 3);
  print(tr`most attended: ${top.map(([w, v]) => `${w} ${Number(v).toFixed(2)}`).join(', ')}`);
}
tf.dispose([x, predictions]);
model.dispose();
