import { fnv1a } from './fnv1a';
import { seededMatrix } from './seeded-matrix';

/**
 * Gives each token a fixed vector derived from a hash of its text, so equal
 * tokens always get equal vectors. A stand-in for a learned embedding table:
 * it has no notion of meaning.
 *
 * @param tokens - `seqLen` tokens.
 * @param dModel - Length of each vector.
 * @returns A `Float32Array` holding a `[seqLen, dModel]` matrix, row-major, with
 *   entries in `[-1, 1)`.
 * @example
 * hashedEmbedding(['the', 'cat', 'the'], 4); // rows 0 and 2 are equal
 */
export function hashedEmbedding(tokens: readonly string[], dModel: number): Float32Array {
  const out = new Float32Array(tokens.length * dModel);
  tokens.forEach((token, row) => {
    out.set(seededMatrix(fnv1a(token), 1, dModel), row * dModel);
  });
  return out;
}
