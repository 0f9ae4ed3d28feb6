// options.text of every chart: given texts replace the English ones (title,
// accessible names, table headers), keys not given keep VIZ_TEXT, an explicit
// title still wins, a bad text is refused with a VizError naming the function
// and the option, and every key of VIZ_TEXT is drawn by some chart with the
// placeholders its English has (so a key the charts use but VIZ_TEXT lacks,
// or one filled with other names, fails here).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  attentionHeatmap,
  attentionSteps,
  headView,
  imageAttentionOverlay,
  lineChart,
  modelView,
  neuronView,
  positionalEncodingChart,
  probabilityBars,
  softmaxScalingChart,
  tokenSaliency,
  VIZ_TEXT,
  type VizHandle,
  type VizText,
} from '../src/index.js';
import * as vizText from '../src/viz-text.js';
import { container, mouse, setReducedMotion } from './dom.js';
import { expectRefusedIn } from './expect-refused.js';

// Every fillText call, so the names the charts fill can be compared with VIZ_TEXT's.
vi.mock('../src/viz-text.js', async (importOriginal) => {
  const original = await importOriginal<typeof vizText>();
  return { ...original, fillText: vi.fn(original.fillText) };
});

beforeEach(() => setReducedMotion(true));
afterEach(() => {
  document.body.replaceChildren();
  vi.mocked(vizText.fillText).mockClear();
});

const expectRefused = expectRefusedIn(container);
const M = [[0.5, 0.5], [0.2, 0.8]];
const GRID = { data: [0.5, 0.5, 0.2, 0.8, 0.1, 0.9, 0.6, 0.4], shape: [1, 2, 2, 2] as const };
const IMAGE = { image: [[0, 1], [1, 0]], attention: [[0.5, 0.5], [0.5, 0.5]] };

type Draw = (el: HTMLElement, text?: Partial<VizText>, title?: string) => VizHandle<never>;

/** One small drawing of each chart, with `options.text` (and `title`) passed through. */
const CHARTS: Record<string, Draw> = {
  attentionHeatmap: (el, text, title) => attentionHeatmap(el, { values: M, queryTokens: ['a', 'b'] }, { text, title }) as VizHandle<never>,
  headView: (el, text, title) => headView(el, { attention: GRID, queryTokens: ['a', 'b'] }, { text, title }) as VizHandle<never>,
  modelView: (el, text, title) => modelView(el, { attention: GRID, queryTokens: ['a', 'b'] }, { text, title }) as VizHandle<never>,
  neuronView: (el, text, title) => neuronView(el, { query: [1, 0], keys: [[1, 0], [0, 1]], keyTokens: ['a', 'b'] }, { text, title }) as VizHandle<never>,
  lineChart: (el, text, title) => lineChart(el, { series: [{ name: 'loss', x: [0, 1], y: [1, 0.5] }] }, { text, title }) as VizHandle<never>,
  positionalEncodingChart: (el, text, title) => positionalEncodingChart(el, { seqLen: 4, dModel: 4 }, { text, title }) as VizHandle<never>,
  probabilityBars: (el, text, title) => probabilityBars(el, { labels: ['a', 'b'], probabilities: [0.25, 0.75] }, { text, title }) as VizHandle<never>,
  softmaxScalingChart: (el, text, title) => softmaxScalingChart(el, { dims: [1, 4], samples: 4 }, { text, title }) as VizHandle<never>,
  tokenSaliency: (el, text, title) => tokenSaliency(el, { tokens: ['a', 'b'], weights: [0.2, 0.8] }, { text, title }) as VizHandle<never>,
  imageAttentionOverlay: (el, text, title) => imageAttentionOverlay(el, IMAGE, { text, title }) as VizHandle<never>,
  attentionSteps: (el, text, title) => attentionSteps(el, { q: M, k: M, v: M }, { text, title }) as VizHandle<never>,
};

/**
 * Per chart: Chinese texts for its default title, one accessible name or
 * control label and one table header, and what each should look like drawn.
 */
