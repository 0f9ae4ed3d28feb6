// The public surface of @attention-lab/datasets. Every export is named here;
// test/exports.test.ts pins the sorted list. Tensor helpers live in
// ./tensors.ts (`@attention-lab/datasets/tensors`) so this entry never loads tfjs.
export { batchIterator, type BatchIteratorOptions } from './batch-iterator.js';
export { BpeTokenizer } from './bpe-tokenizer.js';
export { CharTokenizer, type CharTokenizerOptions } from './char-tokenizer.js';
export { cldrPhrases, type CldrPhrase, type CldrPhrasesOptions } from './cldr-phrases.js';
export { createRng, type Rng } from './create-rng.js';
export type { DateFormat } from './date-formats.js';
export type { Dataset, DatasetMeta, SplitFractions, Splits } from './dataset-types.js';
export { dateTranslation, type DatePair, type DateTranslationDataset, type DateTranslationOptions } from './date-translation.js';
export { languageModelWindows, type LanguageModelWindows, type LanguageModelWindowsOptions } from './language-model-windows.js';
export type { AssetOptions } from './load-asset.js';
export { mnist, type MnistDigit, type MnistOptions } from './mnist.js';
export { mobyDick, type MobyDickChapter, type MobyDickOptions } from './moby-dick.js';
export { numberWords, type NumberWordsDataset, type NumberWordsOptions, type NumberWordsPair } from './number-words.js';
export { outsideTraining, type DatasetDescription } from './outside-training.js';
export { padBatch, type PadBatchOptions, type PaddedBatch } from './pad-batch.js';
export { sentimentSentences, type SentimentSentence, type SentimentSentencesOptions } from './sentiment-sentences.js';
export { SPECIAL_TOKENS } from './special-tokens.js';
export { SubwordTokenizer, type SubwordTokenizerOptions } from './subword-tokenizer.js';
export { splitRecords, type SplitRecordsOptions } from './split-records.js';
export type { DecodeOptions, EncodeOptions, Tokenizer } from './tokenizer.js';
export {
  toySequenceTasks,
  type ToySequenceExample,
  type ToySequenceTask,
  type ToySequenceTasksDataset,
  type ToySequenceTasksOptions,
} from './toy-sequence-tasks.js';
export { WordTokenizer, type WordTokenizerOptions } from './word-tokenizer.js';
