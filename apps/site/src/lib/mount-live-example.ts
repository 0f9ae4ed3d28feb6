import { afterPageLoad } from './after-page-load';
import { carriedExampleHash, carryOnLanguageSwitch, linksTo } from './carry-on-language-switch';
import { debounce } from './debounce';
import { mountDrawingInputs } from './drawing-input';
import type { BackendPreference } from './example-protocol';
import { getPageRunner, STOP_GRACE_MS, type RunOutcome } from './example-runner';
import type { CodeEditor } from './code-editor';
import type { LiveInput } from './live';
import { renderLiveMessage, type LiveOutput } from './render-live-message';
import { langOf, t, type MessageLang } from '../i18n/messages';

/** Quiet time after the reader changes an input before the example re-runs. */
const INPUT_DELAY_MS = 150;
/** Resolves in a later task, letting the browser handle input and paint in between. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Fired on `document` when a reader picks a backend, so every example's picker agrees. */
const BACKEND_EVENT = 'attention-lab:backend';

function part<T extends Element>(root: HTMLElement, role: string, type: abstract new () => T): T {
  const element = root.querySelector(`[data-role="${role}"]`);
  if (!(element instanceof type)) {
    throw new Error(`mountLiveExample: missing [data-role="${role}"] in example "${root.dataset.liveExample}"`);
  }
  return element;
}

/** Reads the example's controls into `{ name: value }`. */
function readInputs(form: HTMLFormElement): Record<string, LiveInput> {
  const values: Record<string, LiveInput> = {};
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLSelectElement && element.name) {
      values[element.name] = element.value;
      continue;
    }
    if (!(element instanceof HTMLInputElement) || !element.name) continue;
    if (element.type === 'checkbox') values[element.name] = element.checked;
    else if (element.type === 'number' || element.type === 'range') values[element.name] = element.valueAsNumber;
    else values[element.name] = element.value;
  }
  return values;
}

function describeOutcome(outcome: RunOutcome, lang: MessageLang): string {
  switch (outcome.status) {
    case 'done':
      return t(lang, 'live.status.done', { ms: outcome.ms < 10 ? outcome.ms.toFixed(1) : Math.round(outcome.ms), backend: outcome.backend });
    case 'error':
      return `${outcome.line !== undefined ? t(lang, 'live.status.line', { line: outcome.line }) : ''}${outcome.name}: ${outcome.message}`;
    case 'stopped': {
      const why = outcome.reason === 'time-limit' ? t(lang, 'live.status.time-limit', { seconds: (outcome.afterMs / 1000).toFixed(1) }) : t(lang, 'live.status.stopped');
      if (outcome.finished === true) return t(lang, 'live.status.finished-by-itself', { why });
      if (outcome.finished === false) return t(lang, 'live.status.ended', { why, seconds: STOP_GRACE_MS / 1000 });
      return t(lang, 'live.status.stopped-end', { why });
    }
  }
}

/**
 * Brings one `<figure data-live-example>` (rendered by `LiveExample.astro`) to
 * life: runs its code in the page's example worker when it first scrolls into
 * view and whenever an input changes; Run, Stop, Edit and Reset; a backend
 * picker shared by the page. Edited code is kept in `localStorage` until Reset.
 * Switching language carries the state of every example the reader changed
 * (carry-on-language-switch.ts).
 *
 * The figure's `data-state` is `idle`, `queued`, `running`, `stopping` (after
 * Stop, while the run may still end by itself), `done`, `error` or `stopped`;
 * `data-runs` counts finished runs, `data-ran-inputs` holds the inputs of the
 * last one as JSON and `data-tensors` the worker's tensor count after it, for
 * tests and for scripts.
 *
 * @param root - The example's figure.
 * @example
 * document.querySelectorAll('[data-live-example]').forEach((el) => mountLiveExample(el as HTMLElement));
 */
