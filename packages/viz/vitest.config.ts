import { defineConfig } from 'vitest/config';

// DOM tests run in happy-dom; files that exercise the Node renderer opt into
// the plain node environment with a `@vitest-environment node` comment.
export default defineConfig({
  resolve: { conditions: ['@attention-lab/source', 'module', 'browser', 'import', 'default'] },
  // Vitest resolves test imports in Vite's SSR environment, which has its own conditions.
  ssr: { resolve: { conditions: ['@attention-lab/source', 'module', 'browser', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'happy-dom',
    // CI machines have 2 cores shared with other packages' tests: allow slow runs, never flaky timeouts.
    testTimeout: 60_000,
  },
});
