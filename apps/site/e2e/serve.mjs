// @ts-check
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Content types for the files an Astro build produces. */
const MIME_TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
});

/** Types a static host compresses, as production hosts do for text and wasm. */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm)|image\/svg)/;

/** Compressed bodies by encoding and path; the files do not change while serving. */
const compressed = new Map();

/**
 * The body of `file` in the best encoding the request accepts (brotli, then
 * gzip), or undefined to send it as it is.
 *
 * @param {string} file
 * @param {string} type
 * @param {string} acceptEncoding
 * @returns {Promise<{ encoding: string, body: Buffer } | undefined>}
 */
async function encodedBody(file, type, acceptEncoding) {
  if (!COMPRESSIBLE.test(type)) return undefined;
  const encoding = /\bbr\b/.test(acceptEncoding) ? 'br' : /\bgzip\b/.test(acceptEncoding) ? 'gzip' : undefined;
  if (encoding === undefined) return undefined;
  const key = `${encoding}:${file}`;
  if (!compressed.has(key)) {
    const raw = await readFile(file);
    const body =
      encoding === 'br' ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }) : gzipSync(raw, { level: 9 });
    compressed.set(key, body);
  }
  return { encoding, body: compressed.get(key) };
}

/**
 * @param {string} path
 * @returns {Promise<boolean>}
 */
async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The file a URL path names inside `root`, the way a static host resolves it:
 * `/a/` → `a/index.html`, `/a` → `a`, `a.html` or `a/index.html`. Undefined
 * when there is none or the path leaves `root`.
 *
 * @param {string} root
 * @param {string} urlPath
 * @returns {Promise<string | undefined>}
 */
async function locate(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const target = resolve(root, `.${decoded}`);
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  const candidates = decoded.endsWith('/')
    ? [join(target, 'index.html')]
    : [target, `${target}.html`, join(target, 'index.html')];
  for (const candidate of candidates) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Serves a folder of static files (an `astro build` output) over HTTP on
 * 127.0.0.1, at a free port chosen by the system, compressing text and wasm
 * with brotli or gzip when the client accepts it, as a production host would.
 *
 * @param {string} dir - The folder to serve.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} The base URL
 *   (ending in `/`) and a function that stops the server and drops open connections.
 */
export async function serveStatic(dir) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    locate(root, pathname).then(async (file) => {
      const found = file ?? (await locate(root, '/404.html'));
      if (found === undefined) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const type = MIME_TYPES[extname(found).toLowerCase()] ?? 'application/octet-stream';
      const encoded = await encodedBody(found, type, String(req.headers['accept-encoding'] ?? ''));
      res.writeHead(file === undefined ? 404 : 200, {
        'Content-Type': type,
        'Content-Length': encoded ? encoded.body.length : (await stat(found)).size,
        'Cache-Control': 'no-store',
        Vary: 'Accept-Encoding',
        ...(encoded ? { 'Content-Encoding': encoded.encoding } : {}),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      if (encoded) {
        res.end(encoded.body);
        return;
      }
      createReadStream(found).pipe(res);
    }).catch((/** @type {unknown} */ error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(String(error));
    });
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('serveStatic: server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose(undefined)));
        server.closeAllConnections();
      }),
  };
}
