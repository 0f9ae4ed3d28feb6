import { t, type MessageLang } from '../i18n/messages';

/**
 * When a control applies: only while another control (a select) has one of
 * these values. Otherwise it is disabled and says when it applies, and its
 * value cannot be changed, so it never reruns the example for nothing.
 */
export interface LiveInputCondition {
  /** The controlling select's `name`. */
  input: string;
  /** The values under which this control applies. */
  is: readonly string[];
}

/** What every control may carry besides its kind. */
interface LiveInputCommon {
  name: string;
  label: string;
  /** The control applies only under this condition. Default: always. */
  appliesWhen?: LiveInputCondition;
}

/**
 * One control a live example offers the reader; its value reaches the code as
 * `inputs[name]`. In `label`, `^` raises the letters and digits after it (`'W^Q'`, see labelParts).
 */
export type LiveInputSpec = LiveInputCommon &
  (
    | { type: 'text'; value: string }
    | { type: 'checkbox'; value: boolean }
    | { type: 'select'; value: string; options: readonly string[] }
    | { type: 'number' | 'range'; value: number; min?: number; max?: number; step?: number }
    | { type: 'drawing'; size?: number }
  );

/**
 * The sentence a disabled control shows: when it applies.
 *
 * @param condition - Its condition.
 * @param labelOf - The label of the controlling input.
 * @param lang - The page's language. Default `'en'`.
 * @returns E.g. `'only when weights is "train from scratch"'`.
 * @example
 * conditionNote({ input: 'mode', is: ['train from scratch'] }, 'weights');
 */
export function conditionNote(condition: LiveInputCondition, labelOf: string, lang: MessageLang = 'en'): string {
  return t(lang, 'live.applies', { label: labelOf, values: condition.is.map((value) => `“${value}”`).join(t(lang, 'live.applies.or')) });
}
