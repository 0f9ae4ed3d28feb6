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
 * becomes a one-line {@link UsageError} that names the command and the flag.
 * A negative number after a flag that takes a value is that value
 * (`--epochs -1` reads as `--epochs=-1`, for the flag's own check to refuse),
 * not a short flag `-1`.
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
    const { values, positionals } = parseArgs({ args: negativeValuesJoined(args, flags), options: flags, allowPositionals: true, strict: true });
    return { values: values as ParsedFlags['values'], positionals };
  } catch (error) {
    // parseArgs messages run over several lines and sentences and mention "parseArgs"; keep the first, which names the flag.
    const first = (error as Error).message.split('\n')[0]!.split('. ')[0]!.replace(/\.$/, '');
    const message = first.replace(/^Unknown option/, 'unknown flag').replace(/^Option/, 'flag');
    const ambiguous = /^flag '(-[^' ]+)' argument is ambiguous/.exec(message)?.[1];
    const hint = ambiguous != null ? `: write --${longName(ambiguous, flags) ?? '<flag>'}=<value> for a value that starts with a dash` : '';
    throw new UsageError(`${command}: ${message}${hint}`);
  }
}

/** The long name of a flag as typed (`'--out'` or its short form `'-o'`), when it is one of `flags`. */
function longName(arg: string, flags: FlagSpec): string | undefined {
  const name = arg.startsWith('--') ? arg.slice(2) : Object.keys(flags).find((k) => flags[k]!.short != null && arg === `-${flags[k]!.short}`);
  return name != null && Object.hasOwn(flags, name) ? name : undefined;
}

/** The arguments with each negative number that follows a flag taking a value (`--epochs -1`, `-o -2`) joined to it (`--epochs=-1`). */
function negativeValuesJoined(args: readonly string[], flags: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...out, ...args.slice(i)];
    const name = longName(arg, flags);
    const next = args[i + 1];
    if (name != null && flags[name]!.type === 'string' && next != null && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * The one check behind every integer setting, typed as a flag or read back
 * from a saved checkpoint: the value (a flag's text such as `'12'`, or a
 * number from JSON) as an integer, or `undefined` when it is anything else
 * (a fraction, a word, `NaN`, beyond `Number.MAX_SAFE_INTEGER`, below `min`).
 *
 * @param value - The raw value.
 * @param min - The smallest value allowed.
 * @returns The integer, or `undefined`.
 * @example
 * integerAtLeast('3', 1); // 3
 * integerAtLeast(-1, 0); // undefined
 */
export function integerAtLeast(value: unknown, min: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}

/**
 * Reads an integer flag with {@link integerAtLeast}: absent gives `fallback`;
 * anything but an integer in range is a {@link UsageError} naming the flag and
 * the value.
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
  const n = typeof value === 'string' ? integerAtLeast(value, min) : undefined;
  if (n == null) throw new UsageError(`${command}: --${name} must be an integer >= ${min}, got '${String(value)}'`);
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
