import { describe, expect, test } from 'vitest';
import { otherOrigin, otherOriginRefusal } from './refuse-other-origins';

const SITE = 'http://127.0.0.1:4321';

describe('otherOrigin', () => {
  test('otherOrigin names the site of a URL elsewhere', () => {
    expect(otherOrigin('https://example.com/x.js', SITE)).toBe('https://example.com');
    expect(otherOrigin(new URL('http://127.0.0.1:9999/'), SITE)).toBe('http://127.0.0.1:9999');
    expect(otherOrigin('//example.com/data.json', SITE)).toBe('http://example.com');
    expect(otherOrigin('wss://example.com/socket', SITE)).toBe('https://example.com');
    expect(otherOrigin('https://127.0.0.1:4321/', SITE)).toBe('https://127.0.0.1:4321');
  });

  test('otherOrigin is undefined for this site, relative URLs, same-host sockets, blob: and data:', () => {
    for (const url of [`${SITE}/tfjs-wasm/x.wasm`, '/tfjs-wasm/x.wasm', 'data.json', '../up', 'ws://127.0.0.1:4321/live', 'blob:http://127.0.0.1:4321/0b7e', 'data:text/plain,hi']) {
      expect(otherOrigin(url, SITE), url).toBeUndefined();
    }
  });
});

describe('otherOriginRefusal', () => {
  test('otherOriginRefusal is a SecurityError naming the call, the URL and the site', () => {
    const error = otherOriginRefusal('fetch', 'https://example.com/data.json', SITE);
    expect(error.name).toBe('SecurityError');
    expect(error.message).toBe(`fetch('https://example.com/data.json') is refused: example code can only reach this site (${SITE})`);
  });
});
