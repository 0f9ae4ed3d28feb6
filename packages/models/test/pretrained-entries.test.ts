// The per-model entries, `@attention-lab/models/pretrained/<name>`: one per
// shipped model, each naming that model's two files and no other asset, so an
// app bundled with one ships one model (e2e/bundled-app.test.mjs checks that
// in a real Vite build).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { PRETRAINED_NAMES, loadPretrained } from '../src/load-pretrained.js';
import { loadDateTranslator } from '../src/pretrained/date-translator.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
const camel = (name: string) => pascal(name).replace(/^\w/, (c) => c.toLowerCase());

/** Every `new URL` of a literal path and `import.meta.url` in the modules a file reaches by relative imports, resolved to paths, and the packages it imports. */
function reach(entry: string): { assets: Set<string>; packages: Set<string>; modules: Set<string> } {
  const modules = new Set<string>();
  const assets = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, ''); // code only, not the examples in comments
    for (const m of text.matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)) assets.add(join(dirname(file), m[1]!));
    for (const m of text.matchAll(/(?:from|import) '([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { assets, packages, modules };
}

describe('pretrained entries', () => {
  test('the exports map sends ./pretrained/<name> to one module per shipped model, and there is no other', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(pkg.exports['./pretrained/*']).toEqual({
      '@attention-lab/source': './src/pretrained/*.ts',
      types: './dist/pretrained/*.d.ts',
      default: './dist/pretrained/*.js',
    });
    const files = readdirSync(join(src, 'pretrained')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...PRETRAINED_NAMES].sort());
  });

  test.each(PRETRAINED_NAMES)('@attention-lab/models/pretrained/%s exports exactly its loader and files, and names only its own two files', async (name) => {
    const entry = (await import(`../src/pretrained/${name}.ts`)) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual([`load${pascal(name)}`, `${camel(name)}Files`].sort());
    const files = entry[`${camel(name)}Files`] as { name: string; model: () => URL; weights: () => URL };
    expect(files.name).toBe(name);
    expect(existsSync(files.model())).toBe(true);
    expect(existsSync(files.weights())).toBe(true);
    const { assets, packages } = reach(join(src, 'pretrained', `${name}.ts`));
    expect([...assets].sort()).toEqual([fileURLToPath(files.model()), fileURLToPath(files.weights())]);
    expect([...packages].filter((p) => p.startsWith('@attention-lab/'))).toEqual(['@attention-lab/core']); // no data set, hence no data asset
  });

  test('loadDateTranslator() loads the weights loadPretrained(\'date-translator\') loads, and its errors name it', async () => {
    const one = await loadDateTranslator();
    const all = await loadPretrained('date-translator');
    expect(one.name).toBe('date-translator');
    expect(one.metadata).toEqual(all.metadata);
    const a = one.model.getWeights();
    const b = all.model.getWeights();
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(await a[i]!.data()).toEqual(await b[i]!.data());
    one.model.dispose();
    all.model.dispose();
    const refusing = (() => Promise.reject(new Error('fetch failed'))) as unknown as typeof fetch;
    await expect(loadDateTranslator({ baseUrl: 'http://127.0.0.1:9/models/', fetch: refusing })).rejects.toThrow(
      /^loadDateTranslator: cannot fetch http:\/\/127\.0\.0\.1:9\/models\/date-translator\/model\.json: fetch failed/,
    );
  });
  test('every one of our layer classes a shipped model.json names is registered by a module the shared reader imports', () => {
    const pretrained = fileURLToPath(new URL('../pretrained/', import.meta.url));
    const named = new Set<string>();
    for (const name of PRETRAINED_NAMES) {
      for (const m of readFileSync(join(pretrained, name, 'model.json'), 'utf8').matchAll(/"class_name":"AttentionLab>(\w+)"/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThan(0);
    const registered = new Set<string>();
    for (const file of reach(join(src, 'read-pretrained.ts')).modules) {
      for (const m of readFileSync(file, 'utf8').matchAll(/registerClass\((\w+)/g)) registered.add(m[1]!);
    }
    expect([...named].filter((c) => !registered.has(c))).toEqual([]);
  });
});
