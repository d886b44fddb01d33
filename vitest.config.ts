import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      groundup: fileURLToPath(new URL('./packages/groundup/src/index.ts', import.meta.url)),
      '@groundup/claims': fileURLToPath(new URL('./packages/claims/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.mjs'],
    testTimeout: 60_000,
    pool: 'forks',
    // one production build of the guide and one server for every browser test file (built on first use)
    globalSetup: ['packages/guide/test/global-setup.ts'],
    // relaxed SIMD is behind a flag in Node 20: with it, the tests exercise both kernel builds
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});
