// The page of browser-dates.bench.ts: tfjs on wasm (and webgl where asked),
// our kernels, and the date translator's time-to-99% run of dates-to-bar.ts.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../src/register-wasm-kernels.js';
import { datesToBar, type DatesToBar } from '../dates-to-bar.js';

declare global {
  interface Window {
    runDates(backend: string, maxEpochs: number): Promise<DatesToBar & { simd: boolean; threads: boolean }>;
  }
}

setWasmPaths('/tfjs-wasm/');
// Threaded tfjs-wasm breaks when bundled; the single-threaded SIMD build is what readers get.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
registerWasmKernels();

window.runDates = async (backend, maxEpochs) => {
  if (!(await tf.setBackend(backend))) throw new Error(`browser-dates: backend '${backend}' did not start`);
  tf.env().set('PROD', true);
  const simd = backend === 'wasm' && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const result = await datesToBar({ maxEpochs, log: (line) => console.log(line) });
  return { ...result, simd, threads: false };
};
