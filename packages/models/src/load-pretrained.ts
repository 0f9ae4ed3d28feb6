import * as tf from '@tensorflow/tfjs';
// The layers register themselves with tfjs on import; a pretrained model can use any of them.
import './additive-attention.js';
import './attention-pooling.js';
import './multi-head-attention.js';
import './positional-embedding.js';
import './transformer-decoder-block.js';
import './transformer-encoder-block.js';
import { checkModelArtifacts } from './check-model-artifacts.js';
import { ensureWasmKernels } from './register-wasm-kernels.js';

/** The names of the models shipped in this package's `pretrained/` folder. */
export type PretrainedName =
  | 'date-translator'
  | 'number-words-fr'
  | 'number-words-de'
  | 'key-recall-attention'
  | 'key-recall-lstm'
  | 'sentiment-transformer'
  | 'mnist-attention'
  | 'date-transformer'
  | 'char-lstm'
  | 'char-transformer'
  | 'subword-transformer';

/**
 * Where each shipped model's two files live. Every URL is a literal
 * `new URL('…', import.meta.url)`, so bundlers (Vite, Astro, webpack 5) copy
 * the files and rewrite the URLs; Node reads them from disk.
 */
const FILES: Record<PretrainedName, { model: () => URL; weights: () => URL }> = {
  'date-translator': {
    model: () => new URL('../pretrained/date-translator/model.json', import.meta.url),
    weights: () => new URL('../pretrained/date-translator/weights.bin', import.meta.url),
  },
  'number-words-fr': {
    model: () => new URL('../pretrained/number-words-fr/model.json', import.meta.url),
    weights: () => new URL('../pretrained/number-words-fr/weights.bin', import.meta.url),
  },
  'number-words-de': {
    model: () => new URL('../pretrained/number-words-de/model.json', import.meta.url),
    weights: () => new URL('../pretrained/number-words-de/weights.bin', import.meta.url),
  },
  'key-recall-attention': {
    model: () => new URL('../pretrained/key-recall-attention/model.json', import.meta.url),
    weights: () => new URL('../pretrained/key-recall-attention/weights.bin', import.meta.url),
  },
  'key-recall-lstm': {
    model: () => new URL('../pretrained/key-recall-lstm/model.json', import.meta.url),
    weights: () => new URL('../pretrained/key-recall-lstm/weights.bin', import.meta.url),
  },
  'sentiment-transformer': {
    model: () => new URL('../pretrained/sentiment-transformer/model.json', import.meta.url),
    weights: () => new URL('../pretrained/sentiment-transformer/weights.bin', import.meta.url),
  },
  'mnist-attention': {
    model: () => new URL('../pretrained/mnist-attention/model.json', import.meta.url),
    weights: () => new URL('../pretrained/mnist-attention/weights.bin', import.meta.url),
  },
  'date-transformer': {
    model: () => new URL('../pretrained/date-transformer/model.json', import.meta.url),
    weights: () => new URL('../pretrained/date-transformer/weights.bin', import.meta.url),
  },
  'char-lstm': {
    model: () => new URL('../pretrained/char-lstm/model.json', import.meta.url),
    weights: () => new URL('../pretrained/char-lstm/weights.bin', import.meta.url),
  },
  'char-transformer': {
    model: () => new URL('../pretrained/char-transformer/model.json', import.meta.url),
    weights: () => new URL('../pretrained/char-transformer/weights.bin', import.meta.url),
  },
  'subword-transformer': {
    model: () => new URL('../pretrained/subword-transformer/model.json', import.meta.url),
    weights: () => new URL('../pretrained/subword-transformer/weights.bin', import.meta.url),
  },
};

/** Every name {@link loadPretrained} accepts, in a stable order. */
export const PRETRAINED_NAMES: readonly PretrainedName[] = Object.freeze(Object.keys(FILES) as PretrainedName[]);

/** Options for {@link loadPretrained}. */
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
 * Loads one of the shipped pretrained models with its metadata. In Node the
 * files are read from the package folder (offline; Node ≥ 20.16 for
 * `process.getBuiltinModule`); in a browser or worker they are fetched by URL,
 * which bundlers resolve. Any backend works; the weights are float32. Files
 * that do not fit each other (a truncated `weights.bin`, a manifest whose
 * names or shapes differ from the model's) are an error naming the file and
 * the weight, and a failed load leaves no tensor allocated.
 *
 * @param name - One of {@link PRETRAINED_NAMES}, e.g. `'date-translator'`.
 * @param options - `baseUrl` (default: the shipped files), `fetch` (default `globalThis.fetch`).
 * @returns `{ name, model, metadata }`.
 * @example
 * const { model, metadata } = await loadPretrained('date-translator');
 * const source = CharTokenizer.fromJSON(metadata.sourceTokenizer);
 * const target = CharTokenizer.fromJSON(metadata.targetTokenizer);
 * const ids = tf.tensor2d([padTo(source.encode('3rd of January 1998'), 30)], [1, 30], 'int32');
 * const { sequences, attention } = await decodeSequences(model, ids, { bosId: target.bosId, eosId: target.eosId, beamWidth: 3 });
 * target.decode(sequences[0]); // '1998-01-03'
 */
export async function loadPretrained(name: PretrainedName, options: LoadPretrainedOptions = {}): Promise<PretrainedModel> {
  const fn = 'loadPretrained';
  ensureWasmKernels(); // so a loaded model can be fine-tuned on wasm
  if (typeof name !== 'string' || !Object.hasOwn(FILES, name)) {
    throw new RangeError(`${fn}: argument 'name' must be one of ${PRETRAINED_NAMES.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}`);
  }
  const base = options.baseUrl == null ? null : new URL(`${name}/`, ensureSlash(String(options.baseUrl)));
  const modelUrl = base ? new URL('model.json', base) : FILES[name].model();
  const weightsUrl = base ? new URL('weights.bin', base) : FILES[name].weights();
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
