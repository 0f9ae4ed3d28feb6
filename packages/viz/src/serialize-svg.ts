/**
 * Serializes an SVG element to a standalone SVG string. Internal. The same
 * walk runs in browsers, happy-dom and linkedom, and writes attributes in
 * sorted order (`xmlns` first; linkedom keeps them in reverse), so the output
 * is identical in every DOM.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function write(node: Node, out: string[], root: boolean): void {
  if (node.nodeType === 3) {
    out.push(escapeText(node.nodeValue ?? ''));
    return;
  }
  const el = node as Element;
  const name = el.localName;
  out.push('<', name);
  if (root) out.push(` xmlns="${el.getAttribute('xmlns') ?? SVG_NS}"`);
  const attrs = Array.from(el.attributes)
    .filter((a) => a.name !== 'xmlns')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const attr of attrs) out.push(' ', attr.name, '="', escapeAttribute(attr.value), '"');
  const children = Array.from(el.childNodes).filter((c) => c.nodeType === 1 || c.nodeType === 3);
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of children) write(child, out, false);
  out.push('</', name, '>');
}

/** The markup of `svg` with an `xmlns`, ready to save as a `.svg` file. */
export function serializeSvg(svg: Element): string {
  const out: string[] = [];
  write(svg, out, true);
  return out.join('');
}
