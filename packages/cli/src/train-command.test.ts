import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findModel } from './model-registry.js';
import { INTERRUPTED_EXIT_CODE, quickRecipeLine, trainCommand } from './train-command.js';

const dir = mkdtempSync(join(tmpdir(), 'attention-lab-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Streams that keep what is written, and a signal aborted before the first step (train stops at once and saves a checkpoint). */
function stoppedAtOnce() {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  controller.abort();
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, signal: controller.signal } };
}

describe('trainCommand', () => {
  it("quickRecipeLine says how the quick run differs and where the shipped weights are", () => {
    expect(quickRecipeLine({ differences: '4 pairs instead of 12', registry: 'key-recall-attention' })).toBe("quick recipe: 4 pairs instead of 12; the shipped weights: loadPretrained('key-recall-attention')");
  });

  it('trainCommand key-recall writes the quick recipe line on stderr, once, before training', async () => {
    const s = stoppedAtOnce();
    const code = await trainCommand(['key-recall', '--out', join(dir, 'kr'), '--checkpoint', join(dir, 'kr.checkpoint')], s.io);
    expect(code).toBe(INTERRUPTED_EXIT_CODE);
    const lines = s.err.join('').split('\n');
    const quick = lines.filter((l) => l.startsWith('quick recipe: '));
    expect(quick).toEqual([quickRecipeLine(findModel('key-recall'))]);
    expect(quick[0]).toMatch(/^quick recipe: 4 pairs instead of 12 and 6,000 examples instead of 12,000, .*; the shipped weights: loadPretrained\('key-recall-attention'\)$/);
    expect(lines.findIndex((l) => l.startsWith('quick recipe: '))).toBeLessThan(lines.findIndex((l) => l.startsWith('interrupted at epoch 1')));
  });

  it('trainCommand number-words-fr runs the shipped recipe and writes no quick recipe line', async () => {
    const s = stoppedAtOnce();
    const code = await trainCommand(['number-words-fr', '--out', join(dir, 'nw'), '--checkpoint', join(dir, 'nw.checkpoint')], s.io);
    expect(code).toBe(INTERRUPTED_EXIT_CODE);
    expect(s.err.join('')).not.toContain('quick recipe');
  });

  it('trainCommand --resume saves the model where --out of the interrupted run said, not in ./<model>-model', async () => {
    const out = join(dir, 'kr3');
    const stopped = stoppedAtOnce();
    expect(await trainCommand(['key-recall', '--out', out], stopped.io)).toBe(INTERRUPTED_EXIT_CODE);
    expect(stopped.err.join('')).toContain(`continue with: attention-lab train key-recall --resume ${out}.checkpoint`);
    const json = JSON.parse(readFileSync(join(`${out}.checkpoint`, 'model.json'), 'utf8')) as { userDefinedMetadata: { attentionLab: { out: string } } };
    expect(json.userDefinedMetadata.attentionLab.out).toBe(resolve(out));

    const written: string[] = [];
    const log: string[] = [];
    const resumed = { stdout: { write: (t: string) => written.push(t) }, stderr: { write: (t: string) => log.push(t) } };
    expect(await trainCommand(['--resume', `${out}.checkpoint`, '--epochs', '1'], resumed)).toBe(0);
    expect(log.join('')).toContain(`resuming key-recall from ${out}.checkpoint at epoch 1, step 0; the model will be saved to ${out}\n`);
    expect(written.join('')).toContain(`saved to ${out}\n`);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
    expect(existsSync('key-recall-model')).toBe(false);
  });
});
