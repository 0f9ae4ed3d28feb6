// @ts-check
import { unified } from '@astrojs/markdown-remark';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import starlightTypeDoc, { typeDocSidebarGroup } from 'starlight-typedoc';
import { cspInlineScriptHashes } from './src/integrations/csp-inline-script-hashes.ts';
import { katexFontPreloads } from './src/integrations/katex-font-preloads.ts';
import { markExternalLinks } from './src/integrations/mark-external-links.ts';
import { tfjsWasmAssets } from './src/integrations/tfjs-wasm-assets.ts';
import { translateSidebarGroup } from './src/integrations/translate-sidebar-group.ts';

/** The sidebar group of the generated API reference. */
const API_GROUP_LABEL = 'API reference';

/** Resolve `@attention-lab/*` packages to their TypeScript sources, ahead of Vite's defaults. */
const SOURCE_CONDITION = '@attention-lab/source';
const clientConditions = [SOURCE_CONDITION, 'module', 'browser', 'development|production'];
const serverConditions = [SOURCE_CONDITION, 'module', 'node', 'development|production'];

export default defineConfig({
  // A Content-Security-Policy <meta> on every page: Astro hashes the scripts and
  // styles it emits; everything else comes from this origin only. Workers start
  // from blob: URLs (src/lib/start-worker.ts), so they inherit this policy (a
  // worker loaded from a URL would get none; the scripts a worker's modules
  // import count as worker-src, hence its 'self'): the example worker imports
  // the reader's code as a blob: module, compiles the tfjs and fused-attention
  // WebAssembly, fetches from this origin, and can reach no other.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        // data: stays in the browser: Vite inlines small assets (a model's model.json) as data: URLs, which the worker fetches.
        "connect-src 'self' data:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", 'blob:', "'wasm-unsafe-eval'"] },
      // KaTeX sets inline style attributes and CodeMirror injects its styles.
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
  // Math is parsed by remark-math and typeset by KaTeX at build time; links to
  // other sites are marked as external. Plugins go on the unified processor
  // (Astro 7's non-deprecated form); MDX inherits it.
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex, markExternalLinks] }),
  },
  integrations: [
    // Starlight gives the article the layout readers of technical docs expect:
    // sidebar, table of contents, search (Pagefind), dark mode, previous/next.
    // It brings MDX with it.
    starlight({
      title: 'Attention Lab',
      description: 'An interactive article on the attention mechanism, computed live in your browser.',
      favicon: '/favicon.svg',
      // English at the root, Simplified Chinese under /zh-cn/ (issue 21). A page
      // missing in zh-cn falls back to English with Starlight's notice; the
      // language picker keeps the reader on the same slug.
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      customCss: ['katex/dist/katex.min.css', './src/styles/site.css'],
      // The picker carries the reader's examples and section across a switch of language.
      components: { LanguageSelect: './src/components/LanguageSelect.astro' },
      // Starlight cannot autogenerate a group from the docs root, so the sections are listed in order.
      sidebar: [
        {
          label: 'The article',
          translations: { 'zh-CN': '正文' },
          items: ['background', 'concepts', 'algorithm', 'mathematics', 'hands-on', 'applications', 'tools', 'trends', 'faq', 'references'],
        },
        { label: 'Explore', translations: { 'zh-CN': '探索' }, items: ['explorer', 'glossary'] },
        typeDocSidebarGroup,
      ],
      // The API reference: one TypeDoc page per export of each library package's
      // index.ts, written to src/content/docs/api/ (ignored by git) at every build.
      plugins: [
        starlightTypeDoc({
          entryPoints: ['core', 'datasets', 'models', 'viz'].map((name) => `../../packages/${name}/src/index.ts`),
          tsconfig: './tsconfig.typedoc.json',
          output: 'api',
          sidebar: { label: API_GROUP_LABEL, collapsed: true },
          typeDoc: {
            name: 'API reference',
            // A validation warning (e.g. a {@link} that does not resolve) fails the build, as an error does.
            treatValidationWarningsAsErrors: true,
            plugin: [fileURLToPath(new URL('./src/integrations/typedoc-api-reference.mjs', import.meta.url))],
            readme: './src/api-reference.md',
            entryFileName: 'index',
            disableGit: true,
            displayBasePath: fileURLToPath(new URL('../..', import.meta.url)),
            sourceLinkTemplate: 'https://github.com/attention-lab/attention-lab/blob/main/{path}#L{line}',
          },
        }),
        // After starlight-typedoc has put its group in the sidebar: the reference stays English, and its label says so.
        translateSidebarGroup(API_GROUP_LABEL, { 'zh-CN': 'API 参考（英文）' }),
      ],
      lastUpdated: false,
      pagination: true,
    }),
    tfjsWasmAssets(),
    katexFontPreloads(),
    cspInlineScriptHashes(),
  ],
  vite: {
    resolve: { conditions: clientConditions },
    ssr: { resolve: { conditions: serverConditions } },
    // The example runner is a module worker that shares chunks with nothing on the page.
    worker: { format: 'es' },
    build: {
      // TensorFlow.js alone is about 0.9 MB minified; the page needs all of it.
      chunkSizeWarningLimit: 1200,
    },
    optimizeDeps: {
      // Pre-bundle tfjs and its wasm backend up front: the backend is loaded lazily,
      // and discovering it late would make Vite re-optimise and reload the page.
      include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
    },
  },
});
