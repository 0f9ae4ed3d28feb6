import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (t: string) => writes.push(t) } };
}

describe('ProgressBar', () => {
  it('ProgressBar off a TTY prints plain lines every quarter and a last line from done()', () => {
    const { writes, stream } = sink(false);
    let t = 0;
    const bar = new ProgressBar(stream, { total: 8, label: 'epoch 1/2', now: () => t });
    for (let step = 1; step <= 8; step++) {
      t = step * 500; // 0.5 s per step
      bar.update(step, { loss: 1 / step, acc: step / 8 });
    }
    bar.done({ loss: 0.125, acc: 1 }, 'val_loss 0.2000');
    expect(writes).toEqual([
      'epoch 1/2 [#####---------------] 2/8 loss 0.5000 acc 0.2500 0:03 left\n',
      'epoch 1/2 [##########----------] 4/8 loss 0.2500 acc 0.5000 0:02 left\n',
      'epoch 1/2 [###############-----] 6/8 loss 0.1667 acc 0.7500 0:01 left\n',
      'epoch 1/2 [####################] 8/8 loss 0.1250 acc 1.0000 0:00 left val_loss 0.2000\n',
    ]);
  });

  it('ProgressBar on a TTY redraws one line with \\r at most every 100 ms and ends with a newline', () => {
    const { writes, stream } = sink(true);
    let t = 0;
    const bar = new ProgressBar(stream, { total: 4, now: () => t });
    bar.update(1, { loss: 2 });
    t = 50;
    bar.update(2, { loss: 1.5 }); // too soon: skipped
    t = 200;
    bar.update(3, { loss: 1 }, 65);
    bar.done({ loss: 0.5 });
    expect(writes).toHaveLength(3);
    expect(writes.every((w) => w.startsWith('\r'))).toBe(true);
    expect(writes[0]).toContain('1/4 loss 2.0000');
    expect(writes[1]).toContain('3/4 loss 1.0000 1:05 left');
    expect(writes[2]!.endsWith('\n')).toBe(true);
    expect(writes[1]).toContain('█'.repeat(15));
  });

  it('ProgressBar rejects a total that is not a positive integer', () => {
    expect(() => new ProgressBar(sink(false).stream, { total: 0 })).toThrow(/options.total must be an integer >= 1, got 0/);
  });
});
