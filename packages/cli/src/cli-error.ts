import process from 'node:process';

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

/** What a failed file operation means, by Node's error code, in the words of a message. */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file of that name is in the way',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files are open',
  EPIPE: 'the output was closed before the command finished',
};

/** What the command was doing, by the system call that failed. */
const FILE_ACTIONS: Readonly<Record<string, string>> = {
  mkdir: 'create the folder',
  open: 'open',
  write: 'write',
  read: 'read',
  rename: 'replace',
  unlink: 'remove',
  rm: 'remove',
  rmdir: 'remove',
  scandir: 'list',
  stat: 'read',
  lstat: 'read',
  access: 'reach',
  copyfile: 'copy',
};

/** A Node system error (`fs`, `net`…): it has a string `code` such as `'ENOENT'` and the `syscall` that failed. */
function isSystemError(error: unknown): error is Error & { code: string; syscall: string; path?: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { syscall?: unknown }).syscall === 'string';
}

/** A message on one line: every run of control characters (newlines, tabs, escapes) becomes one space. */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\s*[\u0000-\u001f\u007f-\u009f]+\s*/g, ' ').trim();
}

/**
 * The one line the command prints for an error, and the exit code: a
 * {@link CliError} gives its message (with a hint to `--help` for a
 * {@link UsageError}); a failed file operation (a folder that is a file, no
 * permission, a full disk) says what could not be done to which path, exit 1;
 * anything else is a bug, reported as one line that asks for a report, exit 1,
 * with its stack in `stack` (the command prints it only when
 * `ATTENTION_LAB_DEBUG` is set). No stack trace is ever part of the line.
 *
 * @param error - What was thrown.
 * @returns `{ line, exitCode, stack }`; `line` starts with `'attention-lab: '` and has no newline; `stack` only for a bug.
 * @example
 * const { line, exitCode } = errorLine(new CliError('no model.json in runs/kr'));
 * // line: 'attention-lab: no model.json in runs/kr', exitCode: 1
 */
export function errorLine(error: unknown): { line: string; exitCode: number; stack?: string } {
  if (error instanceof CliError) {
    return { line: `attention-lab: ${oneLine(error.message)}${error instanceof UsageError ? " (see 'attention-lab --help')" : ''}`, exitCode: error.exitCode };
  }
  if (isSystemError(error)) {
    const problem = FILE_PROBLEMS[error.code] ?? oneLine(error.message);
    const action = FILE_ACTIONS[error.syscall] ?? error.syscall;
    const what = error.path != null ? `cannot ${action} ${error.path}` : `cannot ${action}`;
    return { line: oneLine(`attention-lab: ${what}: ${problem} (${error.code})`), exitCode: 1 };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    line: `attention-lab: internal error, please report it with the command you ran (ATTENTION_LAB_DEBUG=1 shows where it happened): ${oneLine(message)}`,
    exitCode: 1,
    ...(error instanceof Error && error.stack != null ? { stack: error.stack } : {}),
  };
}

/**
 * Writes {@link errorLine}'s line for an error on a stream, and a bug's stack
 * after it when the environment variable `ATTENTION_LAB_DEBUG` is set: what
 * `runCli` does with whatever a command throws, and what the executable does
 * with an error that escapes it.
 *
 * @param error - What was thrown.
 * @param stderr - Where to write (the process's stderr, or a test's).
 * @returns The exit code.
 * @example
 * process.exitCode = reportError(error, process.stderr);
 */
export function reportError(error: unknown, stderr: { write(text: string): unknown }): number {
  const { line, exitCode, stack } = errorLine(error);
  stderr.write(`${line}\n`);
  if (stack != null && process.env['ATTENTION_LAB_DEBUG']) stderr.write(`${stack}\n`);
  return exitCode;
}
