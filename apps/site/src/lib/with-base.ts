/**
 * Prefixes a site-relative path with the site's configured base
 * (`import.meta.env.BASE_URL`), so links keep working when the site is served
 * from a sub-folder.
 *
 * @param path - A path relative to the site root, with or without a leading slash.
 * @returns The path under the base, e.g. `/attention/tfjs-wasm/` for base `/attention`.
 * @example
 * withBase('tfjs-wasm/'); // '/tfjs-wasm/' when the base is '/'
 */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL;
  const head = base.endsWith('/') ? base : `${base}/`;
  return head + path.replace(/^\/+/, '');
}
