// Bundles the package for the browser with Vite's JS API and checks that the
// bundle pulls in no Node built-ins and emits the loaders' assets as files.
// The entry (fixtures/browser-bundle/entry.ts) imports every export of
// src/index.ts, so every loader is in the bundle.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, createLogger, defaultClientConditions, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
