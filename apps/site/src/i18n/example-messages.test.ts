// The examples' catalogue against the examples themselves, read with the
// TypeScript parser: every `tr` template has its Chinese text with the same
// placeholders, no file keeps a key its example lost, and the text an example
// shows the reader (print, chart titles and labels, errors) goes through `tr`.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MESSAGES, EXAMPLE_TEXT, exampleTextKey } from './example-messages';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

/**
 * Strings that an example may show untranslated: names that read the same in
 * both editions (code identifiers, model names, symbols). Keep it short.
 */
const SAME_IN_BOTH = new Set(['<eos>', '<pad>', '<bos>', 'softmax']);

/** Properties of an options object whose string value the reader sees. */
const SHOWN_PROPERTIES = new Set(['title', 'xLabel', 'yLabel', 'caption', 'label']);

/** Functions whose string arguments the reader sees. */
const SHOWN_CALLS = new Set(['print', 'Error', 'RangeError', 'TypeError']);

interface Reading {
  keys: string[];
  untranslated: string[];
}

/** The `tr` keys of one example's source, and the shown strings that do not go through `tr`. */
function read(source: string): Reading {
  const file = ts.createSourceFile('example.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const keys: string[] = [];
  const untranslated: string[] = [];
  const words = (text: string) => /[A-Za-z]{3,}/.test(text) && !SAME_IN_BOTH.has(text);
  const textOf = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
    return undefined;
  };
  const shown = (node: ts.Node) => {
    const text = textOf(node);
    if (text !== undefined && words(text)) untranslated.push(text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'tr') {
      const t = node.template;
      keys.push(exampleTextKey(ts.isNoSubstitutionTemplateLiteral(t) ? [t.text] : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)]));
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isIdentifier(node.expression) && SHOWN_CALLS.has(node.expression.text)) {
      node.arguments?.forEach(shown);
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && SHOWN_PROPERTIES.has(node.name.text)) shown(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { keys, untranslated };
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1] ?? '').sort();

describe('the examples’ message catalogue', async () => {
  const names = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
  const readings = new Map(await Promise.all(names.map(async (name) => [name, read(await readFile(`${EXAMPLES}${name}.js`, 'utf8'))] as const)));

  it('has Chinese text, with the same placeholders, for every tr template of every example', () => {
    const missing: string[] = [];
    for (const [name, { keys }] of readings) {
      const texts = EXAMPLE_MESSAGES[name] ?? {};
      for (const key of keys) {
        const zh = texts[key];
        if (zh === undefined || zh.trim() === '') missing.push(`${name}: ${JSON.stringify(key)}`);
        else expect(placeholders(zh), `${name}: placeholders of ${JSON.stringify(key)}`).toEqual(placeholders(key));
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps no key that its example does not use, and one file per example', () => {
    expect(Object.keys(EXAMPLE_MESSAGES).filter((name) => !readings.has(name))).toEqual([]);
    const unused = Object.entries(EXAMPLE_MESSAGES).flatMap(([name, texts]) => Object.keys(texts).filter((key) => !readings.get(name)?.keys.includes(key)).map((key) => `${name}: ${JSON.stringify(key)}`));
    expect(unused).toEqual([]);
  });

  it('gives a key shared by two examples the same Chinese text', () => {
    const seen = new Map<string, string>();
    for (const texts of Object.values(EXAMPLE_MESSAGES)) {
      for (const [key, zh] of Object.entries(texts)) {
        expect(seen.get(key) ?? zh, JSON.stringify(key)).toBe(zh);
        seen.set(key, zh);
      }
    }
    expect(EXAMPLE_TEXT['zh-CN'].size).toBe(seen.size);
  });

  it('sends what every example prints, titles, labels and throws through tr', () => {
    const untranslated = [...readings].flatMap(([name, { untranslated }]) => untranslated.map((text) => `${name}: ${JSON.stringify(text)}`));
    expect(untranslated).toEqual([]);
  });

  it('finds untranslated text and tr keys in a made-up example (the checks can fail)', () => {
    const { keys, untranslated } = read("print(tr`loss ${x.toFixed(2)} after ${n} steps`);\nprint('plain text');\nheatmap(w, { title: `weights of ${k}` });\nthrow new Error('bad input');");
    expect(keys).toEqual(['loss {0} after {1} steps']);
    expect(untranslated).toEqual(['plain text', 'weights of {}', 'bad input']);
  });
});
