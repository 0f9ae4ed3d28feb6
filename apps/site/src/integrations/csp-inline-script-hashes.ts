import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const CSP_META = /<meta http-equiv="content-security-policy" content="([^"]*)"\s*\/?>/i;
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** `'sha256-…'` of a script's text, as CSP expects it. */
function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Adds the hash of every inline script in a page to its CSP `script-src`,
 * once. Returns the page unchanged when it has no CSP `<meta>`.
 *
 * @param html - A built page.
 * @returns The page with a complete `script-src`, and how many hashes were added.
 * @example
 * addInlineScriptHashes(html).html;
 */
export function addInlineScriptHashes(html: string): { html: string; added: number } {
  const meta = CSP_META.exec(html);
  if (!meta) return { html, added: 0 };
  const policy = meta[1] ?? '';
  const directives = policy.split(';').map((part) => part.trim());
  const index = directives.findIndex((part) => part.startsWith('script-src'));
  const scriptSrc = index >= 0 ? (directives[index] ?? 'script-src') : "script-src 'self'";
  const present = new Set(scriptSrc.split(/\s+/).slice(1));
  const missing = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const hash = hashOf(match[1] ?? '');
    if (!present.has(hash)) missing.add(hash);
  }
  if (missing.size === 0) return { html, added: 0 };
  const updated = [scriptSrc, ...missing].join(' ');
  if (index >= 0) directives[index] = updated;
  else directives.push(updated);
  const content = directives.filter((part) => part.length > 0).join('; ');
  return { html: html.replace(meta[0], `<meta http-equiv="content-security-policy" content="${content}">`), added: missing.size };
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/**
 * Astro hashes the scripts it bundles; inline scripts that integrations add
 * (Starlight's theme and sidebar scripts) are not in its CSP. This integration
 * adds their hashes after the build, so no inline script needs 'unsafe-inline'.
 *
 * @returns The integration, for `integrations` in `astro.config.mjs` (after Starlight).
 * @example
 * export default defineConfig({ integrations: [starlight({ title: 'x' }), cspInlineScriptHashes()] });
 */
export function cspInlineScriptHashes(): AstroIntegration {
  return {
    name: '@attention-lab/site:csp-inline-script-hashes',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let pages = 0;
        let hashes = 0;
        for await (const file of htmlFiles(fileURLToPath(dir))) {
          const { html, added } = addInlineScriptHashes(await readFile(file, 'utf8'));
          if (added === 0) continue;
          await writeFile(file, html);
          pages += 1;
          hashes += added;
        }
        logger.info(`added ${hashes} inline script hashes to the CSP of ${pages} pages`);
      },
    },
  };
}
