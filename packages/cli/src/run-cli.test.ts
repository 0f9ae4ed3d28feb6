import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
}

describe('runCli', () => {
  it('runCli(["--version"]) prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const s = io();
    expect(await runCli(['--version'], s.io)).toBe(0);
    expect(s.out.join('')).toBe(`${version}\n`);
  });

  it('runCli with an unknown command writes one line to stderr and returns 2', async () => {
    const s = io();
    expect(await runCli(['fly'], s.io)).toBe(2);
    expect(s.out).toEqual([]);
    expect(s.err.join('')).toBe("attention-lab: unknown command 'fly'; commands: train, attend, bench, datasets (see 'attention-lab --help')\n");
  });

  it('runCli(["help"]) lists every model with its description', async () => {
    const s = io();
    expect(await runCli(['help'], s.io)).toBe(0);
    for (const name of ['key-recall', 'date-translator', 'number-words-fr', 'number-words-de']) expect(s.out.join('')).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });
});
