/**
 * The explorer page: the reader's text through the shipped subword
 * Transformer, every layer and head. The model runs in a worker
 * (explorer-worker.ts); this module owns the controls and the pictures. Only
 * the newest reply of each kind is drawn, so typing fast never mixes two texts.
 */
import type { HeadViewHandle, ModelViewHandle, NeuronViewHandle, ProbabilityBarsHandle } from '@attention-lab/viz';
import { addExportButtons } from './export-buttons';
import type { AnalyzeReply, ExplorerReply, ExplorerRequest, HeadScores, NeuronReply, ProbeReply, ReadyReply } from './explorer-protocol';
import { loadViz } from './load-viz';
import { readSharedState, sharedHash, type ShareField } from './share-state';
import { startWorker } from './start-worker';
import { langOf, t, type MessageId, type MessageLang } from '../i18n/messages';
import { vizText } from '../i18n/viz-text';
import explorerWorkerUrl from '../workers/explorer-worker.ts?worker&url';

/** Head-view lines of a smaller weight are not drawn (they would be all but invisible). */
const MIN_LINE_WEIGHT = 0.01;

/** Milliseconds of quiet typing before the text is read again. */
const TYPING_PAUSE_MS = 120;

/** Short names of the head roles, as the model view's badges show them. */
const ROLE_BADGE: Record<string, MessageId> = {
  previousToken: 'explorer.badge.previousToken',
  induction: 'explorer.badge.induction',
  firstToken: 'explorer.badge.firstToken',
  currentToken: 'explorer.badge.currentToken',
  broad: 'explorer.badge.broad',
};

/** A piece as a label: its leading space (a new word) shown as a middle dot, line breaks as ⏎. */
function label(piece: string): string {
  return piece.replace(/^ /, '·').replaceAll('\n', '⏎');
}

/** The reader's controls that a link can carry. */
const SHARED: readonly ShareField[] = [
  { name: 'text', type: 'text' },
  { name: 'temperature', type: 'range', min: 0, max: 2 },
  { name: 'topK', type: 'number', min: 0, max: 2048 },
  { name: 'topP', type: 'range', min: 0.05, max: 1 },
  { name: 'seed', type: 'number', min: 0, max: 1_000_000 },
];

