// A small static file server for the built guide (Node's http, no dependencies), used by
// `npm start`, `groundup serve` and the browser tests.
// - COOP/COEP on every response: the page is cross-origin isolated, so SharedArrayBuffer (the
//   library's thread pool) works; CORP same-origin, since everything the guide loads is its own.
// - MIME types for what a build holds: .js as text/javascript (module scripts and workers refuse
//   anything else), .wasm as application/wasm (streaming compilation checks it), .woff2, .svg, …
// - sw.js is served from the build's root, so the service worker's scope is the whole guide.
// - gzip for text when the browser accepts it (compressed once per file version, kept in memory).
// - Files under assets/ have content hashes in their names: cached for a year. Everything else
//   (index.html, sw.js, the manifest) is revalidated (ETag) on every load.
// - Routes are hash routes (#/ch/2), so there is no SPA fallback: an unknown path is a 404.
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.webmanifest', '.svg', '.wasm', '.txt', '.csv']);

/**
 * An http.Server answering GET/HEAD from `dir`. `prepare` (optional, async) runs once before the
 * first request is answered, e.g. a build; if it fails, every request gets a 500 with its message.
 * `server.reprepare()` makes the next request run it again (vitest's watch mode, after an edit).
 */
export function createStaticServer({ dir, prepare } = {}) {
  const rootDir = resolve(dir);
  /** @type {Map<string, { tag: string, body: Buffer }>} */
  const gz = new Map();
  let ready = null;
  const whenReady = () => (ready ??= prepare ? Promise.resolve().then(prepare) : Promise.resolve());

  const server = createServer(async (req, res) => {
    const base = { ...ISOLATION_HEADERS, 'X-Content-Type-Options': 'nosniff' };
    const fail = (code, text) => {
      res.writeHead(code, { ...base, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`${text}\n`);
    };
    try {
      await whenReady();
    } catch (e) {
      return fail(500, `the guide could not be built: ${e instanceof Error ? e.message : e}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return fail(405, `${req.method} is not supported`);
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return fail(400, 'bad URL');
    }
    let file = resolve(rootDir, `.${path}`);
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return fail(403, 'outside the guide');
    let st;
    try {
      st = statSync(file);
      if (st.isDirectory()) st = statSync((file = join(file, 'index.html')));
    } catch {
      return fail(404, `not found: ${path}`);
    }
    if (!st.isFile()) return fail(404, `not found: ${path}`);

    const ext = extname(file).toLowerCase();
    const tag = `"${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
    const immutable = path.startsWith('/assets/');
    const headers = {
      ...base,
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: tag,
    };
    const zip = COMPRESSIBLE.has(ext) && st.size > 1024;
    if (zip) headers.Vary = 'Accept-Encoding';
    if (req.headers['if-none-match'] === tag) {
      res.writeHead(304, headers);
      return res.end();
    }
    if (zip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let hit = gz.get(file);
      if (!hit || hit.tag !== tag) gz.set(file, (hit = { tag, body: gzipSync(await readFile(file), { level: 6 }) }));
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': hit.body.length });
      return res.end(req.method === 'HEAD' ? undefined : hit.body);
    }
    res.writeHead(200, { ...headers, 'Content-Length': st.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  server.reprepare = () => {
    ready = null;
    gz.clear();
  };
  server.whenReady = whenReady;
  return server;
}

/**
 * Serves `dir` on host:port (port 0: a free one); resolves once it listens with
 * `{ server, url, close }`. A port in use rejects with a message that says which.
 */
export function serveStatic({ dir, port = 5173, host = '127.0.0.1', prepare } = {}) {
  const server = createStaticServer({ dir, prepare });
  return new Promise((resolveP, reject) => {
    server.once('error', (e) => reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use (set PORT to another)`) : e));
    server.listen(port, host, () => {
      const addr = server.address();
      const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}/`;
      const close = () =>
        new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections?.();
        });
      resolveP({ server, url, close });
    });
  });
}
