/** Options for {@link sentenceTokens}. */
export interface SentenceTokensOptions {
  /** Keep at most this many tokens, the first ones. Default: all of them. */
  max?: number;
  /** Count an apostrophe as part of a word, so that "don't" is one token. Default `false`. */
  apostrophes?: boolean;
}

/**
 * One character of a script written without spaces between words: a Han
 * character (Chinese, and the kanji of Japanese) or Japanese kana. The
 * look-ahead keeps it to letters and numbers, so the punctuation these scripts
 * share (、。「」) is skipped like any other. Hangul is not in it: Korean puts
 * spaces between words, so it is read in words like English.
 */
const UNSPACED = String.raw`(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]`;

function tokenPattern(apostrophes: boolean): RegExp {
  const wordCharacter = apostrophes ? String.raw`[\p{L}\p{N}']` : String.raw`[\p{L}\p{N}]`;
  // An unspaced character alone, or else a run of letters and numbers that holds none.
  return new RegExp(`${UNSPACED}|(?:(?!${UNSPACED})${wordCharacter})+`, 'gu');
}

const WORDS = tokenPattern(false);
const WORDS_WITH_APOSTROPHES = tokenPattern(true);

/**
 * Splits a sentence the reader typed into lowercase tokens for the examples
 * that attend over it: a word is a run of letters and numbers, and each
 * Chinese character (or Japanese kana) is a token of its own, since those
 * scripts put no spaces between words. Everything else (spaces, punctuation,
 * emoji) only separates tokens.
 *
 * @param text - What the reader typed.
 * @param options - At most how many tokens (default all), and whether apostrophes belong to words (default no).
 * @returns The tokens in order; an empty array when there are none.
 * @example
 * sentenceTokens('The cat sat.'); // ['the', 'cat', 'sat']
 * sentenceTokens('猫坐在垫子上'); // ['猫', '坐', '在', '垫', '子', '上']
 * sentenceTokens('the cat 坐'); // ['the', 'cat', '坐']
 */
export function sentenceTokens(text: string, options: SentenceTokensOptions = {}): string[] {
  const pattern = options.apostrophes ? WORDS_WITH_APOSTROPHES : WORDS;
  return String(text).toLowerCase().match(pattern)?.slice(0, options.max) ?? [];
}
