import { describe, expect, test } from 'vitest';
import { figureFit } from './figure-fit';

describe('figureFit', () => {
  test('figureFit of charts with a label per token is scroll', () => {
    for (const kind of ['attentionHeatmap', 'replay', 'headView', 'modelView', 'attentionSteps', 'tokenSaliency']) {
      expect(figureFit(kind)).toBe('scroll');
    }
  });

  test('figureFit of line charts, images and flow diagrams is scale', () => {
    for (const kind of ['lineChart', 'softmaxScalingChart', 'positionalEncodingChart', 'imageAttentionOverlay', 'flow']) {
      expect(figureFit(kind)).toBe('scale');
    }
  });

  test('figureFit of an unknown kind keeps its size and scrolls', () => {
    expect(figureFit('somethingNew')).toBe('scroll');
  });
});
