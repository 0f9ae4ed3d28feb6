// @ts-check
// Generate text one character at a time with the shipped character-level
// language models of @attention-lab/models, trained on Moby-Dick. At each
// step the model gives a probability for every next character; temperature
// sharpens (< 1) or flattens (> 1) that distribution, top-k keeps only the k
// most likely characters, and one is drawn with a seeded generator, so the
// same settings give the same text.
import { CharTokenizer } from '@attention-lab/datasets';
import { generateText, loadPretrained } from '@attention-lab/models';
import { heatmap, inputs, print, tr } from 'live';

const name = /** @type {'char-transformer' | 'char-lstm'} */ (String(inputs.model));
const { model, metadata } = await loadPretrained(name);
const tokenizer = CharTokenizer.fromJSON(metadata['tokenizer']);
const metrics = /** @type {Record<string, unknown>} */ (metadata['metrics']);
const prompt = String(inputs.prompt);
const promptIds = tokenizer.encode(prompt);
if (promptIds.length === 0) throw new Error(tr`type a prompt of at least one character`);
const unknown = [...prompt].filter((_, i) => promptIds[i] === tokenizer.unkId);
if (unknown.length > 0) print(tr`characters the model never saw (read as <unk>): ${[...new Set(unknown)].join(' ')}`);

const temperature = Number(inputs.temperature);
const topK = Number(inputs.topK);
const special = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
const result = await generateText(model, promptIds, { maxTokens: Number(inputs.length), temperature, topK, seed: Number(inputs.seed), suppressIds: special, attention: name === 'char-transformer' });
print(`${name}: ${Object.entries(metrics).flatMap(([k, v]) => (typeof v === 'number' ? [`${k} ${v.toFixed(3)}`] : [])).join(', ')}`);
print(tr`temperature ${temperature}, top-k ${topK === 0 ? tr`off` : topK}, seed ${inputs.seed}:`);
print(prompt + tokenizer.decode(result.ids));

// The Transformer's last step: which earlier characters each head of the last block looked at to pick the final character.
const maps = result.attention ? Object.entries(result.attention) : [];
const last = maps.at(-1);
if (last && result.context) {
  const [block, map] = last;
  const [, heads = 1, q = 1, k = 1] = map.shape;
  const row = result.context.position;
  const seen = row + 1; // causal: the row sees keys 0..row
  const labels = result.context.ids.slice(0, seen).map((id) => {
    const c = tokenizer.vocab[id] ?? '?';
    return c === ' ' ? '␣' : c === '\n' ? '⏎' : c;
  });
  const weights = Array.from({ length: heads }, (_, h) => Array.from(map.values.subarray((h * q + row) * k, (h * q + row) * k + seen)));
  heatmap(weights, { rows: Array.from({ length: heads }, (_, h) => tr`head ${h + 1}`), cols: labels, title: tr`${block}: where each head looked to write the last character`, showValues: false });
}
model.dispose();
