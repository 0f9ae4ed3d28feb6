/** Rounds a pixel coordinate to 2 decimals so SVG output is stable across platforms. Internal. */
export function px(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The value a tooltip shows: 6 significant digits, `-∞` for a masked score. */
export function exact(v: number): string {
  if (v === -Infinity) return '−∞';
  return String(Number(v.toPrecision(6)));
}

/** Approximate width of `text` in pixels at `fontSize` (no layout engine in Node). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
