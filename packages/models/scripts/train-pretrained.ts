// Trains every shipped model from a fixed seed in Node on the wasm backend and
// writes pretrained/<name>/ (model.json with tokenizers and metrics in its
// userDefinedMetadata, weights.bin). `--only a,b` trains a subset. The
// recipes are the package's registry (src/recipe-registry.ts): each one's
// `trainShipped`.
// Run: pnpm --filter @attention-lab/models train:pretrained [--only date-translator]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerWasmKernels } from '../src/register-wasm-kernels.js';
import { fileSystem } from '../src/file-system.js';
import { RECIPES } from '../src/recipe-registry.js';

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1]!.split(',') : null;
const unknown = only?.filter((name) => !Object.hasOwn(RECIPES, name)) ?? [];
if (unknown.length > 0) {
  console.error(`train-pretrained: unknown recipe ${unknown.map((n) => `'${n}'`).join(', ')}; recipes: ${Object.keys(RECIPES).join(', ')}`);
  process.exit(2);
}
registerWasmKernels();
await tf.setBackend('wasm');
tf.env().set('PROD', true);
console.log(`backend ${tf.getBackend()}, tfjs ${tf.version.tfjs}, node ${process.version}`);

for (const recipe of Object.values(RECIPES)) {
  if (only && !only.includes(recipe.name)) continue;
  const started = performance.now();
  console.log(`\n## ${recipe.name}`);
  const { model, metadata } = await recipe.trainShipped((line) => console.log(`  ${line}`));
  const seconds = (performance.now() - started) / 1000;
  model.setUserDefinedMetadata({ ...metadata, trainingSeconds: Math.round(seconds) });
  const folder = fileURLToPath(new URL(`../pretrained/${recipe.name}/`, import.meta.url));
  mkdirSync(folder, { recursive: true });
  await model.save(fileSystem(folder));
  console.log(`  saved ${folder} after ${seconds.toFixed(0)} s; metrics ${JSON.stringify(metadata['metrics'])}`);
  model.dispose();
}
