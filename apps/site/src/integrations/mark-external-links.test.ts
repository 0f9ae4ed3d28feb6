import { describe, expect, test } from 'vitest';
import { EXTERNAL_LINK_CLASS, markExternalLinks } from './mark-external-links';

type Node = Parameters<ReturnType<typeof markExternalLinks>>[0];

const link = (href: string, text: string, properties: Record<string, unknown> = {}): Node => ({
  type: 'element',
  tagName: 'a',
  properties: { href, ...properties },
  children: [{ type: 'text', value: text }],
});

/** A paragraph holding `children`, in a root, as rehype hands it over. */
const page = (...children: Node[]): Node => ({ type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children }] });

function run(tree: Node): Node[] {
  markExternalLinks()(tree);
  return tree.children?.[0]?.children ?? [];
}

describe('markExternalLinks', () => {
  test('markExternalLinks marks an https link with rel, a class, a visible arrow and "(external)" for screen readers', () => {
    const [a] = run(page(link('https://arxiv.org/abs/1706.03762', 'arXiv:1706.03762')));
    expect(a?.properties).toEqual({ href: 'https://arxiv.org/abs/1706.03762', className: [EXTERNAL_LINK_CLASS], rel: ['external'] });
    expect(a?.children?.map((child) => child.value ?? child.children?.[0]?.value)).toEqual(['arXiv:1706.03762', '↗', ' (external)']);
    expect(a?.children?.[1]?.properties).toEqual({ className: ['external-link-icon'], ariaHidden: 'true' });
    expect(a?.children?.[2]?.properties).toEqual({ className: ['sr-only'] });
  });

  test('markExternalLinks leaves links within the site alone', () => {
    const links = run(page(link('../references/', 'references'), link('#papers', 'papers'), link('/attention-lab/api/', 'API')));
    for (const a of links) {
      expect(a.properties?.className).toBeUndefined();
      expect(a.children).toHaveLength(1);
    }
  });

  test('markExternalLinks keeps the classes and rel a link has, and marks it only once', () => {
    const tree = page(link('http://example.org/', 'example', { className: ['cite'], rel: 'nofollow' }));
    const plugin = markExternalLinks();
    plugin(tree);
    plugin(tree);
    const [a] = tree.children?.[0]?.children ?? [];
    expect(a?.properties?.className).toEqual(['cite', EXTERNAL_LINK_CLASS]);
    expect(a?.properties?.rel).toEqual(['nofollow', 'external']);
    expect(a?.children).toHaveLength(3);
  });

  test('markExternalLinks finds links nested in lists and emphasis', () => {
    const tree: Node = {
      type: 'root',
      children: [{ type: 'element', tagName: 'ul', children: [{ type: 'element', tagName: 'li', children: [{ type: 'element', tagName: 'em', children: [link('https://d2l.ai/', 'd2l')] }] }] }],
    };
    markExternalLinks()(tree);
    expect(tree.children?.[0]?.children?.[0]?.children?.[0]?.children?.[0]?.properties?.className).toEqual([EXTERNAL_LINK_CLASS]);
  });
});
