/**
 * The date translator's time to 99% exact match (bench/dates-to-bar.ts) in
 * Chromium: the page is bundled with esbuild, served from a local server and
 * run in Debian's Chromium through playwright-core; markdown goes to stdout,
 * the run's progress to stderr.
 *
 *   pnpm --filter @attention-lab/models bench:browser            # wasm, at most the shipped recipe's 6 epochs
 *   pnpm --filter @attention-lab/models bench:browser --quick    # at most 1 epoch: a smoke run
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { recipe } from '../src/recipe-registry.js';
import { datesTable } from './dates-to-bar.js';

const quick = process.argv.includes('--quick');
const maxEpochs = quick ? 1 : recipe('date-translator').settings.epochs;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`browser-dates: no Chromium at ${chromiumPath}; install Debian's chromium or set CHROMIUM_PATH`);
  process.exit(1);
}
const log = (line: string) => process.stderr.write(`[browser-dates] ${line}\n`);

// The page's script: everything in one bundle, workspace packages from their source.
const here = dirname(fileURLToPath(import.meta.url));
const bundle = await build({
  entryPoints: [join(here, 'browser-dates/page.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  conditions: ['@attention-lab/source'],
  write: false,
  logLevel: 'warning',
});
const script = bundle.outputFiles[0]!.contents;
const wasmDir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const html = '<!doctype html><html lang="en"><meta charset="utf-8"><title>date translator</title><script type="module" src="/page.js"></script></html>';

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const send = (type: string, body: string | Uint8Array) => response.writeHead(200, { 'content-type': type }).end(body);
  if (path === '/') return send('text/html', html);
  if (path === '/page.js') return send('text/javascript', script);
  const wasm = /^\/tfjs-wasm\/([\w.-]+\.wasm)$/.exec(path)?.[1];
  if (wasm && existsSync(join(wasmDir, wasm))) return send('application/wasm', readFileSync(join(wasmDir, wasm)));
  response.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => log(message.text()));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => typeof window.runDates === 'function');
  const result = await page.evaluate(([epochs]) => window.runDates('wasm', epochs!), [maxEpochs]);
  if (errors.length > 0) throw new Error(`browser-dates: the page failed: ${errors.join('; ')}`);
  if (result.tensorGrowth !== 0) throw new Error(`browser-dates: live tensors grew by ${result.tensorGrowth} during the run`);
  console.log(`# @attention-lab/models: time to 99% for the date translator in Chromium\n`);
  console.log(`${new Date().toISOString()}, ${browser.version()} (headless, Debian), ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} at the end; tfjs wasm, SIMD ${result.simd}, one thread${quick ? ', quick' : ''}\n`);
  console.log(`## Model (d), attentionSeq2seq on dateTranslation: time to 90% and 99% exact match on 400 validation dates (checked every 1,600 examples, at most ${maxEpochs} epochs of 8,000 pairs; training time only)\n`);
  console.log(datesTable(result, maxEpochs));
} finally {
  await browser.close();
  server.close();
}
