/** Options shared by the loaders that read a shipped asset. */
export interface AssetOptions {
  /**
   * Where to read the asset from. Default: the file shipped in this package's
   * `assets/` folder (read from disk in Node, fetched by URL in a browser; a
   * bundler that understands `new URL(..., import.meta.url)` copies it).
   */
  url?: string | URL;
  /**
   * Called as bytes arrive: `(loaded, total)`; `total` is 0 while unknown (no
   * content-length, or a compressed response). The last call is always
   * `(size, size)`. Default: none.
   */
  onProgress?: (loaded: number, total: number) => void;
  /** The fetch to use in the browser. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/**
 * Reads an asset's bytes: from the file system when the URL is a `file:` URL
 * (Node), else with `fetch`, streaming to report progress. Internal.
 */
export async function loadAsset(fn: string, defaultUrl: URL, options: AssetOptions = {}): Promise<Uint8Array> {
  const url = options.url == null ? defaultUrl : new URL(String(options.url), defaultUrl);
  if (url.protocol === 'file:') {
    // Node (>= 20.16) hands out its file system without an import statement,
    // so no bundler ever sees a `node:` specifier on the browser path.
    const fs = nodeFileSystem();
    if (!fs) throw new Error(`${fn}: cannot read the file URL ${url.href} here: this runtime has no process.getBuiltinModule (Node >= 20.16); pass options.url with an http(s) URL`);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(url));
    } catch (error) {
      throw new Error(`${fn}: cannot read the asset ${url.href}: ${(error as Error).message}. Run 'pnpm --filter @attention-lab/datasets assets' in a checkout.`, { cause: error });
    }
    options.onProgress?.(bytes.length, bytes.length);
    return bytes;
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new Error(`${fn}: no fetch available to load ${url.href}; pass options.fetch`);
  let response: Response;
  try {
    response = await doFetch(url.href);
  } catch (error) {
    const code = ((error as Error).cause as { code?: unknown } | undefined)?.code; // Node's fetch puts ECONNREFUSED and the like here
    throw new Error(`${fn}: cannot fetch ${url.href}: ${(error as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`, { cause: error });
  }
  if (!response.ok) throw new Error(`${fn}: fetching ${url.href} failed with HTTP ${response.status}`);
  // With a content-encoding (a server gzipping JSON), content-length counts
  // compressed bytes while the body yields inflated ones: report total 0 (unknown).
  const encoding = response.headers.get('content-encoding');
  const total = encoding && encoding !== 'identity' ? 0 : Number(response.headers.get('content-length') ?? 0) || 0;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    options.onProgress?.(bytes.length, total || bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new Error(`${fn}: the download of ${url.href} broke off after ${loaded} bytes: ${(error as Error).message}`, { cause: error });
    }
    const { done, value } = chunk;
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    options.onProgress?.(loaded, total);
  }
  if (total !== loaded) options.onProgress?.(loaded, loaded); // the last call always says "all of it"
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

/** FNV-1a (32-bit) of a byte array: the checksum every asset carries. Internal. */
export function checksum(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The part of `node:fs/promises` that loadAsset uses. */
interface NodeFileSystem {
  readFile(path: URL): Promise<Uint8Array>;
}

/** Node's `fs/promises` through `process.getBuiltinModule`, or undefined outside Node. */
function nodeFileSystem(): NodeFileSystem | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:fs/promises') as NodeFileSystem | undefined;
}
