// Reads one shipped model from the URLs of its two files. Internal: shared by
// loadPretrained (every model) and the per-model entries in ./pretrained/,
// each of which names only its own files, so that a bundler copies only them.
import * as tf from '@tensorflow/tfjs';
// The layers register themselves with tfjs on import; a pretrained model can use any of them.
import './additive-attention.js';
import './attention-pooling.js';
import './fused-lstm.js';
import './multi-head-attention.js';
import './positional-embedding.js';
import './transformer-decoder-block.js';
import './transformer-encoder-block.js';
import './zero-token-mask.js';
import { checkModelArtifacts } from './check-model-artifacts.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** The names of the models shipped in this package's `pretrained/` folder. */
export type PretrainedName =
  | 'date-translator'
  | 'number-words-fr'
  | 'number-words-de'
  | 'number-words-zh'
  | 'key-recall-attention'
  | 'key-recall-lstm'
  | 'sentiment-transformer'
  | 'mnist-attention'
  | 'date-transformer'
  | 'char-lstm'
  | 'char-transformer'
  | 'subword-transformer';

/**
 * Where one shipped model's two files live. Each per-model module builds its
 * URLs with `new URL` of a literal path and `import.meta.url`, so bundlers (Vite,
 * Astro, webpack 5) copy the files and rewrite the URLs; Node reads them from
 * disk. Functions, so that every call gets URLs of its own.
 */
export interface PretrainedFiles {
  /** The model's name, e.g. `'date-translator'`. */
  name: PretrainedName;
  /** The URL of its `model.json`. */
  model: () => URL;
  /** The URL of its `weights.bin`. */
  weights: () => URL;
}

/** Options for {@link loadPretrained} and the per-model loaders (`loadDateTranslator`, …). */
export interface LoadPretrainedOptions {
  /** A folder URL holding `<name>/model.json` and `<name>/weights.bin`, for self-hosted copies. Default: the files shipped in this package. */
  baseUrl?: string | URL;
  /** The fetch to use for http(s) URLs. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** What {@link loadPretrained} returns. */
export interface PretrainedModel {
  /** The model's name, e.g. `'date-translator'`. */
  name: PretrainedName;
  /** The loaded model, ready for `predict`, {@link predictWithAttention} or {@link decodeSequences}; the caller disposes it. */
  model: tf.LayersModel;
  /**
   * What training stored with the weights: `kind` (the factory), `dataset`
   * (loader and options), tokenizers as JSON (`sourceTokenizer`,
   * `targetTokenizer`; rebuild with `CharTokenizer.fromJSON`), `metrics` on
   * the test split and `trainingSeconds`.
   */
  metadata: Record<string, unknown>;
}

/**
 * Reads, checks and builds one shipped model. Internal.
 *
 * @param fn - The public function's name, for errors.
 * @param files - The model's name and the URLs of its files.
 * @param options - `baseUrl`, `fetch`, as {@link LoadPretrainedOptions}.
 * @returns `{ name, model, metadata }`.
 */
export async function readPretrained(fn: string, files: PretrainedFiles, options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  ensureWasmKernels(); // so a loaded model can be fine-tuned on wasm
  const { name } = files;
  const base = options.baseUrl == null ? null : new URL(`${name}/`, ensureSlash(String(options.baseUrl)));
  const modelUrl = base ? new URL('model.json', base) : files.model();
  const weightsUrl = base ? new URL('weights.bin', base) : files.weights();
  const [jsonBytes, weightBytes] = await Promise.all([readBytes(fn, modelUrl, options.fetch), readBytes(fn, weightsUrl, options.fetch)]);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBytes)) as tf.io.ModelJSON;
  } catch (error) {
    throw new Error(`${fn}: ${modelUrl.href} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (json == null || typeof json !== 'object' || json.modelTopology == null) throw new Error(`${fn}: ${modelUrl.href} holds no modelTopology; it is not a model.json`);
  const weightSpecs = Array.isArray(json.weightsManifest) ? json.weightsManifest.flatMap((group) => group.weights) : [];
  const weightData = weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.byteLength) as ArrayBuffer;
  const artifacts: tf.io.ModelArtifacts = { modelTopology: json.modelTopology, weightSpecs, weightData, ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}) };
  await checkModelArtifacts(fn, artifacts, { model: modelUrl.href, weights: weightsUrl.href });
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { name, model, metadata: (json.userDefinedMetadata ?? {}) as Record<string, unknown> };
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Reads a file: from disk for a `file:` URL (Node), else with fetch. */
async function readBytes(fn: string, url: URL, customFetch?: typeof fetch): Promise<Uint8Array> {
  if (url.protocol === 'file:') {
    // process.getBuiltinModule keeps any `node:` import out of browser bundles.
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const fs = proc?.getBuiltinModule?.('node:fs/promises') as { readFile(path: URL): Promise<Uint8Array> } | undefined;
    if (!fs) throw new Error(`${fn}: cannot read ${url.href}: this runtime has no process.getBuiltinModule (Node >= 20.16); pass options.baseUrl with an http(s) URL`);
    try {
      return new Uint8Array(await fs.readFile(url));
    } catch (error) {
      throw new Error(`${fn}: cannot read ${url.href}: ${(error as Error).message}. Run 'pnpm --filter @attention-lab/models train:pretrained' in a checkout.`, { cause: error });
    }
  }
  const doFetch = customFetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new Error(`${fn}: no fetch available to load ${url.href}; pass options.fetch`);
  let response: Response;
  try {
    response = await doFetch(url.href);
  } catch (error) {
    const code = ((error as Error).cause as { code?: unknown } | undefined)?.code; // Node's fetch puts ECONNREFUSED and the like here
    throw new Error(`${fn}: cannot fetch ${url.href}: ${(error as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`, { cause: error });
  }
  if (!response.ok) throw new Error(`${fn}: fetching ${url.href} failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
