import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { findModel, MODELS } from './model-registry.js';

describe('findModel', () => {
  it('findModel returns the recipe registered under each name', () => {
    for (const [name, recipe] of Object.entries(MODELS)) expect(findModel(name)).toBe(recipe);
    expect(findModel('key-recall').name).toBe('key-recall');
  });
  it('findModel rejects an unknown, empty or inherited name with a UsageError listing the models', () => {
    expect(() => findModel('gpt-9')).toThrow(UsageError);
    expect(() => findModel('gpt-9')).toThrow(/unknown model 'gpt-9'; models: .*key-recall/);
    expect(() => findModel('')).toThrow(/missing the model name/);
    expect(() => findModel('toString')).toThrow(/unknown model 'toString'/);
  });
});
