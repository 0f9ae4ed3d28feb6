import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@attention-lab/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HEAD_ROLE_THRESHOLDS, analyzeHeads, headRole, headRoleScores } from './head-roles.js';
import { inductionProbe } from './induction-probe.js';
import { lstmLanguageModel } from './lstm-language-model.js';
import { type AttentionMap, readAttentionMaps } from './read-attention-maps.js';
import { transformerLanguageModel } from './transformer-language-model.js';

/** The hand-built weights of query `t` on keys 0, 1, … (zero-filled to seqLen). */
type Row = (t: number) => number[];

/** A map `[batch, heads, seqLen, seqLen]` whose row `t` of item `b`, head `h` is `rows[b][h](t)`, zero-filled to seqLen. */
function mapOf(seqLen: number, rows: Row[][]): AttentionMap {
  const batch = rows.length;
  const heads = rows[0]!.length;
  const values = new Float32Array(batch * heads * seqLen * seqLen);
  rows.forEach((perHead, b) => perHead.forEach((row, h) => {
    for (let t = 0; t < seqLen; t++) values.set(row(t), ((b * heads + h) * seqLen + t) * seqLen);
  }));
  return { shape: [batch, heads, seqLen, seqLen], values };
}

/** All of query t's weight on key k. */
const onKey = (t: number, k: number) => Array.from({ length: t + 1 }, (_, j) => (j === k ? 1 : 0));
const previous: Row = (t) => onKey(t, Math.max(0, t - 1));
const sink: Row = (t) => onKey(t, 0);
const current: Row = (t) => onKey(t, t);
const uniform: Row = (t) => new Array<number>(t + 1).fill(1 / (t + 1));

