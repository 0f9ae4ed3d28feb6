import { debounce } from '../lib/debounce';
import { drawHeatmap } from '../lib/draw-heatmap';
import { ensureBackend } from '../lib/ensure-backend';
import { liveSelfAttention, MAX_TOKENS } from './live-self-attention';

/** Milliseconds of quiet typing before the heatmap is recomputed. */
const TYPING_DELAY_MS = 80;

function part<T extends Element>(root: HTMLElement, testId: string, type: abstract new () => T): T {
  const element = root.querySelector(`[data-testid="${testId}"]`);
  if (!(element instanceof type)) {
    throw new Error(`mountLiveSelfAttention: missing [data-testid="${testId}"] in the example's markup`);
  }
  return element;
}

/**
 * Brings the live self-attention example to life: recomputes and redraws the
 * heatmap whenever the sentence or the causal switch changes, and shows the
 * backend in use. The figure's `data-state` is `loading`, `computing`, `ready`
 * or `error`; once `ready`, `data-sentence` and `data-causal` name what is drawn.
 *
 * @param root - The `<figure data-live-self-attention>` rendered by `LiveSelfAttention.astro`.
 * @example
 * mountLiveSelfAttention(document.querySelector('[data-live-self-attention]')!);
 */
export function mountLiveSelfAttention(root: HTMLElement): void {
  const input = part(root, 'sentence', HTMLInputElement);
  const causal = part(root, 'causal', HTMLInputElement);
  const svg = part(root, 'heatmap', SVGSVGElement);
  const backendLabel = part(root, 'backend', HTMLOutputElement);
  const status = part(root, 'status', HTMLElement);

  let latest = 0;
  const update = async (): Promise<void> => {
    const run = ++latest;
    const text = input.value;
    const isCausal = causal.checked;
    root.dataset.state = 'computing';
    try {
      const { tokens, weights } = await liveSelfAttention(text, { causal: isCausal });
      if (run !== latest) return; // a newer edit has started; let it draw
      drawHeatmap(svg, { weights, rows: tokens, cols: tokens });
      status.textContent =
        tokens.length === 0
          ? 'Type a few words to see their attention weights.'
          : `${tokens.length} token${tokens.length === 1 ? '' : 's'}${tokens.length === MAX_TOKENS ? ' (the most this example takes)' : ''}`;
      root.dataset.sentence = text;
      root.dataset.causal = String(isCausal);
      root.dataset.state = 'ready';
    } catch (error) {
      if (run !== latest) return;
      root.dataset.state = 'error';
      status.textContent = `Could not compute attention: ${error instanceof Error ? error.message : String(error)}`;
      console.error(error);
    }
  };

  ensureBackend().then(
    ({ backend, reason }) => {
      backendLabel.textContent = backend;
      backendLabel.title = reason;
    },
    () => {
      backendLabel.textContent = 'unavailable';
    },
  );
  input.addEventListener('input', debounce(() => void update(), TYPING_DELAY_MS));
  causal.addEventListener('change', () => void update());
  void update();
}
