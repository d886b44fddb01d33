/**
 * The guide's Vite config, shared by `serve.mjs` (dev server), `vite build` and the browser tests.
 * - 'groundup' resolves to the library's TypeScript source: no build step, and the guide can show
 *   the very file that computed a number.
 * - COOP/COEP make the page cross-origin isolated, so SharedArrayBuffer (the library's thread pool)
 *   works; every resource is same-origin anyway, since the guide makes no remote requests.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { offline } from './offline.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: here('.'),
  plugins: [offline()], // a build also writes sw.js (offline.ts)
  resolve: { alias: { groundup: here('../groundup/src/index.ts'), '@groundup/claims': here('../claims/src/index.ts') } },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.PORT) || 5173,
    strictPort: false,
    headers: isolationHeaders,
    fs: { allow: [here('../..')] },
  },
  preview: {
    host: '127.0.0.1',
    port: Number(process.env.PORT) || 5173,
    headers: isolationHeaders,
  },
  optimizeDeps: {
    // listed up front so the first page load never triggers a re-optimisation and reload
    include: ['katex', 'uplot', 'codemirror', '@codemirror/lang-javascript', '@codemirror/language', '@codemirror/state', '@codemirror/view', '@lezer/highlight'],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
