/**
 * The guide's Vite config, shared by `serve.mjs` (dev server), `vite build` and the browser tests.
 * - 'groundup' resolves to the library's TypeScript source: no build step, and the guide can show
 *   the very file that computed a number.
 * - COOP/COEP make the page cross-origin isolated, so SharedArrayBuffer (the library's thread pool)
 *   works; every resource is same-origin anyway, since the guide makes no remote requests.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { offline } from './offline.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * KaTeX's stylesheet offers every font three times (woff2, woff, ttf). A browser takes the first
 * format it supports, and every browser the guide runs in (it needs ES2022 modules and
 * SharedArrayBuffer) supports woff2, so the other two are dropped: a build ships 20 font files
 * (256 KB) instead of 60 (1.08 MB), and the service worker caches only those.
 */
export function woff2Only(): Plugin {
  return {
    name: 'groundup-katex-woff2',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css(\?|$)/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root: here('.'),
  // relative URLs: the built guide works from any path, not only a server's root
  base: './',
  plugins: [woff2Only(), offline()], // a build also writes sw.js (offline.ts)
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
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // the largest chunk is a data set (Fashion-MNIST's sample, ~1.6 MB), loaded only by its widget
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      checks: { bundlerTimings: false },
      // the browser tests' build (build.mjs, lenient): an import of a name another file does not
      // export (yet: someone is halfway through an edit) fails only the chapter that uses it, as
      // on the dev server, instead of the whole build; `tsc` still reports it
      shimMissingExports: process.env.GUIDE_BUILD_LENIENT === '1',
    },
  },
});
