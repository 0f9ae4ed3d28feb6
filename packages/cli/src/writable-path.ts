import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from './cli-error.js';

/** The stats of a path, or `undefined` when nothing is there (or a part of the path is a file). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Whether the process may write in a folder or to a file. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, before any work, that the command can write a folder or a file it
 * will create at the end (a trained model, a checkpoint, a picture): the path
 * is not the wrong kind of thing, and its nearest existing folder is a folder
 * the process may write in. Otherwise a one-line {@link CliError} naming the
 * flag, the path and what stands in the way, so that no training run is lost
 * to a save that was bound to fail.
 *
 * @param flag - The flag that named the path, for the message (e.g. `'--out'`).
 * @param path - The folder or file to write.
 * @param kind - `'folder'` (created with its parents) or `'file'` (written in its folder, created with its parents).
 * @returns Nothing.
 * @example
 * assertWritable('--out', 'runs/key-recall', 'folder');
 */
export function assertWritable(flag: string, path: string, kind: 'folder' | 'file'): void {
  const fail = (why: string): never => {
    throw new CliError(`cannot write ${flag} ${path}: ${why}`);
  };
  const stats = statOf(path);
  if (stats != null) {
    if (kind === 'folder' && !stats.isDirectory()) fail('it is a file, not a folder');
    if (kind === 'file' && stats.isDirectory()) fail('it is a folder');
    if (!writable(path)) fail(`permission denied`);
    return;
  }
  let parent = dirname(path);
  let parentStats = statOf(parent);
  while (parentStats == null && dirname(parent) !== parent) {
    parent = dirname(parent);
    parentStats = statOf(parent);
  }
  if (parentStats == null) return; // nothing of the path exists, not even its root: let the write say why
  if (!parentStats.isDirectory()) fail(`${parent} is a file, not a folder`);
  if (!writable(parent)) fail(`the folder ${parent} is not writable (permission denied)`);
}
