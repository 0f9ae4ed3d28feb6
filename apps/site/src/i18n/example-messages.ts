/**
 * The examples' part of the site's message catalogue (the chrome's part is
 * messages.ts): what the examples print, their chart titles and axis labels
 * and the errors they throw. An example writes such text with the `tr` tag of
 * `live`, in English; its key here is the template's text with `{0}`, `{1}`, …
 * for the values, e.g. tr`epoch ${n}: loss ${x}` → `'epoch {0}: loss {1}'`.
 *
 * Each example has its file in examples/, named like the example, mapping its
 * keys to Simplified Chinese (English is the key itself). example-messages.test.ts
 * checks that every `tr` key of an example has its Chinese, with the same
 * placeholders, and that no file holds a key its example does not use.
 */
import type { MessageLang } from './messages';

const files = import.meta.glob<Readonly<Record<string, string>>>('./examples/*.ts', { eager: true, import: 'default' });

/** Each example's Chinese text by key, by example name (the file name without `.ts`). */
export const EXAMPLE_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  Object.entries(files).map(([path, texts]) => [path.replace(/^.*\/|\.ts$/g, ''), texts]),
);

/** Every example's text, by key, for each language other than English. */
export const EXAMPLE_TEXT: Readonly<Record<Exclude<MessageLang, 'en'>, ReadonlyMap<string, string>>> = {
  'zh-CN': new Map(Object.values(EXAMPLE_MESSAGES).flatMap((texts) => Object.entries(texts))),
};

/**
 * The catalogue key of a `tr` template: its text parts joined by `{0}`, `{1}`, ….
 *
 * @param strings - The template's text parts.
 * @returns The key, e.g. `'epoch {0}: loss {1}'`.
 * @example
 * exampleTextKey(['epoch ', ': loss ', '']); // 'epoch {0}: loss {1}'
 */
export function exampleTextKey(strings: readonly string[]): string {
  return strings.reduce((key, part, i) => `${key}{${i - 1}}${part}`);
}
