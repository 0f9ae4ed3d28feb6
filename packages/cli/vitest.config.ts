import { defineConfig } from 'vitest/config';

// Unit tests run on source; test/cli.test.ts spawns the built dist/bin.js
// (the `test` script builds it first). Files run one at a time: the spawned
// commands train models and share two cores.
export default defineConfig({
  resolve: { conditions: ['@attention-lab/source', 'module', 'node', 'import', 'default'] },
  // Vitest resolves test imports in Vite's SSR environment, which has its own conditions.
  ssr: { resolve: { conditions: ['@attention-lab/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    isolate: false,
    setupFiles: ['test/setup-backend.ts'],
  },
});
