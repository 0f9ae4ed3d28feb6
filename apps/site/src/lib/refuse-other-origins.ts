/**
 * The site a URL reaches when it is not `origin`: its origin, or `undefined`
 * for `origin` itself (relative URLs resolve against it; `ws:`/`wss:` to the
 * same host count as it, as CSP's `'self'` does) and for `blob:` and `data:`
 * URLs, which stay in the browser.
 *
 * @param url - The URL as the code gave it.
 * @param origin - This site's origin, e.g. `'https://attention.example'`.
 * @returns The other origin, or `undefined`.
 * @example
 * otherOrigin('https://example.com/x.js', 'http://127.0.0.1:4321'); // 'https://example.com'
 * otherOrigin('/tfjs-wasm/x.wasm', 'http://127.0.0.1:4321'); // undefined
 */
export function otherOrigin(url: string | URL, origin: string): string | undefined {
  const target = new URL(url, `${origin}/`);
  if (target.protocol === 'blob:' || target.protocol === 'data:') return undefined;
  const web = target.protocol === 'ws:' || target.protocol === 'wss:' ? new URL(target.href.replace(/^ws/, 'http')) : target;
  return web.origin === origin ? undefined : web.origin;
}

/**
 * The error example code gets for reaching another site: named
 * `SecurityError`, like the browser's own refusals, with a message that names
 * the call, the URL and the one site examples may reach. It is an `Error`,
 * whose stack holds the line of the call (a `DOMException` has none).
 *
 * @param call - What the code called, e.g. `'fetch'`.
 * @param url - The URL it asked for.
 * @param origin - This site's origin.
 * @returns The error to throw.
 * @example
 * throw otherOriginRefusal('fetch', 'https://example.com/x', location.origin);
 */
export function otherOriginRefusal(call: string, url: string | URL, origin: string): Error {
  const error = new Error(`${call}('${String(url)}') is refused: example code can only reach this site (${origin})`);
  error.name = 'SecurityError';
  return error;
}

/** The parts of a worker's global scope that open connections. */
export interface NetworkScope {
  fetch: typeof fetch;
  XMLHttpRequest?: typeof XMLHttpRequest;
  WebSocket?: typeof WebSocket;
  EventSource?: typeof EventSource;
  importScripts?: (...urls: string[]) => void;
}

/**
 * Makes `fetch`, `XMLHttpRequest`, `WebSocket`, `EventSource` and
 * `importScripts` of a scope refuse other sites with
 * {@link otherOriginRefusal}, before any request is made, and resolve relative
 * URLs against `origin`. This gives example code a clear message; what keeps
 * it on the site is the page's Content-Security-Policy, which the example
 * worker runs under (`startWorker`) and which also covers what these wrappers
 * do not see (a nested worker, a dynamic `import()` built at run time).
 *
 * @param scope - The worker's global scope (`self`).
 * @param origin - This site's origin (`self.location.origin`).
 * @returns Nothing; the scope is changed in place.
 * @example
 * refuseOtherOrigins(self, self.location.origin);
 */
export function refuseOtherOrigins(scope: NetworkScope, origin: string): void {
  /** The URL, absolute, if it stays on this site; otherwise the refusal is thrown. */
  const checked = (call: string, url: string | URL): string => {
    if (otherOrigin(url, origin) != null) throw otherOriginRefusal(call, url, origin);
    return new URL(url, `${origin}/`).href;
  };
  const fetchHere = scope.fetch.bind(scope);
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    try {
      if (input instanceof Request) {
        checked('fetch', input.url);
        return fetchHere(input, init);
      }
      return fetchHere(checked('fetch', input), init);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const xhr = scope.XMLHttpRequest?.prototype;
  if (xhr != null) {
    const open = xhr.open as (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) => void;
    xhr.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      open.call(this, method, checked('XMLHttpRequest.open', url), ...rest);
    } as typeof xhr.open;
  }
  /** A constructor whose first argument, a URL, is checked first. */
  const guarded = <T extends new (url: string | URL, ...rest: never[]) => object>(name: string, Original: T): T =>
    new Proxy(Original, {
      construct(target, [url, ...rest]: [string | URL, ...unknown[]]) {
        return Reflect.construct(target, [checked(`new ${name}`, url), ...rest]) as object;
      },
    });
  if (scope.WebSocket != null) scope.WebSocket = guarded('WebSocket', scope.WebSocket);
  if (scope.EventSource != null) scope.EventSource = guarded('EventSource', scope.EventSource);
  const importScripts = scope.importScripts?.bind(scope);
  if (importScripts != null) scope.importScripts = (...urls: string[]) => importScripts(...urls.map((url) => checked('importScripts', url)));
}
