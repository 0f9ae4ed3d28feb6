import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { attentionSeq2seq } from './attention-seq2seq.js';
import { decodeSequences } from './decode-sequences.js';

// A tiny untrained model: 5 target ids (0 pad, 1 unused, 2 bos, 3 eos, 4 a letter), decoder length 3.
const BOS = 2;
const EOS = 3;
const model = attentionSeq2seq({ sourceVocabSize: 7, targetVocabSize: 6, sourceLength: 4, targetLength: 3, units: 4, embeddingDim: 3, attentionUnits: 4, seed: 5 });
const sources = tf.tensor2d([[4, 5, 6, 0], [6, 6, 0, 0]], [2, 4], 'int32');

/** log P(token at t | prefix) by a teacher-forced pass, computed here independently of decodeSequences. */
async function stepLogProb(item: number, prefix: number[], token: number): Promise<number> {
  const row = [BOS, ...prefix];
  while (row.length < 3) row.push(0);
  const src = sources.slice([item, 0], [1, 4]);
  const tgt = tf.tensor2d([row], [1, 3], 'int32');
  const probs = model.predict([src, tgt]) as tf.Tensor;
  const p = (await probs.array()) as number[][][];
  tf.dispose([src, tgt, probs]);
  return Math.log(p[0]![prefix.length]![token]!);
}

/** Every output of at most 3 tokens (ending in <eos>, or cut at 3 without it) with its log-probability. */
async function allOutputs(item: number): Promise<{ tokens: number[]; logP: number }[]> {
  const out: { tokens: number[]; logP: number }[] = [];
  const walk = async (prefix: number[], logP: number) => {
    if (prefix.length === 3) return void out.push({ tokens: prefix, logP });
    for (let token = 0; token < 6; token++) {
      const lp = logP + (await stepLogProb(item, prefix, token));
      if (token === EOS) out.push({ tokens: prefix, logP: lp });
      else await walk([...prefix, token], lp);
    }
  };
  await walk([], 0);
  return out;
}

describe('decodeSequences', () => {
  test('greedy decoding follows the most likely token at each step', async () => {
    const { sequences, logProbabilities } = await decodeSequences(model, sources, { bosId: BOS, eosId: EOS });
    for (let item = 0; item < 2; item++) {
      const prefix: number[] = [];
      let logP = 0;
      for (let t = 0; t < 3; t++) {
        const lps = await Promise.all([0, 1, 2, 3, 4, 5].map((tok) => stepLogProb(item, prefix, tok)));
        const best = lps.indexOf(Math.max(...lps));
        logP += lps[best]!;
        if (best === EOS) break;
        prefix.push(best);
      }
      expect(sequences[item]).toEqual(prefix);
      expect(logProbabilities[item]).toBeCloseTo(logP, 4);
    }
  });

  test('a beam as wide as the search space finds the most likely output found by enumeration', async () => {
    const { sequences, logProbabilities } = await decodeSequences(model, sources, { bosId: BOS, eosId: EOS, beamWidth: 216 });
    for (let item = 0; item < 2; item++) {
      const all = await allOutputs(item);
      const best = all.reduce((a, b) => (b.logP > a.logP ? b : a));
      expect(sequences[item]).toEqual(best.tokens);
      expect(logProbabilities[item]).toBeCloseTo(best.logP, 4);
    }
  });

  test('returns the cross-attention of the chosen outputs, rows summing to 1, none on source padding, no leaks', async () => {
    await decodeSequences(model, sources, { bosId: BOS, eosId: EOS, beamWidth: 2 }); // warm-up
    const before = tf.memory().numTensors;
    const { attention } = await decodeSequences(model, sources, { bosId: BOS, eosId: EOS, beamWidth: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const map = attention['attention']!;
    expect(map.shape).toEqual([2, 3, 4]);
    const lengths = [3, 2];
    for (let b = 0; b < 2; b++) {
      const row = map.values.slice(b * 12, b * 12 + 4); // the <bos> step always exists
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      for (let k = lengths[b]!; k < 4; k++) expect(row[k]).toBe(0);
    }
  });

  test('bad arguments get errors that name the argument', async () => {
    await expect(decodeSequences(model, tf.zeros([2, 5]), { bosId: BOS, eosId: EOS })).rejects.toThrow(/decodeSequences: argument 'sourceIds' has shape \[2, 5\]/);
    await expect(decodeSequences(model, sources, { bosId: BOS, eosId: EOS, beamWidth: 0 })).rejects.toThrow(/options.beamWidth/);
    await expect(decodeSequences(model, sources, { bosId: BOS, eosId: EOS, maxLength: 9 })).rejects.toThrow(/options.maxLength/);
  });
});
