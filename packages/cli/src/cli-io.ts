import type { ProgressStream } from './progress-bar.js';

/** Where a command writes and what stops it: the process's streams and Ctrl-C, or a test's. */
export interface CliIo {
  /** Results (predictions, tables, metrics). */
  stdout: ProgressStream;
  /** Progress, notes and errors. */
  stderr: ProgressStream;
  /** Aborted on Ctrl-C: `train` then saves a checkpoint and stops. Default: never. */
  signal?: AbortSignal;
}
