/** The script URL of one stack frame line, in V8's (`at f (url:1:2)`) or Firefox's and Safari's (`f@url:1:2`) format. */
const FRAME_URL = /([a-z][\w+.-]*:\S*?):\d+:\d+\)?$/i;

/**
 * The script URLs of the frames of a stack trace, innermost first. Frames
 * without a script (native code such as `Array.prototype.forEach`, shown as
 * `<anonymous>` or `[native code]`) are left out, so the entry after a
 * function's own frame is the script that called it.
 *
 * @param stack - An `Error`'s `stack`, in V8, Firefox or Safari format.
 * @returns One URL per frame that has one, e.g. `['https://site/worker.js', 'blob:https://site/1f3e…']`.
 * @example
 * const [self, caller] = stackFrameUrls(new Error().stack ?? '');
 */
export function stackFrameUrls(stack: string): string[] {
  return stack.split('\n').flatMap((line) => {
    const match = FRAME_URL.exec(line.trim());
    return match?.[1] ? [match[1]] : [];
  });
}
