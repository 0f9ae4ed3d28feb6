import { createRequire } from 'node:module';
import { attendCommand } from './attend-command.js';
import { benchCommand } from './bench-command.js';
import { CliError, UsageError } from './cli-error.js';
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
 * `bench` or `datasets`, and turns every {@link CliError} (user mistakes,
 * missing files) into one line on stderr and its exit code (2 for usage);
 * anything else is a bug, reported with its stack and exit code 1.
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
    if (error instanceof CliError) {
      io.stderr.write(`attention-lab: ${error.message}${error instanceof UsageError ? " (see 'attention-lab --help')" : ''}\n`);
      return error.exitCode;
    }
    io.stderr.write(`attention-lab: internal error, please report it: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/** The package version, printed by `--version`. */
const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