const CASES: Record<string, { text: Partial<VizText>; title: string; name: [selector: string, attribute: string | null, text: string]; header: string }> = {
  attentionHeatmap: {
    text: { heatmapTitle: '注意力热力图：{rows} 个查询 × {cols} 个键', heatmapRole: '热力图', tableQueryKey: '查询 \\ 键' },
    title: '注意力热力图：2 个查询 × 2 个键',
    name: ['svg', 'aria-roledescription', '热力图'],
    header: '查询 \\ 键',
  },
  headView: {
    text: { headTitle: '第 {layer} 层的注意力头视图：{seqLenQ} 个查询到 {seqLenK} 个键，头 {heads}', headSwatch: '第 {head} 个头', tableHead: '头' },
    title: '第 0 层的注意力头视图：2 个查询到 2 个键，头 0, 1',
    name: ['rect.al-head-swatch', 'aria-label', '第 0 个头'],
    header: '头',
  },
  modelView: {
    text: { modelTitle: '模型视图：{layers} 层 × {heads} 个头', modelOpen: '打开第 {layer} 层第 {head} 个头', tableLayer: '层' },
    title: '模型视图：1 层 × 2 个头',
    name: ['rect.al-thumb', 'aria-label', '打开第 0 层第 0 个头'],
    header: '层',
  },
  neuronView: {
    text: { neuronTitle: '神经元视图：查询 {query} 对 {keys} 个键', neuronKeyLabel: '键 {token}：权重 {weight}', tableToken: '词元' },
    title: '神经元视图：查询 query 对 2 个键',
    name: ['g.al-neuron-row', 'aria-label', '键 a：权重 67.0%'],
    header: '词元',
  },
  lineChart: {
    text: { lineTitle: '折线图：{series}', lineTableSeries: '序列' },
    title: '折线图：loss',
    name: ['.al-legend text', null, 'loss'],
    header: '序列',
  },
  positionalEncodingChart: {
    text: { peTitle: '位置编码：{seqLen} 个位置 × {dModel} 维', peDimension: '维度', pePosition: '位置' },
    title: '位置编码：4 个位置 × 4 维',
    name: ['.al-axis-label', null, '维度'],
    header: '位置',
  },
  probabilityBars: {
    text: { barsTitle: '下一个词元的概率：{vocab} 个中最可能的 {topK} 个', barsLabel: '第 {rank} 名 {token}：{probability}', barsTableRank: '名次' },
    title: '下一个词元的概率：2 个中最可能的 2 个',
    name: ['g.al-bar-row', 'aria-label', '第 1 名 b：75.0%'],
    header: '名次',
  },
  softmaxScalingChart: {
    text: { scalingTitle: 'Softmax 的尖锐程度：{seqLenK} 个键', scalingAxis: '最大权重', scalingUnscaled: '最大权重（未缩放）' },
    title: 'Softmax 的尖锐程度：16 个键',
    name: ['.al-axis-left .al-axis-label', null, '最大权重'],
    header: '最大权重（未缩放）',
  },
  tokenSaliency: {
    text: { saliencyTitle: '{tokens} 个词元的显著性', tableToken: '词元', tableWeight: '权重' },
    title: '2 个词元的显著性',
    name: ['.al-data-table th:nth-child(2)', null, '权重'],
    header: '词元',
  },
  imageAttentionOverlay: {
    text: { overlayTitle: '{height} × {width} 像素的图像，注意力分布在 {patchRows} × {patchCols} 个图块上', overlayTableRow: '图块行', overlayTableColumn: '图块列 {col}' },
    title: '2 × 2 像素的图像，注意力分布在 2 × 2 个图块上',
    name: ['.al-data-table th:nth-child(2)', null, '图块列 0'],
    header: '图块行',
  },
  attentionSteps: {
    text: { stepsTitle: '逐步计算缩放点积注意力：{seqLenQ} 个查询，{seqLenK} 个键', stepsQueries: '查询', stepsTableStep: '步骤' },
    title: '逐步计算缩放点积注意力：2 个查询，2 个键',
    name: ['.al-step-caption', null, '查询'],
    header: '步骤',
  },
};

