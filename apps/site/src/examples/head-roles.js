// @ts-check
// What the heads of a trained Transformer do, measured. analyzeHeads runs the
// shipped subword language model on a few sentences and on a span of random
// tokens written twice, and scores every head for five roles; the model view
// marks each head with the role it clears by the widest margin.
import { SubwordTokenizer } from '@attention-lab/datasets';
import { analyzeHeads, attentionGrid, HEAD_ROLE_THRESHOLDS, inductionProbe, loadPretrained, readAttentionMaps } from '@attention-lab/models';
import { inputs, print, show, tr } from 'live';

const { model, metadata } = await loadPretrained('subword-transformer');
const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
const seqLen = model.inputs[0]?.shape[1] ?? 64;
const sentences = String(inputs.sentences).split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s !== ''); // one row per sentence
if (sentences.length === 0) throw new Error(tr`Type at least one sentence.`);
const text = sentences.map((s) => tokenizer.encode(s).slice(0, seqLen)).filter((ids) => ids.length >= 3);
if (text.length === 0) throw new Error(tr`Each sentence needs at least three tokens.`);

const special = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
const probe = inductionProbe({ vocabSize: tokenizer.vocabSize, period: 24, seed: Number(inputs.seed), exclude: special });
const { layers } = await analyzeHeads(model, { text, padId: tokenizer.padId, probe });

print(tr`roles and their thresholds: ${Object.entries(HEAD_ROLE_THRESHOLDS).map(([role, t]) => `${role} >= ${t}`).join(', ')}`);
for (const [l, layer] of layers.entries()) {
  for (const { head, scores: s, role } of layer.heads) {
    print(tr`layer ${l}, head ${head}: previous ${s.previousToken.toFixed(2)}, induction ${(s.induction ?? 0).toFixed(2)}, first ${s.firstToken.toFixed(2)}, itself ${s.currentToken.toFixed(2)}, spread ${s.broad.toFixed(2)}${role ? `  → ${role}` : ''}`);
  }
}

// The probe's maps, every head, each marked with its role: induction heads show a stripe one span left of the diagonal.
const n = probe.ids.length;
const read = await readAttentionMaps(model); // the probe ran last, so the layers hold its maps
const grid = attentionGrid(layers.flatMap(({ name }) => read[name] ?? []), n);
const headLabels = layers.map((layer) => layer.heads.map(({ role }) => role ?? ''));
const pieces = probe.ids.map((id) => (tokenizer.vocab[id] ?? '?').replace(/^ /, '·'));
show('modelView', { attention: grid, queryTokens: pieces, keyTokens: pieces, headLabels }, { title: tr`Every head on ${probe.period} random tokens written twice` });
model.dispose();
