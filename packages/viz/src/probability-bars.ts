import { format } from 'd3-format';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { baseHandle, createFrame, hiddenTable, tooltip, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { joinInOrder } from './join-in-order.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { describe, readInteger, readLabels, readNumber, readOptions, readText, readVector } from './read-data.js';
import { exact, px, textWidth, truncate } from './round.js';
import { VizError } from './viz-error.js';
import { fillText } from './viz-text.js';

/**
 * Data of {@link probabilityBars}: a next-token distribution, or any part of one.
 *
 * @example
 * const data: ProbabilityBarsData = { labels: [' cat', ' dog', '\n'], probabilities: [0.2, 0.7, 0.1], highlight: 0 };
 */
export interface ProbabilityBarsData {
  /** One token per probability (`vocab`); set as text, with whitespace and control characters made visible. */
  labels: readonly string[];
  /** Probabilities `[vocab]`, each finite and in [0, 1], in any order. */
  probabilities: ArrayLike<number>;
  /** Index into `labels` of a token to draw in the accent colour (e.g. the sampled one); shown even outside the top k. Default: none. */
  highlight?: number;
}

/**
 * Options of {@link probabilityBars}.
 *
 * @example
 * const options: ProbabilityBarsOptions = { topK: 5, width: 390, title: 'Next token after "the"' };
 */
export interface ProbabilityBarsOptions extends FrameOptions, MotionOptions {
  /** How many of the most probable tokens to draw. Default `10`. */
  topK?: number;
  /** Width of the chart in pixels. Default: the container's width when it has one (measured once), else `480`. */
  width?: number;
  /** Height of one bar in pixels. Default `20`. */
  barHeight?: number;
  /** The probability a full-width bar stands for. Default: the largest probability drawn. */
  xMax?: number;
}

/**
 * One drawn bar of a {@link probabilityBars} chart.
 *
 * @example
 * const [top] = chart.bars; // { index: 1, rank: 0, label: ' dog', probability: 0.7, highlighted: false }
 */
export interface ProbabilityBar {
  /** Index of the token in `data.labels`. */
  index: number;
  /** Position in the descending order of probabilities, from 0. */
  rank: number;
  /** The token as given. */
  label: string;
  /** The token's probability. */
  probability: number;
  /** Whether this is `data.highlight`. */
  highlighted: boolean;
}

/**
 * The handle of {@link probabilityBars}.
 *
 * @example
 * await chart.update({ labels, probabilities: await nextProbs.data(), highlight: sampled });
 * console.log(chart.bars.map((b) => `${b.label}: ${b.probability}`));
 */
export interface ProbabilityBarsHandle extends VizHandle<ProbabilityBarsData> {
  /** The bars drawn, top to bottom: the top k, then the highlighted token when it is not among them. */
  readonly bars: readonly ProbabilityBar[];
}

const FN = 'probabilityBars';
const PAD = 4;
const LABEL_CHARS = 16;
const VALUE_W = 52;
const GAP = 4;
/** Extra space above a highlighted bar that is not in the top k. */
const SKIP = 14;
const BAR = schemeTableau10[0]!;
const ACCENT = schemeTableau10[2]!;

/**
 * A token as it should be read on screen: a space becomes `␣`, a newline `⏎`,
 * a tab `⇥`, a no-break space `⍽`, other C0 controls their Unicode control
 * picture (`\r` → `␍`) and DEL `␡`; C1 controls, noncharacters and lone
 * surrogates become `�`. Every output character is allowed in XML, so no
 * control character reaches the SVG. Internal.
 */
export function visibleToken(token: string): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 0x20) out += '␣';
    else if (c === 0x0a) out += '⏎';
    else if (c === 0x09) out += '⇥';
    else if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '␡';
    else if (c === 0xa0) out += '⍽';
    else if ((c >= 0x80 && c <= 0x9f) || c === 0xfffe || c === 0xffff) out += '\ufffd';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = token.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += token.slice(i, i + 2);
        i++;
      } else out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
    else out += token[i]!;
  }
  return out;
}

const percentFormat = format('.1%');

/** A probability as a percentage with one decimal: `0.4237` → `"42.4%"`, below 0.05 % → `"<0.1%"`. Internal. */
export function percent(p: number): string {
  if (p === 0) return '0%';
  return p < 0.0005 ? '<0.1%' : percentFormat(p);
}

interface State {
  labels: string[];
  probabilities: Float64Array;
  bars: ProbabilityBar[];
}

