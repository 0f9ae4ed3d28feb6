/**
 * Keeps the reader's place and work across a switch of language (issue 21).
 * Starlight's language picker (`<starlight-lang-select>`) sets
 * `location.pathname` to the chosen edition of the page, which keeps the
 * address's query and fragment. The picker's choice is taken over here
 * (LanguageSelect.astro starts the listener on every page):
 *
 * - Every example the reader changed is carried as its link (the one its Link
 *   button writes, share-state.ts). The one changed last becomes the fragment,
 *   so the other edition scrolls to it and runs it as a shared link; the others
 *   wait in `sessionStorage` for their example to restore them.
 * - Otherwise the section the reader is in is carried by its place among the
 *   page's headings, since the two editions name their headings in their own
 *   language (both have the same headings in the same order; a unit test keeps
 *   them so). The other edition scrolls to the heading at that place.
 */

/** Writes the fragment of a link to the example's current state (`#<id>?…`). */
export type StateHash = () => Promise<string>;

/** What a switch leaves for the page it goes to. */
interface Carried {
  /** The path of the page it goes to; another page ignores it. */
  path: string;
  /** Link fragments of the changed examples other than the one in the address. */
  examples: string[];
  /** The place among the page's headings of the section to show, when no example is carried. */
  heading?: number;
}

const STORAGE_KEY = 'attention-lab:carried-on-language-switch';

/** The examples the reader changed, by id, the one changed last last. */
const changed = new Map<string, StateHash>();
let listening = false;

/**
 * The address a language switch goes to: the page's address with the option's
 * path and `hash` (the page's own fragment when `hash` is undefined, none when
 * it is `''`).
 *
 * @param option - The picker's option value, a path such as `/zh-cn/concepts/`.
 * @param current - The page's address.
 * @param hash - The fragment to carry, starting with `#`, or `''` for none.
 * @returns The address.
 * @example
 * languageSwitchTarget('/zh-cn/concepts/', 'https://x.org/concepts/?a=1#h', '#self-attention?causal=true');
 * // 'https://x.org/zh-cn/concepts/?a=1#self-attention?causal=true'
 */
export function languageSwitchTarget(option: string, current: string, hash?: string): string {
  const to = new URL(current);
  to.pathname = option; // as Starlight's picker does: the origin and query stay
  if (hash !== undefined) to.hash = hash;
  return to.href;
}

/**
 * The headings of the article's text, in order: the places a switch of
 * language maps between the two editions.
 *
 * @param root - The document (or any element holding the page's content).
 * @returns The `h2` and `h3` elements with an id inside the Markdown content.
 * @example
 * contentHeadings(document)[2]?.id; // 'self-attention'
 */
export function contentHeadings(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('.sl-markdown-content :is(h2, h3)[id]')];
}

/**
 * The place among `headings` of the section the reader is in: the heading the
 * address names, else the last one whose top is above `top` (a line across
 * the view), else none (the reader is above the first heading).
 *
 * @param headings - {@link contentHeadings} of the page.
 * @param hash - `location.hash`.
 * @param top - The line's offset from the top of the view, in pixels.
 * @returns The index in `headings`, or `undefined`.
 * @example
 * currentHeading(contentHeadings(document), location.hash, window.innerHeight / 3);
 */
export function currentHeading(headings: readonly HTMLElement[], hash: string, top: number): number | undefined {
  const named = headings.findIndex((h) => `#${encodeURIComponent(h.id)}` === hash || `#${h.id}` === hash);
  if (named >= 0) return named;
  let index: number | undefined;
  headings.forEach((h, i) => {
    if (h.getBoundingClientRect().top <= top) index = i;
  });
  return index;
}

/**
 * Makes the example's state part of what a switch of language carries: call
 * it whenever the reader changes an example.
 *
 * @param id - The example's id (`data-live-example`).
 * @param hashOf - Writes the changed example's link fragment.
 * @example
 * form.addEventListener('input', () => carryOnLanguageSwitch('translate', () => linkHash(root, readInputs(form), backend)));
 */
export function carryOnLanguageSwitch(id: string, hashOf: StateHash): void {
  changed.delete(id);
  changed.set(id, hashOf);
  listenForLanguageSwitch();
}

