/**
 * Our attention in Chromium against a peer: onnxruntime-web running the same
 * computation, `softmax(Q Kᵀ / √dHead) V` on query, key and value
 * `[1, 8, seqLen, 64]`, as the ONNX graph of `onnx-graph.ts`, on its wasm
 * execution provider with 1 thread and with `navigator.hardwareConcurrency`
 * threads. The browser twin of `peer.bench.ts` (its Table 1). It prints
 * markdown on stdout and progress on stderr. It is not a test: it fails
 * (exit code 1) only when an output disagrees with onnxruntime-web's
 * (1 thread) by more than 1e-4, when a contender fails, or when a tensor leaks.
 *
 *   pnpm --filter @attention-lab/core bench:browser            # seqLen 512, 1024, 2048; 7 rounds
 *   pnpm --filter @attention-lab/core bench:browser --quick    # or BENCH_QUICK=1: seqLen 256 and 512, 2 rounds
 *   pnpm -s bench:browser > bench/browser-results.md           # inside packages/core: record the table
 *
 * How it runs:
 *   1. esbuild bundles browser/page.ts (tfjs, its wasm backend, core's
 *      source) into node_modules/.cache/browser-bench/; onnxruntime-web is
 *      left out and loaded from its own dist/ort.wasm.min.mjs through
 *      index.html's import map.
 *   2. A node:http server on 127.0.0.1 serves the page, the bundle, the .wasm
 *      files of tfjs-backend-wasm (/tfjs-wasm/) and onnxruntime-web's dist
 *      (/ort/), all with COOP same-origin and COEP require-corp, so that the
 *      page is cross-origin isolated (SharedArrayBuffer, onnxruntime threads).
 *   3. playwright-core starts Chromium and opens one page per onnxruntime
 *      thread count (`ort.env.wasm.numThreads` is global in a page) and one
 *      page for all of core's contenders.
 *   4. Interleaved rounds: each round, at every seqLen, every contender runs
 *      once (`page.evaluate`), in a seeded random order drawn anew each
 *      round (see seededShuffle). The page times the run with performance.now(), reading the output back to
 *      JS included. One untimed round warms up and checks the outputs.
 */
import { readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fmtMs, gflops, maxAbsDiff, median, pathTable as table, print, printHeader, progressLogger } from './bench-output.js';
import { seededShuffle } from './seeded-normal.js';
import type { PageInfo, PageSetup, RunResult } from './browser/page.js';

const progress = progressLogger('browser');
const startedAt = performance.now();

// ---------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------

const BATCH = 1;
const HEADS = 8;
const D_HEAD = 64;
/** Largest max-abs difference from onnxruntime-web's output (1 thread) that passes the correctness gate. */
const TOLERANCE = 1e-4;
/** Longest a single `page.evaluate` may take before the bench gives up on the page. */
const EVALUATE_TIMEOUT_MS = 5 * 60_000;

const args = process.argv.slice(2).filter((a) => a !== '--');
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const SIZES = quick ? { seqLens: [256, 512], rounds: 2 } : { seqLens: [512, 1024, 2048], rounds: 7 };
/** tfjs webgl renders in software here (SwiftShader): it runs only at the smallest seqLen. */
const WEBGL_SEQ_LENS = SIZES.seqLens.slice(0, 1);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `4 · batch · heads · seqLen² · dHead`: the two matMuls (QKᵀ and weights·V). */
const attentionFlops = (seqLen: number): number => 4 * BATCH * HEADS * seqLen * seqLen * D_HEAD;

