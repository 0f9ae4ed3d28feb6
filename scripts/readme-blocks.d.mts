// Types of readme-blocks.mjs, for the packages' test/readme.test.ts.

/** One ```ts or ```js block of a README. */
export interface ReadmeBlock {
  /** The README's path. */
  file: string;
  /** The name of the README's folder: `core`, `models`, … */
  pkg: string;
  /** The line of the opening fence, from 1. */
  line: number;
  lang: string;
  /** `browser` when the fence says so; those need a DOM. */
  where: 'node' | 'browser';
  code: string;
}

/** The part of vitest's `test` that registerReadmeTests calls. */
export interface TestFunction {
  (name: string, fn: () => Promise<void>): void;
  skip(name: string, fn: () => void): void;
}

export function readmeBlocks(markdown: string, file: string): ReadmeBlock[];
export function blockName(block: ReadmeBlock): string;
export function registerReadmeTests(test: TestFunction, readmeUrl: URL): void;
export function transpileBlock(block: ReadmeBlock): Promise<string>;
export function runNodeBlocks(blocks: ReadmeBlock[], options: { cwd: string; node?: string; timeoutMs?: number }): Promise<number>;