describe('headRoleScores', () => {
  test('headRoleScores on pure previous-token, sink and current-token heads scores 1 for their role, 0 for the others', () => {
    const scores = headRoleScores(mapOf(5, [[previous, sink, current]]));
    expect(scores.map((s) => s.head)).toEqual([0, 1, 2]);
    expect(scores[0]).toEqual({ head: 0, scores: { previousToken: 1, firstToken: 0, currentToken: 0, broad: 0 }, role: 'previousToken' });
    expect(scores[1]).toEqual({ head: 1, scores: { previousToken: 0, firstToken: 1, currentToken: 0, broad: 0 }, role: 'firstToken' });
    expect(scores[2]).toEqual({ head: 2, scores: { previousToken: 0, firstToken: 0, currentToken: 1, broad: 0 }, role: 'currentToken' });
  });

  test('headRoleScores on a uniform causal head: broad 1, and 1/(t+1) on each key, averaged over rows 2..4', () => {
    const [head] = headRoleScores(mapOf(5, [[uniform]]));
    const each = (1 / 3 + 1 / 4 + 1 / 5) / 3; // = 47/180
    expect(head!.scores.previousToken).toBeCloseTo(each, 6);
    expect(head!.scores.firstToken).toBeCloseTo(each, 6);
    expect(head!.scores.currentToken).toBeCloseTo(each, 6);
    expect(head!.scores.broad).toBeCloseTo(1, 6);
    expect(head!.scores.induction).toBeUndefined();
    expect(head!.role).toBe('broad');
  });

  test('headRoleScores on a head split half and half between previous and current token (a tie goes to previousToken)', () => {
    const half: Row = (t) => (t === 0 ? [1] : Array.from({ length: t + 1 }, (_, j) => (j === t || j === t - 1 ? 0.5 : 0)));
    const [head] = headRoleScores(mapOf(5, [[half]]));
    // Each scored row t = 2, 3, 4 has entropy log 2 over a maximum of log(t + 1).
    const broad = (Math.log(2) / Math.log(3) + Math.log(2) / Math.log(4) + Math.log(2) / Math.log(5)) / 3;
    expect(head!.scores.previousToken).toBeCloseTo(0.5, 6);
    expect(head!.scores.currentToken).toBeCloseTo(0.5, 6);
    expect(head!.scores.firstToken).toBe(0);
    expect(head!.scores.broad).toBeCloseTo(broad, 6);
    expect(head!.role).toBe('previousToken');
  });

  test('headRoleScores averages over every scored row of every batch item, each item up to its length', () => {
    const map = mapOf(5, [[previous], [sink]]);
    // Lengths 5 and 5: rows 2..4 of each, 3 previous-token rows and 3 sink rows.
    expect(headRoleScores(map)[0]!.scores).toEqual({ previousToken: 0.5, firstToken: 0.5, currentToken: 0, broad: 0 });
    // Lengths 5 and 3: rows 2..4 of item 0 (previous) and row 2 of item 1 (sink).
    expect(headRoleScores(map, { length: [5, 3] })[0]!.scores).toEqual({ previousToken: 0.75, firstToken: 0.25, currentToken: 0, broad: 0 });
    // Lengths 5 and 2: item 1 has no scored row.
    expect(headRoleScores(map, { length: [5, 2] })[0]!.scores).toEqual({ previousToken: 1, firstToken: 0, currentToken: 0, broad: 0 });
  });

  test('headRoleScores with options.length ignores the padding rows, even non-causal ones', () => {
    // Rows 0..3 previous token, rows 4..5 (padding) spread over all keys, past the diagonal.
    const padded: Row = (t) => (t < 4 ? previous(t) : new Array<number>(6).fill(1 / 6));
    const [head] = headRoleScores(mapOf(6, [[padded]]), { length: 4 });
    expect(head!.scores).toEqual({ previousToken: 1, firstToken: 0, currentToken: 0, broad: 0 });
    // Sink padding rows are causal, so without length they count: rows 2, 3 previous, rows 4, 5 sink.
    const sinkPadded: Row = (t) => (t < 4 ? previous(t) : sink(t));
    expect(headRoleScores(mapOf(6, [[sinkPadded]]))[0]!.scores).toEqual({ previousToken: 0.5, firstToken: 0.5, currentToken: 0, broad: 0 });
    expect(headRoleScores(mapOf(6, [[sinkPadded]]), { length: 4 })[0]!.scores.previousToken).toBe(1);
  });

  describe('induction', () => {
    // Probe layout, seqLen 8: 0 BOS | 1..3 span a b c | 4..6 span again | 7 padding.
    // Query i = 4, 5, 6 (tokens a, b, c of the second copy) has its induction key at i - 2 (the b, c and second a).
    const induction = { start: 1, period: 3 };
    const inductionHead: Row = (t) => (t >= 4 && t <= 6 ? onKey(t, t - 2) : previous(t));
    const mixed: Row = (t) => (t >= 4 && t <= 6 ? Array.from({ length: t + 1 }, (_, j) => (j === t - 2 ? 0.6 : j === t ? 0.4 : 0)) : previous(t));

    test('headRoleScores scores induction 1 on a head that attends to the token after the earlier copy, 0 on a previous-token head', () => {
      const [ind, prev, uni] = headRoleScores(mapOf(8, [[inductionHead, previous, uniform]]), { length: 7, induction });
      expect(ind!.scores.induction).toBe(1);
      expect(ind!.role).toBe('induction');
      expect(prev!.scores.induction).toBe(0);
      expect(prev!.role).toBe('previousToken');
      expect(uni!.scores.induction).toBeCloseTo((1 / 5 + 1 / 6 + 1 / 7) / 3, 6); // 1/(i+1) at i = 4, 5, 6
    });

    test('headRoleScores on a head with 0.6 on the induction key and 0.4 on the current token (every score by hand)', () => {
      const [head] = headRoleScores(mapOf(8, [[mixed]]), { length: 7, induction });
      // Scored rows t = 2..6: rows 2, 3 previous token; rows 4, 5, 6 split 0.6 / 0.4.
      const h = -(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4));
      expect(head!.scores.previousToken).toBeCloseTo(2 / 5, 6);
      expect(head!.scores.currentToken).toBeCloseTo((3 * 0.4) / 5, 6);
      expect(head!.scores.firstToken).toBe(0);
      expect(head!.scores.broad).toBeCloseTo((h / Math.log(5) + h / Math.log(6) + h / Math.log(7)) / 5, 6);
      expect(head!.scores.induction).toBeCloseTo(0.6, 6);
      expect(head!.role).toBe('induction'); // margin 0.3; previousToken 0.4 is below its 0.5
    });

    test('headRoleScores counts only induction queries before options.length', () => {
      const [, uni] = headRoleScores(mapOf(8, [[inductionHead, uniform]]), { length: 6, induction });
      expect(uni!.scores.induction).toBeCloseTo((1 / 5 + 1 / 6) / 2, 6); // queries 4 and 5 only
      const [ind] = headRoleScores(mapOf(8, [[inductionHead], [previous]]), { length: [7, 5], induction });
      expect(ind!.scores.induction).toBeCloseTo((1 + 1 + 1 + 0) / 4, 6); // item 0: queries 4..6; item 1: query 4
    });
  });

  test('headRoleScores keeps its scores in [0, 1], the three position scores summing to at most 1 (random causal maps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 1000 }), (seqLen, seed) => {
        let state = seed;
        const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) ** 3; // skewed, some near 0
        const random: Row = (t) => {
          const raw = Array.from({ length: t + 1 }, () => next() + 1e-9);
          const sum = raw.reduce((a, b) => a + b, 0);
          return raw.map((x) => x / sum);
        };
        for (const { scores } of headRoleScores(mapOf(seqLen, [[random, random]]))) {
          for (const s of [scores.previousToken, scores.firstToken, scores.currentToken, scores.broad]) {
            expect(s).toBeGreaterThanOrEqual(-1e-6);
            expect(s).toBeLessThanOrEqual(1 + 1e-6);
          }
          expect(scores.previousToken + scores.firstToken + scores.currentToken).toBeLessThanOrEqual(1 + 1e-5);
        }
      }),
      { numRuns: 30 },
    );
  });

  test('headRoleScores names the argument and shapes it rejects', () => {
    const good = mapOf(4, [[previous]]);
    const fn = (map: AttentionMap, options?: object) => () => headRoleScores(map, options);
    expect(fn({ shape: [1, 4, 4], values: new Float32Array(16) })).toThrow(ShapeError);
    expect(fn({ shape: [1, 4, 4], values: new Float32Array(16) })).toThrow(/headRoleScores: argument 'map' has shape \[1, 4, 4\] but expected \[batch, heads, seqLen, seqLen\]/);
    expect(fn({ shape: [1, 1, 4, 5], values: new Float32Array(20) })).toThrow(/headRoleScores: argument 'map' has shape \[1, 1, 4, 5\]/);
    expect(fn({ shape: [1, 0, 4, 4], values: new Float32Array(0) })).toThrow(/argument 'map' has shape \[1, 0, 4, 4\]/);
    expect(fn({ shape: [1, 1, 4, 4], values: new Float32Array(15) })).toThrow(/headRoleScores: argument 'map.values' has shape \[15\] but expected \[16\] values to fill shape \[1, 1, 4, 4\]/);
    expect(fn(null as never)).toThrow(/headRoleScores: argument 'map' must be an AttentionMap/);
    expect(fn(good, { length: 5 })).toThrow(/headRoleScores: argument 'options.length' must be an integer in 0..4 \(seqLen of 'map' \[1, 1, 4, 4\]\), got 5/);
    expect(fn(good, { length: [4, 4] })).toThrow(/headRoleScores: argument 'options.length' must be one length or 1 \(batch of 'map' \[1, 1, 4, 4\]\), got 2 lengths/);
    expect(fn(good, { length: [1.5] })).toThrow(/'options.length\[0\]' must be an integer in 0..4/);
    expect(fn(good, { length: 2 })).toThrow(/headRoleScores: argument 'options.length' \(2\) leaves no row to score/);
    expect(fn(good, { induction: { start: 0, period: 2 } })).toThrow(/headRoleScores: argument 'options.induction.period' must be an integer >= 3, got 2/);
    expect(fn(good, { induction: { start: -1, period: 3 } })).toThrow(/'options.induction.start' must be an integer >= 0/);
    expect(fn(mapOf(8, [[previous]]), { induction: { start: 2, period: 4 } })).toThrow(
      /headRoleScores: argument 'options.induction' \(\{ start: 2, period: 4 \}\) needs seqLen >= start \+ 2 \* period = 10, but 'map' has shape \[1, 1, 8, 8\]/,
    );
    expect(fn(mapOf(8, [[previous]]), { length: 4, induction: { start: 1, period: 3 } })).toThrow(/'options.induction' .* has no query of its second copy \(positions 4..6\) before 'options.length' \(4\)/);
    const all: Row = () => new Array<number>(4).fill(0.25);
    expect(fn(mapOf(4, [[previous, all]]))).toThrow(/headRoleScores: argument 'map' is not causal: batch 0, head 1, query 0 puts 0.25 on key 1/);
  });
});

