import { defineConfig } from 'vitest/config';

// Unit tests for the site's plain TypeScript helpers; the pages themselves are
// tested in Chromium by e2e/.
export default defineConfig({
  resolve: { conditions: ['@attention-lab/source', 'module', 'browser', 'import', 'default'] },
  // Vitest resolves test imports in Vite's SSR environment, which has its own conditions.
  ssr: { resolve: { conditions: ['@attention-lab/source', 'module', 'browser', 'import', 'default'] } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
