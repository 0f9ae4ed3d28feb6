/**
 * What core's benchmarks share for printing: markdown tables on stdout,
 * progress on stderr (so that stdout stays pasteable), and the number formats
 * and median every table uses.
 */

import os from 'node:os';

export const GiB = 2 ** 30;
export const MiB = 2 ** 20;

/** A progress logger to stderr, each line stamped `[label seconds]` since the logger was made. */
export function progressLogger(label: string): (message: string) => void {
  const startedAt = performance.now();
  return (message) => {
    process.stderr.write(`[${label} ${((performance.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  };
}

/** One line of stdout. */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A markdown table: the first `textColumns` columns left-aligned, the rest right-aligned numbers. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): void {
  print(`| ${header.join(' | ')} |`);
  print(`|${header.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`);
  for (const row of rows) print(`| ${row.join(' | ')} |`);
  print();
}

/** A table whose first two columns (path, backend) are text. */
export function pathTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  table(header, rows, 2);
}

/** The CPU, memory and OS rows every benchmark's machine table starts with. */
function machineRows(): string[] {
  const cpus = os.cpus();
  return [
    `| CPU | ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores |`,
    `| memory | ${fmtBytes(os.totalmem())} |`,
    `| OS | ${os.type()} ${os.release()} ${os.arch()} |`,
  ];
}

/**
 * The start every benchmark's output shares: the title, the line saying when
 * and with which command it was recorded (`file` in bench/, `script` the
 * package's pnpm script, `args` as given, `on` an optional machine summary),
 * and the machine table with its CPU, memory and OS rows; the caller prints
 * its own rows of that table next.
 */
export function printHeader(title: string, file: string, script: string, args: readonly string[], quick: boolean, on?: string): void {
  const given = args.length ? ` ${args.join(' ')}` : '';
  print(`# ${title}`);
  print();
  print(`Recorded ${new Date().toISOString()} with \`tsx --conditions=@attention-lab/source bench/${file}${given}\` (\`pnpm ${script}${given}\` in packages/core)${on ? ` on ${on}` : ''}${quick ? ', quick mode' : ''}.`);
  print();
  print('| machine | |');
  print('|---|---|');
  for (const row of machineRows()) print(row);
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds with 2, 1 or 0 decimals as they grow. */
export function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0);
}

/** Bytes as MiB, or GiB from 1 GiB. */
export function fmtBytes(bytes: number): string {
  return bytes >= GiB ? `${(bytes / GiB).toFixed(2)} GiB` : `${(bytes / MiB).toFixed(bytes >= 100 * MiB ? 0 : 1)} MiB`;
}

/** GFLOP/s from flops and milliseconds, two decimals. */
export function gflops(flops: number, ms: number): string {
  return (flops / ms / 1e6).toFixed(2);
}

/** The largest |a[i] - b[i]|; Infinity for different lengths or any NaN. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
