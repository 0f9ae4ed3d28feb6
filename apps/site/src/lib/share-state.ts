/**
 * An example's state in a link: `#<example id>?<input>=<value>&…&backend=<name>&code=<deflated>`.
 * Pure functions, so what a link may carry is checked in one place: everything
 * read from a link is validated against the example's controls, and nothing
 * from it is ever written as HTML.
 */
import { BACKEND_PREFERENCES, type BackendPreference } from './example-protocol';
import type { LiveInput } from './live';

/** A control of the example as a link may set it, read from the page's form. */
export type ShareField =
  | { name: string; type: 'text' }
  | { name: string; type: 'checkbox' }
  | { name: string; type: 'select'; options: readonly string[] }
  | { name: string; type: 'number' | 'range'; min?: number; max?: number };

/** The backends a link may pick. */
export const SHARE_BACKENDS: readonly BackendPreference[] = BACKEND_PREFERENCES;
/** Longest text input value a link may carry. */
export const MAX_TEXT_LENGTH = 1000;
/** Longest compressed code (base64url characters) a link carries; longer edits are left out. */
export const MAX_CODE_PARAM = 4000;
/** Longest code a link may expand to. */
export const MAX_CODE_LENGTH = 100_000;
/** Names a link uses for itself; an input with one of these names is not put in links. */
const RESERVED = new Set(['backend', 'code']);

/** What a link says about one example. */
export interface SharedState {
  /** Values for the example's controls, each checked against its control. */
  inputs: Record<string, LiveInput>;
  /** The page-wide backend. Absent: leave it as it is. */
  backend?: BackendPreference;
  /** The edited code, still compressed ({@link decodeCode} expands it). Absent: the example's own code. */
  code?: string;
  /** Names in the link that were ignored: unknown, or with a value their control cannot take. */
  ignored: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Checks a value from a link against the control it is for.
 *
 * @param field - The control.
 * @param raw - The value as the link spells it.
 * @returns The value the control takes, or `undefined` when it cannot take it.
 * @example
 * checkSharedValue({ name: 'model', type: 'select', options: ['a', 'b'] }, 'c'); // undefined
 */
export function checkSharedValue(field: ShareField, raw: string): LiveInput | undefined {
  switch (field.type) {
    case 'text':
      return raw.length <= MAX_TEXT_LENGTH && !CONTROL.test(raw) ? raw : undefined;
    case 'checkbox':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'select':
      return field.options.includes(raw) ? raw : undefined;
    case 'number':
    case 'range': {
      if (!NUMBER.test(raw.trim())) return undefined;
      const value = Number(raw);
      if (!Number.isFinite(value)) return undefined;
      if (field.min !== undefined && value < field.min) return undefined;
      if (field.max !== undefined && value > field.max) return undefined;
      return value;
    }
  }
}

/**
 * Reads a link's fragment for example `id`.
 *
 * @param hash - `location.hash`, e.g. `'#translate?text=3+Jan+1998&model=date-translator'`.
 * @param id - The example's id.
 * @param fields - The example's controls.
 * @returns The checked state, or `undefined` when the fragment is not about this example.
 * @example
 * readSharedState('#x?n=3&backend=cpu', 'x', [{ name: 'n', type: 'number' }]); // { inputs: { n: 3 }, backend: 'cpu', ignored: [] }
 */
export function readSharedState(hash: string, id: string, fields: readonly ShareField[]): SharedState | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const mark = fragment.indexOf('?');
  const target = mark === -1 ? fragment : fragment.slice(0, mark);
  let named: string;
  try {
    named = decodeURIComponent(target);
  } catch {
    return undefined;
  }
  if (named !== id) return undefined;
  const state: SharedState = { inputs: {}, ignored: [] };
  const params = new URLSearchParams(mark === -1 ? '' : fragment.slice(mark + 1));
  const byName = new Map(fields.filter((field) => !RESERVED.has(field.name)).map((field) => [field.name, field]));
  const seen = new Set<string>();
  for (const [name, raw] of params) {
    if (seen.has(name)) continue; // the first of repeated names counts
    seen.add(name);
    if (name === 'backend') {
      if ((SHARE_BACKENDS as readonly string[]).includes(raw)) state.backend = raw as BackendPreference;
      else state.ignored.push(name);
      continue;
    }
    if (name === 'code') {
      if (raw.length <= MAX_CODE_PARAM && /^[\w-]+$/.test(raw)) state.code = raw;
      else state.ignored.push(name);
      continue;
    }
    const field = byName.get(name);
    const value = field ? checkSharedValue(field, raw) : undefined;
    if (value === undefined) state.ignored.push(name);
    else state.inputs[name] = value;
  }
  return state;
}

/**
 * Writes the fragment of a link to example `id` (see {@link readSharedState}).
 *
 * @param id - The example's id.
 * @param inputs - The controls' values (names `backend` and `code` are left out).
 * @param backend - The page-wide backend; `'auto'` is left out.
 * @param code - Compressed edited code ({@link encodeCode}); absent for the example's own code.
 * @returns The fragment, starting with `#`.
 * @example
 * sharedHash('translate', { text: '3 Jan 1998' }, 'auto'); // '#translate?text=3+Jan+1998'
 */
export function sharedHash(id: string, inputs: Record<string, LiveInput>, backend: BackendPreference, code?: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(inputs)) if (!RESERVED.has(name)) params.append(name, String(value));
  if (backend !== 'auto') params.append('backend', backend);
  if (code !== undefined) params.append('code', code);
  const query = params.toString();
  return `#${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Reads a stream to its end, giving up past `limit` bytes. */
async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new RangeError(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Compresses code for a link: UTF-8, deflate-raw (`CompressionStream`), base64url.
 *
 * @param code - The example's edited code.
 * @returns The link's `code` value.
 * @example
 * await decodeCode(await encodeCode("print('hi')")); // "print('hi')"
 */
export async function encodeCode(code: string): Promise<string> {
  const stream = new Blob([code]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(await readAll(stream, MAX_CODE_LENGTH * 4));
}

/**
 * Expands a link's `code` value ({@link encodeCode}).
 *
 * @param value - The value from the link.
 * @returns The code, or `undefined` when it is not valid compressed UTF-8 or expands past {@link MAX_CODE_LENGTH}.
 * @example
 * await decodeCode('not code'); // undefined
 */
export async function decodeCode(value: string): Promise<string | undefined> {
  try {
    const stream = new Blob([fromBase64Url(value) as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const code = new TextDecoder('utf-8', { fatal: true }).decode(await readAll(stream, MAX_CODE_LENGTH * 4));
    return code.length <= MAX_CODE_LENGTH ? code : undefined;
  } catch {
    return undefined;
  }
}
