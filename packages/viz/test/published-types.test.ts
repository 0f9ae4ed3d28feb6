// @vitest-environment node
// Checks the declaration files as a user's compiler reads them: the package's
// .d.ts, built with the package's own build config, copied into a fresh
// project's node_modules next to its dependencies (the d3 modules, which
// carry no types) but none of the @types/d3-* packages, and a small
// consumer file compiled against them with skipLibCheck off. The consumer
// passes what users write: `{ data: await t.data(), shape: t.shape }` of a
// tfjs tensor, whose shape is a `number[]`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'attention-lab-viz-types-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** What a consumer writes, with tfjs's types for the two members it reads (a `Tensor` of unknown rank). */
const CONSUMER = `
import { attentionHeatmap, headView, neuronView, tokenSaliency, type AttentionGrid, type Matrix } from '@attention-lab/viz';
import { renderAttentionHeatmapToSvg } from '@attention-lab/viz/node';

/** tfjs 4.22's Tensor, as far as a chart's data goes: shape is number[] unless the rank is known. */
interface Tensor {
  readonly shape: number[];
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
}
declare const weights: Tensor; // [seqLenQ, seqLenK]
declare const grid: Tensor; // [layers, heads, seqLenQ, seqLenK]
declare const saliency: Tensor; // [seqLen]
declare const el: HTMLElement;

export async function draw(): Promise<void> {
  attentionHeatmap(el, { values: { data: await weights.data(), shape: weights.shape } });
  headView(el, { attention: { data: await grid.data(), shape: grid.shape } });
  tokenSaliency(el, { tokens: ['a', 'b'], weights: await saliency.data() });
  const frozen = [2, 2] as const;
  const m: Matrix = { data: [0.5, 0.5, 0.1, 0.9], shape: frozen };
  const g: AttentionGrid = { data: new Float64Array(4), shape: [1, 1, 2, 2] };
  neuronView(el, { query: [1, 0], keys: m });
  headView(el, { attention: g });
  const svg: string = renderAttentionHeatmapToSvg({ values: { data: await weights.data(), shape: weights.shape } });
  el.innerHTML = svg;
}
`;

test('the published .d.ts compile in a project without @types/d3-*, skipLibCheck off, and take a tensor\'s data and shape', () => {
  const installed = join(project, 'node_modules', '@attention-lab', 'viz');
  mkdirSync(installed, { recursive: true });
  execFileSync(
    process.execPath,
    [tsc, '-p', join(packageDir, 'tsconfig.build.json'), '--emitDeclarationOnly', '--declarationMap', 'false', '--sourceMap', 'false', '--outDir', join(installed, 'dist')],
    { cwd: packageDir, stdio: 'pipe' },
  );
  copyFileSync(join(packageDir, 'package.json'), join(installed, 'package.json'));
  const { dependencies } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(dependencies)) symlinkSync(join(packageDir, 'node_modules', name), join(project, 'node_modules', name), 'dir');
  writeFileSync(join(project, 'consumer.ts'), CONSUMER);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['consumer.ts'],
    }),
  );
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], { cwd: project, stdio: 'pipe' });
  } catch (error) {
    output = String((error as { stdout?: Buffer }).stdout ?? error);
  }
  expect(output).toBe('');
  // The check is only worth something if the compiler read the package's declarations.
  expect(readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8')).toContain('attentionHeatmap');
}, 120_000);
