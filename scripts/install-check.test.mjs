// @ts-check
// The packages as a user installs them. Packs every package with `pnpm pack`
// (as `pnpm publish` would), serves the tarballs as the @attention-lab scope
// of a registry on 127.0.0.1 (everything else comes from the npm registry),
// and in a temporary folder, with npm's cache inside it:
//
// 1. checks what each tarball carries: no src, maps, .wasm, source condition,
//    scripts or devDependencies; no literal types in .d.ts; README links
//    that open from the npm page;
// 2. runs the README install lines of datasets and of viz, each in a fresh
//    folder: neither installs TensorFlow.js, and viz's Node blocks run there;
// 3. makes a fresh app from every library README's install line plus Vite:
//    `npm ls` finds one @tensorflow/tfjs-core;
// 4. typechecks every README block there against the published types;
// 5. runs every README Node block there on this Node and on Node 20;
// 6. builds the README browser blocks with Vite and runs them in Chromium,
//    which reports its tfjs backend; after core's bundler setup, wasm starts;
// 7. installs the cli globally as its README says: one tfjs-core, and the
//    README's commands print no "kernel already registered" warning.
//
//   pnpm install-check:all      (node --test scripts/install-check.test.mjs)
//
// KEEP_INSTALL_CHECK=1 keeps the temporary folder for a look afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { blockName, readmeBlocks, runNodeBlocks } from './readme-blocks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(root, 'packages');
const packageNames = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')));
const work = mkdtempSync(join(tmpdir(), 'attention-lab-install-'));
const REPO_URL = 'https://github.com/attention-lab/attention-lab';

/**
 * Each packed package: its tarball, its unpacked folder and its package.json.
 * @type {Map<string, { file: string, dir: string, manifest: Record<string, any>, integrity: string, shasum: string }>}
 */
const packed = new Map();
/** @type {import('node:http').Server} */
let registry;
/** @type {Record<string, string>} */
let npmEnv;

/**
 * Runs a command and resolves to its output, or rejects with the output's
 * tail. Asynchronous, so that the registry in this process keeps answering.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<string>}
 */
