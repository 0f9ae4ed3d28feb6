import { PRETRAINED_NAMES } from '@attention-lab/models';
import { describe, expect, it } from 'vitest';
import { shippedWeights } from './shipped-weights.js';

describe('shippedWeights', () => {
  it('shippedWeights is undefined for a name the models package does not ship', () => {
    expect(shippedWeights('no-such-model')).toBeUndefined();
  });

  it('shippedWeights loads every shipped model with its metadata', async () => {
    for (const name of PRETRAINED_NAMES) {
      const { model, metadata } = await shippedWeights(name)!();
      expect(model.inputs.length).toBeGreaterThan(0);
      expect(Object.keys(metadata).length).toBeGreaterThan(0);
      model.dispose();
    }
  });
});