/** Mounts the explorer on its root element (the `[data-explorer]` figure group of Explorer.astro). */
export function mountExplorer(root: HTMLElement): void {
  const $ = <T extends Element>(role: string): T => {
    const element = root.querySelector<T>(`[data-role="${role}"]`);
    if (!element) throw new Error(`explorer: the page lacks [data-role="${role}"]`);
    return element;
  };
  const form = $<HTMLFormElement>('controls');
  const lang = langOf(root);
  /** The words inside the charts, in the page's language. */
  const chartText = vizText(lang);
  const text = $<HTMLTextAreaElement>('text');
  const status = $<HTMLElement>('status');
  const tokens = $<HTMLElement>('tokens');
  const neuronLayer = $<HTMLSelectElement>('neuron-layer');
  const neuronHead = $<HTMLSelectElement>('neuron-head');
  const neuronQuery = $<HTMLSelectElement>('neuron-query');
  const neuronNote = $<HTMLElement>('neuron-note');
  const mass = $<HTMLOutputElement>('mass');
  const probeStatus = $<HTMLElement>('probe-status');
  const probeTable = $<HTMLTableSectionElement>('probe-rows');
  const input = (name: string): HTMLInputElement => form.elements.namedItem(name) as HTMLInputElement;
  /** A whole-number field's value, rounded and kept within its min and max (an empty field reads as its min). */
  const wholeNumber = (name: string): number => {
    const field = input(name);
    return Math.min(Number(field.max), Math.max(Number(field.min), Math.round(Number(field.value) || 0)));
  };

  const worker = startWorker(explorerWorkerUrl, 'attention-lab explorer');
  let ready: ReadyReply | null = null;
  let vocab: string[] = [];
  let nextId = 0;
  const latest: Record<string, number> = {};
  let generated: number[] = [];
  let analysis: AnalyzeReply | null = null;
  let typedAt = 0;

  const charts: { head?: HeadViewHandle; model?: ModelViewHandle; neuron?: NeuronViewHandle; bars?: ProbabilityBarsHandle } = {};
  const send = (request: Omit<ExplorerRequest, 'id'>): void => {
    const id = ++nextId;
    latest[request.type] = id;
    worker.postMessage({ ...request, id });
  };
  const setStatus = (message: string, state: 'loading' | 'ready' | 'busy' | 'error'): void => {
    status.textContent = message;
    root.dataset.state = state;
  };

  const sampling = () => ({
    temperature: Number(input('temperature').value),
    topK: wholeNumber('topK'),
    topP: Number(input('topP').value),
    seed: wholeNumber('seed'),
  });
  const analyze = (): void => {
    if (!ready) return;
    setStatus(t(lang, 'explorer.status.reading'), 'busy');
    typedAt = performance.now();
    send({ type: 'analyze', text: text.value, generated, sampling: sampling() } as Omit<ExplorerRequest, 'id'>);
  };

  // Typing, settings and generation all come back here.
  let pause: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    generated = []; // new text starts a new generation
    clearTimeout(pause);
    pause = setTimeout(analyze, TYPING_PAUSE_MS);
  });
  for (const name of ['temperature', 'topK', 'topP', 'seed']) input(name).addEventListener('input', () => analyze());
  form.addEventListener('submit', (event) => event.preventDefault());
  $<HTMLButtonElement>('add-token').addEventListener('click', () => {
    if (!analysis) return;
    generated = [...generated, analysis.next];
    analyze();
  });
  $<HTMLButtonElement>('undo-token').addEventListener('click', () => {
    generated = generated.slice(0, -1);
    analyze();
  });
  $<HTMLButtonElement>('clear-tokens').addEventListener('click', () => {
    generated = [];
    analyze();
  });
  for (const select of [neuronLayer, neuronHead, neuronQuery]) select.addEventListener('change', () => requestNeuron());
  $<HTMLButtonElement>('probe-run').addEventListener('click', () => {
    if (!ready) return;
    probeStatus.textContent = t(lang, 'explorer.probe.running');
    send({ type: 'probe', seed: wholeNumber('probe-seed') } as Omit<ExplorerRequest, 'id'>);
  });
  $<HTMLButtonElement>('share').addEventListener('click', () => {
    const values = Object.fromEntries(SHARED.map((field) => [field.name, field.type === 'text' ? input(field.name).value : Number((form.elements.namedItem(field.name) as HTMLInputElement | HTMLSelectElement).value)]));
    const url = new URL(location.href);
    url.hash = sharedHash('explorer', values, 'auto');
    history.replaceState(null, '', url);
    const out = $<HTMLOutputElement>('share-link');
    out.value = url.href;
    void navigator.clipboard?.writeText(url.href).then(
      () => (out.value = t(lang, 'explorer.share.copied', { url: url.href })),
      () => undefined,
    );
  });

  function requestNeuron(): void {
    if (!analysis) return;
    send({ type: 'neuron', ids: analysis.ids, layer: Number(neuronLayer.value), head: Number(neuronHead.value) } as Omit<ExplorerRequest, 'id'>);
  }

  function fillSelect(select: HTMLSelectElement, labels: string[], keep: boolean): void {
    const before = select.value;
    select.replaceChildren(...labels.map((text_, i) => new Option(text_, String(i))));
    select.value = keep && Number(before) < labels.length ? before : String(labels.length - 1);
  }

  async function onReady(message: ReadyReply): Promise<void> {
    ready = message;
    const layers = Array.from({ length: message.layers }, (_, l) => `layer ${l}`);
    const heads = Array.from({ length: message.heads }, (_, h) => `head ${h}`);
    const shared = readSharedState(location.hash, 'explorer', SHARED);
    fillSelect(neuronLayer, layers, false);
    fillSelect(neuronHead, heads, false);
    neuronHead.value = '0';
    if (shared) {
      for (const [name, value] of Object.entries(shared.inputs)) input(name).value = String(value);
    }
    const bpc = message.metrics['testBitsPerCharacter'];
    root.querySelector('[data-role="model-facts"]')!.textContent = t(lang, bpc === undefined ? 'explorer.facts' : 'explorer.facts.bpc', {
      layers: message.layers,
      heads: message.heads,
      millions: (message.parameters / 1e6).toFixed(2),
      window: message.seqLen,
      bpc: bpc?.toFixed(2) ?? '',
    });
    setStatus(t(lang, 'explorer.status.loaded', { seconds: (message.loadMs / 1000).toFixed(1), backend: message.backend }), 'ready');
    root.dataset.loadMs = String(message.loadMs);
    await loadViz();
    analyze();
  }

  async function onAnalyze(message: AnalyzeReply): Promise<void> {
    const viz = await loadViz();
    if (message.id !== latest['analyze'] || !ready) return;
    analysis = message;
    const n = message.ids.length;
    const labels = message.pieces.map(label);
    const { layers, heads } = ready;
    const shape = [layers, heads, n, n] as const;

    // The tokens as the model reads them.
    tokens.replaceChildren(
      ...message.pieces.map((piece, i) => {
        const chip = document.createElement('span');
        chip.className = 'token';
        chip.textContent = label(piece);
        if (i >= n - message.generatedCount) chip.classList.add('generated');
        if (message.unknown.includes(i)) chip.classList.add('unknown');
        return chip;
      }),
    );
    const notes: string[] = [t(lang, n === 1 ? 'explorer.status.token' : 'explorer.status.tokens', { count: n })];
    if (message.generatedCount > 0) notes.push(t(lang, 'explorer.status.generated', { count: message.generatedCount }));
    if (message.dropped > 0) notes.push(t(lang, 'explorer.status.dropped', { count: message.dropped, window: ready.seqLen }));
    if (message.unknown.length > 0) notes.push(t(lang, 'explorer.status.unknown', { count: message.unknown.length }));
    setStatus(t(lang, 'explorer.status.read', { notes: notes.join(t(lang, 'explorer.status.separator')), ms: message.ms.toFixed(0) }), 'ready');

    // Views on screen are drawn now; the others in the browser's next idle moment, so typing stays quick.
    const attention = { data: message.attention, shape };
    const now: Array<() => void> = [];
    const later: Array<() => void> = [];
    const view = (role: string, draw: () => void): void => {
      (onScreen($<HTMLElement>(role)) ? now : later).push(draw);
    };
    view('head-view', () => {
      const headData = { attention, queryTokens: labels, keyTokens: labels };
      if (charts.head) charts.head.update(headData);
      else {
        const figure = $<HTMLElement>('head-view');
        charts.head = viz.headView(figure.querySelector('.chart')!, headData, { animate: false, minWeight: MIN_LINE_WEIGHT, text: chartText });
        addExportButtons(figure, charts.head);
      }
      if (message.generatedCount > 0) charts.head.focusToken({ side: 'query', index: n - 1 });
    });
    view('model-view', () => {
      // Each head's role on this text, as a badge.
      const headLabels = Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => roleBadge(lang, message.roles?.[l]?.[h])));
      const modelData = { attention, queryTokens: labels, keyTokens: labels, headLabels };
      if (charts.model) charts.model.update(modelData);
      else {
        const figure = $<HTMLElement>('model-view');
        charts.model = viz.modelView(figure.querySelector('.chart')!, modelData, { title: t(lang, 'explorer.model-view.title'), thumbnailSize: 64, maxCells: 32, animate: false, text: chartText });
        addExportButtons(figure, charts.model);
      }
    });
    view('next-token', () => {
      const barsData = { labels: vocab, probabilities: message.distribution, highlight: message.next };
      if (charts.bars) charts.bars.update(barsData);
      else {
        const figure = $<HTMLElement>('next-token');
        charts.bars = viz.probabilityBars(figure.querySelector('.chart')!, barsData, { topK: 10, title: t(lang, 'explorer.next-token.title'), animate: false, text: chartText });
        addExportButtons(figure, charts.bars);
      }
      const total = message.distribution.reduce((a, b) => a + b, 0);
      const shown = charts.bars.bars.reduce((a, bar) => a + bar.probability, 0);
      mass.value = t(lang, 'explorer.mass', {
        bars: charts.bars.bars.length,
        shown: (shown * 100).toFixed(1),
        vocab: vocab.length.toLocaleString('en'),
        total: (total * 100).toFixed(1),
        next: label(vocab[message.next] ?? '?'),
      });
      mass.dataset.total = String(total);
    });
    // The neuron view follows the tokens: its query list is this text's, and it asks the worker for its vectors.
    fillSelect(neuronQuery, labels.map((l, i) => `${i}: ${l}`), false);
    view('neuron-view', requestNeuron);
    for (const draw of now) draw();
    $<HTMLButtonElement>('undo-token').disabled = generated.length === 0;
    $<HTMLButtonElement>('clear-tokens').disabled = generated.length === 0;
    root.dataset.redrawMs = String(performance.now() - typedAt);
    root.dataset.workerMs = String(message.ms);
    root.dataset.tokens = String(n);
    root.dataset.draws = String(Number(root.dataset.draws ?? 0) + 1);
    root.dataset.pending = String(later.length);
    if (later.length > 0) {
      whenIdle(() => {
        if (message.id !== latest['analyze']) return; // a newer text has been drawn (or will be): these are stale
        for (const draw of later) draw();
        root.dataset.pending = '0';
      });
    }
  }

  async function onNeuron(message: NeuronReply): Promise<void> {
    const viz = await loadViz();
    if (message.id !== latest['neuron'] || !analysis) return;
    const n = analysis.ids.length;
    const q = Math.min(Number(neuronQuery.value), n - 1);
    const labels = analysis.pieces.map(label);
    const data = {
      query: message.queries.subarray(q * message.dHead, (q + 1) * message.dHead),
      keys: { data: message.keys, shape: [n, message.dHead] as const },
      keyTokens: labels,
      queryToken: labels[q]!,
      scale: message.scale,
      mask: Array.from({ length: n }, (_, j) => j > q), // causal: a token sees itself and what came before
    };
    if (charts.neuron) charts.neuron.update(data);
    else {
      const figure = $<HTMLElement>('neuron-view');
      charts.neuron = viz.neuronView(figure.querySelector('.chart')!, data, { title: t(lang, 'explorer.neuron-view.title'), text: chartText });
      addExportButtons(figure, charts.neuron);
    }
    neuronNote.textContent = t(lang, 'explorer.neuron-note', { layer: message.layer, head: message.head, query: q, token: labels[q] ?? '', dHead: message.dHead, scale: message.scale.toFixed(4) });
    root.querySelector<HTMLElement>('[data-role="neuron-view"]')!.dataset.layer = String(message.layer);
    root.querySelector<HTMLElement>('[data-role="neuron-view"]')!.dataset.head = String(message.head);
    root.querySelector<HTMLElement>('[data-role="neuron-view"]')!.dataset.query = String(q);
  }

  async function onProbe(message: ProbeReply): Promise<void> {
    const viz = await loadViz();
    if (message.id !== latest['probe'] || !ready) return;
    const n = message.pieces.length;
    const labels = message.pieces.map(label);
    const ranked = message.roles
      .flatMap((row, layer) => row.map((h, head) => ({ layer, head, score: h.scores.induction ?? 0 })))
      .sort((a, b) => b.score - a.score);
    const best = ranked[0]!;
    const per = n * n;
    const from = (best.layer * ready.heads + best.head) * per;
    const figure = $<HTMLElement>('probe-map');
    const chart = figure.querySelector<HTMLElement>('.chart')!;
    chart.replaceChildren();
    const map = viz.attentionHeatmap(chart, { values: { data: message.attention.subarray(from, from + per), shape: [n, n] }, queryTokens: labels, keyTokens: labels }, { title: t(lang, 'explorer.probe.title', { layer: best.layer, head: best.head, period: message.period }), showValues: false, text: chartText });
    figure.querySelector('.figure-export')?.remove();
    addExportButtons(figure, map);
    probeTable.replaceChildren(
      ...ranked.map(({ layer, head, score }) => {
        const row = document.createElement('tr');
        if (score >= 0.3) row.className = 'induction';
        for (const cell of [t(lang, 'explorer.probe.layer-head', { layer, head }), score.toFixed(3), score >= 0.3 ? t(lang, 'explorer.probe.induction-head') : '']) {
          const td = document.createElement('td');
          td.textContent = cell;
          row.append(td);
        }
        return row;
      }),
    );
    const found = ranked.filter((r) => r.score >= 0.3);
    probeStatus.textContent = found.length > 0
      ? t(lang, found.length === 1 ? 'explorer.probe.found-one' : 'explorer.probe.found', {
          count: found.length,
          heads: found.map((r) => t(lang, 'explorer.probe.layer-head', { layer: r.layer, head: r.head })).join(t(lang, 'explorer.status.separator')),
          share: uniformShare(message.start, message.period).toFixed(3),
        })
      : t(lang, 'explorer.probe.none');
  }

  worker.addEventListener('message', (event: MessageEvent<ExplorerReply | { type: 'vocab'; pieces: string[] }>) => {
    const message = event.data;
    if (message.type === 'vocab') vocab = message.pieces;
    else if (message.type === 'ready') void onReady(message);
    else if (message.type === 'analyze') void onAnalyze(message);
    else if (message.type === 'neuron') void onNeuron(message);
    else if (message.type === 'probe') void onProbe(message);
    else if (message.id === latest['analyze'] || message.id === latest['neuron'] || message.id === latest['probe']) setStatus(message.message, 'error');
  });
  worker.addEventListener('error', (event) => setStatus(t(lang, 'explorer.status.failed', { message: event.message || t(lang, 'explorer.status.worker-failed') }), 'error'));
  setStatus(t(lang, 'explorer.status.loading'), 'loading');
}

/** The mean weight an evenly spread causal head puts on the induction key: query `start + period + j` sees `start + period + j + 1` keys. */
function uniformShare(start: number, period: number): number {
  let sum = 0;
  for (let j = 0; j < period; j++) sum += 1 / (start + period + j + 1);
  return sum / period;
}

/** Whether any part of `element` is within the window, or a screen's height from it. */
function onScreen(element: HTMLElement): boolean {
  const box = element.getBoundingClientRect();
  return box.bottom > -innerHeight && box.top < 2 * innerHeight;
}

/** Runs `work` when the browser is next idle (at most half a second later). */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 500 });
  else setTimeout(work, 0);
}

/** The badge of a head: its role's short name, or nothing. */
function roleBadge(lang: MessageLang, head: HeadScores | undefined): string {
  const id = head?.role ? ROLE_BADGE[head.role] : undefined;
  return id ? t(lang, id) : (head?.role ?? '');
}
