import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { assertWritable } from './writable-path.js';

const dir = mkdtempSync(join(tmpdir(), 'attention-lab-writable-'));
afterAll(() => {
  chmodSync(join(dir, 'locked'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});
writeFileSync(join(dir, 'a-file'), 'x');
mkdirSync(join(dir, 'a-folder.svg'));
mkdirSync(join(dir, 'locked'));
chmodSync(join(dir, 'locked'), 0o555);

describe('assertWritable', () => {
  it('assertWritable accepts new paths in a writable folder and existing ones of the right kind', () => {
    expect(() => assertWritable('--out', join(dir, 'new', 'deeper', 'model'), 'folder')).not.toThrow();
    expect(() => assertWritable('--out', join(dir, 'a-folder.svg'), 'folder')).not.toThrow();
    expect(() => assertWritable('--out', join(dir, 'a-file'), 'file')).not.toThrow();
    expect(() => assertWritable('--out', 'relative-model', 'folder')).not.toThrow();
  });

  it('assertWritable refuses a path under a regular file, naming the flag and the file', () => {
    const path = join(dir, 'a-file', 'kr', 'model');
    expect(() => assertWritable('--out', path, 'folder')).toThrow(new CliError(`cannot write --out ${path}: ${join(dir, 'a-file')} is a file, not a folder`));
    expect(() => assertWritable('--out', join(dir, 'a-file', 'x.svg'), 'file')).toThrow(/is a file, not a folder$/);
  });

  it('assertWritable refuses a file where a folder goes and a folder where a file goes', () => {
    expect(() => assertWritable('--checkpoint', join(dir, 'a-file'), 'folder')).toThrow(/^cannot write --checkpoint .*a-file: it is a file, not a folder$/);
    expect(() => assertWritable('--out', join(dir, 'a-folder.svg'), 'file')).toThrow(/^cannot write --out .*a-folder\.svg: it is a folder$/);
  });

  it('assertWritable refuses a folder the process may not write in', (ctx) => {
    if (process.getuid?.() === 0) ctx.skip(); // root writes anywhere
    expect(() => assertWritable('--out', join(dir, 'locked', 'kr'), 'folder')).toThrow(/^cannot write --out .*kr: the folder .*locked is not writable \(permission denied\)$/);
  });
});
