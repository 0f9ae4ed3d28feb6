import { createRequire } from 'node:module';
import { attendCommand } from './attend-command.js';
import { benchCommand } from './bench-command.js';
import { reportError, UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { datasetsCommand } from './datasets-command.js';
import { MODELS } from './model-registry.js';
import { trainCommand } from './train-command.js';

/**
 * `attention-lab --help`: the commands and every model.
 *
 * @example
 * console.log(MAIN_HELP);
 */
export const MAIN_HELP = `Usage: attention-lab <command> [options]

Commands:
  train <model>              train a model, with Ctrl-C checkpoints and --resume
  attend <model> "<input>"   predict and draw the attention (SVG or PNG)
  bench                      time attention on every backend available
  datasets                   list the data sets: size, counts, source, licence

Models:
${Object.values(MODELS).map((m) => `  ${m.name.padEnd(16)} ${m.description}`).join('\n')}

Run 'attention-lab <command> --help' for a command's options.
Backends: --backend wasm (default), cpu, or tensorflow (@tensorflow/tfjs-node-gpu or -node).`;

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  train: trainCommand,
  attend: attendCommand,
  bench: benchCommand,
  datasets: datasetsCommand,
};

/**
 * Runs the `attention-lab` command line: dispatches to `train`, `attend`,
 * `bench` or `datasets`, and turns whatever a command throws into one line
 * on stderr with `reportError`: a `CliError` (user mistakes, missing
 * files) with its exit code (2 for usage), a failed file operation with 1, and
 * anything else as a bug to report with 1, its stack printed only when the
 * environment variable `ATTENTION_LAB_DEBUG` is set.
 *
 * @param argv - The arguments after the program name (`process.argv.slice(2)`).
 * @param io - Streams and the Ctrl-C signal.
 * @returns The exit code.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command == null || command === '--help' || command === '-h' || command === 'help') {
      (command == null ? io.stderr : io.stdout).write(`${MAIN_HELP}\n`);
      return command == null ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (run == null) throw new UsageError(`unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return await run(rest, io);
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/** The package version, printed by `--version`. */
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
