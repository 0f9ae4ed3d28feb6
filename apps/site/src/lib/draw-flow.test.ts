import { describe, expect, test } from 'vitest';
import { flowLayout } from './draw-flow';

/** Diagram (a) of the concepts page: six steps, one box each. */
const chain = ['input', 'embedding', 'encoder', 'attention', 'weighting', 'output'].map((id) => ({ id, label: id }));
const chainEdges: Array<[string, string]> = [
  ['input', 'embedding'],
  ['embedding', 'encoder'],
  ['encoder', 'attention'],
  ['encoder', 'weighting'],
  ['attention', 'weighting'],
  ['weighting', 'output'],
];

describe('flowLayout', () => {
  test('flowLayout without a width runs left to right, one step per column', () => {
    const layout = flowLayout(chain, chainEdges);
    expect(layout.direction).toBe('across');
    expect(layout.width).toBe(6 * 112 + 5 * 28 + 8);
    // Room below the boxes for the arrow from encoder to weighting, which skips attention.
    expect(layout.height).toBe(40 + 8 + 32);
    expect(chain.map(({ id }) => layout.position.get(id)?.x)).toEqual([4, 144, 284, 424, 564, 704]);
    expect(chain.map(({ id }) => layout.position.get(id)?.y)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(chain.map(({ id }) => layout.step.get(id))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('flowLayout of six steps in 600 px runs top to bottom at full size', () => {
    const layout = flowLayout(chain, chainEdges, 600);
    expect(layout.direction).toBe('down');
    // One box wide, and room on its right for the arrow that skips a step.
    expect(layout.width).toBe(112 + 8 + 32);
    expect(layout.width).toBeLessThanOrEqual(600);
    expect(chain.map(({ id }) => layout.position.get(id)?.x)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(chain.map(({ id }) => layout.position.get(id)?.y)).toEqual([4, 72, 140, 208, 276, 344]);
    expect(layout.height).toBe(6 * 40 + 5 * 28 + 8);
  });

  test('flowLayout keeps left to right when it fits', () => {
    const qkv = ['q', 'k', 'v', 'scores', 'softmax', 'sum'].map((id) => ({ id, label: id }));
    const edges: Array<[string, string]> = [
      ['q', 'scores'],
      ['k', 'scores'],
      ['scores', 'softmax'],
      ['softmax', 'sum'],
      ['v', 'sum'],
    ];
    const layout = flowLayout(qkv, edges, 600);
    expect(layout.direction).toBe('across');
    expect(layout.width).toBe(4 * 112 + 3 * 28 + 8);
    // q, k and v share the first column, one above the other.
    expect(['q', 'k', 'v'].map((id) => layout.position.get(id)?.x)).toEqual([4, 4, 4]);
  });

  test('flowLayout places the boxes of one step side by side when it runs top to bottom', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, label: id }));
    const edges: Array<[string, string]> = [
      ['a', 'c'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
    ];
    const layout = flowLayout(nodes, edges, 500);
    expect(layout.direction).toBe('down');
    expect(layout.position.get('a')?.y).toBe(layout.position.get('b')?.y);
    expect((layout.position.get('b')?.x ?? 0) - (layout.position.get('a')?.x ?? 0)).toBe(112 + 16);
  });
});
