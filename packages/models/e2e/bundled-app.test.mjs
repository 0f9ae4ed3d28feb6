// @ts-check
// The packages as a bundled app gets them: fixtures/bundled-app (one page that
// imports core, one pretrained model's entry, the mnist entry and the main
// entries of datasets and models, by package name) is copied into a fresh
// project whose node_modules link to the workspace's built packages (their
// dist, as installed), built by Vite with the one setting the models README
// gives for Vite, served as static files (a missing file is a 404) and run
// in Chromium. Needs `pnpm build:all` first (turbo's e2e task does it).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const models = fileURLToPath(new URL('..', import.meta.url));
const packages = join(models, '..');
const fixture = fileURLToPath(new URL('./fixtures/bundled-app/', import.meta.url));
const wasmPackage = realpathSync(join(models, 'node_modules', '@tensorflow', 'tfjs-backend-wasm'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

for (const name of ['core', 'datasets', 'models']) {
  if (!existsSync(join(packages, name, 'dist', 'index.js'))) throw new Error(`bundled-app e2e: packages/${name}/dist is missing; run 'pnpm build:all' first`);
}

const project = mkdtempSync(join(tmpdir(), 'attention-lab-bundled-app-'));
const dist = join(project, 'dist');

/** Links node_modules/<name> in the project to a package folder, as an install would. */
function link(name, target) {
  mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
  symlinkSync(target, join(project, 'node_modules', name), 'dir');
}

/** Every file that may reach dist as an asset, by its bytes: the shipped models, the data assets and the wasm binaries. */
function knownAssets() {
  /** @type {Map<string, string>} */
  const byBytes = new Map();
  const add = (/** @type {string} */ path, /** @type {string} */ label) => byBytes.set(readFileSync(path).toString('base64'), label);
  const pretrained = join(models, 'pretrained');
  for (const name of readdirSync(pretrained)) {
    if (!statSync(join(pretrained, name)).isDirectory()) continue;
    for (const file of ['model.json', 'weights.bin']) add(join(pretrained, name, file), `models/pretrained/${name}/${file}`);
  }
  const assets = join(packages, 'datasets', 'assets');
  for (const file of readdirSync(assets).filter((f) => /\.(bin|json)$/.test(f) && !f.startsWith('.'))) add(join(assets, file), `datasets/assets/${file}`);
  for (const file of readdirSync(join(wasmPackage, 'dist')).filter((f) => f.endsWith('.wasm'))) add(join(wasmPackage, 'dist', file), `tfjs-backend-wasm/dist/${file}`);
  return byBytes;
}

/** The labels of the asset files in a build's output, sorted; JavaScript and CSS left out. */
function shippedAssets(/** @type {{ fileName: string, content: Uint8Array }[]} */ files) {
  const known = knownAssets();
  return files
    .filter((f) => !/\.(js|css|html)$/.test(f.fileName))
    .map((f) => known.get(Buffer.from(f.content).toString('base64')) ?? `unknown file ${f.fileName}`)
    .sort();
}

/** @type {import('node:http').Server} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
let base = '';

before(async () => {
  cpSync(fixture, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bundled-app', private: true, type: 'module' }));
  for (const name of ['core', 'datasets', 'models']) link(`@attention-lab/${name}`, join(packages, name));
  link('@tensorflow/tfjs', realpathSync(join(models, 'node_modules', '@tensorflow', 'tfjs')));
  link('@tensorflow/tfjs-backend-wasm', wasmPackage);
  await build({
    configFile: false,
    root: project,
    base: './',
    logLevel: 'warn',
    // The models README's setting for Vite: without it Vite copies every asset the main entries can reach.
    build: { outDir: dist, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 100_000, rolldownOptions: { experimental: { lazyBarrel: true } } },
  });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
  server = createServer((req, res) => {
    const path = join(dist, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(dist) || !existsSync(path) || !statSync(path).isFile()) return void res.writeHead(404).end();
    const body = readFileSync(path);
    res.writeHead(200, { 'content-type': types[/** @type {keyof typeof types} */ (extname(path))] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  base = `http://127.0.0.1:${address.port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(() => resolve(undefined)) : resolve(undefined)));
  rmSync(project, { recursive: true, force: true });
});

/** Opens the page and waits for the result the app puts on window (`appResult`). */
async function runApp(/** @type {string} */ query) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) errors.push(`request outside the app: ${r.url()}`);
  });
  await page.goto(`${base}index.html${query}`);
  await page.waitForFunction(() => 'appResult' in window, undefined, { timeout: 120_000 });
  const result = /** @type {Record<string, any>} */ (await page.evaluate(() => /** @type {any} */ (window).appResult));
  await page.close();
  return { result, errors };
}

describe('a Vite app on the built packages', () => {
  test('dist holds the one model and the one data set the app imports, and the one wasm binary it names', () => {
    const files = readdirSync(join(dist, 'assets')).map((f) => ({ fileName: f, content: readFileSync(join(dist, 'assets', f)) }));
    assert.deepEqual(shippedAssets(files), [
      'datasets/assets/mnist.bin',
      'models/pretrained/date-translator/model.json',
      'models/pretrained/date-translator/weights.bin',
      'tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
    ]);
  });

  test('an app that imports only the per-model and per-data-set entries ships only their assets with default settings', async () => {
    const result = await build({
      configFile: false,
      root: project,
      logLevel: 'warn',
      build: { write: false, reportCompressedSize: false, chunkSizeWarningLimit: 100_000, rolldownOptions: { input: join(project, 'entries-only.ts') } },
    });
    const outputs = /** @type {import('vite').Rolldown.RolldownOutput[]} */ (Array.isArray(result) ? result : [result]);
    const files = outputs.flatMap((o) => o.output).flatMap((o) => (o.type === 'asset' ? [{ fileName: o.fileName, content: typeof o.source === 'string' ? Buffer.from(o.source) : o.source }] : []));
    assert.deepEqual(shippedAssets(files), ['datasets/assets/mnist.bin', 'models/pretrained/date-translator/model.json', 'models/pretrained/date-translator/weights.bin']);
  });

  test('in Chromium the app runs on wasm: it translates a date, trains a step and loads mnist', async () => {
    const { result, errors } = await runApp('');
    assert.deepEqual(errors, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.backend, 'wasm');
    assert.equal(result.translation, '1998-01-03');
    assert.ok(Number.isFinite(result.loss), `loss ${result.loss}`);
    assert.equal(result.digits, 8000);
  });

  test("without wasmPaths the wasm binary 404s, and useBestBackend's reason names the URL and the fix", async () => {
    const { result, errors } = await runApp('?without-wasm-paths');
    assert.deepEqual(errors, []);
    assert.equal(result.backend, 'cpu');
    const wasm = result.tried.find((/** @type {{ backend: string }} */ t) => t.backend === 'wasm');
    assert.match(wasm.reason, /^tf\.setBackend\('wasm'\) failed to initialise it: its binary http:\/\/127\.0\.0\.1:\d+\/tfjs-backend-wasm-simd\.wasm answered HTTP 404; /);
    assert.match(wasm.reason, /options\.wasmPaths/);
    assert.match(wasm.reason, /tfjs-backend-wasm-simd\.wasm\?url/);
  });
});