describe('headRole', () => {
  const base = { previousToken: 0, firstToken: 0, currentToken: 0, broad: 0 };

  test('headRole picks the role that clears its threshold by the largest margin, else null', () => {
    expect(HEAD_ROLE_THRESHOLDS).toEqual({ previousToken: 0.5, induction: 0.3, firstToken: 0.5, currentToken: 0.5, broad: 0.8 });
    expect(Object.isFrozen(HEAD_ROLE_THRESHOLDS)).toBe(true);
    expect(headRole({ ...base, previousToken: 0.6, firstToken: 0.7 })).toBe('firstToken'); // margins 0.1 and 0.2
    expect(headRole({ ...base, previousToken: 0.6, broad: 0.95 })).toBe('broad'); // margins 0.1 and 0.15
    expect(headRole({ ...base, currentToken: 0.55, induction: 0.4 })).toBe('induction'); // margins 0.05 and 0.1
    expect(headRole({ ...base, previousToken: 0.5 })).toBe('previousToken'); // exactly at the threshold
    expect(headRole({ ...base, previousToken: 0.49, broad: 0.79, induction: 0.29 })).toBeNull();
    expect(headRole({ ...base, previousToken: 0.7, currentToken: 0.7 })).toBe('previousToken'); // a tie: the first listed
    expect(headRole({ ...base, broad: NaN })).toBeNull();
  });

  test('headRole with custom thresholds', () => {
    expect(headRole({ ...base, broad: 0.85 }, { ...HEAD_ROLE_THRESHOLDS, broad: 0.9 })).toBeNull();
    expect(headRole({ ...base, previousToken: 0.4 }, { ...HEAD_ROLE_THRESHOLDS, previousToken: 0.3 })).toBe('previousToken');
    expect(() => headRole(null as never)).toThrow(/headRole: argument 'scores' must be an object/);
  });
});

