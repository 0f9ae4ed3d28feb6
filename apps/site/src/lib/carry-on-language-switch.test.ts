import { describe, expect, test } from 'vitest';
import { languageSwitchTarget } from './carry-on-language-switch';

describe('languageSwitchTarget', () => {
  test('languageSwitchTarget puts the example link fragment on the other edition, keeping the query', () => {
    expect(languageSwitchTarget('/zh-cn/concepts/', 'https://x.org/concepts/?a=1#what-attention-is', '#self-attention?sentence=a+dog&causal=true')).toBe(
      'https://x.org/zh-cn/concepts/?a=1#self-attention?sentence=a+dog&causal=true',
    );
  });

  test('languageSwitchTarget keeps the page fragment when there is no example state to carry', () => {
    expect(languageSwitchTarget('/concepts/', 'https://x.org/zh-cn/concepts/#worked-example?x1=5')).toBe('https://x.org/concepts/#worked-example?x1=5');
    expect(languageSwitchTarget('/concepts/', 'https://x.org/zh-cn/concepts/')).toBe('https://x.org/concepts/');
  });

  test('languageSwitchTarget only ever changes the path and fragment, never the origin', () => {
    expect(languageSwitchTarget('//other.example/x/', 'https://x.org/concepts/', '#a')).toBe('https://x.org//other.example/x/#a');
  });
});
