import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { PRETRAINED_NAMES } from './load-pretrained.js';
import type { RecipeData } from './recipe.js';
import { recipe, RECIPES } from './recipe-registry.js';

/** The first `n` rows of every tensor of a split (a cheap stand-in for a whole test split). */
function firstRows(data: RecipeData, n: number): RecipeData {
  const rows = (t: tf.Tensor) => t.slice(0, n);
  const x = Array.isArray(data.test.x) ? data.test.x.map(rows) : rows(data.test.x);
  const y = rows(data.test.y);
  const test = { x, y };
  return { train: test, validation: test, test, metadata: data.metadata, dispose: () => tf.dispose([x, y].flat()) };
}

describe('RECIPES', () => {
  test('RECIPES has a recipe under every shipped name, named as its key, and no name loadPretrained lacks but subword-transformer', () => {
    const names = Object.keys(RECIPES);
    for (const name of PRETRAINED_NAMES) expect(names).toContain(name);
    expect(names.filter((n) => !(PRETRAINED_NAMES as readonly string[]).includes(n)).filter((n) => n !== 'subword-transformer')).toEqual([]);
    for (const [name, r] of Object.entries(RECIPES)) expect(r.name).toBe(name);
    expect(names).toEqual([
      'date-translator',
      'number-words-fr',
      'number-words-de',
      'number-words-zh',
      'date-transformer',
      'key-recall-attention',
      'key-recall-lstm',
      'sentiment-transformer',
      'mnist-attention',
      'char-transformer',
      'char-lstm',
      'subword-transformer',
    ]);
  });

  test('every quick and browser variant says in one line how it differs, and keeps the shipped data set and factory', () => {
    let variants = 0;
    for (const r of Object.values(RECIPES)) {
      for (const variant of [r.quick, r.browser]) {
        if (variant == null) continue;
        variants++;
        expect(variant.differences.trim().length, r.name).toBeGreaterThan(20);
        expect(variant.differences, r.name).not.toContain('\n');
        expect(variant.dataset.name).toBe(r.dataset.name);
        expect(variant.model.factory).toBe(r.model.factory);
      }
    }
    expect(variants).toBeGreaterThanOrEqual(8);
    expect(recipe('key-recall-attention').quick.differences).toMatch(/^4 pairs instead of 12 and 6,000 examples instead of 12,000/);
  });

  test('every bar names a metric, a split and which way is better', () => {
    for (const r of Object.values(RECIPES)) {
      expect(r.bar.metric, r.name).not.toBe('');
      expect(['validation', 'test']).toContain(r.bar.split);
      expect(r.bar.better === 'higher' ? r.bar.value <= 1 : r.bar.value > 1, r.name).toBe(true);
    }
  });

  test('RECIPES is frozen down to the options: no caller can change a recipe for the others', () => {
    expect(Object.isFrozen(RECIPES)).toBe(true);
    const options = recipe('key-recall-attention').quick.model.options;
    expect(Object.isFrozen(options)).toBe(true);
    expect(() => ((options as { units: number }).units = 1)).toThrow(TypeError);
    expect(Object.isFrozen(recipe('date-translator').browser.dataset.options.formats)).toBe(true);
  });

  test('the key-recall variants train their dataset length last', () => {
    for (const name of ['key-recall-attention', 'key-recall-lstm'] as const) {
      for (const config of [recipe(name), recipe(name).quick, recipe(name).browser]) expect(config.settings.lengths.at(-1)).toBe(config.dataset.options.length);
    }
  });
});

describe('recipe', () => {
  test('recipe(name) returns the recipe of RECIPES', () => {
    expect(recipe('char-lstm')).toBe(RECIPES['char-lstm']);
    expect(recipe('date-transformer').settings.schedule).toEqual({ kind: 'warmup', warmupSteps: 200, scale: 2 });
  });

  test("recipe('nope') throws a RangeError naming every recipe", () => {
    expect(() => recipe('nope')).toThrow(RangeError);
    expect(() => recipe('nope')).toThrow(new RegExp(`^recipe: unknown recipe 'nope'; recipes: ${Object.keys(RECIPES).join(', ')}$`));
    expect(() => recipe('toString')).toThrow(/unknown recipe 'toString'/);
  });

  test('createModel and loadData of a variant a recipe lacks throw a RangeError naming the variants it has', async () => {
    expect(() => recipe('number-words-fr').createModel({ variant: 'quick' })).toThrow(/^number-words-fr has no quick variant; it has: shipped$/);
    await expect(recipe('sentiment-transformer').loadData({ variant: 'browser' })).rejects.toThrow(/sentiment-transformer has no browser variant; it has: shipped, quick/);
  });
});

describe('createModel and loadData', () => {
  test("key-recall-attention's quick createModel reads loadData's ids [n, 10] and gives probabilities [n, 37]", async () => {
    const r = recipe('key-recall-attention');
    const data = await r.loadData({ variant: 'quick', seed: 0 });
    const model = r.createModel({ variant: 'quick', seed: 0 });
    try {
      const x = data.train.x as tf.Tensor;
      expect(x.shape).toEqual([4800, 10]);
      expect(x.dtype).toBe('int32');
      expect(data.test.y.shape).toEqual([600]);
      expect(model.inputs[0]!.shape).toEqual([null, 10]);
      expect(data.metadata).toEqual({ dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: 4, symbols: 16, count: 6000, seed: 0 } } });
      const slice = x.slice(0, 8);
      const out = model.predict(slice) as tf.Tensor;
      expect(out.shape).toEqual([8, 37]);
      tf.dispose([slice, out]);
      const small = firstRows(data, 50);
      const { accuracy } = await r.evaluate(model, small);
      small.dispose();
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
    } finally {
      data.dispose();
      model.dispose();
    }
  });

  test("number-words-fr's createModel reads loadData's sources [n, 4] and decoder inputs [n, 47] and gives [n, 47, vocab]", async () => {
    const r = recipe('number-words-fr');
    const data = await r.loadData();
    const model = r.createModel();
    try {
      const [source, targetInput] = data.train.x as tf.Tensor[];
      expect(source!.shape).toEqual([8000, 4]);
      expect(targetInput!.shape).toEqual([8000, 47]);
      expect(data.train.y.shape).toEqual([8000, 47, 1]);
      expect(model.inputs.map((i) => i.shape)).toEqual([[null, 4], [null, 47]]);
      expect(Object.keys(data.metadata).sort()).toEqual(['dataset', 'sourceTokenizer', 'targetTokenizer']);
      const small = firstRows(data, 4);
      const out = model.predict(small.test.x) as tf.Tensor;
      expect(out.shape.slice(0, 2)).toEqual([4, 47]);
      out.dispose();
      const { exactMatch } = await r.evaluate(model, small);
      small.dispose();
      expect(exactMatch).toBeGreaterThanOrEqual(0);
      expect(exactMatch).toBeLessThanOrEqual(1);
    } finally {
      data.dispose();
      model.dispose();
    }
  });
});
