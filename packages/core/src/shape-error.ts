/**
 * The error every public function throws for bad input: it names the
 * function, the argument, and the expected and actual shapes.
 *
 * @example
 * try { scaledDotProductAttention(q, k, v); }
 * catch (e) { if (e instanceof ShapeError) console.log(e.fn, e.argument, e.actual); }
 */
export class ShapeError extends Error {
  /** The public function that rejected its input, e.g. `"scaledDotProductAttention"`. */
  readonly fn: string;
  /** The argument that was wrong, e.g. `"key"` or `"options.mask"`. */
  readonly argument: string;
  /** What was expected, in the project's dimension names, e.g. `"[batch=2, seqLenK, dHead=64]"`. */
  readonly expected: string;
  /** The shape that was received. */
  readonly actual: readonly number[];

  constructor(fn: string, argument: string, expected: string, actual: readonly number[], detail?: string) {
    super(
      `${fn}: argument '${argument}' has shape ${formatShape(actual)} but expected ${expected}` +
        (detail ? ` (${detail})` : ''),
    );
    this.name = 'ShapeError';
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}

/** Formats a shape as `[2, 5, 64]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
