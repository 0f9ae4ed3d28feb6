/**
 * How a line of example output is laid out below the example:
 * - `'wrap'`: prose; it wraps at the width of the output box.
 * - `'columns'`: entries set apart by runs of three or more spaces, as in one
 *   row of a table printed row by row. Next to another such line it is a table
 *   row and keeps its columns; a lone one (say `"a  →  b   (note)"`) wraps.
 * - `'block'`: one print that spans several lines (a tensor, a whole table);
 *   it keeps its lines and columns.
 *
 * Lines that keep their columns scroll sideways with the output box, which
 * shows a shadow at an edge with more beyond.
 */
export type ConsoleLineLayout = 'wrap' | 'columns' | 'block';

/** Three or more spaces between two entries (leading indentation does not count). */
const COLUMN_GAP = /\S {3,}\S/;

/**
 * Tells how a printed line is laid out: prose wraps, tables and tensors keep their columns.
 *
 * @param text - The line as printed (by `print` or the example's `console`).
 * @returns `'block'` when it spans several lines, `'columns'` when entries are set apart by 3+ spaces, otherwise `'wrap'`.
 * @example
 * consoleLineLayout('seqLen   full ms   chunked ms'); // 'columns'
 * consoleLineLayout('Tensor [2] float32\n[1.0000, 2.0000]'); // 'block'
 * consoleLineLayout('the whale and the ship'); // 'wrap'
 */
export function consoleLineLayout(text: string): ConsoleLineLayout {
  if (text.includes('\n')) return 'block';
  return COLUMN_GAP.test(text) ? 'columns' : 'wrap';
}
