import { ShapeError } from '@attention-lab/core';
import type { AttentionMap } from './read-attention-maps.js';

/**
 * Stacks the self-attention maps of several layers into one grid cut to the
 * first `length` tokens, as viz's `headView` and `modelView` take it: maps
 * `[batch, heads, seqLen, seqLen]` (the first batch item is read; a text
 * shorter than the model's window is followed by padding) become
 * `[layers, heads, length, length]`.
 *
 * @param maps - One map per layer, in layer order, all of the same shape.
 * @param length - Tokens to keep, in `1..seqLen`.
 * @returns `{ data, shape }`, row-major.
 * @example
 * const { attention } = await predictWithAttention(model, x); // block_1 … block_4: [1, 4, 64, 64]
 * const grid = attentionGrid(['block_1', 'block_2', 'block_3', 'block_4'].map((k) => attention[k]!), 12); // shape [4, 4, 12, 12]
 */
export function attentionGrid(maps: readonly AttentionMap[], length: number): { data: Float32Array; shape: [number, number, number, number] } {
  const fn = 'attentionGrid';
  if (!Array.isArray(maps) || maps.length === 0) throw new TypeError(`${fn}: argument 'maps' must be a non-empty array of attention maps, got ${String(maps)}`);
  const first = maps[0]!.shape;
  maps.forEach((map, l) => {
    const s = map?.shape;
    if (!Array.isArray(s) || s.length !== 4 || s[2] !== s[3] || s[1] !== first[1] || s[2] !== first[2]) {
      throw new ShapeError(fn, `maps[${l}]`, `[batch, heads=${String(first[1])}, seqLen=${String(first[2])}, seqLen] like maps[0]`, Array.isArray(s) ? s : []);
    }
  });
  const [, heads, seqLen] = first as [number, number, number, number];
  if (!Number.isInteger(length) || length < 1 || length > seqLen) throw new RangeError(`${fn}: argument 'length' must be an integer in 1..seqLen = ${seqLen}, got ${String(length)}`);
  const n = length;
  const data = new Float32Array(maps.length * heads * n * n);
  maps.forEach((map, l) => {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < n; i++) {
        const from = (h * seqLen + i) * seqLen; // row i of head h of the first batch item
        data.set(map.values.subarray(from, from + n), ((l * heads + h) * n + i) * n);
      }
    }
  });
  return { data, shape: [maps.length, heads, n, n] };
}
