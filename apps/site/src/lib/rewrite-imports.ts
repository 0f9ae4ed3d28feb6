import { parse, type ImportDeclaration, type ImportExpression, type Node, type Program } from 'acorn';

/** One `import … from '…'` statement found by {@link rewriteImports}. */
export interface FoundImport {
  /** The module specifier, e.g. `'@attention-lab/core'`. */
  specifier: string;
  /** 1-based line where the statement starts. */
  line: number;
}

/** What {@link rewriteImports} returns. */
export interface RewrittenModule {
  /** The code with every import, static or dynamic, replaced by a lookup; same number of lines. */
  code: string;
  /** The static imports it replaced, in order. */
  imports: FoundImport[];
}

/** A syntax error in an example, with the 1-based line and column it points at. */
export class ExampleSyntaxError extends SyntaxError {
  /**
   * @param message - What is wrong.
   * @param line - 1-based line in the reader's code.
   * @param column - 1-based column in the reader's code.
   */
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** Reads the code as a module that may use `await` at its top level. */
function parseModule(code: string): Program {
  try {
    return parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)$/, '') : String(error);
    throw new ExampleSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
}

/** `const … = registry["x"];` for one import declaration. */
function declarationsFor(node: ImportDeclaration, registry: string): string {
  const specifier = String(node.source.value);
  const source = `${registry}[${JSON.stringify(specifier)}]`;
  if (node.specifiers.length === 0) {
    throw new ExampleSyntaxError(
      `import '${specifier}' brings in no names; examples can only import values from the modules they are given`,
      node.loc?.start.line ?? 1,
      (node.loc?.start.column ?? 0) + 1,
    );
  }
  const named: string[] = [];
  const out: string[] = [];
  for (const spec of node.specifiers) {
    if (spec.type === 'ImportNamespaceSpecifier') out.push(`const ${spec.local.name} = ${source};`);
    else if (spec.type === 'ImportDefaultSpecifier') out.push(`const ${spec.local.name} = ${source}.default;`);
    else {
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
      named.push(imported === spec.local.name ? imported : `${JSON.stringify(imported)}: ${spec.local.name}`);
    }
  }
  if (named.length > 0) out.push(`const { ${named.join(', ')} } = ${source};`);
  return out.join(' ');
}

/** Every `import(…)` expression in a tree, outermost first. */
function importExpressions(node: unknown, found: ImportExpression[] = []): ImportExpression[] {
  if (Array.isArray(node)) {
    for (const child of node) importExpressions(child, found);
  } else if (typeof node === 'object' && node != null && typeof (node as Node).type === 'string') {
    if ((node as Node).type === 'ImportExpression') found.push(node as ImportExpression);
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') importExpressions(value, found);
  }
  return found;
}

/** One replacement of the code between `start` and `end`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Turns every import of an example's source into a lookup in a registry of
 * modules, so the code can run as a module where bare specifiers cannot be
 * resolved (a Blob URL inside a Web Worker), and so that it can import
 * nothing but the registry's modules: what the registry lacks (a URL on
 * another site, say) is refused with a message that lists what it has. Line
 * numbers are preserved, so an error's line in the rewritten code is its line
 * in the reader's code.
 *
 * `import * as tf from 'x'`, `import a from 'x'` and `import { a, b as c } from 'x'`
 * become `const … = registry["x"];`; `import(x)` becomes a promise of
 * `registry[x]`. `export … from 'x'` is refused: examples have no use for
 * re-exports. Everything else is left as written.
 *
 * @param code - The example's source: a JavaScript module, top-level `await` allowed.
 * @param registry - The expression that names the module registry at run time,
 *   e.g. `'globalThis.__liveModules'`.
 * @returns The rewritten code and the static imports found.
 * @throws {@link ExampleSyntaxError} with the line and column of a syntax error,
 *   of an import that brings in no names, or of an `export … from`.
 * @example
 * rewriteImports("import { a as b } from 'm';\nb();", 'R').code;
 * // 'const { "a": b } = R["m"];\nb();'
 */
export function rewriteImports(code: string, registry: string): RewrittenModule {
  const program = parseModule(code);
  const imports: FoundImport[] = [];
  const edits: Edit[] = [];
  for (const node of program.body) {
    if ((node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') && node.source != null) {
      throw new ExampleSyntaxError(
        `export … from '${String(node.source.value)}' cannot run here: examples export nothing, and import names only from the modules they are given`,
        node.loc?.start.line ?? 1,
        (node.loc?.start.column ?? 0) + 1,
      );
    }
    if (node.type !== 'ImportDeclaration') continue;
    imports.push({ specifier: String(node.source.value), line: node.loc?.start.line ?? 1 });
    edits.push({ start: node.start, end: node.end, text: declarationsFor(node, registry) });
  }
  // import(x) → (async (s) => registry[s])(x): the two ends are replaced, so imports inside x are rewritten too.
  for (const node of importExpressions(program.body)) {
    edits.push({ start: node.start, end: node.source.start, text: `(async (s) => ${registry}[s])(` });
    edits.push({ start: node.source.end, end: node.end, text: ')' });
  }
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const { start, end, text } of edits) {
    const lineBreaks = '\n'.repeat((code.slice(start, end).match(/\n/g) ?? []).length);
    out += code.slice(cursor, start) + text + lineBreaks;
    cursor = end;
  }
  return { code: out + code.slice(cursor), imports };
}
