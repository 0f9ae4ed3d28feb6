import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The WebAssembly binaries that `@tensorflow/tfjs-backend-wasm` fetches at run time. */
export const TFJS_WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** Options for {@link tfjsWasmAssets}. */
export interface TfjsWasmAssetsOptions {
  /** Folder under the site's base that holds the binaries. Default `'tfjs-wasm'`. */
  folder?: string;
}

/**
 * An Astro integration that makes the tfjs WebAssembly binaries available at
 * `<base><folder>/`: served from `node_modules` by `astro dev`, and copied into
 * the output of `astro build`. Pair it with `setWasmPaths(withBase('tfjs-wasm/'))`
 * in the browser.
 *
 * @param options - `folder` (default `'tfjs-wasm'`).
 * @returns The integration, for `integrations` in `astro.config.mjs`.
 * @example
 * export default defineConfig({ integrations: [tfjsWasmAssets()] });
 */
export function tfjsWasmAssets(options: TfjsWasmAssetsOptions = {}): AstroIntegration {
  const folder = (options.folder ?? 'tfjs-wasm').replace(/^\/+|\/+$/g, '');
  let sourceDir = '';
  let prefix = `/${folder}/`;

  return {
    name: '@attention-lab/site:tfjs-wasm-assets',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const require = createRequire(fileURLToPath(new URL('package.json', config.root)));
        sourceDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
        const base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        prefix = `${base}${folder}/`;
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const path = (req.url ?? '').split('?')[0] ?? '';
          const name = path.startsWith(prefix) ? path.slice(prefix.length) : '';
          if (!(TFJS_WASM_FILES as readonly string[]).includes(name)) {
            next();
            return;
          }
          readFile(join(sourceDir, name)).then(
            (bytes) => {
              res.setHeader('Content-Type', 'application/wasm');
              res.setHeader('Content-Length', bytes.byteLength);
              res.end(bytes);
            },
            (error: unknown) => next(error),
          );
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const target = join(fileURLToPath(dir), folder);
        await mkdir(target, { recursive: true });
        await Promise.all(TFJS_WASM_FILES.map((name) => copyFile(join(sourceDir, name), join(target, name))));
        logger.info(`copied ${TFJS_WASM_FILES.length} tfjs wasm binaries to ${folder}/`);
      },
    },
  };
}
