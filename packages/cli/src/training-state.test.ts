import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { type TrainingState, trainingState } from './training-state.js';

const FILE = 'kr.checkpoint/model.json';
const saved: TrainingState = { model: 'key-recall', epoch: 1, stepInEpoch: 7, epochs: 3, batchSize: 16, seed: 0, out: '/runs/kr3', history: { loss: [2.5] }, recipe: { note: 'kept' } };

/** The message trainingState throws for a state with one field changed. */
function refusal(field: string, value: unknown): string {
  try {
    trainingState({ ...saved, [field]: value }, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(1);
    return (error as Error).message;
  }
  throw new Error(`trainingState accepted ${field} = ${JSON.stringify(value)}`);
}

describe('trainingState', () => {
  it('trainingState returns a saved state as it was, with history and recipe {} where absent', () => {
    expect(trainingState(JSON.parse(JSON.stringify(saved)), FILE)).toEqual(saved);
    const { out: _out, history: _history, recipe: _recipe, ...older } = saved;
    expect(trainingState(older, FILE)).toEqual({ ...older, history: {}, recipe: {} });
  });

  it('trainingState checks batch size, seed and epochs by the rules of their flags, in one line naming the file', () => {
    expect(refusal('batchSize', 0)).toBe(`cannot read the training state in ${FILE}: batchSize must be an integer >= 1 (as --batch-size), got 0 (was the file edited or damaged?)`);
    expect(refusal('batchSize', 'abc')).toMatch(/batchSize must be an integer >= 1 \(as --batch-size\), got "abc"/);
    expect(refusal('seed', 'x')).toMatch(/seed must be an integer >= 0 \(as --seed\), got "x"/);
    expect(refusal('epochs', 'abc')).toMatch(/epochs must be an integer >= 1 \(as --epochs\), got "abc"/);
    expect(refusal('epochs', 1.5)).toMatch(/epochs must be an integer >= 1/);
  });

  it('trainingState refuses a negative epoch or step, a missing setting and fields of the wrong kind', () => {
    expect(refusal('epoch', -1)).toMatch(/epoch must be an integer >= 0, got -1/);
    expect(refusal('stepInEpoch', -3)).toMatch(/stepInEpoch must be an integer >= 0, got -3/);
    expect(refusal('seed', undefined)).toMatch(/seed must be an integer >= 0 \(as --seed\), got undefined/);
    expect(refusal('model', 7)).toMatch(/model must be a model name, got 7/);
    expect(refusal('out', '')).toMatch(/out must be a folder, got ""/);
    expect(refusal('history', { loss: 2 })).toMatch(/history must be an object of arrays/);
    expect(refusal('recipe', [1])).toMatch(/recipe must be an object, got \[1\]/);
    expect(() => trainingState(undefined, FILE)).toThrow(/was not saved by attention-lab/);
    for (const field of ['batchSize', 'seed', 'epoch', 'history']) expect(refusal(field, 'x\n  at evil')).not.toContain('\n');
  });
});
