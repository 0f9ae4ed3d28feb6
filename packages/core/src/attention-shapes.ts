import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { assertRank, assertShape, type Dim } from './assert-shape.js';
import { ShapeError } from './shape-error.js';

/** The sizes read off validated attention inputs. Internal. */
export interface AttentionDims {
  /** The callers' rank: 2 `[seqLen, d]`, 3 `[batch, seqLen, d]` or 4 `[batch, heads, seqLen, dHead]`. */
  rank: 2 | 3 | 4;
  batch: number;
  heads: number;
  seqLenQ: number;
  seqLenK: number;
  dHead: number;
  dValue: number;
}

const QUERY_LAYOUTS = {
  2: ['seqLenQ', 'dHead'],
  3: ['batch', 'seqLenQ', 'dHead'],
  4: ['batch', 'heads', 'seqLenQ', 'dHead'],
} as const;

/** The dims before `[seqLen, d]` for a rank, as expected-shape entries sized from the query. */
function leadDims(rank: number, query: Tensor): Dim[] {
  if (rank === 2) return [];
  if (rank === 3) return [['batch', query.shape[0]!]];
  return [
    ['batch', query.shape[0]!],
    ['heads', query.shape[1]!],
  ];
}

/**
 * Validates query, key and value of matching rank (2, 3 or 4): same leading
 * dims, key's last dim equal to the query's, value's seqLen equal to the key's.
 * `sameDepth: false` lets key depth differ from query depth (additive scores).
 */
export function checkAttentionInputs(
  fn: string,
  query: unknown,
  key: unknown,
  value: unknown | undefined,
  names: readonly [string, string, string] = ['query', 'key', 'value'],
  sameDepth = true,
): AttentionDims {
  const q = assertRank(fn, names[0], query, QUERY_LAYOUTS);
  const rank = q.rank as 2 | 3 | 4;
  const lead = leadDims(rank, q);
  const dHead = q.shape[rank - 1]!;
  if (sameDepth && dHead < 1) {
    // A dot product over no dimensions scores every key 0, and 1/sqrt(0) is infinite.
    throw new ShapeError(fn, names[0], `[${QUERY_LAYOUTS[rank].join(', ')}] with dHead >= 1`, q.shape, 'scores are dot products over dHead');
  }
  const about = `${names[0]} is [${q.shape.join(', ')}]`;
  assertShape(fn, names[1], key, [...lead, 'seqLenK', sameDepth ? ['dHead', dHead] : 'dKey'], about);
  const k = key as Tensor;
  const seqLenK = k.shape[rank - 2]!;
  let dValue = k.shape[rank - 1]!;
  if (value !== undefined) {
    assertShape(fn, names[2], value, [...lead, ['seqLenK', seqLenK], 'dValue'], `${about}, ${names[1]} is [${k.shape.join(', ')}]`);
    dValue = (value as Tensor).shape[rank - 1]!;
  }
  return {
    rank,
    batch: rank === 2 ? 1 : q.shape[0]!,
    heads: rank === 4 ? q.shape[1]! : 1,
    seqLenQ: q.shape[rank - 2]!,
    seqLenK,
    dHead,
    dValue,
  };
}

/** Lifts `[seqLen, d]` or `[batch, seqLen, d]` to `[batch, heads, seqLen, d]` with size-1 axes. Internal. */
export function toRank4(x: Tensor): Tensor4D {
  if (x.rank === 4) return x as Tensor4D;
  if (x.rank === 3) return x.reshape([x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]); // [batch, 1, seqLen, d]
  return x.reshape([1, 1, x.shape[0]!, x.shape[1]!]); // [1, 1, seqLen, d]
}

/** Undoes {@link toRank4}: drops the size-1 axes that rank `rank` did not have. Internal. */
export function fromRank4(x: Tensor4D, rank: 2 | 3 | 4): Tensor {
  const [batch, , rows, cols] = x.shape;
  if (rank === 4) return x;
  if (rank === 3) return x.reshape([batch, rows, cols]); // [batch, rows, cols]
  return x.reshape([rows, cols]); // [rows, cols]
}
