// Pins the public surface: a change to it must be deliberate (update this
// list and add a changeset).
import { expect, test } from 'vitest';
import * as core from '../src/index.js';

test('@attention-lab/core exports exactly these names', () => {
  expect(Object.keys(core).sort()).toEqual([
    'ShapeError',
    'additiveAttention',
    'additiveScores',
    'assertBoolean',
    'assertInteger',
    'assertNumber',
    'assertOneOf',
    'attentionPooling',
    'causalMask',
    'combineMasks',
    'dotProductScores',
    'explainAdditiveAttention',
    'explainScaledDotProductAttention',
    'fusedAttention',
    'fusedAttentionAvailable',
    'fusedAttentionParallel',
    'generalScores',
    'maskedSoftmax',
    'memoryEfficientAttention',
    'mergeHeads',
    'multiHeadAttention',
    'paddingMask',
    'scaledDotProductAttention',
    'scaledDotProductScores',
    'sinusoidalPositionalEncoding',
    'splitHeads',
    'terminateFusedAttentionThreads',
    'useBestBackend',
  ]);
});
