/**
 * An error the command reports as one line, without a stack trace: a user's
 * mistake or a condition the user can fix (a missing file, an input the model
 * cannot encode). `exitCode` is what the process exits with.
 *
 * @example
 * throw new CliError(`cannot read the checkpoint ${dir}: no model.json`);
 */
export class CliError extends Error {
  /** The process exit code. Default `1`. */
  readonly exitCode: number;

  /**
   * @param message - One line that says what went wrong and how to fix it.
   * @param exitCode - The exit code. Default `1`.
   * @returns A new error.
   * @example
   * new CliError('no shipped weights for key-recall', 1);
   */
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * A usage mistake (unknown command or model, bad or missing flag): reported as
 * one line with a hint to `--help`, exit code 2.
 *
 * @example
 * throw new UsageError("unknown model 'gpt5'; models: key-recall");
 */
export class UsageError extends CliError {
  /**
   * @param message - One line naming the bad argument and what is allowed.
   * @returns A new error with exit code 2.
   * @example
   * new UsageError("--epochs must be an integer >= 1, got 'ten'");
   */
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
