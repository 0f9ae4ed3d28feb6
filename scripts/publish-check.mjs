#!/usr/bin/env node
// Packs the package in the current directory the way `pnpm publish` would and
// checks the tarball with publint and are-the-types-wrong. Run as a package's
// `publish-check` script after `build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'attention-lab-pack-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
try {
  run('pnpm', ['pack', '--pack-destination', out]);
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`publish-check: pnpm pack wrote no tarball to ${out}`);
  const path = join(out, tarball);
  run('publint', ['run', path, '--strict']);
  // The package is ESM-only: CommonJS `require` from node10/node16-cjs is not offered.
  run('attw', [path, '--profile', 'esm-only']);
  console.log(`publish-check: ${tarball} passes publint and are-the-types-wrong`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