/** The load averages (1, 5, 15 min) as /proc/loadavg has them, or as node:os reports them elsewhere. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/).slice(0, 3).join(', ');
  } catch {
    return os.loadavg().map((x) => x.toFixed(2)).join(', ');
  }
}

/** A float32 array from the base64 of its bytes (copied, so that it is aligned). */
function fromBase64(text: string): Float32Array {
  const bytes = Uint8Array.from(Buffer.from(text, 'base64'));
  return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// ---------------------------------------------------------------------------
// The bundle and the server
// ---------------------------------------------------------------------------

const PAGE_DIR = fileURLToPath(new URL('./browser/', import.meta.url));
/** Where the bundle goes: under node_modules, which git and ESLint both leave alone. */
const OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/browser-bench/', import.meta.url));
const require = createRequire(import.meta.url);
/** onnxruntime-web's dist/: ort.wasm.min.mjs, and the .mjs and .wasm files it loads from `ort.env.wasm.wasmPaths`. */
const ORT_DIST = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.mjs'));
/** tfjs-backend-wasm's dist/, which holds its .wasm files. */
const TFJS_WASM_DIST = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

/** Bundles page.ts into OUT_DIR/page.js: an ES module for the browser, core from its TypeScript source. */
async function bundlePage(): Promise<void> {
  await rm(OUT_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(PAGE_DIR, 'page.ts')],
    outfile: path.join(OUT_DIR, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@attention-lab/source'],
    // Loaded unbundled from /ort/ (index.html's import map), so that its workers find their files.
    external: ['onnxruntime-web'],
    sourcemap: true,
    logLevel: 'silent',
  });
  for (const warning of result.warnings) progress(`esbuild warning: ${warning.text}`);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** The file behind a request path, or null: only the page, its bundle and the two packages' dist files are served. */
function fileFor(urlPath: string): string | null {
  if (urlPath === '/' || urlPath === '/index.html') return path.join(PAGE_DIR, 'index.html');
  if (urlPath === '/page.js' || urlPath === '/page.js.map') return path.join(OUT_DIR, urlPath.slice(1));
  // One plain file name, no slashes: nothing outside the two folders can be named.
  const match = /^\/(ort|tfjs-wasm)\/([\w.-]+\.(?:mjs|wasm))$/.exec(urlPath);
  if (match) return path.join(match[1] === 'ort' ? ORT_DIST : TFJS_WASM_DIST, match[2]!);
  return null;
}

/** Serves {@link fileFor} on 127.0.0.1 with the headers of a cross-origin-isolated page. */
async function startServer(): Promise<{ server: Server; origin: string }> {
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
  const server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = fileFor(urlPath);
    const notFound = (): void => {
      progress(`server: 404 ${urlPath}`);
      response.writeHead(404, isolation).end();
    };
    if (file == null) return notFound();
    readFile(file).then(
      (body) => response.writeHead(200, { ...isolation, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      notFound,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

/** One open page and what it said about itself. */
interface Tab {
  name: string;
  page: Page;
  info: PageInfo;
}

/** `work` (a `page.evaluate`), failing after {@link EVALUATE_TIMEOUT_MS} instead of waiting for ever on a hung page. */
async function withTimeout<R>(work: Promise<R>, what: string): Promise<R> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${EVALUATE_TIMEOUT_MS / 1000} s`)), EVALUATE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the bench page in a context of its own, waits for `window.bench`, and sets it up. */
async function openTab(browser: Browser, origin: string, name: string, setup: PageSetup): Promise<Tab> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') progress(`${name} page console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => progress(`${name} page error: ${error.message}`));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.bench !== undefined);
  const info = await withTimeout(page.evaluate((s) => window.bench!.setup(s), setup), `setting up the ${name} page`);
  return { name, page, info };
}

// ---------------------------------------------------------------------------
// Contenders
// ---------------------------------------------------------------------------

interface Contender {
  /** The id the page knows it by. */
  id: string;
  /** The page it runs in. */
  tab: string;
  /** What runs: the function or the peer. */
  path: string;
  /** Where it runs, as the table names it. */
  backend: string;
  /** CPU threads it computes on; null on a GPU backend (here one that the CPU emulates). */
  threads: number | null;
  /** The onnxruntime-web page it is compared with. */
  peer: string;
  seqLens: readonly number[];
}

/** Every contender; the pages say which of them they can run. */
function contenders(threads: number, webglRenderer: string | null): Contender[] {
  const all = SIZES.seqLens;
  const ortN = threads > 1 ? `ort-${threads}` : 'ort-1';
  const ort = (n: number): Contender => ({ id: 'onnxruntime', tab: `ort-${n}`, path: 'onnxruntime-web (ONNX graph)', backend: 'onnxruntime-web wasm', threads: n, peer: `ort-${n}`, seqLens: all });
  const ours = (id: string, path: string, backend: string, n: number | null, peer: string, seqLens = all): Contender => ({ id, tab: 'tfjs', path, backend, threads: n, peer, seqLens });
  return [
    ort(1),
    ...(threads > 1 ? [ort(threads)] : []),
    ours('wasm-sdpa', 'scaledDotProductAttention', 'wasm', 1, 'ort-1'),
    ours('wasm-chunked', 'memoryEfficientAttention', 'wasm', 1, 'ort-1'),
    ours('wasm-fused', 'fusedAttention', 'own wasm SIMD kernel (tfjs backend wasm)', 1, 'ort-1'),
    // The same kernel on one Web Worker per core (from a blob URL), heads split between them.
    ours('wasm-fused-parallel', 'fusedAttentionParallel', `own wasm SIMD kernel on ${threads} Web Workers (tfjs backend wasm)`, threads, ortN),
    // Software WebGL may render on every core, so it is set against onnxruntime-web on all of them.
    ours('webgl-sdpa', 'scaledDotProductAttention', `webgl (${webglRenderer ?? 'renderer unknown'})`, null, ortN, WEBGL_SEQ_LENS),
    ours('webgpu-sdpa', 'scaledDotProductAttention', 'webgpu', null, ortN),
  ];
}

const keyOf = (c: Contender): string => `${c.tab}/${c.id}`;

// ---------------------------------------------------------------------------
// Rounds
// ---------------------------------------------------------------------------

interface Cell {
  contender: Contender;
  seqLen: number;
  times: number[];
  check?: number;
}

/**
 * Warm-up round (outputs checked against onnxruntime-web on 1 thread), then
 * the timed rounds. A contender that throws is dropped; `failures` says where
 * and how, by {@link keyOf}.
 */
async function runRounds(tabs: Map<string, Tab>, active: Contender[]): Promise<{ cells: Cell[]; failures: Map<string, string>; leaks: string[] }> {
  const cells: Cell[] = [];
  for (const seqLen of SIZES.seqLens) for (const contender of active) if (contender.seqLens.includes(seqLen)) cells.push({ contender, seqLen, times: [] });
  const failed = new Map<string, string>();
  const leaks: string[] = [];
  const ours = tabs.get('tfjs');
  let tensorsAfterWarmUp = 0;
  for (let round = 0; round <= SIZES.rounds; round++) {
    progress(round === 0 ? 'warm-up round and output check' : `round ${round} of ${SIZES.rounds}`);
    for (const seqLen of SIZES.seqLens) {
      const here = cells.filter((c) => c.seqLen === seqLen);
      const order = seededShuffle(here, 1000 * round + seqLen); // a new order each round
      const outputs = new Map<string, Float32Array>();
      for (const cell of order) {
        const { contender } = cell;
        if (failed.has(keyOf(contender))) continue;
        const tab = tabs.get(contender.tab)!;
        const what = `${contender.path} (${contender.tab}) at seqLen ${seqLen}`;
        try {
          const result: RunResult = await withTimeout(tab.page.evaluate(([id, n, keep]) => window.bench!.run(id, n, keep), [contender.id, seqLen, round === 0] as const), what);
          if (round === 0) outputs.set(keyOf(contender), fromBase64(result.output!));
          else cell.times.push(result.ms);
        } catch (error) {
          const message = messageOf(error).split('\n')[0]!;
          progress(`FAILED: ${what}: ${message}`);
          failed.set(keyOf(contender), `${what}, ${round === 0 ? 'warm-up round' : `round ${round}`}: ${message}`);
        }
      }
      if (round === 0) {
        const peer = outputs.get('ort-1/onnxruntime');
        for (const cell of here) {
          const output = outputs.get(keyOf(cell.contender));
          if (peer && output) cell.check = maxAbsDiff(output, peer);
        }
      }
    }
    if (ours) {
      const tensors = await withTimeout(ours.page.evaluate(() => window.bench!.numTensors()), 'tf.memory().numTensors');
      if (round === 0) tensorsAfterWarmUp = tensors;
      else if (tensors > tensorsAfterWarmUp) leaks.push(`tf.memory().numTensors grew from ${tensorsAfterWarmUp} after the warm-up round to ${tensors} after round ${round}`);
    }
  }
  return { cells, failures: failed, leaks };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main(): Promise<boolean> {
  const loadAtStart = loadAverage();
  progress(`bundling ${path.relative(process.cwd(), path.join(PAGE_DIR, 'page.ts'))} with esbuild`);
  await bundlePage();
  const { server, origin } = await startServer();
  progress(`serving ${origin}; starting ${CHROMIUM}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const tabs = new Map<string, Tab>();
    const seqLens = SIZES.seqLens;
    progress('setting up the onnxruntime-web page, 1 thread');
    const ort1 = await openTab(browser, origin, 'ort-1', { role: 'onnxruntime', threads: 1, seqLens });
    tabs.set(ort1.name, ort1);
    const threads = ort1.info.hardwareConcurrency;
    if (threads > 1) {
      progress(`setting up the onnxruntime-web page, ${threads} threads`);
      const ortN = await openTab(browser, origin, `ort-${threads}`, { role: 'onnxruntime', threads, seqLens });
      tabs.set(ortN.name, ortN);
    }
    progress('setting up the tfjs page');
    const ours = await openTab(browser, origin, 'tfjs', { role: 'tfjs', threads, seqLens });
    tabs.set(ours.name, ours);

    const all = contenders(threads, ours.info.tfjs?.webglRenderer ?? null);
    const missing: string[] = [];
    for (const c of all) {
      const reason = tabs.get(c.tab)?.info.missing.find((m) => m.id === c.id)?.reason;
      if (reason) missing.push(`${c.path} (${c.backend}): ${reason}`);
    }
    const active = all.filter((c) => tabs.get(c.tab)?.info.ready.includes(c.id));
    const { cells, failures, leaks } = await runRounds(tabs, active);

    // Output
    const version = browser.version();
    const tfjs = ours.info.tfjs;
    const ortPages = [...tabs.values()].filter((t) => t.info.onnxruntime);
    printHeader('@attention-lab/core attention in Chromium against onnxruntime-web', 'browser.bench.ts', 'bench:browser', args, quick);
    print(`| Chromium | ${version} (${CHROMIUM}, headless, --disable-gpu), driven by playwright-core ${(require('playwright-core/package.json') as { version: string }).version} from Node ${process.version} |`);
    print(`| pages | ${[...tabs.values()].map((t) => `${t.name}: crossOriginIsolated ${String(t.info.crossOriginIsolated)}`).join('; ')}; navigator.hardwareConcurrency ${threads} |`);
    print(
      `| TensorFlow.js | @tensorflow/tfjs ${tfjs?.version ?? '?'}, @tensorflow/tfjs-backend-wasm ${tfjs?.wasm ?? '?'} (SIMD ${String(tfjs?.simd)}, threads ${String(tfjs?.threads)}), PROD=true; ` +
        `webgl renderer ${tfjs?.webglRenderer ?? 'unknown'}; bundled by esbuild ${esbuildVersion} |`,
    );
    print(
      `| onnxruntime-web | ${ortPages[0]?.info.onnxruntime?.version ?? '?'}, wasm execution provider (dist/ort.wasm.min.mjs, not bundled), ` +
        `${ortPages.map((t) => `${t.name}: numThreads ${t.info.onnxruntime!.numThreads}`).join(', ')}; graphOptimizationLevel 'all', sequential, proxy false |`,
    );
    print(`| load average at start (1, 5, 15 min, /proc/loadavg) | ${loadAtStart} |`);
    print();

    const medianOf = (tab: string, seqLen: number): number | undefined => {
      const cell = cells.find((c) => c.contender.tab === tab && c.contender.id === 'onnxruntime' && c.seqLen === seqLen);
      return cell?.times.length ? median(cell.times) : undefined;
    };
    const rows = cells.map((cell) => {
      const { contender } = cell;
      const ms = cell.times.length ? median(cell.times) : undefined;
      const peer = medianOf(contender.peer, cell.seqLen);
      return [
        contender.path,
        contender.backend,
        contender.threads == null ? '–' : String(contender.threads),
        String(cell.seqLen),
        String(cell.times.length),
        ms == null ? '–' : fmtMs(ms),
        ms == null ? '–' : gflops(attentionFlops(cell.seqLen), ms),
        ms == null || peer == null ? '–' : `${(ms / peer).toFixed(2)}×`,
        cell.check == null ? '–' : `${cell.check.toExponential(1)}${cell.check < TOLERANCE ? '' : ' FAIL'}`,
      ];
    });
    const ortN = threads > 1 ? `ort-${threads}` : 'ort-1';
    print('## Speed, interleaved');
    print();
    print(
      `Scaled dot-product attention, softmax(Q·Kᵀ/√${D_HEAD})·V, on query, key and value [${BATCH}, ${HEADS}, seqLen, ${D_HEAD}] (float32, N(0, 1), seeded, made in each page from the same seeds), forward only. ` +
        'Each run is one `page.evaluate`; the page times it with performance.now(), reading the output back to JS included (onnxruntime-web: `await output.getData()`; tfjs: `await output.data()`), and tfjs weights are disposed. ' +
        `Pages: one per onnxruntime-web thread count (${ortPages.map((t) => t.name).join(', ')}), since \`ort.env.wasm.numThreads\` is global in a page, and one (tfjs) for all of ours. ` +
        `${SIZES.rounds} timed rounds after one warm-up round; in each round every contender runs once at every seqLen, in a seeded random order drawn anew each round (a fixed rotation always put the same contender before each one). ` +
        'GFLOP/s counts the two matMuls, 4·heads·seqLen²·dHead. ' +
        `"× onnxruntime-web" is the median time over onnxruntime-web's median at the same thread count: tfjs wasm, memoryEfficientAttention and fusedAttention (1 thread) against ort-1, ` +
        `fusedAttentionParallel and webgl (software rendering may use every core) against ${ortN}; above 1: slower than onnxruntime-web. ` +
        '"max abs diff" is the largest absolute difference from onnxruntime-web (1 thread) in the warm-up round.',
    );
    print();
    table(['path', 'backend', 'threads', 'seqLen', 'runs', 'median ms', 'GFLOP/s', '× onnxruntime-web', 'max abs diff'], rows);
    for (const m of missing) print(`- Not measured: ${m}.`);
    if (active.some((c) => c.id === 'webgl-sdpa')) {
      print(`- tfjs webgl runs only at seqLen ${WEBGL_SEQ_LENS.join(', ')}: Chromium renders WebGL in software here (${tfjs?.webglRenderer ?? 'renderer unknown'}), far slower than wasm.`);
    }
    const kernel = tfjs?.fusedKernel;
    if (kernel) {
      const how = kernel.availableAtOnce
        ? `Chromium compiled it synchronously on the page's main thread (\`fusedAttentionAvailable()\` true when first asked, ${fmtMs(kernel.readyAfterMs ?? 0)} ms)`
        : kernel.readyAfterMs == null
          ? '`fusedAttentionAvailable()` never became true'
          : `\`fusedAttentionAvailable()\` was false when first asked on the page's main thread (an asynchronous compile) and true after ${fmtMs(kernel.readyAfterMs)} ms, before the first run`;
      print(`- The fused kernel, ${kernel.variant ?? 'not loaded'} build: ${how}. memoryEfficientAttention runs the same kernel on the wasm backend (its \`kernel\` option defaults to 'auto').`);
    }
    print('- tfjs wasm runs single-threaded (`WASM_HAS_MULTITHREAD_SUPPORT` false: threaded tfjs-wasm hangs when bundled), so it is compared with onnxruntime-web on 1 thread.');
    for (const f of failures.values()) print(`- FAILED: ${f}.`);
    for (const l of leaks) print(`- LEAK: ${l}.`);
    print();

    // Every cell of a contender that did not fail must have been checked, and within the tolerance.
    const checked = cells.filter((c) => c.check != null);
    const badChecks = cells.filter((c) => !(c.check != null && c.check < TOLERANCE) && !failures.has(keyOf(c.contender)));
    const tensorsAtEnd = await withTimeout(ours.page.evaluate(() => window.bench!.numTensors()), 'tf.memory().numTensors');
    print(`tf.memory().numTensors in the tfjs page: ${tensorsAtEnd} at the end (the inputs it holds), ${leaks.length ? 'GREW across rounds' : 'unchanged across rounds'}. ` +
      `Output check: ${badChecks.length || checked.length === 0 ? `FAIL (${badChecks.length} of ${cells.length} unchecked or beyond ${TOLERANCE})` : `every contender within ${TOLERANCE} of onnxruntime-web`}.`);
    print();
    print(`Load average at end: ${loadAverage()}. Total time ${((performance.now() - startedAt) / 60_000).toFixed(1)} min.`);
    return failures.size === 0 && leaks.length === 0 && badChecks.length === 0 && checked.length > 0;
  } finally {
    await browser.close();
    server.close();
  }
}

main().then(
  (ok) => {
    progress(ok ? 'done' : 'done, with failures (exit code 1)');
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
