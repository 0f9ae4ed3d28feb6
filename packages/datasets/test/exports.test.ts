// Pins the public surface of both entries: a change to it must be deliberate
// (update this list and add a changeset).
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
