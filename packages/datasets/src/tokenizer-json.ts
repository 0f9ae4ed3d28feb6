// Checks shared by the tokenizers' fromJSON. Internal: not exported from index.ts.
import { SPECIAL_TOKENS } from './special-tokens.js';

/**
 * Throws unless `json` is an object of the given `type` whose `vocab` is an
 * array of distinct strings starting with the special tokens; returns it.
 */
export function checkVocabJson(fn: string, json: unknown, type: string): { vocab: string[] } & Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TypeError(`${fn}: argument 'json' must be an object from toJSON(), got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const o = json as Record<string, unknown>;
  if (o.type !== type) throw new TypeError(`${fn}: argument 'json' has type ${JSON.stringify(o.type)}, expected ${JSON.stringify(type)}`);
  checkVocab(fn, o.vocab, 'json.vocab');
  return o as { vocab: string[] } & Record<string, unknown>;
}

/** Throws unless `vocab` is an array of distinct non-empty strings starting with the special tokens. */
export function checkVocab(fn: string, vocab: unknown, name: string): asserts vocab is string[] {
  if (!Array.isArray(vocab) || !vocab.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new TypeError(`${fn}: argument '${name}' must be an array of non-empty strings`);
  }
  SPECIAL_TOKENS.forEach((token, id) => {
    if (vocab[id] !== token) throw new RangeError(`${fn}: argument '${name}[${id}]' must be ${JSON.stringify(token)}, got ${JSON.stringify(vocab[id])}`);
  });
  const seen = new Set<string>();
  vocab.forEach((t: string, id) => {
    if (seen.has(t)) throw new RangeError(`${fn}: argument '${name}' lists ${JSON.stringify(t)} twice (again at ${id})`);
    seen.add(t);
  });
}

/** Throws unless `value` is undefined or an integer >= `min`. */
export function checkOptionalInteger(fn: string, name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: option '${name}' must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Throws if `options` has a key not in `known`. */
export function checkKeys(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option '${key}'; known options are ${known.join(', ')}`);
  }
}