export function mountLiveExample(root: HTMLElement): void {
  const sourceElement = part(root, 'source', HTMLTemplateElement);
  const original = sourceElement.content.textContent ?? '';
  const form = part(root, 'inputs', HTMLFormElement);
  const runButton = part(root, 'run', HTMLButtonElement);
  const stopButton = part(root, 'stop', HTMLButtonElement);
  const editButton = part(root, 'edit', HTMLButtonElement);
  const resetButton = part(root, 'reset', HTMLButtonElement);
  const shareButton = part(root, 'share', HTMLButtonElement);
  const backendSelect = part(root, 'backend', HTMLSelectElement);
  const backendUsed = part(root, 'backend-used', HTMLOutputElement);
  const codeView = part(root, 'code', HTMLElement);
  const editorHost = part(root, 'editor', HTMLElement);
  const consoleElement = part(root, 'console', HTMLElement);
  const figures = part(root, 'figures', HTMLElement);
  const output = part(root, 'output', HTMLElement);
  const shown: LiveOutput = { console: consoleElement, figures, charts: new Map() };
  const status = part(root, 'status', HTMLElement);
  const storageKey = `attention-lab:example:${location.pathname}:${root.dataset.liveExample}`;
  const runner = getPageRunner();
  const lang = langOf(root);
  mountDrawingInputs(form);

  let editor: CodeEditor | undefined;
  let edited = readStored();
  let runs = 0;
  let visible = false;

  function readStored(): string | undefined {
    try {
      return localStorage.getItem(storageKey) ?? undefined;
    } catch {
      return undefined; // storage can be blocked; editing still works for this visit
    }
  }

  function store(code: string | undefined): void {
    try {
      if (code === undefined || code === original) localStorage.removeItem(storageKey);
      else localStorage.setItem(storageKey, code);
    } catch {
      // Blocked storage: the edit lives as long as the page.
    }
  }

  const currentCode = (): string => editor?.getCode() ?? edited ?? original;

  /** The reader changed this example: a switch of language carries its link (inputs, backend, edited code) to the other edition. */
  const changedByReader = (): void =>
    carryOnLanguageSwitch(root.dataset.liveExample ?? '', async () => {
      const { linkHash } = await import('./share-link');
      const code = currentCode();
      return (await linkHash(root, readInputs(form), runner.backend, code === original ? undefined : code)).hash;
    });

  function setBusy(busy: boolean): void {
    stopButton.disabled = !busy;
    runButton.setAttribute('aria-busy', String(busy));
  }

  async function openEditor(): Promise<CodeEditor> {
    if (editor) return editor;
    editButton.disabled = true;
    const { createCodeEditor } = await import('./code-editor');
    editor = createCodeEditor(editorHost, edited ?? original, {
      label: t(lang, 'live.code.label', { title: root.dataset.title ?? root.dataset.liveExample ?? '' }),
      onRun: () => void run(),
      onChange: (code) => {
        edited = code;
        changedByReader();
        store(code);
        resetButton.hidden = code === original;
        root.dataset.edited = String(code !== original);
      },
    });
    codeView.hidden = true;
    editorHost.hidden = false;
    const details = editorHost.closest('details');
    if (details) details.open = true;
    editButton.hidden = true;
    resetButton.hidden = currentCode() === original;
    root.dataset.editing = 'true';
    return editor;
  }

  /** The newest run's number: output and status from any older run are dropped, however late they arrive. */
  let latestRun = 0;

  async function run(): Promise<void> {
    const mine = ++latestRun;
    root.dataset.state = 'queued';
    status.textContent = t(lang, runner.isBusy(root) ? 'live.status.waiting' : 'live.status.queued');
    setBusy(true);
    const inputs = readInputs(form);
    // Messages are drawn in order; a chart that cannot be drawn fails the run.
    let drawing = Promise.resolve();
    let drawError: unknown;
    let outcome = await runner.run(root, {
      code: currentCode(),
      inputs,
      lang,
      timeLimitMs: Number(root.dataset.timeLimitMs ?? 20_000),
      onStart: () => {
        if (mine !== latestRun) return;
        // Keep the old output's height while the new one is drawn, so the page does not jump.
        output.style.minHeight = `${output.offsetHeight}px`;
        for (const chart of shown.charts.values()) chart.destroy();
        shown.charts.clear();
        consoleElement.replaceChildren();
        consoleElement.hidden = true;
        figures.replaceChildren();
        root.dataset.state = 'running';
        status.textContent = t(lang, 'live.status.running');
      },
      onMessage: (message) => {
        if (mine !== latestRun) return; // a newer run has been asked for: this one's output is stale
        // One message per task: a long run of charts must not block the page in one go.
        drawing = drawing.then(() => nextTask()).then(() => (mine === latestRun ? renderLiveMessage(message, shown) : undefined)).catch((error: unknown) => {
          drawError ??= error;
        });
      },
      onBackend: (backend, reason) => {
        if (mine !== latestRun) return;
        backendUsed.textContent = backend;
        backendUsed.title = reason;
      },
    });
    if (mine !== latestRun || (outcome.status === 'stopped' && outcome.reason === 'replaced')) return; // a newer run took its place
    await drawing;
    if (mine !== latestRun) return;
    if (drawError !== undefined && outcome.status === 'done') {
      outcome = { status: 'error', name: 'Error', message: t(lang, 'live.status.could-not-draw', { message: drawError instanceof Error ? drawError.message : String(drawError) }) };
    }
    output.style.minHeight = '';
    setBusy(runner.isBusy(root));
    runs += 1;
    root.dataset.runs = String(runs);
    root.dataset.ranInputs = JSON.stringify(inputs);
    root.dataset.state = outcome.status;
    if (outcome.status === 'error') {
      root.dataset.errorLine = outcome.line === undefined ? '' : String(outcome.line);
      if (editor && outcome.line !== undefined) editor.goToLine(outcome.line, outcome.column);
    } else {
      delete root.dataset.errorLine;
    }
    status.textContent = describeOutcome(outcome, lang);
    if (outcome.status === 'done') backendUsed.textContent = outcome.backend;
    if (outcome.tensors !== undefined) root.dataset.tensors = String(outcome.tensors);
  }

  runButton.addEventListener('click', () => void run());
  shareButton.addEventListener('click', () => {
    const code = currentCode();
    void import('./share-link').then(({ shareExample }) => shareExample(root, readInputs(form), runner.backend, code === original ? undefined : code));
  });
  stopButton.addEventListener('click', () => {
    runner.stop(root);
    if (runner.isStopping(root)) {
      root.dataset.state = 'stopping';
      status.textContent = t(lang, 'live.status.stopping', { seconds: STOP_GRACE_MS / 1000 });
    }
  });
  editButton.addEventListener('click', () => {
    void openEditor().then((opened) => opened.goToLine(1));
  });
  resetButton.addEventListener('click', () => {
    edited = undefined;
    store(undefined);
    editor?.setCode(original);
    resetButton.hidden = true;
    root.dataset.edited = 'false';
    if (visible) void run();
  });
  const rerun = debounce(() => {
    if (visible) void run();
  }, INPUT_DELAY_MS);
  // Controls that apply only in one mode (say, training settings while shipped weights are shown) are
  // disabled outside it, with a note saying when they apply.
  const conditional = Array.from(form.querySelectorAll<HTMLElement>('[data-applies-input]'));
  const applyConditions = (): void => {
    for (const label of conditional) {
      const controller = form.elements.namedItem(label.dataset.appliesInput ?? '');
      const allowed = JSON.parse(label.dataset.appliesIs ?? '[]') as string[];
      const applies = controller instanceof HTMLSelectElement && allowed.includes(controller.value);
      for (const control of label.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) control.disabled = !applies;
      label.classList.toggle('inactive', !applies);
      const note = label.querySelector<HTMLElement>('[data-role="applies"]');
      if (note) note.hidden = applies;
    }
  };
  applyConditions();
  form.addEventListener('input', (event) => {
    applyConditions();
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'range') {
      const shown = form.querySelector(`output[data-range-value="${CSS.escape(target.name)}"]`);
      if (shown) shown.textContent = target.value;
    }
    changedByReader();
    rerun();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  backendSelect.value = runner.backend;
  backendSelect.addEventListener('change', () => {
    runner.backend = backendSelect.value as BackendPreference;
    document.dispatchEvent(new CustomEvent(BACKEND_EVENT, { detail: runner.backend }));
    void run();
  });
  document.addEventListener(BACKEND_EVENT, (event) => {
    backendSelect.value = (event as CustomEvent<BackendPreference>).detail;
  });

  root.dataset.state = 'idle';
  root.dataset.runs = '0';
  root.dataset.edited = String(edited !== undefined && edited !== original);
  if (edited !== undefined && edited !== original) void openEditor();

  // A link from the Link button (#<id>?<input>=<value>&…) restores this example's
  // inputs, backend and code (share-state.ts checks each), scrolls here and runs
  // it; edited code from a link waits for the reader to press Run.
  const linkedHere = (): boolean => linksTo(location.hash, root.dataset.liveExample ?? '');
  /** Restores the state `hash` links to; a link in the address also scrolls here and runs it, a carried one waits to be seen. */
  const restoreFromHash = async (hash = location.hash): Promise<void> => {
    const { restoreFromLink, whenLoaded } = await import('./share-link');
    const restored = await restoreFromLink(root, form, hash);
    if (!restored) return;
    if (hash !== location.hash) changedByReader(); // carried here: a switch back carries it again
    applyConditions(); // the link may have changed the mode
    if (restored.backend) {
      runner.backend = restored.backend;
      document.dispatchEvent(new CustomEvent(BACKEND_EVENT, { detail: restored.backend }));
    }
    if (restored.code !== undefined) {
      edited = restored.code;
      (await openEditor()).setCode(restored.code);
    }
    if (hash !== location.hash) {
      if (restored.code !== undefined) {
        root.dataset.autorun = 'false'; // carried code waits for Run, as a link's does
        status.textContent = restored.note;
      }
      return;
    }
    root.scrollIntoView({ block: 'start' });
    if (restored.code !== undefined) {
      status.textContent = restored.note;
      return;
    }
    await whenLoaded();
    void run();
  };
  let restoring: Promise<void> = Promise.resolve();
  if (linkedHere()) {
    root.dataset.autorun = 'false'; // the restore runs it, with the link's inputs
    void restoreFromHash();
  } else {
    // Changed on the other edition too, but not the example changed last: restored, then run when seen.
    const carried = carriedExampleHash(root.dataset.liveExample ?? '');
    if (carried !== undefined) restoring = restoreFromHash(carried);
  }
  window.addEventListener('hashchange', () => {
    if (linkedHere()) void restoreFromHash();
  });

  // TensorFlow.js loads (in the worker) only once an example comes into view,
  // and not before the page has loaded and gone idle once: the worker's download
  // and the drawing of results then do not compete with the page's first layout.
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      visible = true;
      void Promise.all([afterPageLoad(), restoring]).then(() => {
        if (root.dataset.autorun === 'false') return;
        if (runs === 0 && !runner.isBusy(root)) void run(); // unless the reader ran it meanwhile
      });
    },
    { rootMargin: '200px 0px' },
  );
  observer.observe(root);
}
