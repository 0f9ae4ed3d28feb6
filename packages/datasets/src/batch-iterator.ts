import { checkSeed, createRng } from './create-rng.js';

/** Options of {@link batchIterator}. */
export interface BatchIteratorOptions {
  /** Records per batch. Required. */
  batchSize: number;
  /** The seed of the shuffle. Default `0`. */
  seed?: number;
  /** The epoch number; each epoch shuffles differently for the same seed. Default `0`. */
  epoch?: number;
  /** Shuffle before batching. Default `true`. */
  shuffle?: boolean;
  /** Leave out a last batch smaller than `batchSize`. Default `false`. */
  dropLast?: boolean;
}

/**
 * Yields mini-batches of records, in an order shuffled by `seed` and `epoch`
 * (the same order in Node and in every browser). Every record appears once per
 * epoch; the input array is not changed.
 *
 * @param records - The records to batch.
 * @param options - `batchSize` (required), `seed` (default 0), `epoch` (default 0), `shuffle` (default true), `dropLast` (default false).
 * @returns A generator of arrays of at most `batchSize` records.
 * @example
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const batch of batchIterator(splits.train, { batchSize: 32, seed: 1, epoch })) train(batch);
 * }
 */
export function batchIterator<T>(records: readonly T[], options: BatchIteratorOptions): Generator<T[], void, undefined> {
  const fn = 'batchIterator';
  if (!Array.isArray(records)) throw new TypeError(`${fn}: argument 'records' must be an array, got ${records === null ? 'null' : typeof records}`);
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with batchSize, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!['batchSize', 'seed', 'epoch', 'shuffle', 'dropLast'].includes(key)) {
      throw new TypeError(`${fn}: unknown option '${key}'; known options are batchSize, seed, epoch, shuffle, dropLast`);
    }
  }
  const { batchSize, seed = 0, epoch = 0, shuffle = true, dropLast = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${fn}: option 'batchSize' must be an integer >= 1, got ${String(batchSize)}`);
  if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`${fn}: option 'epoch' must be an integer >= 0, got ${String(epoch)}`);
  checkSeed(fn, "option 'seed'", seed);
  const order = shuffle ? createRng(seed).fork(`epoch ${epoch}`).shuffle(records) : records.slice();
  return batches(order, batchSize, dropLast);
}

/** The generator behind batchIterator, so that bad options throw at the call, not at the first `next()`. */
function* batches<T>(order: T[], batchSize: number, dropLast: boolean): Generator<T[], void, undefined> {
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    if (dropLast && batch.length < batchSize) return;
    yield batch;
  }
}
