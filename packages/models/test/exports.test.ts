// Pins the public surface: a change to it must be deliberate (update this
// list and add a changeset).
import { expect, test } from 'vitest';
import * as models from '../src/index.js';
import * as node from '../src/node.js';

test('@attention-lab/models exports exactly these names', () => {
  expect(Object.keys(models).sort()).toEqual([
    'AdditiveAttention',
    'AttentionPooling',
    'FusedLSTM',
    'HEAD_ROLE_THRESHOLDS',
    'MultiHeadAttention',
    'PRETRAINED_NAMES',
    'PositionalEmbedding',
    'RECIPES',
    'TransformerDecoderBlock',
    'TransformerEncoderBlock',
    'ZeroTokenMask',
    'analyzeHeads',
    'attentionGrid',
    'attentionSeq2seq',
    'decodeSequences',
    'generateText',
    'headRole',
    'headRoleScores',
    'imageAttentionClassifier',
    'inductionProbe',
    'keyRecallClassifier',
    'loadPretrained',
    'lstmLanguageModel',
    'predictWithAttention',
    'queryKeyVectors',
    'readAttentionMaps',
    'recipe',
    'registerWasmKernels',
    'sampleToken',
    'samplingDistribution',
    'saveModel',
    'seq2seqTensors',
    'train',
    'transformerClassifier',
    'transformerLanguageModel',
    'transformerSeq2seq',
    'warmupSchedule',
  ]);
});

test('@attention-lab/models/node exports exactly these names', () => {
  expect(Object.keys(node).sort()).toEqual(['MODEL_FILE', 'WEIGHTS_FILE', 'fileSystem']);
});

test('every layer is registered under the AttentionLab namespace', () => {
  const layers = [models.AdditiveAttention, models.AttentionPooling, models.MultiHeadAttention, models.PositionalEmbedding, models.TransformerDecoderBlock, models.TransformerEncoderBlock];
  for (const cls of layers) expect(cls.className).toMatch(/^AttentionLab>[A-Z]\w+$/);
});

test('the main entry never reaches node: modules (browser bundles stay clean); ./node does', async () => {
  const { readFileSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const reach = (entry: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
        else seen.add(spec);
      }
    };
    visit(entry);
    return seen;
  };
  const src = join(import.meta.dirname, '..', 'src');
  expect([...reach(join(src, 'index.ts'))].filter((s) => s.startsWith('node:'))).toEqual([]);
  expect([...reach(join(src, 'node.ts'))].filter((s) => s.startsWith('node:')).length).toBeGreaterThan(0);
});
