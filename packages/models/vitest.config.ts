import { defineConfig } from 'vitest/config';

// Every test file runs twice: once on the cpu backend, once on wasm.
export default defineConfig({
  resolve: { conditions: ['@attention-lab/source', 'module', 'node', 'import', 'default'] },
  // Vitest resolves test imports in Vite's SSR environment, which has its own conditions.
  ssr: { resolve: { conditions: ['@attention-lab/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'cpu', env: { TFJS_BACKEND: 'cpu' }, setupFiles: ['test/setup-backend.ts'] } },
      { extends: true, test: { name: 'wasm', env: { TFJS_BACKEND: 'wasm' }, setupFiles: ['test/setup-backend.ts'] } },
    ],
  },
});
