import { formatDuration } from './format-duration.js';

/** Where a {@link ProgressBar} writes: a stream with `write`, and `isTTY` when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Steps in one pass (the bar's 100%). Required. */
  total: number;
  /** Text before the bar, e.g. `'epoch 2/10'`. Default `''`. */
  label?: string;
  /** Redraw in place (`\r`) when `true`; print plain lines when `false`. Default: `stream.isTTY`. */
  tty?: boolean;
  /** Plain-line mode: print a line every this many steps. Default: a quarter of `total` (at least 1). */
  every?: number;
  /** Clock in milliseconds, for tests. Default `performance.now`. */
  now?: () => number;
}

/**
 * A progress bar for a terminal: `epoch 2/10 [######------] 13/25 loss 0.4213 acc 0.8750 0:12 left`.
 * On a TTY it redraws one line in place (at most every 100 ms); elsewhere (a
 * pipe, CI, a test) it prints plain lines every `every` steps and at the end.
 * Time left comes from the mean time per step so far, or from `remaining`.
 *
 * @example
 * const bar = new ProgressBar(process.stderr, { total: 50, label: 'epoch 1/3' });
 * bar.update(10, { loss: 0.52, acc: 0.81 });
 * bar.done({ loss: 0.31, acc: 0.9 });
 */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly total: number;
  private readonly label: string;
  private readonly tty: boolean;
  private readonly every: number;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private lastLength = 0;

  /**
   * @param stream - Where to write (e.g. `process.stderr`).
   * @param options - `total` (required), `label`, `tty`, `every`, `now`; see {@link ProgressBarOptions}.
   * @returns A bar at step 0 (nothing is written yet).
   * @example
   * const bar = new ProgressBar(process.stdout, { total: 100, tty: false, every: 10 });
   */
  constructor(stream: ProgressStream, options: ProgressBarOptions) {
    if (!Number.isInteger(options.total) || options.total < 1) throw new RangeError(`ProgressBar: options.total must be an integer >= 1, got ${String(options.total)}`);
    this.stream = stream;
    this.total = options.total;
    this.label = options.label ?? '';
    this.tty = options.tty ?? stream.isTTY === true;
    this.every = Math.max(1, Math.floor(options.every ?? options.total / 4));
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  /**
   * Shows progress after `step` of `total` steps.
   *
   * @param step - Steps done in this pass (0..total).
   * @param metrics - Figures to show, e.g. `{ loss, acc }`, printed with 4 decimals.
   * @param remaining - Seconds left, when the caller knows better than this pass's pace (a whole run). Default: from this pass.
   * @returns Nothing.
   * @example
   * bar.update(5, { loss: 0.7 });
   */
  update(step: number, metrics: Record<string, number> = {}, remaining?: number): void {
    const t = this.now();
    if (this.tty) {
      if (t - this.lastDraw < 100 && step < this.total) return;
      this.lastDraw = t;
      const text = this.line(step, metrics, remaining, t);
      const width = Math.max(20, (this.stream.columns || 100) - 1); // a pty without a size reports 0 columns
      const shown = text.length > width ? text.slice(0, width) : text;
      this.stream.write(`\r${shown}${' '.repeat(Math.max(0, this.lastLength - shown.length))}`);
      this.lastLength = shown.length;
    } else if (step % this.every === 0 && step < this.total) {
      this.stream.write(`${this.line(step, metrics, remaining, t)}\n`);
    }
  }

  /**
   * Ends the pass: draws it at 100% and moves to a new line.
   *
   * @param metrics - The pass's final figures.
   * @param suffix - Extra text after the figures (e.g. validation figures). Default `''`.
   * @returns Nothing.
   * @example
   * bar.done({ loss: 0.3 }, 'val_loss 0.35');
   */
  done(metrics: Record<string, number> = {}, suffix = ''): void {
    const text = `${this.line(this.total, metrics, 0, this.now())}${suffix ? ` ${suffix}` : ''}`;
    this.stream.write(this.tty ? `\r${text}${' '.repeat(Math.max(0, this.lastLength - text.length))}\n` : `${text}\n`);
    this.lastLength = 0;
  }

  /**
   * Leaves the bar where it is and moves to a new line (after an interruption).
   *
   * @returns Nothing.
   * @example
   * bar.interrupt();
   */
  interrupt(): void {
    if (this.tty && this.lastLength > 0) this.stream.write('\n');
    this.lastLength = 0;
  }

  private line(step: number, metrics: Record<string, number>, remaining: number | undefined, t: number): string {
    const width = 20;
    const filled = Math.round((width * Math.min(step, this.total)) / this.total);
    const bar = this.tty ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]` : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const elapsed = (t - this.start) / 1000;
    const left = remaining ?? (step > 0 ? (elapsed / step) * (this.total - step) : NaN);
    const figures = Object.entries(metrics)
      .filter(([, v]) => Number.isFinite(v))
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(' ');
    return [this.label, bar, `${step}/${this.total}`, figures, `${formatDuration(left)} left`].filter((s) => s !== '').join(' ');
  }
}
