/**
 * Serializes an SVG element to a standalone SVG string. Internal. The same
 * walk runs in browsers, happy-dom and linkedom, and writes attributes in
 * sorted order (`xmlns` first; linkedom keeps them in reverse), so the output
 * is identical in every DOM. The output is always well-formed XML: a
 * character XML 1.0 forbids even as a reference (a control character from a
 * token label, U+0000 to U+001F but tab, line feed and carriage return) is
 * written as its Unicode control picture (U+0001 as ␁, NUL as ␀), and a
 * lone surrogate or U+FFFE/U+FFFF as U+FFFD, so strict parsers accept the
 * file and the reader still sees that something was there.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

// Characters outside XML 1.0's Char production: C0 controls but tab, LF and
// CR; lone surrogates; U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` with every character XML cannot hold replaced by a visible stand-in. */
function xmlChars(s: string): string {
  return s.replace(NOT_XML, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : '\uFFFD';
  });
}

function escapeText(s: string): string {
  return xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Also keeps tab, LF and CR as references, which an XML parser would otherwise turn into spaces. */
function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
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