function run(command, args, { cwd = work, env = npmEnv, timeout = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, timeout, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${signal ?? `exit ${code}`}\n${output.trim().split('\n').slice(-30).join('\n')}`));
    });
  });
}

/** A fresh folder holding a package.json, as `npm init -y` gives (ESM). */
function freshProject(name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2));
  return dir;
}

/** The packed package `@attention-lab/<name>`. */
function packageOf(name) {
  const entry = packed.get(`@attention-lab/${name}`);
  assert.ok(entry, `no tarball for @attention-lab/${name}`);
  return entry;
}

/** The README in a package's tarball. */
function packedReadme(name) {
  return readFileSync(join(packageOf(name).dir, 'README.md'), 'utf8');
}

/** The arguments after `npm install` of each such line in a README's ```sh blocks. */
function installLines(readme) {
  const lines = [];
  let inShell = false;
  for (const line of readme.split('\n')) {
    if (/^```(sh|bash|shell)\s*$/.test(line)) inShell = true;
    else if (line.startsWith('```')) inShell = false;
    else if (inShell && line.startsWith('npm install ')) lines.push(line.replace(/\s+#.*$/, '').trim().split(/\s+/).slice(2));
  }
  return lines;
}

/** The README blocks of the packages installed in `dir`. */
function installedBlocks(dir) {
  return packageNames.flatMap((name) => {
    const readme = join(dir, 'node_modules', '@attention-lab', name, 'README.md');
    return existsSync(readme) ? readmeBlocks(readFileSync(readme, 'utf8'), readme) : [];
  });
}

/** The distinct folders of a package that `npm ls` finds. */
async function copiesOf(pkg, cwd, global = false) {
  const output = await run('npm', ['ls', pkg, '--all', '--parseable', ...(global ? ['--global'] : [])], { cwd });
  return [...new Set(output.split('\n').filter((line) => line.endsWith(join('node_modules', ...pkg.split('/')))))];
}

/** @type {Promise<string> | undefined} */
let node20Binary;
/** A Node 20: NODE20, or /usr/bin/node when it is Node 20, else node-<platform>-<arch>@20 from the npm registry. */
function node20() {
  node20Binary ??= (async () => {
    for (const candidate of [process.env.NODE20, '/usr/bin/node']) {
      if (!candidate || !existsSync(candidate)) continue;
      if (execFileSync(candidate, ['--version'], { encoding: 'utf8' }).startsWith('v20.')) return candidate;
    }
    const dir = join(work, 'node20');
    mkdirSync(dir);
    await run('npm', ['pack', '--silent', `node-${process.platform}-${process.arch}@20`], { cwd: dir });
    await run('tar', ['-xzf', String(readdirSync(dir).find((file) => file.endsWith('.tgz')))], { cwd: dir });
    return join(dir, 'package', 'bin', 'node');
  })();
  return node20Binary;
}

/** Serves `dir` on 127.0.0.1. */
async function serveFolder(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const path = join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
    if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[/** @type {keyof typeof types} */ (extname(path))] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return { url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`, server };
}

/** Answers for the @attention-lab scope: one version per package, the packed one. */
function startRegistry() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).slice(1);
    const tarball = [...packed.values()].find((entry) => path === `-/${basename(entry.file)}`);
    if (tarball) {
      createReadStream(tarball.file).pipe(response);
      return;
    }
    const entry = packed.get(path);
    if (!entry) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const { manifest } = entry;
    const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
    const version = { ...manifest, _id: `${manifest.name}@${manifest.version}`, dist: { tarball: `${base}/-/${basename(entry.file)}`, integrity: entry.integrity, shasum: entry.shasum } };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ name: manifest.name, 'dist-tags': { latest: manifest.version }, versions: { [manifest.version]: version } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  const out = join(work, 'tarballs');
  for (const name of packageNames) execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: join(packagesDir, name), stdio: 'ignore' });
  for (const file of readdirSync(out)) {
    const dir = join(work, 'unpacked', basename(file, '.tgz'));
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', join(out, file), '-C', dir, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const bytes = readFileSync(join(out, file));
    packed.set(manifest.name, {
      file: join(out, file),
      dir,
      manifest,
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
    });
  }
  registry = await startRegistry();
  const npmrc = join(work, 'npmrc');
  const settings = [
    `@attention-lab:registry=http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (registry.address()).port}/`,
    `cache=${join(work, 'npm-cache')}`,
    `prefix=${join(work, 'global')}`,
    'audit=false',
    'fund=false',
    'update-notifier=false',
  ];
  writeFileSync(npmrc, settings.join('\n') + '\n');
  // npm reads only these settings: none of the npm_config_* that `pnpm run` sets.
  npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)).map(([key, value]) => [key, String(value)]));
  npmEnv.NPM_CONFIG_USERCONFIG = npmrc;
});

after(() => {
  registry?.close();
  if (process.env.KEEP_INSTALL_CHECK) console.log(`install-check: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

/** Every file under `dir`, relative to it. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

test('pnpm pack ships dist, types, README, LICENSE and CHANGELOG, with README links that resolve', () => {
  for (const [name, { dir, manifest }] of packed) {
    const files = filesUnder(dir);
    const stray = files.filter((path) => path.startsWith('src/') || /\.(map|wasm)$/.test(path) || (path.endsWith('.ts') && !path.endsWith('.d.ts')) || path.includes('.test.'));
    assert.deepEqual(stray, [], `${name} ships files users never load`);
    for (const must of ['package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(must), `${name} lacks ${must}`);
    const text = JSON.stringify(manifest);
    assert.ok(!text.includes('@attention-lab/source'), `${name}: the source condition reached the tarball`);
    assert.ok(!/"(workspace|catalog):/.test(text), `${name}: a workspace: or catalog: range reached the tarball`);
    assert.equal(manifest.scripts, undefined, `${name}: scripts reached the tarball`);
    assert.equal(manifest.devDependencies, undefined, `${name}: devDependencies reached the tarball`);
    assert.ok((manifest.repository?.url ?? '').includes('github.com/attention-lab/attention-lab'), `${name}: repository.url should name ${REPO_URL}`);
    for (const dts of files.filter((path) => path.endsWith('.d.ts'))) {
      const longest = Math.max(...readFileSync(join(dir, dts), 'utf8').split('\n').map((line) => line.length));
      assert.ok(longest < 2000, `${name}/${dts} has a line of ${longest} characters (a literal type?)`);
    }
    for (const [, target] of readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      assert.match(target, /^(https?:|#)/, `${name}/README.md links to ${target}, which the npm page cannot open: link to ${REPO_URL}/blob/main/…`);
      const inRepo = new RegExp(`^${REPO_URL}/(?:blob|tree)/main/([^#?]+)`).exec(target);
      if (inRepo) assert.ok(existsSync(join(root, decodeURIComponent(inRepo[1]))), `${name}/README.md links to ${target}, which is not in the repository`);
    }
  }
});

test('npm install @attention-lab/datasets and @attention-lab/viz, as their READMEs say, install no TensorFlow.js', async () => {
  for (const name of ['datasets', 'viz']) {
    const dir = freshProject(`${name}-alone`);
    for (const args of installLines(packedReadme(name))) await run('npm', ['install', ...args], { cwd: dir });
    assert.ok(!existsSync(join(dir, 'node_modules', '@tensorflow')), `npm install @attention-lab/${name} installed @tensorflow/*`);
    await run(process.execPath, ['--input-type=module', '-e', `const m = await import('@attention-lab/${name}'); if (Object.keys(m).length === 0) process.exit(1);`], { cwd: dir });
  }
  // viz's Node blocks (SVG files) need nothing more.
  const viz = join(work, 'viz-alone');
  assert.equal(await runNodeBlocks(installedBlocks(viz), { cwd: viz }), 0, 'viz README blocks failed without tfjs');
});

/** The app: every library README's install line, then Vite. */
let app = '';
/** @type {import('./readme-blocks.d.mts').ReadmeBlock[]} */
let blocks = [];

test("the library READMEs' install lines and Vite give one @tensorflow/tfjs-core (npm ls)", async () => {
  app = freshProject('app');
  for (const name of packageNames) {
    for (const args of installLines(packedReadme(name))) {
      if (!args.includes('--global') && !args.includes('-g')) await run('npm', ['install', ...args], { cwd: app });
    }
  }
  blocks = installedBlocks(app);
  assert.ok(blocks.length > 0, 'no README blocks found');
  // What a browser block imports and no install line gave (e.g. an optional backend), with Vite and Node's types.
  const missing = new Set();
  for (const block of blocks.filter((b) => b.where === 'browser')) {
    for (const match of block.code.matchAll(/from\s+'([^.'][^']*)'|import\('([^.'][^']*)'\)/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
      if (name && !existsSync(join(app, 'node_modules', name))) missing.add(name);
    }
  }
  const viteRange = /^\s+vite:\s*(\S+)/m.exec(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'))?.[1] ?? 'latest';
  await run('npm', ['install', ...missing, '--save-dev', `vite@${viteRange}`, '@types/node@22'], { cwd: app });
  const copies = await copiesOf('@tensorflow/tfjs-core', app);
  assert.equal(copies.length, 1, `npm ls @tensorflow/tfjs-core: ${copies.length} copies\n${copies.join('\n')}`);
});

test('every README block typechecks against the published types (tsc, strict)', async () => {
  const dir = join(app, 'typecheck');
  mkdirSync(dir);
  for (const block of blocks) writeFileSync(join(dir, `${blockName(block)}.ts`), block.code);
  const compilerOptions = { target: 'ES2022', module: 'NodeNext', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node', 'vite/client'], strict: true, noEmit: true, skipLibCheck: true };
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['typecheck'] }, null, 2));
  await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app });
});

test(`every README Node block runs on Node ${process.versions.node}`, async () => {
  assert.equal(await runNodeBlocks(blocks, { cwd: app }), 0);
});

test('every README Node block runs on Node 20', async () => {
  const node = await node20();
  console.log(`install-check: Node 20 is ${node} (${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()})`);
  assert.equal(await runNodeBlocks(blocks, { cwd: app, node }), 0);
});

test('the README browser blocks, built by Vite, run in Chromium', async () => {
  const browserBlocks = blocks.filter((block) => block.where === 'browser');
  assert.ok(browserBlocks.length > 0, 'no browser blocks');
  mkdirSync(join(app, 'src'));
  for (const block of browserBlocks) writeFileSync(join(app, 'src', `${blockName(block)}.ts`), block.code);
  writeFileSync(join(app, 'index.html'), '<!doctype html>\n<html><head><meta charset="utf-8"><title>README blocks</title></head>\n<body><div id="figure"></div><script type="module" src="/src/main.ts"></script></body></html>\n');
  const main = [
    "import * as tf from '@tensorflow/tfjs';",
    '',
    'const blocks: [string, () => Promise<unknown>][] = [',
    ...browserBlocks.map((block) => `  ['${block.pkg}/README.md:${block.line}', () => import('./${blockName(block)}.ts')],`),
    '];',
    'const results: { where: string; error?: string }[] = [];',
    'for (const [where, load] of blocks) {',
    '  try {',
    '    await load();',
    '    results.push({ where });',
    '  } catch (error) {',
    '    results.push({ where, error: String((error as Error)?.stack ?? error) });',
    '  }',
    '}',
    'await tf.ready();',
    'const backend = tf.getBackend();',
    '// Whether the blocks left wasm able to start, whichever backend they chose (a GPU may win).',
    "const wasm = tf.findBackendFactory('wasm') != null && (await tf.setBackend('wasm'));",
    'Object.assign(globalThis, { readmeBlocks: { results, backend, wasm } });',
    '',
  ];
  writeFileSync(join(app, 'src', 'main.ts'), main.join('\n'));
  await run(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: app });
  const { url, server } = await serveFolder(join(app, 'dist'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => void (response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`)));
    await page.goto(url);
    await page.waitForFunction(() => 'readmeBlocks' in globalThis, null, { timeout: 180_000 });
    const report = /** @type {{ results: { where: string, error?: string }[], backend: string, wasm: boolean }} */ (await page.evaluate(() => /** @type {any} */ (globalThis).readmeBlocks));
    for (const { where, error } of report.results) console.log(`install-check: ${error ? 'FAIL' : 'ok  '} ${where} in Chromium${error ? `\n${error}` : ''}`);
    console.log(`install-check: the page's tfjs backend is ${report.backend}; wasm ${report.wasm ? 'starts' : 'does not start'}`);
    assert.deepEqual(report.results.filter((result) => result.error), [], 'browser blocks failed');
    assert.deepEqual(problems, [], 'the page had errors');
    assert.ok(report.backend, 'the page reports no backend');
    // core's "In a bundler" section hands the wasm binary's URL to useBestBackend.
    if (browserBlocks.some((block) => block.pkg === 'core' && /wasmPaths/i.test(block.code))) assert.ok(report.wasm, "core's bundler setup does not start wasm");
  } finally {
    await browser.close();
    server.close();
  }
});

/**
 * The `attention-lab …` commands of the cli README that need nothing another
 * command makes: `train` and `bench` (minutes) are left out, and so is
 * whatever reads what `train` writes.
 * @param {string} readme
 * @returns {string[][]}
 */
function cliCommands(readme) {
  const commands = [];
  const made = [];
  for (const line of readme.split('\n')) {
    for (const part of line.replace(/\s+#.*$/, '').split('&&')) {
      const args = [...part.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
      if (args[0] !== 'attention-lab') continue;
      if (args[1] === 'train' || args[1] === 'bench') {
        const out = args.indexOf('--out');
        if (out > 0) made.push(args[out + 1]);
        continue;
      }
      if (args.some((arg) => made.some((m) => m && arg.startsWith(m)) || arg.endsWith('.checkpoint'))) continue;
      commands.push(args.slice(1));
    }
  }
  return commands;
}

test('npm install --global @attention-lab/cli: one tfjs-core, and the README commands print no kernel warnings', async () => {
  const readme = packedReadme('cli');
  for (const args of installLines(readme)) await run('npm', ['install', ...args]);
  const copies = await copiesOf('@tensorflow/tfjs-core', work, true);
  assert.equal(copies.length, 1, `npm ls --global @tensorflow/tfjs-core: ${copies.length} copies\n${copies.join('\n')}`);
  const commands = cliCommands(readme);
  assert.ok(commands.length >= 2, 'the cli README has commands to run');
  const cwd = freshProject('cli-run');
  const bin = join(work, 'global', 'lib', 'node_modules', '@attention-lab', 'cli', 'dist', 'bin.js');
  const runs = [...commands.map((args) => ({ node: process.execPath, args })), { node: await node20(), args: ['datasets'] }];
  for (const { node, args } of runs) {
    const output = await run(node, [bin, ...args], { cwd });
    const warnings = output.split('\n').filter((line) => line.includes('already registered'));
    assert.equal(warnings.length, 0, `attention-lab ${args.join(' ')} printed ${warnings.length} lines like: ${warnings[0]}`);
    console.log(`install-check: ok   attention-lab ${args.join(' ')} (Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()})`);
  }
});
