// Trains every shipped model from a fixed seed in Node on the wasm backend and
// writes pretrained/<name>/ (model.json with tokenizers and metrics in its
// userDefinedMetadata, weights.bin). `--only a,b` trains a subset.
// Run: pnpm --filter @attention-lab/models train:pretrained [--only date-translator]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerWasmKernels } from '../src/register-wasm-kernels.js';
import { fileSystem } from '../src/file-system.js';
import { RECIPES } from './recipes.js';

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1]!.split(',') : null;
registerWasmKernels();
await tf.setBackend('wasm');
tf.env().set('PROD', true);
console.log(`backend ${tf.getBackend()}, tfjs ${tf.version.tfjs}, node ${process.version}`);

for (const recipe of RECIPES) {
  if (only && !only.includes(recipe.name)) continue;
  const started = performance.now();
  console.log(`\n## ${recipe.name}`);
  const { model, metadata } = await recipe.train((line) => console.log(`  ${line}`));
  const seconds = (performance.now() - started) / 1000;
  model.setUserDefinedMetadata({ ...metadata, trainingSeconds: Math.round(seconds) });
  const folder = fileURLToPath(new URL(`../pretrained/${recipe.name}/`, import.meta.url));
  mkdirSync(folder, { recursive: true });
  await model.save(fileSystem(folder));
  console.log(`  saved ${folder} after ${seconds.toFixed(0)} s; metrics ${JSON.stringify(metadata['metrics'])}`);
  model.dispose();
}
