// @ts-check
// A trained Transformer reads your sentence. The model is the subword
// language model that @attention-lab/models ships (four causal blocks of
// four heads, trained on Moby-Dick); the head view draws, for the layer you
// pick, a line from each token to every earlier token it attends to.
import { SubwordTokenizer } from '@attention-lab/datasets';
import { attentionGrid, headRoleScores, loadPretrained, predictWithAttention } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { inputs, print, show, tr } from 'live';

const { model, metadata } = await loadPretrained('subword-transformer');
const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
const seqLen = model.inputs[0]?.shape[1] ?? 64;
const ids = tokenizer.encode(String(inputs.sentence)).slice(0, seqLen);
if (ids.length === 0) throw new Error(tr`Type a sentence first.`);
const n = ids.length;
const pieces = ids.map((id) => (tokenizer.vocab[id] ?? '?').replace(/^ /, '·')); // · marks a token that starts a word

// The model reads a fixed window of seqLen tokens; padding after the text changes nothing before it (causal).
const x = tf.tensor2d([[...ids, ...new Array(seqLen - n).fill(0)]], [1, seqLen], 'int32');
const { predictions, attention } = await predictWithAttention(model, x); // attention.block_1 … block_4: [1, heads, seqLen, seqLen]

// Every block's map cut to the n real tokens: [layers, heads, n, n].
const maps = Object.entries(attention).filter(([key]) => key.startsWith('block_')).map(([, map]) => map);
const grid = attentionGrid(maps, n);
const layer = Number(inputs.layer);
show('headView', { attention: grid, queryTokens: pieces, keyTokens: pieces }, { layer });

// What each head of the chosen layer does on this sentence, measured (at least 3 tokens).
const chosen = maps[layer];
if (n >= 3 && chosen) {
  const scores = headRoleScores(chosen, { length: n });
  for (const { head, scores: s, role } of scores) {
    const measured = tr`layer ${layer}, head ${head}: previous token ${s.previousToken.toFixed(2)}, first token ${s.firstToken.toFixed(2)}, itself ${s.currentToken.toFixed(2)}, spread ${s.broad.toFixed(2)}`;
    print(`${measured}${role ? ` → ${role}` : ''}`);
  }
}

// And what it expects next.
const next = await predictions.slice([0, n - 1, 0], [1, 1, -1]).reshape([-1]).data();
const top = Array.from(next, (p, id) => ({ p, id })).sort((a, b) => b.p - a.p).slice(0, 5);
print(tr`most likely next: ${top.map(({ p, id }) => `${JSON.stringify(tokenizer.vocab[id] ?? '?')} ${(100 * p).toFixed(1)}%`).join(', ')}`);
tf.dispose([x, predictions]);
model.dispose();
