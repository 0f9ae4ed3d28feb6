import type { AttentionMap } from '@attention-lab/models';
import { renderAttentionHeatmapToSvg, renderHeadViewToSvg, renderModelViewToSvg } from '@attention-lab/viz/node';
import { CliError } from './cli-error.js';

/**
 * The pictures `attend` draws: one heatmap, the head view (bertviz style lines) or the model view (every layer and head).
 *
 * @example
 * VIEWS.includes('head'); // true
 */
export const VIEWS = ['heatmap', 'head', 'model'] as const;

/**
 * One of {@link VIEWS}.
 *
 * @example
 * const view: AttentionView = 'model';
 */
export type AttentionView = (typeof VIEWS)[number];

/** An attention map of the first batch item as `[heads, seqLenQ, seqLenK]`. */
export interface AttentionGrid {
  /** The map's key, e.g. `'attention'` or `'decoder_1/cross'`. */
  name: string;
  heads: number;
  seqLenQ: number;
  seqLenK: number;
  /** Row-major `[heads, seqLenQ, seqLenK]` weights (a view into the map's values). */
  data: Float32Array;
}

/**
 * Reads one attention map as `[heads, seqLenQ, seqLenK]` for its first batch
 * item. After the batch dimension, a map of rank 2 is pooling (`[batch,
 * seqLen]`: one query), rank 3 one head (`[batch, seqLenQ, seqLenK]`), rank 4
 * multi-head (`[batch, heads, seqLenQ, seqLenK]`; e.g. key recall's
 * `[batch, 1, 1, seqLen]` is one head with one query); a higher rank is read
 * when its extra leading dimensions are all 1 (they are squeezed). Anything
 * else is a {@link CliError} naming the map and its shape.
 *
 * @param name - The map's key, for the result and the message.
 * @param map - `{ shape, values }` as `predictWithAttention` gives it.
 * @returns The first batch item as an {@link AttentionGrid}.
 * @example
 * attentionGrid('attention', { shape: [1, 1, 1, 10], values }); // { heads: 1, seqLenQ: 1, seqLenK: 10, … }
 */
export function attentionGrid(name: string, map: AttentionMap): AttentionGrid {
  const s = map.shape;
  const fail = (why: string) => new CliError(`attention map '${name}' has shape [${s.join(', ')}], which no view draws: ${why}`);
  if (s.length < 2 || s.some((n) => !Number.isInteger(n) || n < 1)) throw fail('expected [batch, seqLen], [batch, seqLenQ, seqLenK] or [batch, heads, seqLenQ, seqLenK] with every size at least 1');
  const rest = s.slice(1); // drop batch: [...leading, heads?, seqLenQ?, seqLenK]
  while (rest.length > 3 && rest[0] === 1) rest.shift(); // squeeze leading size-1 dims
  if (rest.length > 3) throw fail(`after [batch, ...] only leading dimensions of size 1 can be dropped to reach [heads, seqLenQ, seqLenK]`);
  const [heads, seqLenQ, seqLenK] = [...new Array<number>(3 - rest.length).fill(1), ...rest] as [number, number, number];
  const size = heads * seqLenQ * seqLenK;
  if (map.values.length < size) throw fail(`it holds ${map.values.length} values, fewer than one batch item (${size})`);
  return { name, heads, seqLenQ, seqLenK, data: map.values.subarray(0, size) };
}

/**
 * Draws the attention maps of one prediction as SVG with viz's Node
 * renderers. Maps are read for the first batch item by {@link attentionGrid}:
 * pooling `[batch, seqLen]` is one query (`pooled`) over the tokens,
 * `[batch, seqLenQ, seqLenK]` one head, `[batch, heads, seqLenQ, seqLenK]` as
 * is, and extra leading dimensions of size 1 are squeezed. `heatmap` draws the
 * first map, averaged over its heads (the mean of the heads, not one head);
 * `head` and `model` stack every map of the first map's shape as the layers,
 * each with all its heads.
 *
 * @param maps - The maps from `predictWithAttention`, keyed by layer.
 * @param tokens - One label per input position (`seqLenK`).
 * @param view - Which picture. Default `'heatmap'`.
 * @param queryTokens - One label per output position (`seqLenQ`) when the model has several queries (a decoder). Default: the input's tokens when the lengths match, else positions.
 * @returns `{ svg, layers }`: the markup and the map names drawn.
 * @example
 * const { svg } = attentionFigure(attention, ['K1', 'V3', …], 'heatmap');
 */
export function attentionFigure(
  maps: Record<string, AttentionMap>,
  tokens: readonly string[],
  view: AttentionView = 'heatmap',
  queryTokens?: readonly string[],
): { svg: string; layers: string[] } {
  const grids = Object.entries(maps).map(([name, map]) => attentionGrid(name, map));
  const first = grids[0];
  if (first == null) throw new CliError('the model recorded no attention maps, so there is no picture to draw');
  const labels = (n: number, names: readonly string[]) => (n === names.length ? [...names] : n === 1 ? ['pooled'] : Array.from({ length: n }, (_, i) => String(i)));
  const queries = labels(first.seqLenQ, queryTokens ?? tokens);
  const keyTokens = labels(first.seqLenK, tokens);
  if (view === 'heatmap') {
    const { heads, seqLenQ, seqLenK, data } = first;
    const values = Array.from({ length: seqLenQ }, (_, q) =>
      Array.from({ length: seqLenK }, (_, k) => {
        let sum = 0;
        for (let h = 0; h < heads; h++) sum += data[(h * seqLenQ + q) * seqLenK + k]!;
        return sum / heads;
      }),
    );
    return { svg: renderAttentionHeatmapToSvg({ values, queryTokens: queries, keyTokens }), layers: [first.name] };
  }
  const layers = grids.filter((g) => g.heads === first.heads && g.seqLenQ === first.seqLenQ && g.seqLenK === first.seqLenK);
  const stacked = new Float32Array(layers.length * first.data.length);
  layers.forEach((g, i) => stacked.set(g.data, i * first.data.length));
  const data = { attention: { data: stacked, shape: [layers.length, first.heads, first.seqLenQ, first.seqLenK] as const }, queryTokens: queries, keyTokens };
  const svg = view === 'head' ? renderHeadViewToSvg(data) : renderModelViewToSvg(data);
  return { svg, layers: layers.map((g) => g.name) };
}
