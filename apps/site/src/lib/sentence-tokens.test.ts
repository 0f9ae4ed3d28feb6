import { createRng } from '@attention-lab/datasets';
import { describe, expect, test } from 'vitest';
import { sentenceTokens } from './sentence-tokens';

/** What the examples did before sentenceTokens, written out apart from it. */
const before = (text: string, max?: number): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, max) ?? [];
const beforeWithApostrophes = (text: string, max?: number): string[] => text.toLowerCase().match(/[\p{L}\p{N}']+/gu)?.slice(0, max) ?? [];

describe('sentenceTokens', () => {
  test("sentenceTokens('猫坐在垫子上') is six tokens, one per character", () => {
    expect(sentenceTokens('猫坐在垫子上')).toEqual(['猫', '坐', '在', '垫', '子', '上']);
  });

  test("sentenceTokens('the cat 坐') keeps English words whole and splits the Chinese", () => {
    expect(sentenceTokens('the cat 坐')).toEqual(['the', 'cat', '坐']);
    expect(sentenceTokens('The cat坐在mat上。')).toEqual(['the', 'cat', '坐', '在', 'mat', '上']);
  });

  test('sentenceTokens skips Chinese punctuation and full-width spaces', () => {
    expect(sentenceTokens('注意力，就是一切！　（真的）')).toEqual(['注', '意', '力', '就', '是', '一', '切', '真', '的']);
  });

  test('sentenceTokens reads Japanese kana and kanji one character each, and Korean in words', () => {
    expect(sentenceTokens('ねこが好き')).toEqual(['ね', 'こ', 'が', '好', 'き']);
    expect(sentenceTokens('カタカナ')).toEqual(['カ', 'タ', 'カ', 'ナ']);
    expect(sentenceTokens('고양이가 앉았다')).toEqual(['고양이가', '앉았다']);
  });

  test('sentenceTokens keeps a character outside the basic plane (CJK extension B) as one token', () => {
    expect(sentenceTokens('𠀀好')).toEqual(['𠀀', '好']);
  });

  test('sentenceTokens counts max in tokens, Chinese characters included', () => {
    expect(sentenceTokens('我爱注意力机制', { max: 3 })).toEqual(['我', '爱', '注']);
    expect(sentenceTokens('Attention is all you need', { max: 2 })).toEqual(['attention', 'is']);
  });

  test('sentenceTokens keeps apostrophes in words only when asked', () => {
    expect(sentenceTokens("Don't panic")).toEqual(['don', 't', 'panic']);
    expect(sentenceTokens("Don't panic", { apostrophes: true })).toEqual(["don't", 'panic']);
    expect(sentenceTokens("猫's 垫", { apostrophes: true })).toEqual(['猫', "'s", '垫']);
  });

  test('sentenceTokens of text without letters or numbers is an empty array', () => {
    expect(sentenceTokens('')).toEqual([]);
    expect(sentenceTokens('  ,. 。！ 🐳 ')).toEqual([]);
  });

  test('sentenceTokens gives what the examples gave before on any text without Han or kana', () => {
    const alphabet = [...'aZé ß0٣\'’-_.,;!?\t\nÆøЖж한글 🐳ﬁİ١²Ǆ\u0301\u200b'];
    const texts = ['The whale swam toward the ship.', "It's 1851, Ishmael's year", 'Ünïcödé ÀND ǅ ǈ', 'İstanbul'];
    // Seeded, so a failing string can be reproduced from its index.
    const rng = createRng(21);
    for (let i = 0; i < 500; i++) {
      texts.push(Array.from({ length: rng.int(30) }, () => rng.pick(alphabet)).join(''));
    }
    texts.forEach((text, i) => {
      const max = i % 3 === 0 ? undefined : i % 13;
      expect(sentenceTokens(text, { max }), `text ${i}: ${JSON.stringify(text)}`).toEqual(before(text, max));
      expect(sentenceTokens(text, { max, apostrophes: true }), `text ${i}: ${JSON.stringify(text)}`).toEqual(beforeWithApostrophes(text, max));
    });
  });
});
