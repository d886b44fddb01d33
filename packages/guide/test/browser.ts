/**
 * Test helpers: the guide as users get it (a production build on a static server with COOP/COEP,
 * built once per vitest run by test/global-setup.ts) and Debian's Chromium via playwright-core
 * (same flags as packages/groundup/src/testing/chromium.ts). Every request the page makes is
 * recorded so a test can assert that none leaves localhost. `startGuide({ dev: true })` (or
 * GUIDE_DEV=1 for every file) starts Vite's dev server instead, for a test that needs the
 * unbundled modules.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildGuide } from '../build.mjs';
import { serveStatic } from '../static-server.mjs';

/** Where the browser tests write screenshots (test-results/ at the repository root, made on import). */
export const shots = fileURLToPath(new URL('../../../test-results/', import.meta.url));
mkdirSync(shots, { recursive: true });

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; \`npm test\` installs it (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

interface ViteLike {
  close(): Promise<void>;
}

export interface GuideServer {
  url: string;
  close: () => Promise<void>;
}

/** Vite's dev server on a free port (its own dependency cache, so it never disturbs `npm run dev`). */
export async function startDevGuide(): Promise<GuideServer> {
  const mod = (await import(fileURLToPath(new URL('../serve.mjs', import.meta.url)))) as {
    serveGuide(o: { port: number; quiet: boolean; cacheDir: string; hmr: boolean }): Promise<{ server: ViteLike; url: string }>;
  };
  // no hot reload: another developer saving a file must not reload a page in the middle of a test
  const { server, url } = await mod.serveGuide({ port: 0, quiet: true, hmr: false, cacheDir: fileURLToPath(new URL('../node_modules/.vite-test', import.meta.url)) });
  return { url, close: () => server.close() };
}

/** Waits for the shared server's build (its first request triggers it); a failed build throws its output. */
async function whenBuilt(url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the guide's test build at ${url} answered ${res.status}: ${(await res.text()).slice(0, 4000)}`);
}

/**
 * The guide for a test file: the run's shared production build (global-setup.ts), or with
 * `dev: true` (or GUIDE_DEV=1) a dev server of its own. Outside that setup (another vitest config)
 * it builds into a temporary folder and serves that. `close` stops only what this call started.
 */
export async function startGuide(opts: { dev?: boolean } = {}): Promise<GuideServer> {
  if (opts.dev || process.env.GUIDE_DEV === '1') return startDevGuide();
  const shared = inject('guideUrl');
  if (shared) {
    await whenBuilt(shared);
    return { url: shared, close: async () => {} };
  }
  const outDir = mkdtempSync(join(tmpdir(), 'groundup-guide-test-'));
  await buildGuide({ outDir, quiet: true, lenient: true });
  const own = await serveStatic({ dir: outDir, port: 0 });
  return {
    url: own.url,
    close: async () => {
      await own.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page that records every request URL and every console error. The service worker is
 * blocked unless asked for: installing it fetches the whole build in the background for every new
 * context, which only the offline test needs.
 */
export async function openPage(browser: Browser, opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; serviceWorkers?: 'allow' | 'block' } = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? 'light',
    serviceWorkers: opts.serviceWorkers ?? 'block',
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { page, context, requests, errors };
}

/** Navigates to a hash route and waits until the router has rendered it. */
export async function goto(page: Page, base: string, hash: string): Promise<void> {
  const route = hash.replace(/^#/, '') || '/';
  if (page.url().startsWith(base) && page.url() !== 'about:blank') {
    await page.evaluate((h) => (location.hash = h), hash);
  } else await page.goto(`${base}${hash}`);
  await page.waitForFunction((r) => document.documentElement.dataset.ready === r, decodeURIComponent(route));
}

/**
 * The guide and one Chromium for a test file: registers the beforeAll that gets both (in
 * parallel) and the afterAll that closes them. `url` is the server's address (read it inside a
 * test); `open` is openPage on that browser. `{ dev: true }`: Vite's dev server (startGuide).
 */
export function useGuide(opts: { dev?: boolean } = {}) {
  let browser: Browser | undefined;
  let server: GuideServer | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startGuide(opts), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url(): string {
      if (!server) throw new Error('useGuide: the server starts in beforeAll; read url inside a test');
      return server.url;
    },
    open(opts: Parameters<typeof openPage>[1] = {}) {
      if (!browser) throw new Error('useGuide: the browser starts in beforeAll; open pages inside a test');
      return openPage(browser, opts);
    },
  };
}
