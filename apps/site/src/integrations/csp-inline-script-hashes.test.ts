import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { addInlineScriptHashes } from './csp-inline-script-hashes';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const page = (policy: string, scripts: string) =>
  `<html><head><meta http-equiv="content-security-policy" content="${policy}"></head><body>${scripts}</body></html>`;

describe('addInlineScriptHashes', () => {
  test('addInlineScriptHashes adds the hash of an inline script missing from script-src', () => {
    const { html, added } = addInlineScriptHashes(page("default-src 'self'; script-src 'self'", '<script>a()</script>'));
    expect(added).toBe(1);
    expect(html).toContain(`script-src 'self' ${sha('a()')}`);
    expect(html).toContain("default-src 'self'");
  });

  test('addInlineScriptHashes skips scripts with src and hashes already listed', () => {
    const policy = `script-src 'self' ${sha('b()')}`;
    const { added } = addInlineScriptHashes(page(policy, '<script src="/x.js"></script><script type="module">b()</script>'));
    expect(added).toBe(0);
  });

  test('addInlineScriptHashes adds each distinct script once', () => {
    const { html, added } = addInlineScriptHashes(page("script-src 'self'", '<script>c()</script><script>c()</script>'));
    expect(added).toBe(1);
    expect(html.split(sha('c()')).length - 1).toBe(1);
  });

  test('addInlineScriptHashes leaves a page without a CSP alone', () => {
    const html = '<html><script>d()</script></html>';
    expect(addInlineScriptHashes(html)).toEqual({ html, added: 0 });
  });
});
