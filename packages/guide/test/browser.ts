/**
 * Test helpers: the guide's dev server on a free port and Debian's Chromium via playwright-core
 * (same flags as packages/groundup/src/testing/chromium.ts). Every request the page makes is
 * recorded so a test can assert that none leaves localhost.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

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
    serveGuide(o: { port: number; quiet: boolean; cacheDir: string }): Promise<{ server: ViteLike; url: string }>;
  };
  const { server, url } = await mod.serveGuide({ port: 0, quiet: true, cacheDir: fileURLToPath(new URL('../node_modules/.vite-test', import.meta.url)) });
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
