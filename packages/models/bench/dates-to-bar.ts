/**
 * Time to quality for model (d), the date translator: the shipped recipe
 * (`recipe('date-translator')`: `attentionSeq2seq` at its sizes, its batch,
 * rate and seed) trained on the full `dateTranslation()` split (8,000 pairs,
 * all twelve formats) until greedy decoding gets 99% of 400 validation dates
 * exactly right. It runs on whatever tfjs backend is active,
 * so the Node benchmark (train.bench.ts) and the browser one
 * (browser-dates.bench.ts) share it.
 *
 * Every `checkEvery` examples the run stops its clock and checks the 400
 * dates in one teacher-forced pass (equivalent to greedy decoding: see
 * teacherForcedExactMatch); only training time is counted.
 */
import * as tf from '@tensorflow/tfjs';
import { dateTranslation } from '@attention-lab/datasets';
import { recipe } from '../src/recipe-registry.js';
import { teacherForcedExactMatch } from '../src/recipes/exact-match.js';
import { seq2seqTensors } from '../src/seq2seq-tensors.js';
import { train } from '../src/train.js';

/** One check during the run. */
export interface DateCheck {
  examples: number;
  seconds: number;
  loss: number;
  exactMatch: number;
}

/** What {@link datesToBar} measured. */
export interface DatesToBar {
  backend: string;
  parameters: number;
  batchSize: number;
  /** Training examples per second over the whole run (checks excluded). */
  examplesPerSecond: number;
  /** Examples and seconds of training when each bar was first passed; null where it was not. */
  reached: Record<'0.9' | '0.99', { examples: number; seconds: number } | null>;
  checks: DateCheck[];
  /** Live tensors at the last check minus at the first (0 when nothing grows; tfjs-layers' one-time scalar cache is not counted). */
  tensorGrowth: number;
}

/** Options of {@link datesToBar}. */
export interface DatesToBarOptions {
  /** Stop after this many epochs of 8,000 pairs even below 99%. Default: the shipped recipe's, 6. */
  maxEpochs?: number;
  /** Examples between checks. Default `1600` (25 batches of 64). */
  checkEvery?: number;
  /** Called with a line after each check. */
  log?: (line: string) => void;
}

/** Trains model (d) as the shipped recipe does (seed 1) until 99% exact match on 400 validation dates, or `maxEpochs`. */
export async function datesToBar(options: DatesToBarOptions = {}): Promise<DatesToBar> {
  const shipped = recipe('date-translator');
  const maxEpochs = options.maxEpochs ?? shipped.settings.epochs;
  const { batchSize, seed } = shipped.settings;
  const every = Math.max(1, Math.round((options.checkEvery ?? 1600) / batchSize));
  const ds = dateTranslation(shipped.dataset.options);
  const lengths = { source: shipped.model.options.sourceLength, target: shipped.model.options.targetLength };
  const tr = seq2seqTensors(ds.splits.train, { source: ds.sourceTokenizer, target: ds.targetTokenizer }, lengths);
  const validation = ds.splits.validation.slice(0, 400);
  const model = shipped.createModel(); // the shipped sizes and rate, from its seed
  const checks: DateCheck[] = [];
  const reached: DatesToBar['reached'] = { '0.9': null, '0.99': null };
  const controller = new AbortController();
  let trainMs = 0;
  let started = performance.now();
  let steps = 0;
  const counts: number[] = [];
  try {
    await train(model, { x: [tr.source, tr.targetInput], y: tr.targetOutput }, {
      epochs: maxEpochs,
      batchSize,
      seed,
      yieldEvery: false,
      signal: controller.signal,
      onBatchEnd: async (step, logs) => {
        steps = step;
        if (step % every !== 0) return;
        trainMs += performance.now() - started;
        counts.push(tf.memory().numTensors);
        const exactMatch = await teacherForcedExactMatch(model, validation, ds.sourceTokenizer, ds.targetTokenizer);
        const check = { examples: step * batchSize, seconds: trainMs / 1000, loss: logs['loss'] ?? NaN, exactMatch };
        checks.push(check);
        options.log?.(`dates: ${check.examples} examples, ${check.seconds.toFixed(1)} s, loss ${check.loss.toFixed(3)}, exact match ${exactMatch.toFixed(3)}`);
        for (const bar of ['0.9', '0.99'] as const) {
          if (reached[bar] == null && exactMatch >= Number(bar)) reached[bar] = { examples: check.examples, seconds: check.seconds };
        }
        if (reached['0.99']) controller.abort();
        started = performance.now();
      },
    });
    if (!reached['0.99']) trainMs += performance.now() - started;
    return {
      backend: tf.getBackend(),
      parameters: model.countParams(),
      batchSize,
      examplesPerSecond: (steps * batchSize) / (trainMs / 1000),
      reached,
      checks,
      tensorGrowth: counts.length > 1 ? counts.at(-1)! - counts[0]! : 0,
    };
  } finally {
    tf.dispose([tr.source, tr.targetInput, tr.targetOutput]);
    model.optimizer.dispose(); // Adam's moments are not the model's to dispose
    model.dispose();
  }
}

/** The markdown table of one {@link datesToBar} run: throughput, the two bars, the last check. */
export function datesTable(result: DatesToBar, maxEpochs: number): string {
  const cell = (bar: '0.9' | '0.99') => {
    const hit = result.reached[bar];
    return hit ? `${hit.examples.toLocaleString('en-US')} | ${hit.seconds.toFixed(1)}` : `not in ${maxEpochs} epochs | —`;
  };
  const last = result.checks.at(-1);
  return [
    '| backend | parameters | examples/s | examples to 90% | seconds to 90% | examples to 99% | seconds to 99% | last exact match |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    `| ${result.backend} | ${result.parameters.toLocaleString('en-US')} | ${result.examplesPerSecond.toFixed(0)} | ${cell('0.9')} | ${cell('0.99')} | ${last ? last.exactMatch.toFixed(3) : '—'} |`,
  ].join('\n');
}
