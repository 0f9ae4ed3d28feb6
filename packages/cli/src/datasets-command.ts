import {
  cldrPhrases,
  dateTranslation,
  type DatasetMeta,
  mnist,
  mobyDick,
  numberWords,
  sentimentSentences,
  toySequenceTasks,
} from '@attention-lab/datasets';
import type { CliIo } from './cli-io.js';
import { formatTable } from './format-table.js';
import { type FlagSpec, parseFlags } from './parse-flags.js';
import { UsageError } from './cli-error.js';

const FLAGS: FlagSpec = { help: { type: 'boolean', short: 'h' } };

/**
 * `attention-lab datasets --help`.
 *
 * @example
 * console.log(DATASETS_HELP);
 */
export const DATASETS_HELP = `Usage: attention-lab datasets

Lists every data set of @attention-lab/datasets with its shipped size, the
records in each split (default options), its source and its licence.`;

/** Every loader, called with its default options. */
const LOADERS: ReadonlyArray<() => Promise<{ meta: DatasetMeta }> | { meta: DatasetMeta }> = [
  () => mnist(),
  () => mobyDick(),
  () => sentimentSentences(),
  () => cldrPhrases(),
  () => numberWords(),
  () => dateTranslation(),
  ...(['copy', 'reverse', 'sort', 'keyRecall'] as const).map((task) => () => toySequenceTasks({ task })),
];

/**
 * `attention-lab datasets`: loads every data set with its default options and
 * prints a table of name, shipped size, train/validation/test counts, source
 * and licence. A data set whose asset cannot be read gets a row that says so,
 * and the exit code is 1.
 *
 * @param args - The arguments after `datasets`.
 * @param io - Streams.
 * @returns The exit code: 0, or 1 when a data set could not be loaded.
 * @example
 * await datasetsCommand([], { stdout: process.stdout, stderr: process.stderr });
 */
export async function datasetsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('datasets', args, FLAGS);
  if (values['help'] === true) {
    io.stdout.write(`${DATASETS_HELP}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`datasets: takes no arguments, got '${positionals.join(' ')}'`);
  const results = await Promise.allSettled(LOADERS.map(async (load) => (await load()).meta));
  let failed = 0;
  const rows = results.map((r) => {
    if (r.status === 'rejected') {
      failed++;
      return ['?', '', '', '', '', `unavailable: ${(r.reason as Error).message.split('\n')[0]}`, ''];
    }
    const m = r.value;
    return [m.name, formatBytes(m.sizeBytes), String(m.counts.train), String(m.counts.validation), String(m.counts.test), m.source, m.license];
  });
  io.stdout.write(`${formatTable(['data set', 'size', 'train', 'validation', 'test', 'source', 'licence'], rows, ['left', 'right', 'right', 'right', 'right', 'left', 'left'])}\n`);
  return failed > 0 ? 1 : 0;
}

/** `0` for generated data, else B, kB or MB with three significant figures. */
function formatBytes(bytes: number): string {
  if (bytes === 0) return 'generated';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toPrecision(3)} kB`;
  return `${(bytes / 1e6).toPrecision(3)} MB`;
}
