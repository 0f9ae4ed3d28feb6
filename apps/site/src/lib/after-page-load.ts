/** How long to wait for an idle period after `load` before going ahead anyway. */
const IDLE_TIMEOUT_MS = 2000;

let settled: Promise<void> | undefined;

/**
 * Resolves once the page has loaded (`load` fired) and the browser has had a
 * first idle period after it (`requestIdleCallback`, at most two seconds
 * later), so that work started then does not compete with parsing, layout and
 * the page's own scripts. Every call returns the same promise.
 *
 * @param target - The window to watch. Default `window`.
 * @returns When the page has settled.
 * @example
 * await afterPageLoad();
 * void run(); // an example's first run waits for the page to settle
 */
export function afterPageLoad(target: Window = window): Promise<void> {
  settled ??= new Promise((resolve) => {
    const whenIdle = (): void => {
      if (typeof target.requestIdleCallback === 'function') target.requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS });
      else target.setTimeout(resolve, 0);
    };
    if (target.document.readyState === 'complete') whenIdle();
    else target.addEventListener('load', whenIdle, { once: true });
  });
  return settled;
}
