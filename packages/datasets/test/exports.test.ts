// Pins the public surface of every entry: a change to it must be deliberate
// (update this list and add a changeset).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import * as datasets from '../src/index.js';
import * as tensors from '../src/tensors.js';

test('@attention-lab/datasets exports exactly these names', () => {
  expect(Object.keys(datasets).sort()).toEqual([
    'BpeTokenizer',
    'CharTokenizer',
    'SPECIAL_TOKENS',
    'SubwordTokenizer',
    'WordTokenizer',
    'batchIterator',
    'cldrPhrases',
    'createRng',
    'dateTranslation',
    'languageModelWindows',
    'mnist',
    'mobyDick',
    'numberWords',
    'outsideTraining',
    'padBatch',
    'sentimentSentences',
    'splitRecords',
    'toySequenceTasks',
  ]);
});

test('@attention-lab/datasets/tensors exports exactly these names', () => {
  expect(Object.keys(tensors).sort()).toEqual(['languageModelTensors', 'padBatchTensors']);
});

// One entry per data set with an asset, so that a bundled app ships only the
// assets of the loaders it imports (the main entry names all four).
test.each([
  ['cldr-phrases', 'cldrPhrases', 'cldr-phrases.json'],
  ['mnist', 'mnist', 'mnist.bin'],
  ['moby-dick', 'mobyDick', 'moby-dick.json'],
  ['sentiment-sentences', 'sentimentSentences', 'sentiment-sentences.json'],
])('@attention-lab/datasets/%s exports exactly %s, which names only %s', async (entry, loader, asset) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, Record<string, string>> };
  expect(pkg.exports[`./${entry}`]).toEqual({ '@attention-lab/source': `./src/${entry}.ts`, types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` });
  const module = (await import(`../src/${entry}.ts`)) as Record<string, unknown>;
  expect(Object.keys(module)).toEqual([loader]);
  expect(module[loader]).toBe((datasets as Record<string, unknown>)[loader]);
  const code = readFileSync(new URL(`../src/${entry}.ts`, import.meta.url), 'utf8');
  expect([...code.matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)].map((m) => m[1])).toEqual([`../assets/${asset}`]);
});
