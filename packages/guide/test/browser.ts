/**
 * Test helpers: the guide's dev server on a free port and Debian's Chromium via playwright-core
 * (same flags as packages/groundup/src/testing/chromium.ts). Every request the page makes is
 * recorded so a test can assert that none leaves localhost.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

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

/** Starts the guide's Vite dev server on a free port (its own dependency cache, so it never disturbs `npm start`). */
export async function startGuide(): Promise<{ url: string; close: () => Promise<void> }> {
  const mod = (await import(fileURLToPath(new URL('../serve.mjs', import.meta.url)))) as {
    serveGuide(o: { port: number; quiet: boolean; cacheDir: string; hmr: boolean }): Promise<{ server: ViteLike; url: string }>;
  };
  // no hot reload: another developer saving a file must not reload a page in the middle of a test
  const { server, url } = await mod.serveGuide({ port: 0, quiet: true, hmr: false, cacheDir: fileURLToPath(new URL('../node_modules/.vite-test', import.meta.url)) });
  return { url, close: () => server.close() };
}

/** Opens a page that records every request URL and every console error. */
export async function openPage(browser: Browser, opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 }, colorScheme: opts.colorScheme ?? 'light' });
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
 * One dev server and one Chromium for a test file: registers the beforeAll that starts both (in
 * parallel) and the afterAll that closes them. `url` is the server's address (read it inside a
 * test); `open` is openPage on that browser.
 */
export function useGuide() {
  let browser: Browser | undefined;
  let server: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startGuide(), launchChromium()]);
  }, 60_000);
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
