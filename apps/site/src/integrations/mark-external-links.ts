/** The parts of a hast tree (what rehype plugins get) that this plugin reads and writes. */
interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** Marks a link as leaving the site: the class that styles it. */
export const EXTERNAL_LINK_CLASS = 'external-link';

/** What readers of the page see (an arrow) and what screen readers hear (" (external)"). */
function marker(): HastNode[] {
  return [
    {
      type: 'element',
      tagName: 'span',
      properties: { className: ['external-link-icon'], ariaHidden: 'true' },
      children: [{ type: 'text', value: '↗' }],
    },
    { type: 'element', tagName: 'span', properties: { className: ['sr-only'] }, children: [{ type: 'text', value: ' (external)' }] },
  ];
}

/** A list-valued hast property (`className`, `rel`) as an array. */
function tokens(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

function visit(node: HastNode): void {
  if (node.type === 'element' && node.tagName === 'a') {
    const href = node.properties?.href;
    const properties = (node.properties ??= {});
    const classes = tokens(properties.className);
    if (typeof href === 'string' && /^https?:\/\//i.test(href) && !classes.includes(EXTERNAL_LINK_CLASS)) {
      properties.className = [...classes, EXTERNAL_LINK_CLASS];
      properties.rel = [...new Set([...tokens(properties.rel), 'external'])];
      node.children = [...(node.children ?? []), ...marker()];
    }
  }
  for (const child of node.children ?? []) visit(child);
}

/**
 * A rehype plugin that marks every link to another site (an absolute `http:`
 * or `https:` URL) as external: `rel="external"`, the class
 * {@link EXTERNAL_LINK_CLASS}, a visible arrow (hidden from screen readers)
 * and the text " (external)" for screen readers only (Starlight's `sr-only`).
 * Links within the site (relative URLs, `#anchors`) are left as they are; a
 * link already marked is not marked twice.
 *
 * @returns The transformer, for `rehypePlugins`.
 * @example
 * unified({ rehypePlugins: [markExternalLinks] });
 * // <a href="https://arxiv.org/abs/1706.03762">arXiv:1706.03762</a> becomes
 * // <a href="…" class="external-link" rel="external">arXiv:1706.03762<span aria-hidden="true">↗</span><span class="sr-only"> (external)</span></a>
 */
export function markExternalLinks(): (tree: HastNode) => void {
  return (tree) => visit(tree);
}
