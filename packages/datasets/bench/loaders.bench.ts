/**
 * Loader and tokenizer benchmark for @attention-lab/datasets. It prints a
 * markdown table of median wall times (and the asset sizes) on stdout; it is
 * not a test and never fails on a time.
 *
 *   pnpm --filter @attention-lab/datasets bench
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  BpeTokenizer,
  CharTokenizer,
  WordTokenizer,
  cldrPhrases,
  dateTranslation,
  mnist,
  mobyDick,
  numberWords,
  padBatch,
  sentimentSentences,
  toySequenceTasks,
} from '../src/index.js';

const REPEATS = 5;

async function median(run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rows: [string, string, number][] = [];
const add = async (name: string, size: string, run: () => unknown): Promise<void> => {
  const ms = await median(run);
  rows.push([name, size, ms]);
  console.error(`${name}: ${ms.toFixed(1)} ms`);
};

const digits = await mnist();
await add('mnist() from file, check + split', `${digits.meta.sizeBytes.toLocaleString('en-US')} B`, () => mnist());
const book = await mobyDick();
await add('mobyDick() from file', `${book.meta.sizeBytes.toLocaleString('en-US')} B`, () => mobyDick());
const sentiment = await sentimentSentences();
await add('sentimentSentences() from file', `${sentiment.meta.sizeBytes.toLocaleString('en-US')} B`, () => sentimentSentences());
const cldr = await cldrPhrases();
await add('cldrPhrases() from file', `${cldr.meta.sizeBytes.toLocaleString('en-US')} B`, () => cldrPhrases());
await add('dateTranslation() 10,000 pairs', 'generated', () => dateTranslation());
await add("numberWords({ language: 'de' }) 10,000 pairs", 'generated', () => numberWords({ language: 'de' }));
await add("toySequenceTasks({ task: 'keyRecall', length: 16 }) 2,000", 'generated', () => toySequenceTasks({ task: 'keyRecall', length: 16 }));

const text = [...book.splits.train, ...book.splits.validation, ...book.splits.test].map((c) => c.text).join('\n');
const chars = `${(text.length / 1e6).toFixed(2)} M chars`;
await add('CharTokenizer.fit(Moby-Dick)', chars, () => CharTokenizer.fit(text));
const charTok = CharTokenizer.fit(text);
await add('CharTokenizer.encode(Moby-Dick)', chars, () => charTok.encode(text));
await add('WordTokenizer.fit(Moby-Dick, { maxVocab: 10000 })', chars, () => WordTokenizer.fit(text, { maxVocab: 10_000 }));
const wordTok = WordTokenizer.fit(text, { maxVocab: 10_000 });
await add('WordTokenizer.encode(Moby-Dick)', chars, () => wordTok.encode(text));
const bpe = await BpeTokenizer.load();
const chapter1 = book.splits.train[0]!.text;
await add('BpeTokenizer.encode(first train chapter)', `${chapter1.length.toLocaleString('en-US')} chars`, () => bpe.encode(chapter1));
const seqs = Array.from({ length: 1024 }, (_, i) => Array.from({ length: 16 + (i % 48) }, (_, t) => 4 + ((i + t) % 90)));
await add('padBatch(1,024 sequences, maxLen 64)', '[1024, 64]', () => padBatch(seqs, { maxLen: 64 }));

console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}; median of ${REPEATS}.\n`);
console.log('| call | input | median ms |');
console.log('| --- | --- | ---: |');
for (const [name, size, ms] of rows) console.log(`| ${name} | ${size} | ${ms.toFixed(1)} |`);
