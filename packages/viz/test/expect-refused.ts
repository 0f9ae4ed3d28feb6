// The check that a chart refuses its input at the call, shared by the option
// tests (happy-dom) and the size-limit tests (linkedom): each passes the
// container of its own DOM.
import { expect } from 'vitest';
import { VizError } from '../src/index.js';

/** `expectRefused(draw, fn, argument, got)`: expects `draw` to throw a VizError for `fn` and `argument` whose message includes `got`, and to leave the container empty. */
export type ExpectRefused = (draw: (el: HTMLElement) => unknown, fn: string, argument: string, got: string) => void;

/** An {@link ExpectRefused} that draws into a fresh element from `container()`. */
export function expectRefusedIn(container: () => HTMLElement): ExpectRefused {
  return (draw, fn, argument, got) => {
    const el = container();
    let error: unknown;
    try {
      draw(el);
    } catch (e) {
      error = e;
    }
    expect(error, `${fn} ${argument}`).toBeInstanceOf(VizError);
    const v = error as VizError;
    expect([v.fn, v.argument]).toEqual([fn, argument]);
    expect(v.message).toContain(`got ${got}`);
    expect(el.childElementCount).toBe(0);
  };
}
