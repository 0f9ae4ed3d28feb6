/** Options for {@link tokenize}. */
export interface TokenizeOptions {
  /** Keep at most this many tokens; later ones are dropped. Default 24. */
  maxTokens?: number;
}

/** A run of letters, combining marks or digits, in any script. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Splits text into lowercase word tokens, treating whitespace and punctuation
 * as separators.
 *
 * @param text - Any string; may be empty.
 * @param options - `maxTokens` caps the result (default 24).
 * @returns The tokens in reading order, at most `maxTokens` of them.
 * @example
 * tokenize('The cat, the MAT!'); // ['the', 'cat', 'the', 'mat']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const maxTokens = options.maxTokens ?? 24;
  const tokens = text.toLowerCase().match(WORD) ?? [];
  return tokens.slice(0, Math.max(0, maxTokens));
}
