// Bundles the package for the browser with Vite's JS API and checks that the
// bundle pulls in no Node built-ins and emits the loaders' assets as files.
// The entry (fixtures/browser-bundle/entry.ts) imports every export of
// src/index.ts, so every loader is in the bundle. The last block serves the
// bundle over HTTP to a real headless Chromium and checks that it gives the
// same data as Node for the same seeds, loading the assets by URL.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, createLogger, defaultClientConditions, type Rolldown } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as datasets from '../src/index.js';

const fixtureDir = fileURLToPath(new URL('./fixtures/browser-bundle/', import.meta.url));
const entry = join(fixtureDir, 'entry.ts');
const assetsDir = new URL('../assets/', import.meta.url);
const outDir = mkdtempSync(join(tmpdir(), 'attention-lab-browser-bundle-'));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

let output: (Rolldown.OutputChunk | Rolldown.OutputAsset)[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  const logger = createLogger('warn');
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = (message) => void warnings.push(message);
  const result = await build({
    configFile: false,
    root: fixtureDir,
    base: './',
    logLevel: 'warn',
    customLogger: logger,
    resolve: { conditions: ['@attention-lab/source', 'browser', ...defaultClientConditions] },
    build: {
      ssr: false,
      outDir,
      emptyOutDir: true,
      write: true,
      minify: false,
      copyPublicDir: false,
      modulePreload: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
      rolldownOptions: { input: entry },
    },
  });
  const outputs = Array.isArray(result) ? result : [result as Rolldown.RolldownOutput];
  output = outputs.flatMap((o) => o.output);
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const chunks = (): Rolldown.OutputChunk[] => output.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
const emitted = (pattern: RegExp): Rolldown.OutputAsset | undefined => output.find((o): o is Rolldown.OutputAsset => o.type === 'asset' && pattern.test(o.fileName));

describe('browser bundle', () => {
  it('build() bundles the package index for the browser', () => {
    expect(chunks().length).toBeGreaterThan(0);
    expect(chunks().some((c) => c.isEntry)).toBe(true);
  });

  it('the bundle imports no Node built-ins', () => {
    for (const chunk of chunks()) {
      const imported = [...chunk.imports, ...chunk.dynamicImports].filter((id) => builtins.has(id) || id.startsWith('node:'));
      expect(imported, chunk.fileName).toEqual([]);
      expect(chunk.code, chunk.fileName).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']node:/);
      expect(chunk.code, chunk.fileName).not.toContain('__vite-browser-external');
    }
    expect(warnings.filter((w) => /externalized for browser compatibility|node:/.test(w))).toEqual([]);
  });

  it('the bundle carries no TensorFlow.js, and the GPT-2 BPE ranks only in a lazily loaded chunk', () => {
    for (const chunk of chunks()) expect(chunk.code, chunk.fileName).not.toMatch(/TensorFlow\.js|@tensorflow\/tfjs/);
    const entryChunk = chunks().find((c) => c.isEntry)!;
    expect(entryChunk.code.length).toBeLessThan(200_000);
    const lazy = chunks().filter((c) => !c.isEntry && c.isDynamicEntry);
    expect(lazy.some((c) => c.code.length > 400_000), lazy.map((c) => `${c.fileName} ${c.code.length}`).join(', ')).toBe(true);
  });

  it('the bundle emits the mnist asset as a file, byte for byte', () => {
    const asset = emitted(/(^|\/)mnist-[\w-]+\.bin$/);
    expect(asset, output.map((o) => o.fileName).join(', ')).toBeDefined();
    const built = readFileSync(new URL('mnist.bin', assetsDir));
    expect(asset!.source.length).toBe(built.length);
    expect(Buffer.from(asset!.source).equals(built)).toBe(true);
    const entryChunk = chunks().find((c) => c.isEntry)!;
    expect(entryChunk.code).toContain(asset!.fileName.split('/').at(-1));
  });

  it('the bundle emits the JSON assets as files, not inlined', () => {
    for (const name of ['moby-dick', 'sentiment-sentences', 'cldr-phrases']) {
      expect(emitted(new RegExp(`(^|/)${name}-[\\w-]+\\.json$`)), name).toBeDefined();
    }
    for (const chunk of chunks()) expect(chunk.code).not.toContain('data:application/octet-stream');
  });

  it("the bundle's mnist() and cldrPhrases() read the emitted assets by their rewritten URLs", async () => {
    const entryChunk = chunks().find((c) => c.isEntry)!;
    await import(/* @vite-ignore */ pathToFileURL(join(outDir, entryChunk.fileName)).href);
    const bundled = (globalThis as { attentionLabDatasets?: Record<string, (options?: object) => Promise<{ splits: { train: unknown[] }; meta: { sizeBytes: number } }>> }).attentionLabDatasets!;
    const digits = await bundled.mnist!({ seed: 1 });
    expect(digits.splits.train.length).toBe(8000);
    expect(digits.meta.sizeBytes).toBe(readFileSync(new URL('mnist.bin', assetsDir)).length);
    const phrases = await bundled.cldrPhrases!({ target: 'de' });
    expect(phrases.splits.train.length).toBe(1561);
  });
});

/** What the page and Node both compute from the same seeds. */
async function fingerprint(d: typeof datasets): Promise<unknown> {
  const rng = d.createRng(42);
  const digits = await d.mnist({ seed: 5 });
  const pixelSum = (i: number): number => digits.splits.test[i]!.pixels.reduce((a, b) => a + b, 0);
  const sentences = await d.sentimentSentences({ seed: 2 });
  const chapters = await d.mobyDick({ seed: 3 });
  const phrases = await d.cldrPhrases({ seed: 4, target: 'de' });
  const bpe = await d.BpeTokenizer.load();
  return {
    rng: Array.from({ length: 5 }, () => rng.next()),
    dates: d.dateTranslation({ seed: 7, count: 200 }).splits.test.slice(0, 5),
    numbers: d.numberWords({ language: 'de', seed: 7, count: 50, max: 99_999 }).splits.validation,
    keyRecall: d.toySequenceTasks({ task: 'keyRecall', seed: 7, count: 50 }).splits.test.slice(0, 3),
    mnist: { labels: digits.splits.test.slice(0, 20).map((x) => x.label), sums: [0, 1, 2].map(pixelSum), counts: digits.meta.counts },
    sentiment: sentences.splits.test.slice(0, 3),
    mobyDick: chapters.splits.test.map((c) => c.number),
    cldr: phrases.splits.validation.slice(0, 3),
    bpe: bpe.encode('Call me Ishmael 🐳'),
    batches: [...d.batchIterator([1, 2, 3, 4, 5, 6, 7], { batchSize: 3, seed: 9, epoch: 2 })],
  };
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without Chromium a developer's run skips this block; CI installs Chromium and must never skip it.
if (process.env.CI && !existsSync(chromiumPath)) throw new Error(`CI needs Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
describe.skipIf(!existsSync(chromiumPath))('browser bundle in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let base = '';
  const served: string[] = [];

  beforeAll(async () => {
    const entryChunk = chunks().find((c) => c.isEntry)!;
    writeFileSync(join(outDir, 'index.html'), `<!doctype html><meta charset="utf-8"><script type="module" src="./${entryChunk.fileName}"></script>`);
    server = createServer((req, res) => {
      const path = join(outDir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      served.push(req.url ?? '');
      if (!path.startsWith(outDir) || !existsSync(path)) return void res.writeHead(404).end();
      const body = readFileSync(path);
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.html') ? 'text/html' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'content-length': body.length });
      if (!path.endsWith('.bin')) return void res.end(body);
      // Binary assets go out in four pieces 30 ms apart, so the browser's
      // reader sees several reads however fast the machine is (on a fast one a
      // single write arrived as a single read).
      const piece = Math.ceil(body.length / 4);
      const send = (at: number): void => {
        if (at >= body.length) return void res.end();
        res.write(body.subarray(at, at + piece));
        setTimeout(() => send(at + piece), 30);
      };
      send(0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('the bundle gives the same data in Chromium as the source in Node, seed for seed', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) errors.push(`request outside the page's server: ${r.url()}`);
    });
    await page.goto(`${base}index.html`);
    await page.waitForFunction(() => 'attentionLabDatasets' in globalThis);
    const inBrowser = await page.evaluate(`(${fingerprint.toString()})(globalThis.attentionLabDatasets)`);
    expect(errors).toEqual([]);
    expect(inBrowser).toEqual(JSON.parse(JSON.stringify(await fingerprint(datasets))));
    expect(served.some((u) => /mnist-[\w-]+\.bin$/.test(u))).toBe(true);
    await page.close();
  }, 60_000);

  it('mnist() in Chromium fetches its asset by URL and reports progress up to the full size', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}index.html`);
    await page.waitForFunction(() => 'attentionLabDatasets' in globalThis);
    const calls = (await page.evaluate(`(async () => {
      const calls = [];
      await globalThis.attentionLabDatasets.mnist({ onProgress: (loaded, total) => calls.push([loaded, total]) });
      return calls;
    })()`)) as [number, number][];
    const size = readFileSync(new URL('mnist.bin', assetsDir)).length;
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)).toEqual([size, size]);
    expect(calls.every(([loaded], i) => i === 0 || loaded > calls[i - 1]![0])).toBe(true);
    await page.close();
  }, 60_000);
});
