#!/usr/bin/env node
/**
 * Builds the fused attention kernel (wasm/attention.c) into two WebAssembly
 * modules and embeds them in a TypeScript file, so the package loads them in
 * Node and in browsers with no file access and no bundler plugin:
 *
 *   src/fused/attention.wasm          SIMD (f32x4 mul + add)
 *   src/fused/attention-relaxed.wasm  relaxed SIMD (f32x4 relaxed_madd)
 *   src/fused/attention-wasm.ts       both, as base64 strings (generated)
 *
 *   node scripts/build-wasm.mjs          # rebuild and write the files
 *   node scripts/build-wasm.mjs --check  # rebuild in memory; exit 1 if the files differ
 *
 * Needs clang and wasm-ld (Debian: `apt-get install clang lld`) and
 * llvm-objdump. The generated files are committed, so nothing else needs them.
 *
 * Clang 14 emits the pre-standard opcode 0xfd 0xaf 0x01 ("f32x4.fma") for
 * `__builtin_wasm_fma_f32x4`; engines only accept the final relaxed_madd,
 * 0xfd 0x85 0x02. Both take three operands and the same length, so the script
 * finds each fma instruction with llvm-objdump and rewrites its opcode in place
 * (operands keep their order: madd(a, b, c) = a * b + c).
 */
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'wasm', 'attention.c');
const outDir = join(root, 'src', 'fused');
const check = process.argv.includes('--check');

const FLAGS = [
  '--target=wasm32',
  '-O3',
  '-ffreestanding',
  '-nostdlib',
  '-fno-builtin',
  '-Wall',
  '-Werror',
  '-Wl,--no-entry',
  '-Wl,--export-dynamic',
  '-Wl,--export=__heap_base',
  '-Wl,--strip-all',
];

/** Compiles the source with extra flags and returns the module's bytes. */
function compile(extra) {
  const dir = mkdtempSync(join(tmpdir(), 'attention-wasm-'));
  try {
    const out = join(dir, 'attention.wasm');
    execFileSync(tool('clang'), [...FLAGS, ...extra, '-o', out, source], { stdio: 'inherit' });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first of `name`, `name-14` ... found on PATH. */
function tool(name) {
  for (const candidate of [name, `${name}-14`, `${name}-15`, `${name}-16`]) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(`build-wasm: ${name} not found (Debian: apt-get install clang lld llvm)`);
}

/** The file offset where the payload of section `id` starts. */
function sectionPayload(bytes, id) {
  let at = 8; // magic + version
  while (at < bytes.length) {
    const sectionId = bytes[at++];
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      size |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    if (sectionId === id) return at;
    at += size;
  }
  throw new Error(`build-wasm: no section ${id}`);
}

/** Rewrites every pre-standard f32x4.fma to the final f32x4.relaxed_madd; returns the count. */
function patchRelaxedMadd(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'attention-wasm-'));
  let listing;
  try {
    const file = join(dir, 'relaxed.wasm');
    writeFileSync(file, bytes);
    listing = execFileSync(tool('llvm-objdump'), ['-d', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const code = sectionPayload(bytes, 10);
  let count = 0;
  for (const line of listing.split('\n')) {
    const match = /^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(\S+)/.exec(line);
    if (!match) continue;
    const [, offset, hex, mnemonic] = match;
    if (!mnemonic.includes('fma') && !mnemonic.includes('fms')) continue;
    if (hex.trim() !== 'fd af 01') throw new Error(`build-wasm: unexpected encoding of ${mnemonic}: ${hex}`);
    const at = code + Number.parseInt(offset, 16);
    if (bytes[at] !== 0xfd || bytes[at + 1] !== 0xaf || bytes[at + 2] !== 0x01) {
      throw new Error(`build-wasm: f32x4.fma not found at file offset ${at}`);
    }
    bytes[at + 1] = 0x85; // 0x105 as LEB128: 0x85 0x02
    bytes[at + 2] = 0x02;
    count++;
  }
  return count;
}

const simd = compile(['-msimd128']);
const relaxed = compile(['-msimd128', '-mrelaxed-simd']);
const patched = patchRelaxedMadd(relaxed);
if (patched === 0) throw new Error('build-wasm: the relaxed build has no f32x4.fma to patch');
for (const [name, bytes] of [['simd', simd], ['relaxed', relaxed]]) {
  try {
    new globalThis.WebAssembly.Module(bytes);
  } catch (error) {
    // An engine without relaxed SIMD rejects that variant; the loader falls back.
    if (name === 'simd') throw error;
    console.warn(`build-wasm: this Node does not validate the relaxed variant (${error.message})`);
  }
}

// Typed `: string` so that the emitted .d.ts declares a string instead of
// repeating each base64 literal (34 KB) as its type.
const ts = `// Generated by scripts/build-wasm.mjs from wasm/attention.c; do not edit.
// Rebuild with \`node scripts/build-wasm.mjs\` (needs clang and lld).

/** The fused attention module built with \`-msimd128\`, base64. */
export const ATTENTION_WASM_SIMD: string =
  '${simd.toString('base64')}';

/** The same module built with \`-mrelaxed-simd\` (relaxed_madd), base64. */
export const ATTENTION_WASM_RELAXED: string =
  '${relaxed.toString('base64')}';
`;

const outputs = [
  [join(outDir, 'attention.wasm'), simd],
  [join(outDir, 'attention-relaxed.wasm'), relaxed],
  [join(outDir, 'attention-wasm.ts'), Buffer.from(ts)],
];
if (check) {
  const stale = outputs.filter(([file, bytes]) => {
    try {
      return !readFileSync(file).equals(bytes);
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`build-wasm: out of date: ${stale.map(([file]) => file).join(', ')}`);
    process.exit(1);
  }
  console.log('build-wasm: generated files are up to date');
} else {
  for (const [file, bytes] of outputs) writeFileSync(file, bytes);
  console.log(`build-wasm: simd ${simd.length} bytes, relaxed ${relaxed.length} bytes (${patched} madd patched)`);
}
