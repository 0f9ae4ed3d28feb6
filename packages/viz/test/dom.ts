// Helpers for DOM tests in happy-dom: a fresh container per test, events
// dispatched the way a browser would, and the reduced-motion preference.
/** A fresh `<div>` attached to the document body. */
export function container(): HTMLDivElement {
  const el = document.createElement('div');
  document.body.appendChild(el);
  return el;
}

/** Dispatches a bubbling mouse event of `type` on `el`. */
export function mouse(el: Element, type: 'mouseover' | 'mouseleave' | 'click' | 'mouseout'): void {
  el.dispatchEvent(new MouseEvent(type, { bubbles: type !== 'mouseleave', cancelable: true }));
}

/** Dispatches a keydown of `key` on `el`; returns whether default was prevented. */
export function key(el: Element, k: string): boolean {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  return e.defaultPrevented;
}

/** Sets happy-dom's `prefers-reduced-motion` media feature. */
export function setReducedMotion(reduce: boolean): void {
  const w = window as unknown as { happyDOM: { settings: { device: { prefersReducedMotion: string } } } };
  w.happyDOM.settings.device.prefersReducedMotion = reduce ? 'reduce' : 'no-preference';
}
