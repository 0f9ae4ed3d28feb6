/**
 * Keeps a live example's state across a switch of language (issue 21).
 * Starlight's language picker (`<starlight-lang-select>`) sets
 * `location.pathname` to the chosen edition of the page, which keeps the
 * address's query and fragment. When the reader has changed an example, the
 * picker's choice is taken over here: the fragment becomes that example's link
 * (the one its Link button writes, share-state.ts), so the other edition
 * restores its inputs and code as a shared link does and scrolls to it.
 */

/** Writes the fragment of a link to the example's current state (`#<id>?…`). */
export type StateHash = () => Promise<string>;

let latest: StateHash | undefined;
let listening = false;

/**
 * The address a language switch goes to: the page's address with the option's
 * path and `hash` (the page's own fragment when `hash` is undefined).
 *
 * @param option - The picker's option value, a path such as `/zh-cn/concepts/`.
 * @param current - The page's address.
 * @param hash - The fragment to carry, starting with `#`.
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
 * Makes `hashOf` the state a switch of language carries: call it whenever the
 * reader changes an example (the last one changed is carried, since a link
 * names one example). The first call starts listening to the picker.
 *
 * @param hashOf - Writes the changed example's link fragment.
 * @example
 * form.addEventListener('input', () => carryOnLanguageSwitch(() => linkHash(root, readInputs(form), backend)));
 */
export function carryOnLanguageSwitch(hashOf: StateHash): void {
  latest = hashOf;
  if (listening) return;
  listening = true;
  // Capturing on the document runs before Starlight's listener on the <select>, which navigates at once.
  document.addEventListener(
    'change',
    (event) => {
      const select = event.target;
      if (!latest || !(select instanceof HTMLSelectElement) || !select.closest('starlight-lang-select')) return;
      event.stopImmediatePropagation();
      const option = select.value;
      void latest()
        .catch(() => undefined)
        .then((hash) => location.assign(languageSwitchTarget(option, location.href, hash)));
    },
    { capture: true },
  );
}
