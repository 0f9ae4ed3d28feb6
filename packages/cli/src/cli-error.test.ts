import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CliError, errorLine, reportError, UsageError } from './cli-error.js';

const dir = mkdtempSync(join(tmpdir(), 'attention-lab-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a real failed fs call throws. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('errorLine', () => {
  it('errorLine(CliError) is its message on one line, exit code kept; a UsageError points to --help', () => {
    expect(errorLine(new CliError('cannot read x:\n  bad\tthing', 3))).toEqual({ line: 'attention-lab: cannot read x: bad thing', exitCode: 3 });
    expect(errorLine(new UsageError('unknown flag'))).toEqual({ line: "attention-lab: unknown flag (see 'attention-lab --help')", exitCode: 2 });
  });

  it('errorLine of a failed mkdir under a regular file names the action, the path and the reason, exit 1', () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    const error = thrownBy(() => mkdirSync(join(dir, 'a-file', 'model'), { recursive: true }));
    const { line, exitCode, stack } = errorLine(error);
    expect(exitCode).toBe(1);
    expect(stack).toBeUndefined();
    expect(line).toMatch(/^attention-lab: cannot create the folder .*a-file.*: (a file of that name is in the way \(EEXIST\)|a part of the path is a file, not a folder \(ENOTDIR\))$/);
  });

  it('errorLine of a permission error says permission denied', () => {
    // The tests may run as root, where no folder refuses a write: build the error Node gives.
    const error = Object.assign(new Error("EACCES: permission denied, open '/srv/ro/a.svg'"), { code: 'EACCES', errno: -13, syscall: 'open', path: '/srv/ro/a.svg' });
    expect(errorLine(error)).toEqual({ line: 'attention-lab: cannot open /srv/ro/a.svg: permission denied (EACCES)', exitCode: 1 });
  });

  it('errorLine of a bug is one line asking for a report, with the stack kept aside', () => {
    const bug = new RangeError('ProgressBar: options.total must be an integer >= 1, got NaN');
    const { line, exitCode, stack } = errorLine(bug);
    expect(exitCode).toBe(1);
    expect(line).toBe(
      'attention-lab: internal error, please report it with the command you ran (ATTENTION_LAB_DEBUG=1 shows where it happened): RangeError: ProgressBar: options.total must be an integer >= 1, got NaN',
    );
    expect(stack).toContain('\n    at ');
    expect(errorLine('thrown text').line).toMatch(/internal error.*: thrown text$/);
  });
});

describe('reportError', () => {
  afterEach(() => {
    delete process.env['ATTENTION_LAB_DEBUG'];
  });

  it('reportError writes one line and returns the exit code; the stack only with ATTENTION_LAB_DEBUG', () => {
    const written: string[] = [];
    const stderr = { write: (t: string) => written.push(t) };
    expect(reportError(new TypeError('x is not a function'), stderr)).toBe(1);
    expect(written.join('')).not.toContain('\n    at ');
    expect(written.join('').split('\n')).toHaveLength(2); // one line and its newline
    process.env['ATTENTION_LAB_DEBUG'] = '1';
    written.length = 0;
    reportError(new TypeError('x is not a function'), stderr);
    expect(written.join('')).toContain('\n    at ');
    written.length = 0;
    expect(reportError(new CliError('no model.json'), stderr)).toBe(1);
    expect(written).toEqual(['attention-lab: no model.json\n']);
  });
});
