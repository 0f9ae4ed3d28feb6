import { interpolateOranges, interpolateRdBu } from 'd3-scale-chromatic';
import { baseHandle, createFrame, hiddenTable, tooltip, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { describe, readLabels, readNumber, readOptions, readText, readVector } from './read-data.js';
import { exact, px, textWidth } from './round.js';
import { joinInOrder } from './join-in-order.js';
import { fillText } from './viz-text.js';

/** Data of {@link tokenSaliency}. */
export interface TokenSaliencyData {
  /** The text, one entry per token (set as text, never HTML). */
  tokens: readonly string[];
  /** One weight per token (`seqLen`); negative weights switch to a diverging scale. */
  weights: ArrayLike<number>;
}

/** Options of {@link tokenSaliency}. */
export interface TokenSaliencyOptions extends FrameOptions, MotionOptions {
  /** Width at which lines wrap, in pixels. Default `480`. */
  width?: number;
  /** Font size in pixels. Default `14`. */
  fontSize?: number;
}

const FN = 'tokenSaliency';

/**
 * Draws text whose tokens are shaded by weight (darker = more attention or
 * saliency); signed weights use a diverging scale, red for positive and blue
 * for negative. Hovering a token shows its exact weight.
 *
 * @param container - The element to draw into.
 * @param data - `{ tokens [seqLen], weights [seqLen] }`.
 * @param options - See {@link TokenSaliencyOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG` and `toPNG`.
 * @example
 * tokenSaliency(document.querySelector('#saliency')!, {
 *   tokens: ['the', 'movie', 'was', 'wonderful'],
 *   weights: [0.05, 0.2, 0.05, 0.7],
 * });
 */
export function tokenSaliency(container: Element, data: TokenSaliencyData, options: TokenSaliencyOptions = {}): VizHandle<TokenSaliencyData> {
  readOptions(FN, options);
  readNumber(FN, 'options.width', options.width, 120, 10_000);
  readNumber(FN, 'options.fontSize', options.fontSize, 4, 200);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  const read = (d: TokenSaliencyData): { tokens: string[]; weights: Float64Array } => {
    if (d == null || typeof d !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { tokens, weights }, got ${describe(d)}`);
    if (!Array.isArray(d.tokens)) throw new TypeError(`${FN}: argument 'data.tokens' must be an array of strings, got ${describe(d.tokens)}`);
    const weights = readVector(FN, 'data.weights', d.weights, d.tokens.length, 'seqLen');
    return { tokens: readLabels(FN, 'data.tokens', d.tokens, weights.length, 'seqLen'), weights };
  };
  let s = read(data);
  const frame = createFrame(FN, 'token-saliency', container);
  const width = options.width ?? 480;
  const fontSize = options.fontSize ?? 14;
  const lineHeight = Math.round(fontSize * 1.8);
  const gTokens = frame.svg.append('g').attr('class', 'al-tokens').attr('font-size', fontSize);
  const tip = tooltip(frame);
  const table = hiddenTable(frame);
  let height = lineHeight;

  function draw(animate: boolean): Promise<void> {
    const { tokens, weights } = s;
    let lo = 0;
    let hi = 0;
    for (const w of weights) {
      lo = Math.min(lo, w);
      hi = Math.max(hi, w);
    }
    const signed = lo < 0;
    const m = Math.max(-lo, hi) || 1;
    const t = (w: number): number => (signed ? 0.5 + w / (2 * m) : hi > 0 ? Math.max(0, w) / hi : 0);
    const fill = (w: number): string => (signed ? interpolateRdBu(1 - t(w)) : interpolateOranges(0.05 + 0.85 * t(w)));
    const ink = (w: number): string => ((signed ? Math.abs(t(w) - 0.5) > 0.3 : t(w) > 0.65) ? '#ffffff' : '#111111');
    // Wrap by estimated width: there is no text layout in Node.
    const pos: { x: number; y: number; w: number }[] = [];
    let x = 4;
    let y = 4;
    tokens.forEach((tok) => {
      const w = Math.max(8, textWidth(tok, fontSize) + 8);
      if (x > 4 && x + w > width - 4) {
        x = 4;
        y += lineHeight;
      }
      pos.push({ x, y, w });
      x += w + 3;
    });
    height = y + lineHeight + 4;
    const title = options.title ?? fillText(words.saliencyTitle, { tokens: tokens.length });
    frame.setTitle(title);
    frame.setSize(width, height);
    const groups = joinInOrder(gTokens.selectAll<SVGGElement, string>('g.al-token').data(tokens), (enter) => {
        const g = enter.append('g').attr('class', 'al-token');
        g.append('rect').attr('rx', 3);
        g.append('text').attr('dy', '0.35em');
        return g;
      })
      .attr('data-index', (_, i) => i)
      .attr('data-value', (_, i) => exact(weights[i]!))
      .attr('transform', (_, i) => `translate(${px(pos[i]!.x)},${px(pos[i]!.y)})`);
    const rects = groups.select<SVGRectElement>('rect').attr('width', (_, i) => px(pos[i]!.w)).attr('height', lineHeight - 4);
    const done = setAttrs(rects, animate ? motionDuration(frame.doc, options) : 0, { fill: (_, i) => fill(weights[i]!) });
    groups
      .select('text')
      .attr('x', 4)
      .attr('y', px((lineHeight - 4) / 2))
      .attr('fill', (_, i) => ink(weights[i]!))
      .text((tok) => tok);
    table.set(title, [words.tableToken, words.tableWeight], tokens.map((tok, i) => [tok, exact(weights[i]!)]));
    return done;
  }

  (gTokens as Sel<SVGGElement>)
    .on('mouseover', (e: Event) => {
      let el = e.target as Element | null;
      while (el && el.getAttribute?.('class') !== 'al-token') el = el.parentNode as Element | null;
      if (!el) return;
      const i = Number(el.getAttribute('data-index'));
      const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute('transform') ?? '');
      tip.show(Number(m?.[1] ?? 0), Number(m?.[2] ?? 0) + lineHeight - 10, `${s.tokens[i]}: ${el.getAttribute('data-value')}`, { width, height });
    })
    .on('mouseleave', () => tip.hide());

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = read(next);
      return draw(true);
    },
  };
}
