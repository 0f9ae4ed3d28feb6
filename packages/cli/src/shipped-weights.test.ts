import { PRETRAINED_NAMES } from '@attention-lab/models';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { shippedWeights } from './shipped-weights.js';

/** The models package's folder of shipped weights. */
const PRETRAINED = join(dirname(createRequire(import.meta.url).resolve('@attention-lab/models')), '..', 'pretrained');

describe('shippedWeights', () => {
  it('shippedWeights is undefined for a name the models package does not ship', () => {
    expect(shippedWeights('no-such-model')).toBeUndefined();
  });

  it('shippedWeights loads every shipped model with its metadata, or says how to train one whose files are not installed', async () => {
    for (const name of PRETRAINED_NAMES) {
      const load = shippedWeights(name, `cli-${name}`)!;
      if (existsSync(join(PRETRAINED, name, 'model.json'))) {
        const { model, metadata } = await load();
        expect(model.inputs.length).toBeGreaterThan(0);
        expect(Object.keys(metadata).length).toBeGreaterThan(0);
        model.dispose();
      } else {
        const error = await load().then(() => undefined, (e: unknown) => e);
        expect(error, name).toBeInstanceOf(CliError);
        expect((error as Error).message).toMatch(new RegExp(`^cannot load the shipped weights of cli-${name} .*attention-lab train cli-${name} --out cli-${name}-model'$`));
      }
    }
  });
});