describe('options.text', () => {
  test.each(Object.keys(CHARTS))('%s draws the given texts: its title, an accessible name or label, a table header', (name) => {
    const c = CASES[name]!;
    const el = container();
    const handle = CHARTS[name]!(el, c.text);
    expect(handle.svg.getAttribute('aria-label')).toBe(c.title);
    expect(handle.svg.querySelector('title')!.textContent).toBe(c.title);
    expect(el.querySelector('.al-data-table caption')!.textContent).toBe(c.title);
    const [selector, attribute, text] = c.name;
    const target = el.querySelector(selector)!;
    expect(attribute === null ? target.textContent : target.getAttribute(attribute)).toBe(text);
    expect([...el.querySelectorAll('.al-data-table thead th')].map((th) => th.textContent)).toContain(c.header);
    expect(handle.toSVG()).toContain(c.title);
  });

  test.each(Object.keys(CHARTS))('%s keeps an explicit title over the text of its default title', (name) => {
    const handle = CHARTS[name]!(container(), CASES[name]!.text, 'My own title');
    expect(handle.svg.getAttribute('aria-label')).toBe('My own title');
  });

  test.each(Object.keys(CHARTS))('%s draws the same markup with text: VIZ_TEXT as without text', (name) => {
    const plain = container();
    const given = container();
    CHARTS[name]!(plain);
    CHARTS[name]!(given, { ...VIZ_TEXT });
    expect(given.innerHTML.replace(/al-([a-z-]+)-\d+/g, 'al-$1')).toBe(plain.innerHTML.replace(/al-([a-z-]+)-\d+/g, 'al-$1'));
  });

  test.each(Object.keys(CHARTS))('%s refuses a text that is not an object, has an unknown key, a non-string value or an unknown placeholder', (name) => {
    const draw = CHARTS[name]!;
    expectRefused((el) => draw(el, 'zh-CN' as never), name, 'options.text', 'string zh-CN');
    expectRefused((el) => draw(el, ['标题'] as never), name, 'options.text', 'an array of length 1');
    expectRefused((el) => draw(el, null as never), name, 'options.text', 'null');
    expectRefused((el) => draw(el, { heatmapTitel: 'x' } as never), name, 'options.text', 'unknown key "heatmapTitel"');
    expectRefused((el) => draw(el, { masked: 0 } as never), name, 'options.text.masked', 'number 0');
    expectRefused((el) => draw(el, { heatmapTitle: '{rows} × {keys}' }), name, 'options.text.heatmapTitle', '"{rows} × {keys}" with {keys}');
  });

  test('the error for an unknown placeholder lists the ones the key has', () => {
    expect(() => attentionHeatmap(container(), { values: M }, { text: { heatmapTitle: '{row}' } })).toThrow(
      "attentionHeatmap: argument 'options.text.heatmapTitle' expected a string whose placeholders are among {rows}, {cols}, got \"{row}\" with {row}",
    );
    expect(() => attentionHeatmap(container(), { values: M }, { text: { masked: '{x}' } })).toThrow('expected a string whose placeholders are none');
  });

  test('modelView gives its text to the opened head, and options.heatmap.text wins over it', () => {
    const el = container();
    const view = modelView(el, { attention: GRID, queryTokens: ['a', 'b'] }, {
      text: { modelDetail: '第 {layer} 层第 {head} 个头', modelClose: '关闭', heatmapRole: '热力图', masked: '已掩码' },
      heatmap: { text: { heatmapRole: '矩阵' } },
    });
    view.open(0, 1);
    expect(el.querySelector('.al-detail-title')!.textContent).toBe('第 0 层第 1 个头');
    expect(el.querySelector('.al-detail-close')!.textContent).toBe('关闭');
    const heatmap = el.querySelector('.al-model-view-detail svg')!;
    expect(heatmap.getAttribute('aria-roledescription')).toBe('矩阵');
    expect(heatmap.getAttribute('aria-label')).toBe('Layer 0, head 1: attention of 2 queries over 2 keys');
    expectRefused((e) => modelView(e, { attention: GRID }, { heatmap: { text: { nope: 'x' } as never } }), 'modelView', 'options.heatmap.text', 'unknown key "nope"');
  });

  test('attentionHeatmap reads the focused cell aloud with text.heatmapLive', () => {
    const el = container();
    const h = attentionHeatmap(el, { values: M, queryTokens: ['a', 'b'], keyTokens: ['c', 'd'] }, { text: { heatmapLive: '第 {row}/{rows} 行，第 {col}/{cols} 列。{cell}' } });
    h.setActiveCell({ row: 1, col: 0 });
    expect(el.querySelector('.al-live')!.textContent).toBe('第 2/2 行，第 1/2 列。b → c: 0.2');
  });
});

