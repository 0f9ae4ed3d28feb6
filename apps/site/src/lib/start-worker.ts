/**
 * Starts a module worker that runs under the page's Content-Security-Policy.
 * A worker loaded from its own URL gets the policy of its HTTP response only
 * (none at all on a static host: the page's `<meta>` policy does not reach
 * it); a worker loaded from a `blob:` URL inherits its creator's policy, which
 * Chromium enforces (e2e/security.test.mjs checks). So the worker starts as a
 * one-line `blob:` module that imports the worker's script, and code inside
 * it can fetch, connect and import from this site only. A worker that runs
 * code it is sent (the example worker) refuses to when its own location is
 * not `blob:`, so that code cannot escape by starting it again from its URL.
 *
 * @param scriptUrl - The worker's script, as Vite's `?worker&url` import gives it.
 * @param name - The worker's name, shown by the browser's developer tools.
 * @returns The started worker.
 * @example
 * import exampleWorkerUrl from '../workers/example-worker.ts?worker&url';
 * const worker = startWorker(exampleWorkerUrl, 'attention-lab examples');
 */
export function startWorker(scriptUrl: string, name: string): Worker {
  // A blob: module has no base URL to resolve a path against: the import names the script in full.
  const source = `import ${JSON.stringify(new URL(scriptUrl, location.href).href)};\n`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return new Worker(url, { type: 'module', name });
  } finally {
    // The worker has taken the URL's blob when constructed.
    URL.revokeObjectURL(url);
  }
}
