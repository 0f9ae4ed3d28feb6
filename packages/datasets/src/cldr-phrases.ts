import { assetError, readJsonAsset, resolveAssetUrl } from './asset-format.js';
import type { Dataset } from './dataset-types.js';
import { loadAsset, type AssetOptions } from './load-asset.js';
import { checkLoaderOptions } from './loader-options.js';
import { splitRecords } from './split-records.js';

/** One short phrase in English and its translation: the CLDR name of one emoji. */
export interface CldrPhrase {
  /** The English phrase, e.g. `"face with monocle"`. */
  source: string;
  /** The same emoji's name in the target language, e.g. `"visage avec un monocle"`. */
  target: string;
  /** The emoji's code points in upper-case hex joined by `-`, e.g. `"1F9D0"`: the alignment key. */
  hexcode: string;
}

/** Options for {@link cldrPhrases}: target language, where to read the asset, progress, and the split seed. */
export interface CldrPhrasesOptions extends AssetOptions {
  /** The target language: `'fr'` French or `'de'` German. Default `'fr'`. */
  target?: 'fr' | 'de';
  /** The seed of the train/validation/test split. Default `0`. */
  seed?: number;
}

const FN = 'cldrPhrases';
const COLUMNS = ['hexcode', 'en', 'fr', 'de'] as const;
const TARGETS = ['fr', 'de'] as const;

/**
 * Loads 1,949 short English phrases with their French or German translation,
 * for toy translation: the Unicode CLDR short names of the emoji (e.g. "face
 * with monocle" / "visage avec un monocle" / "Gesicht mit Monokel"), aligned
 * by hexcode, and splits them with a seed into 1,561 train, 194 validation
 * and 194 test pairs. Skin-tone variants are left out (their names only add a
 * fixed suffix). The same seed gives the same split of emoji for both targets.
 * The asset holds en, fr and de together: 130,940 bytes (about 0.13 MB).
 *
 * @param options - `target` (default `'fr'`), `seed` (default `0`), `url`
 *   (default the shipped `assets/cldr-phrases.json`), `onProgress(loaded,
 *   total)` (default none), `fetch` (default `globalThis.fetch`).
 * @returns A {@link Dataset} of {@link CldrPhrase}.
 * @example
 * const { splits: { train } } = await cldrPhrases({ target: 'de', seed: 1 });
 * train[0]; // { source: 'nerd face', target: 'Strebergesicht', hexcode: '1F913' }, say
 */
export async function cldrPhrases(options?: CldrPhrasesOptions): Promise<Dataset<CldrPhrase>> {
  const seed = checkLoaderOptions(FN, options, ['target']);
  const target = options?.target ?? 'fr';
  if (!(TARGETS as readonly unknown[]).includes(target)) {
    throw new RangeError(`${FN}: option 'target' must be 'fr' or 'de', got ${JSON.stringify(target)}`);
  }
  const defaultUrl = new URL('../assets/cldr-phrases.json', import.meta.url);
  const url = resolveAssetUrl(defaultUrl, options);
  const bytes = await loadAsset(FN, defaultUrl, options);
  const { header, rows } = readJsonAsset(FN, url, bytes, 'cldr-phrases', COLUMNS);
  const column = COLUMNS.indexOf(target);
  const phrases = rows.map((row, i): CldrPhrase => {
    const [hexcode, en] = row;
    const translated = row[column];
    if (typeof hexcode !== 'string' || !/^[0-9A-F]+(-[0-9A-F]+)*$/.test(hexcode) || typeof en !== 'string' || typeof translated !== 'string') {
      throw assetError(FN, url, `has a malformed row ${i}: expected [hexcode, en, fr, de], found ${JSON.stringify(row).slice(0, 120)}`);
    }
    return { source: en, target: translated, hexcode };
  });
  const { train, validation, test } = splitRecords(phrases, { seed });
  const cldr = typeof header.cldr === 'string' ? ` ${header.cldr}` : '';
  return {
    splits: { train, validation, test },
    meta: {
      name: `cldr-phrases-en-${target}`,
      source: header.source,
      license: 'Unicode License v3 (CLDR annotation data); MIT (the emojibase-data package)',
      citation: `Unicode Common Locale Data Repository (CLDR)${cldr} emoji short names for en, fr and de, via emojibase-data by Miles Johnson.`,
      sizeBytes: bytes.length,
      counts: { train: train.length, validation: validation.length, test: test.length },
      seed,
    },
  };
}
