/**
 * Formats rows as a Markdown table with padded columns, so the output reads in
 * a terminal and pastes into a report.
 *
 * @param headers - The column headers.
 * @param rows - The cells, one array per row, as strings (same length as `headers`).
 * @param align - Per column, `'left'` or `'right'`. Default: all left.
 * @returns The table, lines joined by `\n` (no trailing newline).
 * @example
 * formatTable(['seqLen', 'ms'], [['128', '38.2']], ['right', 'right']);
 * // | seqLen |   ms |
 * // |-------:|-----:|
 * // |    128 | 38.2 |
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string {
  const widths = headers.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) => (align[i] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (cells: readonly string[]) => `| ${headers.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
