import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@attention-lab/source', 'module', 'node', 'import', 'default'] },
  // Vitest resolves test imports in Vite's SSR environment, which has its own conditions.
  ssr: { resolve: { conditions: ['@attention-lab/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
