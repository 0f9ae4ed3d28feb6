import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error.js';

/** The flag definitions of one command, as `node:util` `parseArgs` takes them. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseFlags} returns: the flag values and the positional arguments. */
export interface ParsedFlags {
  /** Flag values by long name (strings or booleans; absent when not given). */
  values: Record<string, string | boolean | undefined>;
  /** The positional arguments, in order. */
  positionals: string[];
}

/**
 * Parses one command's arguments strictly with `node:util` `parseArgs`: an
 * unknown flag, a missing flag value or a value given to a boolean flag
 * becomes a {@link UsageError} that names the command and the flag.
 *
 * @param command - The command name, for messages (e.g. `'train'`).
 * @param args - The arguments after the command name.
 * @param flags - The flag definitions (`{ epochs: { type: 'string' } }`).
 * @returns `{ values, positionals }`.
 * @example
 * const { values, positionals } = parseFlags('train', ['key-recall', '--epochs', '3'], { epochs: { type: 'string' } });
 */
export function parseFlags(command: string, args: readonly string[], flags: FlagSpec): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: flags, allowPositionals: true, strict: true });
    return { values: values as ParsedFlags['values'], positionals };
  } catch (error) {
    // parseArgs messages are long and mention "parseArgs"; keep the part a user needs.
    const message = (error as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown flag').replace(/^Option/, 'flag');
    throw new UsageError(`${command}: ${message}`);
  }
}

/**
 * Reads an integer flag: absent gives `fallback`; anything but an integer in
 * range is a {@link UsageError} naming the flag and the value.
 *
 * @param command - The command name, for messages.
 * @param name - The flag's long name, without dashes.
 * @param value - The raw value from {@link parseFlags}.
 * @param fallback - The default when the flag is absent.
 * @param min - The smallest value allowed. Default `1`.
 * @returns The integer.
 * @example
 * const epochs = intFlag('train', 'epochs', values.epochs, 10); // '3' → 3
 */
export function intFlag(command: string, name: string, value: string | boolean | undefined, fallback: number, min = 1): number {
  if (value == null) return fallback;
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${command}: --${name} must be an integer >= ${min}, got '${String(value)}'`);
  return n;
}

/**
 * Reads a flag that takes one of a few words: absent gives `fallback`.
 *
 * @param command - The command name, for messages.
 * @param name - The flag's long name, without dashes.
 * @param value - The raw value from {@link parseFlags}.
 * @param choices - The allowed values; the first is not the default unless passed as `fallback`.
 * @param fallback - The default when the flag is absent.
 * @returns The chosen value.
 * @example
 * const view = choiceFlag('attend', 'view', values.view, ['heatmap', 'head', 'model'] as const, 'heatmap');
 */
export function choiceFlag<T extends string>(command: string, name: string, value: string | boolean | undefined, choices: readonly T[], fallback: T): T {
  if (value == null) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${command}: --${name} must be one of ${choices.join(', ')}, got '${String(value)}'`);
  }
  return value as T;
}
