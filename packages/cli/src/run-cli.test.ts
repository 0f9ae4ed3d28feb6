import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { INTERRUPTED_EXIT_CODE } from './train-command.js';

/** Streams that keep what is written; with `stopped`, a signal aborted before the first step (train saves a checkpoint at once). */
function io(stopped = false) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  if (stopped) controller.abort();
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, signal: controller.signal } };
}

/** What a run wrote on stderr is exactly one line, the error, with no stack trace. */
function expectOneLine(err: string[], pattern: RegExp): void {
  const text = err.join('');
  expect(text.endsWith('\n'), text).toBe(true);
  expect(text.trimEnd().split('\n'), text).toHaveLength(1);
  expect(text).toMatch(/^attention-lab: /);
  expect(text).toMatch(pattern);
  expect(text).not.toMatch(/\n\s+at .+[:(]/);
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
    for (const name of ['key-recall', 'date-translator', 'number-words-fr', 'number-words-de', 'number-words-zh']) expect(s.out.join('')).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('runCli train --epochs -1 is one line and exit code 2', async () => {
    const s = io();
    expect(await runCli(['train', 'key-recall', '--epochs', '-1'], s.io)).toBe(2);
    expectOneLine(s.err, /train: --epochs must be an integer >= 1, got '-1'/);
  });
});

describe('runCli on paths it cannot write and tampered checkpoints', () => {
  const INPUT = 'K1 V3 K4 V0 K2 V9 K7 V5 K12 V8 K0 V14 K9 V2 K15 V6 K3 V11 K10 V1 K6 V13 K13 V7 <sep> K4';
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attention-lab-run-cli-'));
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    // A real checkpoint, saved before the first step, for the tampered copies.
    const s = io(true);
    expect(await runCli(['train', 'key-recall', '--out', join(dir, 'kr'), '--checkpoint', join(dir, 'kr.checkpoint')], s.io)).toBe(INTERRUPTED_EXIT_CODE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runCli train --out under a regular file is one line and exit code 1, before any training', async () => {
    const s = io(true);
    expect(await runCli(['train', 'key-recall', '--out', join(dir, 'a-file', 'kr')], s.io)).toBe(1);
    expect(s.out).toEqual([]);
    expectOneLine(s.err, /^attention-lab: cannot write --out .*a-file.kr: .*a-file is a file, not a folder$/m);
    const checkpoint = io(true);
    expect(await runCli(['train', 'key-recall', '--out', join(dir, 'kr-2'), '--checkpoint', join(dir, 'a-file')], checkpoint.io)).toBe(1);
    expectOneLine(checkpoint.err, /cannot write --checkpoint .*a-file: it is a file, not a folder/);
  });

  it('runCli attend --out under a regular file or onto a folder is one line and exit code 1', async () => {
    const s = io();
    expect(await runCli(['attend', 'key-recall', INPUT, '--out', join(dir, 'a-file', 'figure.svg')], s.io)).toBe(1);
    expect(s.out).toEqual([]);
    expectOneLine(s.err, /cannot write --out .*figure\.svg: .*a-file is a file, not a folder/);
    mkdirSync(join(dir, 'figures.svg'));
    const folder = io();
    expect(await runCli(['attend', 'key-recall', INPUT, '--out', join(dir, 'figures.svg')], folder.io)).toBe(1);
    expectOneLine(folder.err, /cannot write --out .*figures\.svg: it is a folder$/m);
  });

  const tampered: Array<[string, Record<string, unknown>, RegExp]> = [
    ['batch size 0', { batchSize: 0 }, /batchSize must be an integer >= 1 \(as --batch-size\), got 0/],
    ['batch size "abc"', { batchSize: 'abc' }, /batchSize must be an integer >= 1 \(as --batch-size\), got "abc"/],
    ['seed "x"', { seed: 'x' }, /seed must be an integer >= 0 \(as --seed\), got "x"/],
    ['epochs "abc"', { epochs: 'abc' }, /epochs must be an integer >= 1 \(as --epochs\), got "abc"/],
    ['epoch -1', { epoch: -1 }, /epoch must be an integer >= 0, got -1/],
    ['a step of 1e9', { stepInEpoch: 1e9 }, /cannot resume from .*: its training state is at step 1000000000 of epoch 1, but an epoch of 4800 examples in batches of 64 has 75 steps/],
    ['history 3', { history: 3 }, /history must be an object of arrays, got 3/],
  ];
  for (const [what, change, pattern] of tampered) {
    it(`runCli train --resume of a checkpoint with ${what} is one line and exit code 1`, async () => {
      const copy = join(dir, `tampered-${what.replace(/\W+/g, '-')}`);
      cpSync(join(dir, 'kr.checkpoint'), copy, { recursive: true });
      const json = JSON.parse(readFileSync(join(copy, 'model.json'), 'utf8')) as { userDefinedMetadata: { attentionLab: Record<string, unknown> } };
      Object.assign(json.userDefinedMetadata.attentionLab, change);
      writeFileSync(join(copy, 'model.json'), JSON.stringify(json));
      const s = io(true);
      expect(await runCli(['train', '--resume', copy], s.io)).toBe(1);
      expect(s.out).toEqual([]);
      expectOneLine(s.err, pattern);
    });
  }
});

