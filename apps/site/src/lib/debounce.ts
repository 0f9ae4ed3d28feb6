/**
 * Wraps a function so that a burst of calls runs it once, `waitMs` after the
 * last call, with that call's arguments.
 *
 * @param fn - The function to delay.
 * @param waitMs - Quiet time before running, in milliseconds.
 * @returns The debounced function.
 * @example
 * input.addEventListener('input', debounce(update, 120));
 */
export function debounce<Args extends unknown[]>(
  fn: (...args: Args) => void,
  waitMs: number,
): (...args: Args) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: Args) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, waitMs);
  };
}
