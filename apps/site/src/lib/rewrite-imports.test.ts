import { describe, expect, test } from 'vitest';
import { ExampleSyntaxError, rewriteImports } from './rewrite-imports';

describe('rewriteImports', () => {
  test('rewriteImports turns namespace, default and named imports into registry lookups', () => {
    const code = "import * as tf from '@tensorflow/tfjs';\nimport d, { a, b as c } from 'm';\nprint(a);";
    const { code: out, imports } = rewriteImports(code, 'R');
    expect(out).toBe(
      'const tf = R["@tensorflow/tfjs"];\nconst d = R["m"].default; const { a, "b": c } = R["m"];\nprint(a);',
    );
    expect(imports).toEqual([
      { specifier: '@tensorflow/tfjs', line: 1 },
      { specifier: 'm', line: 2 },
    ]);
  });

  test('rewriteImports keeps line numbers through a multi-line import', () => {
    const code = "import {\n  a,\n  b,\n} from 'm';\nthrow new Error('x');";
    const { code: out } = rewriteImports(code, 'R');
    expect(out.split('\n')).toHaveLength(code.split('\n').length);
    expect(out.split('\n')[4]).toBe("throw new Error('x');");
  });

  test('rewriteImports leaves import-like text in strings and comments alone', () => {
    const code = "// import x from 'y'\nconst s = \"import a from 'b'\";";
    expect(rewriteImports(code, 'R').code).toBe(code);
  });

  test('rewriteImports accepts top-level await', () => {
    expect(() => rewriteImports('await Promise.resolve(1);', 'R')).not.toThrow();
  });

  test('rewriteImports reports a syntax error with its line and column', () => {
    try {
      rewriteImports('const a = 1;\nconst b = ;', 'R');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExampleSyntaxError);
      expect((error as ExampleSyntaxError).line).toBe(2);
      expect((error as ExampleSyntaxError).column).toBe(11);
    }
  });

  test('rewriteImports rejects an import that brings in no names, naming its line', () => {
    expect(() => rewriteImports("const a = 1;\nimport 'side-effect';", 'R')).toThrow(/brings in no names/);
  });

  test('rewriteImports turns import(…) into a promise of the registry lookup, on the same lines', () => {
    const code = "const m = await import('https://example.com/x.js');\nconst n = await import(\n  name,\n  { with: { type: 'json' } }\n);";
    const { code: out, imports } = rewriteImports(code, 'R');
    expect(out).toBe("const m = await (async (s) => R[s])('https://example.com/x.js');\nconst n = await (async (s) => R[s])(\nname)\n\n;");
    expect(out.split('\n')).toHaveLength(code.split('\n').length);
    expect(imports).toEqual([]);
  });

  test('rewriteImports rewrites an import(…) nested in another and one inside a function', () => {
    const code = "async function f() { return import(import('a')); }";
    expect(rewriteImports(code, 'R').code).toBe('async function f() { return (async (s) => R[s])((async (s) => R[s])(\'a\')); }');
  });

  test('rewriteImports refuses export … from, naming the module, its line and column', () => {
    for (const statement of ["export * from 'https://example.com/x.js';", "export * as x from 'https://example.com/x.js';", "export { a } from 'https://example.com/x.js';"]) {
      try {
        rewriteImports(`const a = 1;\n  ${statement}`, 'R');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ExampleSyntaxError);
        expect((error as Error).message).toBe(
          "export … from 'https://example.com/x.js' cannot run here: examples export nothing, and import names only from the modules they are given",
        );
        expect([(error as ExampleSyntaxError).line, (error as ExampleSyntaxError).column]).toEqual([2, 3]);
      }
    }
    expect(rewriteImports('export const a = 1;', 'R').code).toBe('export const a = 1;');
  });
});

