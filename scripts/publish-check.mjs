#!/usr/bin/env node
// Packs the package in the current directory the way `pnpm publish` would and
// checks the tarball with publint and are-the-types-wrong. Run as a package's
// `publish-check` script after `build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Before 1.0.0 a breaking change is a minor bump (CONTRIBUTING.md#versioning):
// a `major` changeset would take the package to 1.0.0 by accident.
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
if (version.startsWith('0.')) {
  const changesets = new URL('../.changeset/', import.meta.url);
  for (const file of readdirSync(changesets).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const header = /^---\n([\s\S]*?)\n---/.exec(readFileSync(new URL(file, changesets), 'utf8'))?.[1] ?? '';
    for (const line of header.split('\n')) {
      const [pkg, bump] = line.split(':').map((part) => part.trim().replace(/^['"]|['"]$/g, ''));
      if (pkg === name && bump === 'major') {
        console.error(`publish-check: .changeset/${file} makes ${name} ${version} major; before 1.0.0 a breaking change is a minor (CONTRIBUTING.md#versioning)`);
        process.exit(1);
      }
    }
  }
}

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
