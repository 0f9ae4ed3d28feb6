/**
 * The error every chart throws for bad data: it names the function, the
 * argument, what was expected and what was received.
 *
 * @example
 * try { attentionHeatmap(el, { values: { data: [1, 2, 3], shape: [2, 2] } }); }
 * catch (e) { if (e instanceof VizError) console.log(e.fn, e.argument, e.expected, e.actual); }
 */
export class VizError extends Error {
  /** The public function that rejected its input, e.g. `"attentionHeatmap"`. */
  readonly fn: string;
  /** The argument that was wrong, e.g. `"data.values"` or `"data.queryTokens"`. */
  readonly argument: string;
  /** What was expected, in the project's dimension names, e.g. `"[seqLenQ=4, seqLenK]"`. */
  readonly expected: string;
  /** What was received, e.g. `"[3, 5]"` or `"NaN at [1, 2]"`. */
  readonly actual: string;

  /**
   * @param fn - The public function's name.
   * @param argument - The argument's path, e.g. `"data.values"`.
   * @param expected - What a valid value looks like.
   * @param actual - What was received.
   */
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(`${fn}: argument '${argument}' expected ${expected}, got ${actual}`);
    this.name = 'VizError';
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}
