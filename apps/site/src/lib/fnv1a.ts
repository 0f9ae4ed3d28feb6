const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * The 32-bit FNV-1a hash of a string's UTF-8 bytes.
 *
 * @param text - The string to hash.
 * @returns An unsigned 32-bit integer; equal strings always give equal hashes.
 * @example
 * fnv1a(''); // 2166136261
 */
export function fnv1a(text: string): number {
  let hash = OFFSET_BASIS;
  for (const byte of encoder.encode(text)) {
    hash = Math.imul(hash ^ byte, PRIME) >>> 0;
  }
  return hash;
}
