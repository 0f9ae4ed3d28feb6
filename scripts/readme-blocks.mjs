#!/usr/bin/env node
// Runs the code of a package README the way a reader would: every ```ts or
// ```js block is a module of its own, pasted into a file of a project that
// installed the package. A block runs in Node unless its fence says
// `browser` (```ts browser): it needs a DOM, and scripts/install-check.mjs
// bundles it with Vite and runs it in Chromium. Any other word after the
// language is an error, so that no block is left out by a typo.
//
// In the workspace, each package's test/readme.test.ts hands its README to
// registerReadmeTests (vitest, on src/). Against installed tarballs:
//
//   node scripts/readme-blocks.mjs --cwd <project> [--node <binary>] <README.md>...
//
// transpiles each Node block to <project>/readme-<package>-<line>.mjs, runs it
// with that Node (default: this one) in <project>, and exits 1 if any fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
const PLACES = new Set(['browser']);

/**
 * The TypeScript and JavaScript blocks of a Markdown file, in order.
 * @param {string} markdown
 * @param {string} file the README's path, for names and errors
 * @returns {import('./readme-blocks.d.mts').ReadmeBlock[]}
 */
export function readmeBlocks(markdown, file) {
  const pkg = basename(dirname(resolve(file)));
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, meta] = open;
    const body = [];
    let end = i + 1;
    while (end < lines.length && !lines[end].trim().startsWith(fence)) body.push(lines[end++]);
    if (end === lines.length) throw new Error(`${file}:${i + 1}: code block never closed`);
    if (LANGUAGES.has(lang)) {
      const words = meta.trim().split(/\s+/).filter(Boolean);
      const unknown = words.filter((word) => !PLACES.has(word));
      if (unknown.length > 0) throw new Error(`${file}:${i + 1}: unknown word ${JSON.stringify(unknown[0])} after \`\`\`${lang} (only "browser" is read)`);
      blocks.push({
        file,
        pkg,
        line: i + 1,
        lang,
        where: words.includes('browser') ? 'browser' : 'node',
        code: body.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n') + '\n',
      });
    }
    i = end;
  }
  return blocks;
}

/**
 * The file stem a block is written to: `readme-<package>-<line>`.
 * @param {import('./readme-blocks.d.mts').ReadmeBlock} block
 */
export function blockName(block) {
  return `readme-${block.pkg}-${block.line}`;
}

/**
 * Registers one vitest test per block of a README; Node blocks are written
 * as .ts files into the package's node_modules/.readme-blocks and imported
 * (vitest compiles them and resolves the package by name, on src/), with a
 * fresh temporary folder as the working directory. Browser blocks are listed
 * as skipped.
 * @param {import('./readme-blocks.d.mts').TestFunction} test vitest's `test`
 * @param {URL} readmeUrl
 */
export function registerReadmeTests(test, readmeUrl) {
  const file = fileURLToPath(readmeUrl);
  const dir = join(dirname(file), 'node_modules', '.readme-blocks');
  for (const block of readmeBlocks(readFileSync(file, 'utf8'), file)) {
    const name = `README.md:${block.line} runs`;
    if (block.where === 'browser') {
      test.skip(`${name} (a browser block: it runs in Chromium in pnpm install-check:all)`, () => {});
      continue;
    }
    test(name, async () => {
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${blockName(block)}.ts`);
      writeFileSync(path, block.code);
      const home = process.cwd();
      const scratch = mkdtempSync(join(tmpdir(), 'attention-lab-readme-'));
      process.chdir(scratch);
      try {
        await import(/* @vite-ignore */ path);
      } finally {
        process.chdir(home);
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
}

/**
 * A block as an ES module of plain JavaScript (types removed).
 * @param {import('./readme-blocks.d.mts').ReadmeBlock} block
 */
export async function transpileBlock(block) {
  const { default: ts } = await import('typescript');
  const { outputText, diagnostics = [] } = ts.transpileModule(block.code, {
    fileName: `${blockName(block)}.ts`,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  if (diagnostics.length > 0) {
    const message = ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n');
    throw new Error(`${block.file}:${block.line}: ${message}`);
  }
  return outputText;
}

/**
 * Runs each Node block in `cwd` with `node`, one process per block; prints a
 * line per block and returns the number that failed.
 * @param {import('./readme-blocks.d.mts').ReadmeBlock[]} blocks
 * @param {{ cwd: string, node?: string, timeoutMs?: number }} options
 */
export async function runNodeBlocks(blocks, { cwd, node = process.execPath, timeoutMs = 180_000 }) {
  let failed = 0;
  for (const block of blocks.filter((b) => b.where === 'node')) {
    const path = join(cwd, `${blockName(block)}.mjs`);
    writeFileSync(path, await transpileBlock(block));
    const started = Date.now();
    const run = spawnSync(node, [path], { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: '' } });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const where = `${block.pkg}/README.md:${block.line}`;
    if (run.status === 0) {
      console.log(`readme-blocks: ok   ${where} (${seconds} s)`);
      continue;
    }
    failed++;
    const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}`;
    console.log(`readme-blocks: FAIL ${where} (${why}, ${seconds} s)\n${(run.stdout + run.stderr).trim().split('\n').slice(-20).join('\n')}`);
  }
  return failed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { cwd: { type: 'string' }, node: { type: 'string' } }, allowPositionals: true });
  if (!values.cwd || positionals.length === 0) {
    console.error('usage: node scripts/readme-blocks.mjs --cwd <project> [--node <binary>] <README.md>...');
    process.exit(2);
  }
  const blocks = positionals.flatMap((file) => readmeBlocks(readFileSync(file, 'utf8'), file));
  const failed = await runNodeBlocks(blocks, { cwd: resolve(values.cwd), node: values.node });
  process.exit(failed > 0 ? 1 : 0);
}
