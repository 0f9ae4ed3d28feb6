import { VIZ_TEXT } from '@attention-lab/viz';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LANGS, MESSAGES } from './messages';
import { VIZ_MESSAGE_IDS, vizText, withVizText } from './viz-text';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
const catalogue = MESSAGES as Record<string, Record<string, string> | undefined>;

describe('VIZ_MESSAGE_IDS', () => {
  it('has a viz.<key> id in the catalogue for every key of VIZ_TEXT, English equal to VIZ_TEXT and every language with its placeholders', () => {
    expect(Object.keys(VIZ_MESSAGE_IDS).sort()).toEqual(Object.keys(VIZ_TEXT).sort());
    for (const [key, english] of Object.entries(VIZ_TEXT)) {
      const id = `viz.${key}`;
      expect(VIZ_MESSAGE_IDS[key as keyof typeof VIZ_MESSAGE_IDS], key).toBe(id);
      const texts = catalogue[id];
      expect(texts, `${id} is missing from MESSAGES`).toBeDefined();
      expect(texts?.en, `${id} in en`).toBe(english);
      for (const lang of MESSAGE_LANGS) expect(placeholders(texts?.[lang] ?? ''), `placeholders of ${id} in ${lang}`).toEqual(placeholders(english));
    }
  });

  it('lists no viz. id that VIZ_TEXT lacks', () => {
    const ids = Object.keys(MESSAGES).filter((id) => id.startsWith('viz.'));
    expect(ids.filter((id) => !(id.slice('viz.'.length) in VIZ_TEXT))).toEqual([]);
  });
});

describe('vizText', () => {
  it('vizText(lang) gives every key in that language, placeholders left for the chart', () => {
    expect(vizText('en')).toEqual({ ...VIZ_TEXT });
    const zh = vizText('zh-CN');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(VIZ_TEXT).sort());
    expect(zh.heatmapTitle).toBe('注意力热力图：{rows} 个查询 × {cols} 个键');
    expect(zh.modelClose).toBe('关闭');
  });
});

describe('withVizText', () => {
  it('withVizText sets text in the page language under the keys the options chose, and leaves a text that is not an object alone', () => {
    const options = { title: 'T', text: { modelClose: 'Done' } };
    const zh = withVizText('zh-CN', options);
    expect(zh.title).toBe('T');
    expect(zh.text).toEqual({ ...vizText('zh-CN'), modelClose: 'Done' });
    expect(options.text).toEqual({ modelClose: 'Done' });
    expect(withVizText('en', {})).toEqual({ text: { ...VIZ_TEXT } });
    expect(withVizText('zh-CN', { text: 'zh' })).toEqual({ text: 'zh' });
  });
});
