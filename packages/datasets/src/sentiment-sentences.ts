import { assetError, readJsonAsset, resolveAssetUrl } from './asset-format.js';
import type { Dataset } from './dataset-types.js';
import { loadAsset, type AssetOptions } from './load-asset.js';
import { checkLoaderOptions } from './loader-options.js';
import { splitRecords } from './split-records.js';

/** One review sentence labelled negative (0) or positive (1). */
export interface SentimentSentence {
  /** The sentence, with surrounding whitespace trimmed. */
  text: string;
  /** `0` negative, `1` positive. */
  label: 0 | 1;
  /** Where the sentence comes from: IMDb movie reviews, Amazon product reviews or Yelp restaurant reviews. */
  source: 'imdb' | 'amazon' | 'yelp';
}

/** Options for {@link sentimentSentences}: where to read the asset, progress, and the split seed. */
export interface SentimentSentencesOptions extends AssetOptions {
  /** The seed of the stratified train/validation/test split. Default `0`. */
  seed?: number;
}

const FN = 'sentimentSentences';
const COLUMNS = ['text', 'label', 'source'] as const;
const SOURCES: readonly string[] = ['imdb', 'amazon', 'yelp'];

/**
 * Loads the UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015):
 * 3,000 review sentences, 1,000 each from IMDb, Amazon and Yelp, half of each
 * positive, and splits them with a seed into 2,400 train, 300 validation and
 * 300 test sentences. The split is stratified by label and source together,
 * so every split holds the same share (50 per 500) of each of the six
 * (source, label) classes.
 *
 * Sentences keep their original spelling and punctuation, with whitespace
 * trimmed; a few occur twice within a source. The asset is built from the
 * copies in the `sentiment` npm package's test fixtures, dropping one empty,
 * unlabelled record per source. The asset is 238,220 bytes (about 0.24 MB).
 *
 * @param options - `seed` (default `0`), `url` (default the shipped
 *   `assets/sentiment-sentences.json`), `onProgress(loaded, total)` (default
 *   none), `fetch` (default `globalThis.fetch`).
 * @returns A {@link Dataset} of {@link SentimentSentence}.
 * @example
 * const { splits: { train, test } } = await sentimentSentences({ seed: 1 });
 * train.filter((s) => s.label === 1).length; // 1,200
 */
export async function sentimentSentences(options?: SentimentSentencesOptions): Promise<Dataset<SentimentSentence>> {
  const seed = checkLoaderOptions(FN, options);
  const defaultUrl = new URL('../assets/sentiment-sentences.json', import.meta.url);
  const url = resolveAssetUrl(defaultUrl, options);
  const bytes = await loadAsset(FN, defaultUrl, options);
  const { header, rows } = readJsonAsset(FN, url, bytes, 'sentiment-sentences', COLUMNS);
  const sentences = rows.map(([text, label, source], i): SentimentSentence => {
    if (typeof text !== 'string' || text === '' || (label !== 0 && label !== 1) || typeof source !== 'string' || !SOURCES.includes(source)) {
      throw assetError(FN, url, `has a malformed row ${i}: expected [text, 0 | 1, 'imdb' | 'amazon' | 'yelp'], found ${JSON.stringify([text, label, source]).slice(0, 120)}`);
    }
    return { text, label, source: source as SentimentSentence['source'] };
  });
  const { train, validation, test } = splitRecords(sentences, { seed, stratifyBy: (s) => `${s.source}:${s.label}` });
  return {
    splits: { train, validation, test },
    meta: {
      name: 'sentiment-sentences',
      source: header.source,
      license: 'CC BY 4.0 (UCI Machine Learning Repository, Sentiment Labelled Sentences)',
      citation:
        'D. Kotzias, M. Denil, N. de Freitas, P. Smyth. From Group to Individual Labels using Deep Features. KDD 2015. Copied from the sentiment npm package test fixtures.',
      sizeBytes: bytes.length,
      counts: { train: train.length, validation: validation.length, test: test.length },
      seed,
    },
  };
}
