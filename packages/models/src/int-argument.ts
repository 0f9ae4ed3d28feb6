/**
 * Reads an integer field of a factory's options object: returns it, or throws
 * a RangeError naming the function and `options.<name>`. Internal; the model
 * factories share it so their errors read the same.
 *
 * @param fn - The factory's name, e.g. `'transformerSeq2seq'`.
 * @param name - The option's name, e.g. `'dModel'`.
 * @param value - The value given.
 * @param min - The smallest allowed value.
 * @returns `value`, now known to be an integer `>= min`.
 * @example
 * const dModel = intArgument('transformerSeq2seq', 'dModel', options.dModel ?? 64, 1);
 */
export function intArgument(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new RangeError(`${fn}: argument 'options.${name}' must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
