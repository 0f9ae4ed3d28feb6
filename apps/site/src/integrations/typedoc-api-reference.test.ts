import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, LogLevel } from 'typedoc';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageModuleName } from './typedoc-api-reference.mjs';

const plugin = fileURLToPath(new URL('./typedoc-api-reference.mjs', import.meta.url));

/** A two-package project in a temporary folder; `a`'s comment links to `linkTarget`. */
async function project(dir: string, linkTarget: string): Promise<string[]> {
  const entryPoints: string[] = [];
  for (const name of ['a', 'b']) {
    await mkdir(join(dir, 'packages', name, 'src'), { recursive: true });
    const file = join(dir, 'packages', name, 'src', 'index.ts');
    await writeFile(file, `/** The ${name} function; see {@link ${name === 'a' ? linkTarget : 'b'}}. */\nexport function ${name}(): number {\n  return 1;\n}\n`);
    entryPoints.push(file);
  }
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [], skipLibCheck: true }, files: entryPoints }),
  );
  return entryPoints;
}

async function convert(dir: string, linkTarget: string) {
  const entryPoints = await project(dir, linkTarget);
  const app = await Application.bootstrapWithPlugins({
    name: 'test',
    entryPoints,
    tsconfig: join(dir, 'tsconfig.json'),
    plugin: [plugin],
    treatValidationWarningsAsErrors: true,
    disableSources: true,
    // The files are valid; skipping the type check of the whole program keeps the test fast.
    skipErrorChecking: true,
    logLevel: LogLevel.None,
  });
  return app.convert();
}

describe('packageModuleName', () => {
  test('packageModuleName names an entry point after its package folder', () => {
    expect(packageModuleName('core/src')).toBe('core');
    expect(packageModuleName('packages/viz/src/index')).toBe('viz');
  });

  test('packageModuleName leaves other names alone', () => {
    expect(packageModuleName('core')).toBe('core');
    expect(packageModuleName('src')).toBe('src');
  });
});

describe('the TypeDoc plugin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'typedoc-api-reference-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('convert names each module after its package', async () => {
    const converted = await convert(join(dir, 'ok'), 'b');
    expect(converted?.children?.map((module) => module.name).sort()).toEqual(['a', 'b']);
  }, 60_000);

  test('convert throws on a link that does not resolve', async () => {
    await expect(convert(join(dir, 'broken'), 'nowhere')).rejects.toThrow(/1 validation warning/);
  }, 60_000);
});
