import { describe, expect, test } from 'vitest';
import { stackFrameUrls } from './stack-frame-urls';

const WORKER = 'http://127.0.0.1:4321/_astro/example-worker.B1x.js';
const MODULE = 'blob:http://127.0.0.1:4321/5d1c2a7e-0b7e-4c55-9a51-3f0f2f0c9d11';

describe('stackFrameUrls', () => {
  test('stackFrameUrls of a V8 stack lists the scripts, innermost first', () => {
    const stack = [
      'Error',
      `    at console.warn (${WORKER}:1:2345)`,
      `    at greet (${MODULE}:4:11)`,
      `    at ${MODULE}:6:1`,
    ].join('\n');
    expect(stackFrameUrls(stack)).toEqual([WORKER, MODULE, MODULE]);
  });

  test('stackFrameUrls of a Firefox stack lists the scripts, innermost first', () => {
    const stack = [`warn@${WORKER}:1:2345`, `greet@${MODULE}:4:11`, `@${MODULE}:6:1`, ''].join('\n');
    expect(stackFrameUrls(stack)).toEqual([WORKER, MODULE, MODULE]);
  });

  test('stackFrameUrls leaves out native frames, so a callback handed to forEach still names its caller', () => {
    const stack = ['Error', `    at console.log (${WORKER}:1:99)`, '    at Array.forEach (<anonymous>)', `    at ${MODULE}:3:7`].join('\n');
    expect(stackFrameUrls(stack)).toEqual([WORKER, MODULE]);
  });

  test('stackFrameUrls keeps a port and a path with colons apart from the line and column', () => {
    expect(stackFrameUrls('    at async run (http://localhost:4321/a:b/worker.js:10:20)')).toEqual(['http://localhost:4321/a:b/worker.js']);
  });

  test('stackFrameUrls of an empty stack is empty', () => {
    expect(stackFrameUrls('')).toEqual([]);
  });
});
