#!/usr/bin/env node
// Serves the guide with Vite's dev server (used by `npm start` and `groundup serve`).
//   node packages/guide/serve.mjs            → http://127.0.0.1:5173 (or $PORT)
// As a module: `const { server, url } = await serveGuide({ port })`.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const guideDir = fileURLToPath(new URL('.', import.meta.url));

/** Starts the dev server; resolves once it listens. `port: 0` picks a free port. */
/** `hmr: false` (the browser tests): an edit to a source file does not reload an open page mid-test. */
export async function serveGuide({ port, host = '127.0.0.1', quiet = false, cacheDir, hmr = true } = {}) {
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
  return { server, url: `http://${host}:${actualPort}/` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const envPort = process.env.PORT ? Number(process.env.PORT) : 5173;
  const { server, url } = await serveGuide({ port: envPort });
  console.log(`\n  groundup guide → ${url}\n  (Ctrl+C stops the server)\n`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