function readData(data: ProbabilityBarsData, topK: number): State {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { labels, probabilities, highlight? }, got ${describe(data)}`);
  if (!Array.isArray(data.labels)) throw new TypeError(`${FN}: argument 'data.labels' must be an array of strings, got ${describe(data.labels)}`);
  const probabilities = readVector(FN, 'data.probabilities', data.probabilities, undefined, 'vocab');
  probabilities.forEach((p, i) => {
    if (p < 0 || p > 1) throw new VizError(FN, 'data.probabilities', 'probabilities in [0, 1]', `${p} at [${i}]`);
  });
  const labels = readLabels(FN, 'data.labels', data.labels, probabilities.length, 'vocab');
  const highlight = readInteger(FN, 'data.highlight', data.highlight, 0, probabilities.length - 1);
  // Descending by probability; ties keep the order of the labels.
  const order = Array.from(probabilities, (_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  const bar = (rank: number): ProbabilityBar => {
    const index = order[rank]!;
    return { index, rank, label: labels[index]!, probability: probabilities[index]!, highlighted: index === highlight };
  };
  const bars = Array.from({ length: Math.min(topK, order.length) }, (_, r) => bar(r));
  if (highlight !== undefined && !bars.some((b) => b.highlighted)) bars.push(bar(order.indexOf(highlight)));
  return { labels, probabilities, bars };
}

/**
 * Draws the most probable next tokens as horizontal bars, largest first, each
 * labelled with its token (whitespace made visible: `' '` → `␣`, `'\n'` →
 * `⏎`) and its probability as a percentage; a highlighted token (e.g. the
 * one sampled) is drawn in an accent colour. Bars are focusable: hover, Tab
 * or the arrow keys show the exact probability.
 *
 * @param container - The element to draw into.
 * @param data - `{ labels [vocab], probabilities [vocab], highlight? }`, in any order: the chart sorts them.
 * @param options - See {@link ProbabilityBarsOptions}; `topK` defaults to 10.
 * @returns A handle with `update`, `destroy`, `toSVG`, `toPNG` and `bars` (what is drawn, top to bottom).
 * @example
 * const chart = probabilityBars(document.querySelector('#next')!, {
 *   labels: [' cat', ' dog', '\n', ' the'],
 *   probabilities: new Float32Array([0.5, 0.3, 0.15, 0.05]), // e.g. await softmax(logits).data()
 *   highlight: 1, // the sampled token
 * }, { topK: 3, title: 'Next token after "the"' });
 * console.log(chart.bars.map((b) => b.label)); // [' cat', ' dog', '\n'], drawn as ␣cat, ␣dog, ⏎
 */
export function probabilityBars(container: Element, data: ProbabilityBarsData, options: ProbabilityBarsOptions = {}): ProbabilityBarsHandle {
  readOptions(FN, options);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const topK = readInteger(FN, 'options.topK', options.topK, 1, 1_000_000) ?? 10;
  const barHeight = readInteger(FN, 'options.barHeight', options.barHeight, 4, 200) ?? 20;
  if (options.xMax !== undefined && !(typeof options.xMax === 'number' && options.xMax > 0 && options.xMax <= 1)) {
    throw new VizError(FN, 'options.xMax', 'a probability in (0, 1]', describe(options.xMax));
  }
  const words = readText(FN, 'options.text', options.text);
  let s = readData(data, topK);
  const measured = Number((container as Partial<HTMLElement> | null)?.clientWidth) || 0;
  const width = readInteger(FN, 'options.width', options.width, 120, 100000) ?? (measured > 0 ? Math.max(120, Math.floor(measured)) : 480);
  const frame = createFrame(FN, 'probability-bars', container);
  const { svg } = frame;
  // Never wider than the container: the picture scales down with its viewBox.
  svg.attr('role', 'group').attr('style', 'max-width:100%;height:auto');
  const gBars = svg.append('g').attr('class', 'al-bars').attr('role', 'list');
  const gap = svg.append('text').attr('class', 'al-bars-gap').attr('fill', '#555555').attr('text-anchor', 'end').attr('dy', '0.35em').attr('aria-hidden', 'true');
  const tip = tooltip(frame);
  const table = hiddenTable(frame);
  let active: number | null = null;
  let labelW = 0;
  let height = 0;

  const rowY = (rank: number, slot: number): number => PAD + slot * (barHeight + GAP) + (rank >= topK ? SKIP : 0);

  function draw(animate: boolean): Promise<void> {
    const { bars } = s;
    labelW = Math.ceil(bars.reduce((m, b) => Math.max(m, textWidth(truncate(b.label, LABEL_CHARS), 11)), 6.6) + 10);
    const barMax = Math.max(40, width - 2 * PAD - labelW - VALUE_W);
    const max = options.xMax ?? (bars.reduce((m, b) => Math.max(m, b.probability), 0) || 1);
    const barW = (p: number): number => px((Math.min(p, max) / max) * barMax);
    const last = bars.length ? rowY(bars[bars.length - 1]!.rank, bars.length - 1) : PAD;
    height = Math.ceil(last + barHeight + PAD);
    const title = options.title ?? fillText(words.barsTitle, { topK: Math.min(topK, s.probabilities.length), vocab: s.probabilities.length });
    frame.setTitle(title);
    frame.setSize(PAD + labelW + barMax + VALUE_W + PAD, height);

    const rows = joinInOrder(gBars.selectAll<SVGGElement, ProbabilityBar>('g.al-bar-row').data(bars), (enter) => {
        const g = enter.append('g').attr('class', 'al-bar-row').attr('role', 'listitem').attr('tabindex', 0);
        g.append('rect').attr('class', 'al-bar-hit').attr('fill', 'transparent').attr('rx', 3);
        g.append('text').attr('class', 'al-bar-label').attr('text-anchor', 'end').attr('dy', '0.35em');
        g.append('rect').attr('class', 'al-bar').attr('width', 0);
        g.append('text').attr('class', 'al-bar-value').attr('dy', '0.35em').attr('fill', '#333333');
        return g;
      })
      .attr('data-index', (b) => b.index)
      .attr('data-rank', (b) => b.rank)
      .classed('al-highlight', (b) => b.highlighted)
      .attr('transform', (b, slot) => `translate(${PAD},${px(rowY(b.rank, slot))})`)
      .attr('aria-label', (b) =>
        fillText(b.highlighted ? words.barsLabelHighlighted : words.barsLabel, { rank: b.rank + 1, token: visibleToken(b.label), probability: percent(b.probability) }),
      );
    rows
      .select('.al-bar-hit')
      .attr('x', -2)
      .attr('y', -1)
      .attr('width', labelW + barMax + VALUE_W + 4)
      .attr('height', barHeight + 2);
    rows
      .select('.al-bar-label')
      .attr('x', labelW - 6)
      .attr('y', px(barHeight / 2))
      .attr('font-weight', (b) => (b.highlighted ? 'bold' : null))
      .text((b) => visibleToken(truncate(b.label, LABEL_CHARS)));
    const dur = animate ? motionDuration(frame.doc, options) : 0;
    const bar = rows.select<SVGRectElement>('.al-bar').attr('x', labelW).attr('height', barHeight).attr('fill', (b) => (b.highlighted ? ACCENT : BAR));
    const value = rows.select<SVGTextElement>('.al-bar-value').attr('y', px(barHeight / 2)).text((b) => percent(b.probability));
    const done = Promise.all([
      setAttrs(bar, dur, { width: (b) => barW(b.probability) }),
      setAttrs(value, dur, { x: (b) => px(labelW + barW(b.probability) + 4) }),
    ]);

    const skipped = bars.length > 0 && bars[bars.length - 1]!.rank >= topK;
    gap
      .attr('visibility', skipped ? null : 'hidden')
      .attr('x', PAD + labelW - 6)
      .attr('y', px(rowY(topK, bars.length - 1) - SKIP / 2 - GAP / 2))
      .text('⋯');

    table.set(
      title,
      [words.barsTableRank, words.tableToken, words.barsTableProbability],
      bars.map((b) => [String(b.rank + 1), b.highlighted ? fillText(words.barsHighlighted, { token: visibleToken(b.label) }) : visibleToken(b.label), exact(b.probability)]),
    );
    if (active !== null && active >= bars.length) active = null;
    if (active !== null) activate(active);
    return done.then(() => undefined);
  }

  const rowsSel = (): Sel<SVGGElement> => gBars.selectAll<SVGGElement, ProbabilityBar>('g.al-bar-row');

  function activate(slot: number): void {
    active = slot;
    const rows = rowsSel();
    rows.classed('al-active', (_, i) => i === slot);
    rows.select('.al-bar-hit').attr('stroke', (_, i) => (i === slot ? '#111111' : null));
    const b = s.bars[slot]!;
    const y = rowY(b.rank, slot);
    tip.show(PAD + labelW, y + barHeight - 8, `${visibleToken(b.label)}: ${exact(b.probability)}`, { width: Number(svg.attr('width')), height });
  }

  function deactivate(): void {
    if (active === null) return;
    active = null;
    const rows = rowsSel();
    rows.classed('al-active', false);
    rows.select('.al-bar-hit').attr('stroke', null);
    tip.hide();
  }

  /** The slot (position from the top) of the bar row holding `target`. */
  const slotOf = (target: EventTarget | null): number | null => {
    let el = target as Element | null;
    const nodes = rowsSel().nodes();
    while (el && el !== gBars.node()) {
      const i = nodes.indexOf(el as SVGGElement);
      if (i >= 0) return i;
      el = el.parentNode as Element | null;
    }
    return null;
  };

  (gBars as Sel<SVGGElement>)
    .on('mouseover', (e: Event) => {
      const i = slotOf(e.target);
      if (i !== null && i !== active) activate(i);
    })
    .on('mouseleave', () => deactivate())
    .on('focusin', (e: Event) => {
      const i = slotOf(e.target);
      if (i !== null) activate(i);
    })
    .on('focusout', () => deactivate())
    .on('keydown', (e: KeyboardEvent) => {
      const i = slotOf(e.target);
      if (i === null) return;
      const n = s.bars.length;
      let next: number;
      switch (e.key) {
        case 'ArrowDown': next = Math.min(n - 1, i + 1); break;
        case 'ArrowUp': next = Math.max(0, i - 1); break;
        case 'Home': next = 0; break;
        case 'End': next = n - 1; break;
        case 'Escape': deactivate(); return;
        default: return;
      }
      e.preventDefault();
      (rowsSel().nodes()[next] as unknown as HTMLElement | undefined)?.focus?.();
      activate(next);
    });

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = readData(next, topK);
      return draw(true);
    },
    get bars() {
      return s.bars.map((b) => ({ ...b }));
    },
  };
}
