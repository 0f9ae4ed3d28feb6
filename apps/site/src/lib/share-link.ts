/**
 * The page side of shareable links: the Link button's panel, and restoring
 * an example's controls from a link. Loaded on first use.
 */
import type { BackendPreference } from './example-protocol';
import type { LiveInput } from './live';
import { decodeCode, encodeCode, MAX_CODE_PARAM, readSharedState, sharedHash, type ShareField } from './share-state';
import { langOf, t } from '../i18n/messages';

/**
 * The example's controls a link can set: text, number, range, checkbox and select.
 *
 * @param form - The example's inputs form.
 * @returns One field per named control.
 * @example
 * fieldsOf(figure.querySelector('form')!);
 */
export function fieldsOf(form: HTMLFormElement): ShareField[] {
  const fields: ShareField[] = [];
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLSelectElement && element.name) {
      fields.push({ name: element.name, type: 'select', options: Array.from(element.options, (option) => option.value) });
    } else if (element instanceof HTMLInputElement && element.name) {
      if (element.type === 'text') fields.push({ name: element.name, type: 'text' });
      else if (element.type === 'checkbox') fields.push({ name: element.name, type: 'checkbox' });
      else if (element.type === 'number' || element.type === 'range') {
        const min = element.min === '' ? undefined : Number(element.min);
        const max = element.max === '' ? undefined : Number(element.max);
        fields.push({ name: element.name, type: element.type, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
      }
    }
  }
  return fields;
}

/** Sets the form's controls to `values` (as properties, never as markup). */
function setInputs(form: HTMLFormElement, values: Record<string, LiveInput>): void {
  for (const [name, value] of Object.entries(values)) {
    const element = form.elements.namedItem(name);
    if (element instanceof HTMLSelectElement) element.value = String(value);
    else if (element instanceof HTMLInputElement) {
      if (element.type === 'checkbox') element.checked = value === true;
      else element.value = String(value);
      if (element.type === 'range') {
        const shown = form.querySelector(`output[data-range-value="${CSS.escape(name)}"]`);
        if (shown) shown.textContent = element.value;
      }
    }
  }
}

/**
 * Resolves once the page has loaded, so a run a link asks for does not compete
 * with the page's first layout.
 *
 * @returns When `load` has fired.
 * @example
 * await whenLoaded();
 */
export function whenLoaded(): Promise<void> {
  return new Promise((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true });
  });
}

/** What a link restored for an example. */
export interface RestoredExample {
  /** The backend the link picked, if any. */
  backend?: BackendPreference;
  /** Edited code the link carried, if any and readable. */
  code?: string;
  /** A sentence for the status line about what was restored or ignored. */
  note: string;
}

/**
 * Restores example `root`'s controls from a link's fragment, if the fragment
 * is about it ({@link readSharedState} checks every value).
 *
 * @param root - The example's figure.
 * @param form - Its inputs form.
 * @param hash - `location.hash`.
 * @returns The backend and code to use, or `undefined` when the link is not about this example.
 * @example
 * const restored = await restoreFromLink(figure, form, location.hash);
 */
export async function restoreFromLink(root: HTMLElement, form: HTMLFormElement, hash: string): Promise<RestoredExample | undefined> {
  const state = readSharedState(hash, root.dataset.liveExample ?? '', fieldsOf(form));
  if (!state) return undefined;
  setInputs(form, state.inputs);
  const code = state.code === undefined ? undefined : await decodeCode(state.code);
  const ignored = [...state.ignored, ...(state.code !== undefined && code === undefined ? ['code'] : [])];
  const lang = langOf(root);
  const notes = [t(lang, 'share.restored')];
  if (ignored.length > 0) notes.push(t(lang, 'share.ignored', { names: ignored.join(', ') }));
  if (code !== undefined) notes.push(t(lang, 'share.restored.code'));
  const note = notes.join(lang === 'en' ? ' ' : '');
  const panel = panelOf(root);
  panel.field.value = location.href;
  panel.note.textContent = note;
  return { ...(state.backend ? { backend: state.backend } : {}), ...(code === undefined ? {} : { code }), note };
}

/** The Link panel under the example's toolbar, made on first use. */
function panelOf(root: HTMLElement): { field: HTMLInputElement; note: HTMLElement } {
  const existing = root.querySelector<HTMLElement>('[data-role="share-panel"]');
  const field = existing?.querySelector('input');
  const note = existing?.querySelector<HTMLElement>('[data-role="share-note"]');
  if (existing && field && note) {
    existing.hidden = false;
    return { field, note };
  }
  const panel = document.createElement('div');
  panel.className = 'share';
  panel.dataset.role = 'share-panel';
  const label = document.createElement('label');
  const caption = document.createElement('span');
  caption.textContent = t(langOf(root), 'share.caption');
  const input = document.createElement('input');
  input.type = 'text';
  input.readOnly = true;
  input.dataset.role = 'share-url';
  input.spellcheck = false;
  label.append(caption, input);
  const said = document.createElement('p');
  said.dataset.role = 'share-note';
  said.setAttribute('aria-live', 'polite');
  panel.append(label, said);
  root.querySelector('.toolbar')?.after(panel);
  return { field: input, note: said };
}

/**
 * The fragment of a link to example `root`'s state: its inputs, the backend
 * and, when short enough, the edited code ({@link sharedHash}).
 *
 * @param root - The example's figure.
 * @param inputs - The values of its controls.
 * @param backend - The page-wide backend.
 * @param code - The edited code, or `undefined` when the code is the example's own.
 * @returns The fragment, and whether edited code was left out for being too long.
 * @example
 * const { hash } = await linkHash(figure, { text: '3 Jan 1998' }, 'auto', undefined); // '#translate?text=3+Jan+1998'
 */
export async function linkHash(
  root: HTMLElement,
  inputs: Record<string, LiveInput>,
  backend: BackendPreference,
  code: string | undefined,
): Promise<{ hash: string; codeLeftOut: boolean }> {
  let packed = code === undefined ? undefined : await encodeCode(code);
  const codeLeftOut = packed !== undefined && packed.length > MAX_CODE_PARAM;
  if (codeLeftOut) packed = undefined;
  return { hash: sharedHash(root.dataset.liveExample ?? '', inputs, backend, packed), codeLeftOut };
}

/**
 * Puts example `root`'s state in the page's address (its inputs, the backend
 * and, when short enough, the edited code), copies the link to the clipboard
 * and shows it in a field to copy by hand if the clipboard is not available.
 *
 * @param root - The example's figure.
 * @param inputs - The values of its controls.
 * @param backend - The page-wide backend.
 * @param code - The edited code, or `undefined` when the code is the example's own.
 * @returns The link.
 * @example
 * await shareExample(figure, { text: '3 Jan 1998' }, 'auto', undefined);
 */
export async function shareExample(root: HTMLElement, inputs: Record<string, LiveInput>, backend: BackendPreference, code: string | undefined): Promise<string> {
  const { hash, codeLeftOut } = await linkHash(root, inputs, backend, code);
  history.replaceState(history.state, '', hash);
  const link = location.href;
  const { field, note } = panelOf(root);
  field.value = link;
  const lang = langOf(root);
  const notes: string[] = [];
  if (code !== undefined) notes.push(t(lang, codeLeftOut ? 'share.code.left-out' : 'share.code.included'));
  try {
    await navigator.clipboard.writeText(link);
    notes.unshift(t(lang, 'share.copied'));
  } catch {
    notes.unshift(t(lang, 'share.copy-by-hand'));
  }
  note.textContent = notes.join(lang === 'en' ? ' ' : '');
  field.focus();
  field.select();
  return link;
}