describe('VIZ_TEXT', () => {
  test('VIZ_TEXT is frozen and holds a non-empty string for every key', () => {
    expect(Object.isFrozen(VIZ_TEXT)).toBe(true);
    for (const [key, text] of Object.entries(VIZ_TEXT)) expect(typeof text === 'string' && text.length > 0, key).toBe(true);
  });

  test('every key of VIZ_TEXT is drawn by some chart, with every placeholder its English has filled and no other', async () => {
    // A marker per key that names the key and shows each placeholder as name={name}: one left unfilled shows as `={`.
    const markers = Object.fromEntries(
      Object.entries(VIZ_TEXT).map(([key, english]) => [key, `«${key}${vizText.placeholdersOf(english).map((p) => `|${p}={${p}}`).join('')}»`]),
    ) as unknown as VizText;
    const keyOf = new Map(Object.entries(markers).map(([key, marker]) => [marker, key as keyof VizText]));
    const text = markers;
    const el = container();
    // Each chart in the states that show all its texts (masks, badges, an opened head, hovers, no heads, no series, ...).
    const heatmap = attentionHeatmap(el, { values: [[0.5, -Infinity], [0.2, 0.8]] }, { text });
    heatmap.setActiveCell({ row: 0, col: 1 });
    attentionHeatmap(el, { values: M }, { text, tableCellLimit: 0 });
    const heads = headView(el, { attention: GRID }, { text });
    heads.setHeads([]);
    headView(el, { attention: GRID }, { text });
    const model = modelView(el, { attention: GRID, headLabels: [['prev', '']] }, { text });
    model.open(0, 0);
    neuronView(el, { query: [1, 0], keys: [[1, 0], [0, 1]], mask: [false, true] }, { text });
    lineChart(el, { series: [] }, { text });
    lineChart(el, { series: [] }, { text, yLabel: 'loss' });
    lineChart(el, { series: [] }, { text, yLabel: 'loss', xLabel: 'step' });
    positionalEncodingChart(el, { seqLen: 4, dModel: 4 }, { text });
    probabilityBars(el, { labels: ['a', 'b', 'c'], probabilities: [0.5, 0.3, 0.2], highlight: 2 }, { text, topK: 1 });
    softmaxScalingChart(el, { dims: [1, 2], samples: 2 }, { text });
    tokenSaliency(el, { tokens: ['a'], weights: [1] }, { text });
    const patches = container();
    imageAttentionOverlay(patches, IMAGE, { text });
    mouse(patches.querySelector('rect.al-patch')!, 'mouseover');
    const bands = container();
    imageAttentionOverlay(bands, { image: IMAGE.image, attention: [0.3, 0.7] }, { text });
    mouse(bands.querySelector('rect.al-patch')!, 'mouseover');
    attentionSteps(el, { q: M, k: M, v: M, causal: true }, { text });

    const drawn = document.body.innerHTML;
    const missing = Object.keys(VIZ_TEXT).filter((key) => !drawn.includes(`«${key}`));
    expect(missing, 'keys of VIZ_TEXT no chart drew').toEqual([]);
    expect(drawn.match(/\w+=\{\w+\}/g) ?? [], 'placeholders left unfilled').toEqual([]);
    // The names each chart filled for each key are exactly the placeholders of its English.
    for (const [template, values] of vi.mocked(vizText.fillText).mock.calls) {
      const key = keyOf.get(template);
      expect(key, `fillText called with ${JSON.stringify(template)}, not a text of VizText`).toBeDefined();
      expect(Object.keys(values ?? {}).sort(), key).toEqual(vizText.placeholdersOf(VIZ_TEXT[key!]).sort());
    }
  });

  test('the README lists every key of VIZ_TEXT', () => {
    const readme = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8');
    expect(Object.keys(VIZ_TEXT).filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
  });
});
