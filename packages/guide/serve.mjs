#!/usr/bin/env node
// Serves the guide (used by `npm start`, `npm run dev` and `groundup serve`).
//   node packages/guide/serve.mjs            → the production build (dist/) on http://127.0.0.1:5173
//                                              (or $PORT, or --port N); built first when dist/ is
//                                              missing or older than a source file
//   node packages/guide/serve.mjs --dev      → Vite's dev server instead (an edit reloads the page)
// As a module: `serveBuilt({ port })` (the build, static-server.mjs) and `serveGuide({ port })`
// (the dev server); both resolve once listening with `{ url, close }` (and `server`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGuide, defaultOutDir, guideDir, viteBin } from './build.mjs';
import { serveStatic } from './static-server.mjs';

/** Newest modification time (ms) of the files the build is made from. */
function newestSource() {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['src', 'public', '../groundup/src', '../claims/src']) if (existsSync(join(guideDir, d))) walk(join(guideDir, d));
  for (const f of ['index.html', 'vite.config.ts', 'offline.ts']) if (existsSync(join(guideDir, f))) newest = Math.max(newest, statSync(join(guideDir, f)).mtimeMs);
  return newest;
}

/** Why dist/ needs a build ('' when it is current). */
export function staleReason(dir = defaultOutDir) {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return `${dir} has no build yet`;
  if (existsSync(join(guideDir, 'src')) && newestSource() > statSync(index).mtimeMs) return 'a source file is newer than the build';
  return '';
}

/**
 * Serves the production build in `dir` (default dist/). `build`: 'auto' builds first when the
 * build is missing or stale (and Vite is installed), true always, false never.
 */
export async function serveBuilt({ dir = defaultOutDir, port = 5173, host = '127.0.0.1', build = 'auto', quiet = false } = {}) {
  const why = build === true ? 'asked to' : build === 'auto' ? staleReason(dir) : '';
  if (why) {
    if (!viteBin()) {
      if (!existsSync(join(dir, 'index.html')))
        throw new Error(`the guide is not built (${dir}/index.html is missing) and Vite is not installed to build it: run \`npm install && npm run build\` in the groundup repository`);
    } else {
      if (!quiet) console.log(`› building the guide (${why})…`);
      await buildGuide({ outDir: dir, quiet: true });
    }
  }
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`the guide is not built: ${dir}/index.html is missing (npm run build)`);
  return serveStatic({ dir, port, host });
}

/** Starts Vite's dev server; resolves once it listens. `port: 0` picks a free port. */
/** `hmr: false` (the browser tests): an edit to a source file does not reload an open page mid-test. */
export async function serveGuide({ port, host = '127.0.0.1', quiet = false, cacheDir, hmr = true } = {}) {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: `${guideDir}vite.config.ts`,
    root: guideDir,
    logLevel: quiet ? 'silent' : 'info',
    ...(cacheDir ? { cacheDir } : {}),
    server: {
      host,
      ...(port !== undefined ? { port, strictPort: port !== 0 } : {}),
      ...(hmr ? {} : { hmr: false }),
    },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  return { server, url: `http://${host}:${actualPort}/`, close: () => server.close() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const argv = process.argv.slice(2);
  const dev = argv.includes('--dev');
  const at = argv.indexOf('--port');
  const port = at >= 0 ? Number(argv[at + 1]) : process.env.PORT ? Number(process.env.PORT) : 5173;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: the port must be a whole number from 0 to 65535, got ${at >= 0 ? argv[at + 1] : process.env.PORT}`);
    process.exit(2);
  }
  let running;
  try {
    running = dev ? await serveGuide({ port }) : await serveBuilt({ port });
  } catch (e) {
    console.error(`serve: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
  console.log(`\n  groundup guide${dev ? ' (dev server)' : ''} → ${running.url}\n  (Ctrl+C stops the server)\n`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
