import { describe, expect, test } from 'vitest';
import { checkSharedValue, decodeCode, encodeCode, MAX_CODE_PARAM, readSharedState, sharedHash, type ShareField } from './share-state';

const FIELDS: ShareField[] = [
  { name: 'text', type: 'text' },
  { name: 'model', type: 'select', options: ['date-translator', 'number-words-fr'] },
  { name: 'steps', type: 'range', min: 1, max: 200 },
  { name: 'rate', type: 'number', min: 0 },
  { name: 'causal', type: 'checkbox' },
];

describe('sharedHash', () => {
  test('sharedHash writes the example id and its inputs as a query, leaving out backend auto', () => {
    expect(sharedHash('translate', { text: '3 Jan 1998', model: 'date-translator' }, 'auto')).toBe('#translate?text=3+Jan+1998&model=date-translator');
    expect(sharedHash('x', {}, 'cpu', 'abc')).toBe('#x?backend=cpu&code=abc');
    expect(sharedHash('x', {}, 'auto')).toBe('#x');
  });
});

describe('readSharedState', () => {
  test('readSharedState reads back what sharedHash wrote', () => {
    const inputs = { text: 'a & b = c?', model: 'number-words-fr', steps: 20, rate: 0.5, causal: true };
    expect(readSharedState(sharedHash('translate', inputs, 'wasm'), 'translate', FIELDS)).toEqual({ inputs, backend: 'wasm', ignored: [] });
  });

  test('readSharedState is undefined for another example or no fragment', () => {
    expect(readSharedState('#other?text=a', 'translate', FIELDS)).toBeUndefined();
    expect(readSharedState('', 'translate', FIELDS)).toBeUndefined();
    expect(readSharedState('#%E0%A4%A', 'translate', FIELDS)).toBeUndefined();
  });

  test('readSharedState ignores unknown names and values their control cannot take', () => {
    const state = readSharedState(
      '#translate?model=evil&steps=500&rate=-1&causal=yes&backend=gpu&code=%3Cscript%3E&text=ok&nope=1&text=second',
      'translate',
      FIELDS,
    );
    expect(state).toEqual({ inputs: { text: 'ok' }, ignored: ['model', 'steps', 'rate', 'causal', 'backend', 'code', 'nope'] });
  });

  test('readSharedState keeps markup in a text input as text, and refuses control characters and overlong text', () => {
    expect(readSharedState('#t?text=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E', 't', FIELDS)?.inputs).toEqual({ text: '<img src=x onerror=alert(1)>' });
    expect(readSharedState('#t?text=a%00b', 't', FIELDS)?.ignored).toEqual(['text']);
    expect(readSharedState(`#t?text=${'a'.repeat(1001)}`, 't', FIELDS)?.ignored).toEqual(['text']);
    expect(readSharedState(`#t?code=${'a'.repeat(MAX_CODE_PARAM + 1)}`, 't', FIELDS)?.ignored).toEqual(['code']);
  });
});

describe('checkSharedValue', () => {
  test('checkSharedValue takes numbers within min and max, written as numbers only', () => {
    const field: ShareField = { name: 'n', type: 'number', min: 0, max: 10 };
    expect(checkSharedValue(field, '2.5')).toBe(2.5);
    expect(checkSharedValue(field, '1e1')).toBe(10);
    expect(checkSharedValue(field, '11')).toBeUndefined();
    expect(checkSharedValue(field, '0x5')).toBeUndefined();
    expect(checkSharedValue(field, 'Infinity')).toBeUndefined();
    expect(checkSharedValue(field, '')).toBeUndefined();
  });
});

describe('encodeCode', () => {
  test('encodeCode compresses to base64url and decodeCode expands it back', async () => {
    const code = "import { print } from 'live';\nprint('héllo ✓', 6 * 7);\n".repeat(20);
    const value = await encodeCode(code);
    expect(value).toMatch(/^[\w-]+$/);
    expect(value.length).toBeLessThan(code.length / 4);
    expect(await decodeCode(value)).toBe(code);
  });

  test('decodeCode is undefined for anything that is not deflated UTF-8', async () => {
    expect(await decodeCode('not-deflate')).toBeUndefined();
  });
});
