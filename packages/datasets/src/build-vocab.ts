// Builds a vocabulary from piece counts. Internal: not exported from index.ts.
import { checkIds } from './check-ids.js';
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS } from './special-tokens.js';

/**
 * The special tokens, then the pieces seen at least `minCount` times, most
 * frequent first, ties in code-unit order (the same on every platform), cut
 * to `maxVocab` entries in all.
 */
export function buildVocab(counts: Map<string, number>, maxVocab: number | undefined, minCount: number): string[] {
  const specials: readonly string[] = SPECIAL_TOKENS;
  const pieces = [...counts]
    .filter(([piece, n]) => n >= minCount && !specials.includes(piece))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([piece]) => piece);
  const vocab = [...SPECIAL_TOKENS, ...pieces];
  return maxVocab === undefined ? vocab : vocab.slice(0, maxVocab);
}

/** Counts pieces over texts. */
export function countPieces(texts: Iterable<string>, split: (text: string) => string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const piece of split(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
  return counts;
}

/** Normalises the corpus argument of `fit`: one string or an iterable of strings. */
export function corpusTexts(fn: string, corpus: unknown): string[] {
  if (typeof corpus === 'string') return [corpus];
  if (corpus != null && typeof (corpus as Iterable<unknown>)[Symbol.iterator] === 'function') {
    const texts = [...(corpus as Iterable<unknown>)];
    texts.forEach((t, i) => {
      if (typeof t !== 'string') throw new TypeError(`${fn}: argument 'corpus[${i}]' must be a string, got ${typeof t}`);
    });
    return texts as string[];
  }
  throw new TypeError(`${fn}: argument 'corpus' must be a string or an iterable of strings, got ${corpus === null ? 'null' : typeof corpus}`);
}

/**
 * Looks up each id's piece. An id outside the vocabulary is an error naming
 * the tokenizer's `decode` and the id (it would otherwise print as `<unk>`,
 * hiding ids from another tokenizer or model).
 */
export function decodePieces(fn: string, vocab: readonly string[], ids: ArrayLike<number>, skipSpecial: boolean): string[] {
  checkIds(fn, 'ids', ids, { min: 0, max: vocab.length - 1, kind: 'an id of this vocabulary' });
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (skipSpecial && (id === PAD_ID || id === BOS_ID || id === EOS_ID)) continue;
    out.push(vocab[id]!);
  }
  return out;
}
