import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { AdditiveAttention } from './additive-attention.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { PositionalEmbedding } from './positional-embedding.js';
import { TransformerDecoderBlock } from './transformer-decoder-block.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';

test('new MultiHeadAttention(null), and every layer given a config that is not an object, throws a TypeError naming the layer and what was given', () => {
  const layers = { AdditiveAttention, MultiHeadAttention, PositionalEmbedding, TransformerDecoderBlock, TransformerEncoderBlock };
  const before = tf.memory().numTensors;
  for (const [name, Layer] of Object.entries(layers)) {
    for (const [config, shown] of [[null, 'null'], [undefined, 'undefined'], [4, '4'], ['mha', 'mha'], [[], 'an array']] as const) {
      expect(() => new Layer(config as never)).toThrow(new TypeError(`${name}: argument 'config' must be an object, got ${shown}`));
    }
  }
  expect(tf.memory().numTensors).toBe(before);
});
