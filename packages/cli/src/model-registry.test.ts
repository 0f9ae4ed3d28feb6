import { recipe } from '@attention-lab/models';
import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from './cli-error.js';
import { findModel, MODELS, recipeOfFolder } from './model-registry.js';

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

  it('every model names a recipe of the models package registry, whose quick differences it carries', () => {
    for (const model of Object.values(MODELS)) {
      const entry = recipe(model.registry);
      expect(entry.name).toBe(model.registry);
      expect(model.differences).toBe(entry.quick?.differences);
      expect(model.epochs).toBe((entry.quick ?? entry).settings.epochs);
    }
  });

  it('recipeOfFolder names the folder of a model this version does not know, with exit code 1', () => {
    expect(recipeOfFolder('key-recall', 'runs/kr')).toBe(MODELS['key-recall']);
    let error: unknown;
    try {
      recipeOfFolder('gpt-9', 'runs/new');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^the model in runs\/new is 'gpt-9', which this version of attention-lab does not know/);
  });
});
