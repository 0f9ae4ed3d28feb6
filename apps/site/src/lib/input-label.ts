/** One run of a control's label: plain text, or a superscript. */
export interface LabelPart {
  text: string;
  superscript: boolean;
}

/** `^` and the letters and digits after it: a superscript. */
const SUPERSCRIPT = /\^([\p{L}\p{N}]+)/gu;

/**
 * Splits a live example control's label into text and superscripts, so a
 * label can name a matrix as the article writes it: `'W^Q'` is W with a
 * superscript Q (the example component renders it as `W<sup>Q</sup>`). Only
 * the letters and digits right after `^` are raised.
 *
 * @param label - The label as written in the page, e.g. `'W^Q'`.
 * @returns Its parts in order; a label without `^` is one plain part.
 * @example
 * labelParts('W^Q'); // [{ text: 'W', superscript: false }, { text: 'Q', superscript: true }]
 */
export function labelParts(label: string): LabelPart[] {
  const parts: LabelPart[] = [];
  let cursor = 0;
  for (const match of label.matchAll(SUPERSCRIPT)) {
    if (match.index > cursor) parts.push({ text: label.slice(cursor, match.index), superscript: false });
    parts.push({ text: match[1] ?? '', superscript: true });
    cursor = match.index + match[0].length;
  }
  if (cursor < label.length || parts.length === 0) parts.push({ text: label.slice(cursor), superscript: false });
  return parts;
}
