// Spawns the built `attention-lab` command: exit codes, output lines, written
// figures, a training run interrupted with SIGINT and resumed, usage errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRETRAINED_NAMES } from '@attention-lab/models';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from './decode-png.js';
import { BIN, hasStackTrace, runBin } from './run-bin.js';

const INPUT = 'K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4';
/** Steps per epoch of key-recall at --batch-size 128: 4800 training examples (80% of 6000). */
const STEPS = Math.ceil(4800 / 128);
let dir: string;

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run 'pnpm --filter @attention-lab/cli build' (the test script does)`);
  dir = mkdtempSync(join(tmpdir(), 'attention-lab-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether the command can load a shipped model: the models package lists its name and has its files. */
function shipped(name: string): boolean {
  const models = join(createRequire(BIN).resolve('@attention-lab/models'), '..', '..');
  return (PRETRAINED_NAMES as readonly string[]).includes(name) && existsSync(join(models, 'pretrained', name, 'model.json'));
}

/** The one line `attend <model>` prints without shipped weights (none listed yet, or their files missing), saying how to train them. */
function notShipped(model: string): RegExp {
  return new RegExp(`(${model} has no shipped weights yet: train it|cannot load the shipped weights of ${model} .*train them) with 'attention-lab train ${model} --out ${model}-model'`);
}

/** Exactly one line on stderr, naming the command, and no stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^attention-lab: /);
  expect(lines[0]).toMatch(pattern);
  expect(hasStackTrace(stderr)).toBe(false);
}

// The usage checks, bench and datasets are independent processes: they run a
// few at a time, beside the train → resume → attend chain, which runs in order.
describe.concurrent('attention-lab', () => {
describe('attention-lab usage', () => {
  it('attention-lab with no command prints the help on stderr and exits 2', async () => {
    const r = await runBin([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: attention-lab <command>/);
    for (const c of ['train', 'attend', 'bench', 'datasets', 'key-recall', 'sentiment', 'date-transformer']) expect(r.stderr).toContain(c);
  });

  it('attention-lab --help and train --help exit 0 with the usage on stdout', async () => {
    const main = await runBin(['--help'], dir);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/^Usage: attention-lab <command>/);
    const train = await runBin(['train', '--help'], dir);
    expect(train.code).toBe(0);
    for (const flag of ['--epochs', '--batch-size', '--seed', '--backend', '--out', '--resume']) expect(train.stdout).toContain(flag);
  });

  const usageErrors: Array<[string, string[], RegExp]> = [
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'; commands: train, attend, bench, datasets/],
    ['an unknown model for train', ['train', 'gpt-9'], /unknown model 'gpt-9'; models: key-recall/],
    ['a missing model for train', ['train'], /train: missing the model name/],
    ['an unknown flag', ['train', 'key-recall', '--learning-rate', '3'], /train: unknown flag '--learning-rate'/],
    ['a flag without its value', ['train', 'key-recall', '--epochs'], /train: flag '--epochs <value>' argument missing/],
    ['a non-integer --epochs', ['train', 'key-recall', '--epochs', 'ten'], /--epochs must be an integer >= 1, got 'ten'/],
    ['a negative --epochs', ['train', 'key-recall', '--epochs', '-1'], /--epochs must be an integer >= 1, got '-1'/],
    ['--batch-size 0', ['train', 'key-recall', '--batch-size', '0'], /--batch-size must be an integer >= 1, got '0'/],
    ['an unknown backend', ['train', 'key-recall', '--backend', 'webgl'], /--backend must be one of wasm, cpu, tensorflow, got 'webgl'/],
    ['an unknown model for attend', ['attend', 'no-such-model', 'x'], /attend: unknown model 'no-such-model'; models: key-recall/],
    ['attend without an input', ['attend', 'key-recall'], /attend: expected a model and one quoted input, got 1 argument/],
    ['an unknown view', ['attend', 'key-recall', INPUT, '--view', 'sankey'], /--view must be one of heatmap, head, model, got 'sankey'/],
    ['an --out that is neither .svg nor .png', ['attend', 'key-recall', INPUT, '--out', 'figure.gif'], /--out must end in \.svg or \.png, got 'figure.gif'/],
    ['an unknown bench backend', ['bench', '--backend', 'wasm,gpu'], /bench: --backend must list some of wasm, cpu, tensorflow, got 'gpu'/],
    ['an argument to datasets', ['datasets', 'mnist'], /datasets: takes no arguments/],
  ];
  for (const [what, args, pattern] of usageErrors) {
    it(`${what} is one line and exit code 2`, async () => {
      const r = await runBin(args, dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expectOneLineError(r.stderr, pattern);
    });
  }

  it('an unreadable checkpoint for --resume is one line and exit code 1', async () => {
    const bad = join(dir, 'damaged');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'model.json'), '{"modelTopology": ');
    const r = await runBin(['train', 'key-recall', '--resume', bad], dir);
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, /cannot read the model in .*damaged: .*not valid JSON/);
    const missing = await runBin(['train', '--resume', join(dir, 'nowhere')], dir);
    expect(missing.code).toBe(1);
    expectOneLineError(missing.stderr, /cannot read the model in .*nowhere: there is no model.json/);
  });

  it('an --out under a regular file is one line and exit code 1, for train before any training and for attend', async () => {
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    const train = await runBin(['train', 'key-recall', '--out', join(dir, 'a-file', 'kr')], dir);
    expect(train.code).toBe(1);
    expectOneLineError(train.stderr, /cannot write --out .*a-file.kr: .*a-file is a file, not a folder/);
    const attend = await runBin(['attend', 'key-recall', INPUT, '--out', join(dir, 'a-file', 'figure.svg')], dir);
    expect(attend.code).toBe(1);
    expect(attend.stdout).toBe('');
    expectOneLineError(attend.stderr, /cannot write --out .*figure\.svg: .*a-file is a file, not a folder/);
  });

  it('a checkpoint whose training state breaks the rules of the flags is one line and exit code 1', async () => {
    for (const [field, value] of [['batchSize', 0], ['seed', 'x'], ['epochs', 'abc'], ['epoch', -1]] as const) {
      const folder = join(dir, `tampered-${field}`);
      mkdirSync(folder, { recursive: true });
      const state = { model: 'key-recall', epoch: 0, stepInEpoch: 0, epochs: 24, batchSize: 64, seed: 0, history: {}, recipe: {}, [field]: value };
      writeFileSync(join(folder, 'model.json'), JSON.stringify({ modelTopology: {}, userDefinedMetadata: { attentionLab: state } }));
      const r = await runBin(['train', '--resume', folder], dir);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, new RegExp(`cannot read the training state in .*tampered-${field}.model\\.json: ${field} must be an integer >= \\d`));
    }
  });

  it('--backend tensorflow without tfjs-node says how to install it and what the GPU build needs', async (ctx) => {
    const require = createRequire(BIN);
    const installed = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some((p) => {
      try {
        require.resolve(p);
        return true;
      } catch {
        return false;
      }
    });
    if (installed) ctx.skip(); // with a native package present the backend starts instead
    const r = await runBin(['train', 'key-recall', '--backend', 'tensorflow'], dir);
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, /npm install @tensorflow\/tfjs-node@4\.22\.0.*tfjs-node-gpu@4\.22\.0.*NVIDIA GPU.*CUDA 11\.2.*cuDNN 8\.1/);
  });
});

describe('attention-lab train, attend', () => {
  const out = () => join(dir, 'kr-model');
  const checkpoint = () => join(dir, 'kr-checkpoint');
  let interruptedAt = '';

  /** Train key-recall interrupted with SIGINT saves a checkpoint and exits 130. */
  async function interruptTraining(): Promise<void> {
    let sent = false;
    const r = await runBin(['train', 'key-recall', '--epochs', '2', '--batch-size', '128', '--out', out(), '--checkpoint', checkpoint()], dir, (stderr, child) => {
      // The first plain progress line: epoch, step, loss, metric and time left.
      if (!sent && new RegExp(`epoch 1/2 \\[#+-*\\] \\d+/${STEPS} loss \\d+\\.\\d{4} acc \\d\\.\\d{4} \\d+:\\d\\d left`).test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^backend: wasm$/m);
    const m = /interrupted at epoch 1, step (\d+): checkpoint saved to (.+); continue with: attention-lab train key-recall --resume (.+)$/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(Math.floor(STEPS / 4));
    expect(Number(m![1])).toBeLessThan(STEPS);
    expect(m![2]).toBe(checkpoint());
    interruptedAt = m![1]!;
    const saved = JSON.parse(readFileSync(join(checkpoint(), 'model.json'), 'utf8'));
    expect(saved.userDefinedMetadata.attentionLab).toMatchObject({ model: 'key-recall', epoch: 0, stepInEpoch: Number(m![1]), batchSize: 128, seed: 0, epochs: 2 });
    // The optimizer's state travels with a checkpoint (Adam: iterations and two moments per weight).
    const specs = saved.weightsManifest[0].weights as Array<{ name: string; group?: string }>;
    expect(specs.filter((s) => s.group === 'optimizer').length).toBeGreaterThan(2);
    expect(existsSync(out())).toBe(false);
  }

  /** Train --resume continues from the checkpoint step, prints test metrics and saves where --out of the interrupted run said. */
  async function resumeTraining(): Promise<void> {
    expect(interruptedAt).not.toBe('');
    const r = await runBin(['train', 'key-recall', '--resume', checkpoint(), '--epochs', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    // The run started in `dir` with --out dir/kr-model: the same folder, written as the user would type it there.
    expect(r.stderr).toContain(`resuming key-recall from ${checkpoint()} at epoch 1, step ${interruptedAt}; the model will be saved to kr-model\n`);
    expect(r.stderr).toMatch(new RegExp(`^epoch 1/1 \\[#{20}\\] ${STEPS}/${STEPS} loss \\d+\\.\\d{4} acc \\d\\.\\d{4} 0:00 left val_loss \\d+\\.\\d{4} val_acc \\d\\.\\d{4}$`, 'm'));
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^trained key-recall for 1 epoch \\(${STEPS - Number(interruptedAt)} steps this run\\) on wasm in \\d+:\\d\\d$`));
    expect(lines[1]).toMatch(/^test loss \d+\.\d{4} acc (0|1)\.\d{4}$/);
    expect(lines[2]).toBe('saved to kr-model');
    expect(existsSync(join(dir, 'key-recall-model'))).toBe(false);
    const saved = JSON.parse(readFileSync(join(out(), 'model.json'), 'utf8'));
    expect(saved.userDefinedMetadata.attentionLab).toMatchObject({ model: 'key-recall', epoch: 1, stepInEpoch: 0 });
    expect(saved.userDefinedMetadata.attentionLab.history.loss).toHaveLength(1);
  }

  /** Attend on the trained model prints the prediction and attention weights that sum to 1, and writes a parseable SVG. */
  async function attendSvg(): Promise<void> {
    const svgPath = join(dir, 'figures', 'heatmap.svg');
    const r = await runBin(['attend', out(), INPUT, '--out', svgPath], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^prediction: (V|K)\d+ \(p = [01]\.\d{3}\); the input stores V0 under K4$/); // a one-epoch model may be wrong
    const weights = [...lines[1]!.matchAll(/(\S+) (\d\.\d{3})/g)];
    expect(weights.map((w) => w[1])).toEqual(INPUT.split(' '));
    expect(weights.reduce((s, w) => s + Number(w[2]), 0)).toBeCloseTo(1, 2);
    expect(lines[2]).toBe(`wrote ${svgPath} (heatmap of attention)`);
    const help = await runBin(['attend', out(), '--help'], dir);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain(`Input of key-recall (${out()}): 4 pairs of a key K0..K15 and a value V0..V15 (10 tokens in all)`);
    expect(help.stdout).toContain(`Example: attention-lab attend ${out()} "${INPUT}"`);
    const doc = new DOMParser().parseFromString(readFileSync(svgPath, 'utf8'), 'image/svg+xml');
    const svg = doc.documentElement;
    expect(svg.tagName.toLowerCase()).toBe('svg');
    expect(Number(svg.getAttribute('width'))).toBeGreaterThan(0);
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    for (const token of ['K1', 'V3', 'V9', '<sep>', 'K4?']) expect(texts).toContain(token);
  }

  /** Attend --out figure.png writes a PNG that decodes at twice the SVG size. */
  async function attendPng(): Promise<void> {
    const svgPath = join(dir, 'head.svg');
    const pngPath = join(dir, 'head.png');
    const svgRun = await runBin(['attend', out(), INPUT, '--view', 'head', '--out', svgPath], dir);
    expect(svgRun.code, svgRun.stderr).toBe(0);
    const pngRun = await runBin(['attend', out(), INPUT, '--view', 'head', '--out', pngPath], dir);
    expect(pngRun.code, pngRun.stderr).toBe(0);
    const svg = new DOMParser().parseFromString(readFileSync(svgPath, 'utf8'), 'image/svg+xml').documentElement;
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const png = decodePng(new Uint8Array(readFileSync(pngPath)));
    expect([png.width, png.height]).toEqual([Math.round(width * 2), Math.round(height * 2)]);
    expect(pngRun.stdout).toContain(`wrote ${pngPath} (head of attention, ${png.width}×${png.height} px)`);
    // Not blank: a white background with darker text and lines drawn on it.
    let dark = 0;
    for (let i = 0; i < png.pixels.length; i += png.channels) if (png.pixels[i]! < 128) dark++;
    expect(png.pixels.subarray(0, 3)).toEqual(new Uint8Array([255, 255, 255]));
    expect(dark).toBeGreaterThan(100);
  }

  it('attend date-translator uses the shipped weights when installed, else says in one line how to train them', async () => {
    const r = await runBin(['attend', 'date-translator', '28th of December 2005'], dir);
    if (shipped('date-translator')) {
      expect(r.code, r.stderr).toBe(0);
      // Right only when the shipped weights, the tokenizers saved with them and beam search fit together.
      expect(r.stdout).toMatch(/^prediction: 2005-12-28 \(beam search, 3 beams, log p = -?\d+\.\d{3}\)$/m);
    } else {
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, /cannot load the shipped weights of date-translator .*attention-lab train date-translator --out date-translator-model/);
    }
  });

  it('attend date-transformer translates with the shipped Transformer and draws its cross-attention, else says in one line how to train it', async () => {
    const svgPath = join(dir, 'date-transformer.svg');
    const r = await runBin(['attend', 'date-transformer', '3rd of January 1998', '--out', svgPath], dir);
    if (shipped('date-transformer')) {
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^prediction: 1998-01-03 \(beam search, 3 beams, log p = -?\d+\.\d{3}\)$/);
      expect(lines[1]).toMatch(/^attention: decoder_1\/cross \[1, \d+, 11, 19\]$/);
      expect(lines[2]).toBe(`wrote ${svgPath} (heatmap of decoder_1/cross)`);
      const texts = [...new DOMParser().parseFromString(readFileSync(svgPath, 'utf8'), 'image/svg+xml').querySelectorAll('text')].map((t) => t.textContent);
      for (const token of ['J', '9', '<eos>']) expect(texts).toContain(token);
    } else {
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, notShipped('date-transformer'));
    }
  });

  it('attend sentiment labels a sentence with the shipped Transformer and prints the weight of each word, else says in one line how to train it', async () => {
    const r = await runBin(['attend', 'sentiment', 'The food was great and the staff were friendly.'], dir);
    if (shipped('sentiment-transformer')) {
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^prediction: positive \(p = [01]\.\d{3}\)/);
      const weights = [...lines[1]!.matchAll(/(\S+) (\d\.\d{3})/g)];
      expect(weights.map((w) => w[1])).toEqual(['the', 'food', 'was', 'great', 'and', 'the', 'staff', 'were', 'friendly', '.']);
      expect(weights.reduce((sum, w) => sum + Number(w[2]), 0)).toBeCloseTo(1, 2);
    } else {
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, notShipped('sentiment'));
    }
  });

  it('attend key-recall --help gives the input of the shipped model (its pair count from its metadata), and attend key-recall reads that input', async () => {
    const help = await runBin(['attend', 'key-recall', '--help'], dir);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: attention-lab attend/);
    const example = /^Example: attention-lab attend key-recall(?:-model)? "(.+)"$/m.exec(help.stdout)?.[1];
    expect(example, help.stdout).toBeDefined();
    const r = await runBin(['attend', 'key-recall', example!], dir);
    if (shipped('key-recall-attention')) {
      const pairs = (example!.split(' ').length - 2) / 2;
      expect(help.stdout).toMatch(new RegExp(`^Input of key-recall \\(its shipped weights\\): ${pairs} pairs of a key K0\\.\\.K15`, 'm'));
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^prediction: V0 \(p = [01]\.\d{3}\); the input stores V0 under K4$/);
      expect([...lines[1]!.matchAll(/(\S+) (\d\.\d{3})/g)].map((w) => w[1])).toEqual(example!.split(' '));
    } else {
      expect(help.stdout).toMatch(/^Input of key-recall \(a model trained by 'attention-lab train key-recall'\): 4 pairs/m);
      expect(help.stdout).toContain(`Example: attention-lab attend key-recall-model "${INPUT}"`);
      expect(help.stdout).toMatch(notShipped('key-recall'));
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, notShipped('key-recall'));
    }
  });

  it('train key-recall interrupted with SIGINT leaves a checkpoint that train --resume continues; attend draws the result as SVG and PNG', async () => {
    // One test, in order: each step needs the files the one before wrote.
    await interruptTraining();
    await resumeTraining();
    await attendSvg();
    await attendPng();
    await attendBadInput();
  }, 300_000); // six commands in a row, beside the concurrent ones

  /** Attend with an input it cannot encode is one line and exit code 1. */
  async function attendBadInput(): Promise<void> {
    const r = await runBin(['attend', out(), 'K1 V3 K4 X9 K2 V9 K7 V5 <sep> K4'], dir);
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, /key-recall cannot encode 'X9'/);
    const short = await runBin(['attend', out(), 'K1 V3 <sep> K1'], dir);
    expect(short.code).toBe(1);
    expectOneLineError(short.stderr, /key-recall needs 10 tokens .* got 4/);
  }
});

describe('attention-lab bench, datasets', () => {
  it('bench --quick prints the multi-head table for wasm and cpu and the memory-efficient comparison', async () => {
    const r = await runBin(['bench', '--quick', '--backend', 'wasm,cpu'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\| seqLen \| wasm ms \| wasm GFLOP\/s \| cpu ms \| cpu GFLOP\/s \|$/m);
    for (const seqLen of [32, 64]) expect(r.stdout).toMatch(new RegExp(`^\\| +${seqLen} \\|( +\\d+(\\.\\d+)? \\|){4}$`, 'm'));
    expect(r.stdout).toMatch(/^\| scaledDotProductAttention +\| +\d+(\.\d+)? \| +\d+\.\d \|$/m);
    expect(r.stdout).toMatch(/^\| memoryEfficientAttention +\| +\d+(\.\d+)? \| +\d+\.\d \|$/m);
    const error = Number(/max \|Δ\| \/ max \|output\| = (\S+)/.exec(r.stdout)![1]);
    expect(error).toBeLessThan(1e-4);
  });

  it('datasets lists every data set with size, counts, source and licence', async () => {
    const r = await runBin(['datasets'], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(2).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows.map((c) => c[0])).toEqual([
      'mnist', 'moby-dick', 'sentiment-sentences', 'cldr-phrases-en-fr', 'number-words-en-to-words',
      'date-translation', 'toy-copy', 'toy-reverse', 'toy-sort', 'toy-keyRecall',
    ]);
    for (const [name, size, train, validation, test, source, licence] of rows) {
      expect(size, name).toMatch(/^(\d+(\.\d+)? (B|kB|MB)|generated)$/);
      for (const n of [train, validation, test]) expect(Number(n), name).toBeGreaterThan(0);
      expect(source, name).not.toBe('');
      expect(licence, name).not.toBe('');
    }
    const toy = rows.find((c) => c[0] === 'toy-keyRecall')!;
    expect(Number(toy[2]) + Number(toy[3]) + Number(toy[4])).toBe(2000); // toySequenceTasks' default count
    expect(rows[0]![5]).toMatch(/^mnist@/);
  });
});
});
