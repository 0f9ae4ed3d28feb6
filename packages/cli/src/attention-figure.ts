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
interface Grid {
  name: string;
  heads: number;
  seqLenQ: number;
  seqLenK: number;
  data: Float32Array;
}

/**
 * Draws the attention maps of one prediction as SVG with viz's Node
 * renderers. Maps are read for the first batch item: pooling `[batch, seqLen]`
 * is one query (`pooled`) over the tokens, `[batch, seqLenQ, seqLenK]` one
 * head, `[batch, heads, seqLenQ, seqLenK]` as is. `heatmap` draws the first
 * map, averaged over its heads; `head` and `model` stack every map of the
 * first map's shape as the layers.
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
  const grids = Object.entries(maps).map(([name, map]) => toGrid(name, map));
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

function toGrid(name: string, map: AttentionMap): Grid {
  const s = map.shape;
  if (s.length === 2) return { name, heads: 1, seqLenQ: 1, seqLenK: s[1]!, data: map.values.subarray(0, s[1]!) }; // pooling [batch, seqLen]
  if (s.length === 3) return { name, heads: 1, seqLenQ: s[1]!, seqLenK: s[2]!, data: map.values.subarray(0, s[1]! * s[2]!) }; // [batch, seqLenQ, seqLenK]
  if (s.length === 4) return { name, heads: s[1]!, seqLenQ: s[2]!, seqLenK: s[3]!, data: map.values.subarray(0, s[1]! * s[2]! * s[3]!) }; // [batch, heads, seqLenQ, seqLenK]
  throw new CliError(`attention map '${name}' has shape [${s.join(', ')}], which no view draws`);
}