describe('analyzeHeads', () => {
  const tiny = () => transformerLanguageModel({ vocabSize: 12, seqLen: 16, dModel: 8, numBlocks: 2, numHeads: 2 });
  const text = [
    [4, 5, 6, 7, 4, 5, 6, 7, 8, 9],
    [3, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 3, 4, 5, 6, 7],
    [2, 2],
  ];
  const probe = inductionProbe({ vocabSize: 12, period: 6, exclude: [0], prefix: [1], seed: 2 }); // 13 ids

  test('analyzeHeads gives each block 2 heads whose scores are headRoleScores of the maps of the same call', async () => {
    const model = tiny();
    const plain = await analyzeHeads(model, { text });
    const maps = await readAttentionMaps(model); // the maps of analyzeHeads' call
    expect(plain.layers.map((l) => l.name)).toEqual(['block_1', 'block_2']);
    expect(maps['block_1']!.shape).toEqual([3, 2, 16, 16]);
    for (const layer of plain.layers) {
      expect(layer.heads).toEqual(headRoleScores(maps[layer.name]!, { length: [10, 16, 2] }));
      expect(layer.heads.map((h) => h.head)).toEqual([0, 1]);
    }

    const probed = await analyzeHeads(model, { text, probe });
    const probeMaps = await readAttentionMaps(model); // now the probe's maps, [1, heads, seqLen, seqLen]
    expect(probeMaps['block_2']!.shape).toEqual([1, 2, 16, 16]);
    probed.layers.forEach((layer, l) => {
      const induction = headRoleScores(probeMaps[layer.name]!, { length: 13, induction: { start: 1, period: 6 } });
      layer.heads.forEach((head, h) => {
        const { induction: score, ...rest } = head.scores;
        expect(rest).toEqual(plain.layers[l]!.heads[h]!.scores);
        expect(score).toBe(induction[h]!.scores.induction);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(head.role).toBe(headRole(head.scores));
      });
    });
  });

  test('analyzeHeads does not depend on padId (a causal model never reads the padding)', async () => {
    const model = tiny();
    const a = await analyzeHeads(model, { text, probe });
    const b = await analyzeHeads(model, { text, probe, padId: 9 });
    a.layers.forEach((layer, l) => layer.heads.forEach((head, h) => {
      const other = b.layers[l]!.heads[h]!.scores;
      for (const [role, score] of Object.entries(head.scores)) expect(other[role as keyof typeof other]).toBeCloseTo(score, 5);
    }));
  });

  test('analyzeHeads leaks no tensor', async () => {
    const model = tiny();
    await analyzeHeads(model, { text, probe }); // warm-up: the blocks now hold their maps
    const before = tf.memory().numTensors;
    await analyzeHeads(model, { text, probe });
    await analyzeHeads(model, { text });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('analyzeHeads names the argument it rejects', async () => {
    const model = tiny();
    const fn = (options: object) => analyzeHeads(model, { text, ...options });
    await expect(analyzeHeads(null as never, { text })).rejects.toThrow(/analyzeHeads: argument 'model' must be a tf.LayersModel/);
    await expect(analyzeHeads(model, null as never)).rejects.toThrow(/analyzeHeads: argument 'options' must be an object with text/);
    await expect(fn({ text: [] })).rejects.toThrow(/analyzeHeads: argument 'options.text' must be a non-empty array of id rows/);
    await expect(fn({ text: [new Array<number>(17).fill(3)] })).rejects.toThrow(/analyzeHeads: argument 'options.text\[0\]' must be an array of 1..16 ids \(seqLen 16\), got length 17/);
    await expect(fn({ text: [[3, 4], []] })).rejects.toThrow(/'options.text\[1\]' must be an array of 1..16 ids/);
    await expect(fn({ text: [[3, 12, 4]] })).rejects.toThrow(/analyzeHeads: argument 'options.text\[0\]\[1\]' must be an id in 0..11, got 12/);
    await expect(fn({ text: [[3, 4], [5]] })).rejects.toThrow(/analyzeHeads: argument 'options.text' needs a row of at least 3 ids .* got lengths \[2, 1\]/);
    await expect(fn({ padId: 12 })).rejects.toThrow(/analyzeHeads: argument 'options.padId' must be an id in 0..11, got 12/);
    await expect(fn({ probe: { ids: [1, 2, 3, 4, 5], start: 0, period: 3 } })).rejects.toThrow(
      /analyzeHeads: argument 'options.probe' \(\{ start: 0, period: 3 \}\) needs ids of length >= start \+ 2 \* period = 6, got 5/,
    );
    await expect(fn({ probe: { ids: new Array<number>(17).fill(1), start: 0, period: 3 } })).rejects.toThrow(/'options.probe.ids' must be an array of 1..16 ids/);
    await expect(fn({ probe: { ids: [1, 2, 1, 2], start: 0, period: 2 } })).rejects.toThrow(/'options.probe.period' must be an integer >= 3, got 2/);
    const lstm = lstmLanguageModel({ vocabSize: 12, seqLen: 16, units: 4 });
    await expect(analyzeHeads(lstm, { text })).rejects.toThrow(/analyzeHeads: argument 'model' \('.*'\) has no self-attention map \[batch, heads, seqLen, seqLen\] to score/);
  });
});