/**
 * Takes over the language picker's navigation on this page (once): the
 * switch carries the changed examples, or the section the reader is in.
 *
 * @example
 * listenForLanguageSwitch(); // in a script on every page
 */
export function listenForLanguageSwitch(): void {
  if (listening) return;
  listening = true;
  // Capturing on the document runs before Starlight's listener on the <select>, which navigates at once.
  document.addEventListener(
    'change',
    (event) => {
      const select = event.target;
      if (!(select instanceof HTMLSelectElement) || !select.closest('starlight-lang-select')) return;
      event.stopImmediatePropagation();
      const option = select.value;
      // The section being read is the last one whose heading has passed the top third of the view.
      const heading = changed.size === 0 ? currentHeading(contentHeadings(document), location.hash, window.innerHeight / 3) : undefined;
      void Promise.all([...changed.values()].map((hashOf) => hashOf().catch(() => undefined))).then((hashes) => {
        const examples = hashes.filter((hash): hash is string => hash !== undefined && hash !== '');
        const last = examples.pop();
        // No example: the fragment (a heading id in this language, or none) means nothing there; the place does.
        const target = languageSwitchTarget(option, location.href, last ?? (heading === undefined ? undefined : ''));
        const carried: Carried = { path: new URL(target).pathname, examples, ...(last === undefined && heading !== undefined ? { heading } : {}) };
        try {
          sessionStorage.setItem(STORAGE_KEY, JSON.stringify(carried));
        } catch {
          // Blocked storage: the address still carries the last example.
        }
        location.assign(target);
      });
    },
    { capture: true },
  );
}

let arrived: Carried | null | undefined;

/** What the switch that led here left for this page (read once, then cleared), or `null`. */
function carriedHere(): Carried | null {
  if (arrived !== undefined) return arrived;
  arrived = null;
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    sessionStorage.removeItem(STORAGE_KEY);
    const value: unknown = raw === null ? null : JSON.parse(raw);
    if (value == null || typeof value !== 'object') return arrived;
    const { path, examples, heading } = value as Partial<Carried>;
    if (path !== location.pathname || !Array.isArray(examples) || !examples.every((e) => typeof e === 'string')) return arrived;
    arrived = { path, examples, ...(Number.isInteger(heading) && (heading as number) >= 0 ? { heading: heading as number } : {}) };
  } catch {
    // Blocked storage or a mangled entry: nothing was carried.
  }
  return arrived;
}

/**
 * Whether a link fragment is about example `id`: `#<id>` alone or with its state (`#<id>?…`).
 *
 * @param hash - A fragment such as `location.hash`.
 * @param id - The example's id.
 * @returns `true` when the fragment names the example.
 * @example
 * linksTo('#translate?text=3+Jan+1998', 'translate'); // true
 */
export function linksTo(hash: string, id: string): boolean {
  const target = `#${encodeURIComponent(id)}`;
  return hash === target || hash.startsWith(`${target}?`);
}

/**
 * The link fragment a switch of language carried for example `id`, besides
 * the one in the address; each is given out once.
 *
 * @param id - The example's id.
 * @returns The fragment (`#<id>?…`), or `undefined`.
 * @example
 * const hash = carriedExampleHash('translate');
 * if (hash) await restoreFromLink(figure, form, hash);
 */
export function carriedExampleHash(id: string): string | undefined {
  const carried = carriedHere();
  if (!carried) return undefined;
  const index = carried.examples.findIndex((hash) => linksTo(hash, id));
  return index < 0 ? undefined : carried.examples.splice(index, 1)[0];
}

/**
 * Scrolls to the section a switch of language carried, and names its heading
 * in the address as a click on it would.
 *
 * @example
 * showCarriedHeading(); // on every page, once it has loaded
 */
export function showCarriedHeading(): void {
  const index = carriedHere()?.heading;
  if (index === undefined) return;
  const heading = contentHeadings(document)[index];
  if (!heading) return;
  history.replaceState(history.state, '', `#${encodeURIComponent(heading.id)}`);
  heading.scrollIntoView({ block: 'start' });
}
