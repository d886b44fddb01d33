/**
 * The guide offline, in Chromium against a production build (`vite build` + `vite preview`, since
 * `npm start` serves the dev server, which has no service worker): after one visit the service
 * worker has cached the build under one versioned cache; with the network off, a reload still
 * renders chapters and the "your data" page; code-cell edits and widget states survive a reload and
 * a fresh page (a browser restart keeps localStorage), and a cell's reset restores the original.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, shots } from './browser.js';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'groundup-guide-build-'));
let url = '';
let close: () => Promise<void> = async () => {};
let browser: Browser;

beforeAll(async () => {
  const { build, preview } = await import('vite');
  // vitest sets NODE_ENV=test, under which Vite builds without import.meta.env.PROD (and so without the worker)
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
  const server = await preview({ configFile, logLevel: 'silent', build: { outDir }, preview: { port: 0, strictPort: false } });
  url = server.resolvedUrls!.local[0]!;
  close = () => new Promise<void>((r) => server.httpServer.close(() => r()));
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await close();
});

describe('offline', () => {
  it('works with the network off after one visit; edits and states persist; reset restores a cell', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${url}#/ch/5`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/5');
    // the worker installs (caching every file of the build), activates and claims this page
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 }).catch(async (e) => {
      throw new Error(`no service worker: ${JSON.stringify(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => [r.active?.state, r.installing?.state, r.waiting?.state])))} ${errors.join(' | ')} ${e}`);
    });
    const version = /const CACHE = '(groundup-[0-9a-f]{12})'/.exec(readFileSync(join(outDir, 'sw.js'), 'utf8'))![1];
    expect(await page.evaluate(() => caches.keys())).toEqual([version]);
    const manifest = await page.evaluate(() => fetch(document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href).then((r) => r.json()));
    expect(manifest).toMatchObject({ short_name: 'groundup', display: 'standalone' });

    // a widget state and a code-cell edit, made online
    await page.selectOption('[data-widget="ch5-train"] select[data-ctl="hidden"]', '16');
    const code = '[data-widget="ch5-train"] [data-tab="code"]';
    const cm = '[data-widget="ch5-train"] .cm-content';
    await page.click(code);
    await page.waitForSelector(cm);
    const cell = page.locator(cm);
    const original = await cell.textContent();
    await cell.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// my edit');
    await page.waitForTimeout(400);

    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/5', null, { timeout: 15_000 }).catch(async (e) => {
      throw new Error(`offline reload: ${page.url()} ready=${await page.evaluate(() => document.documentElement.dataset.ready)} ${errors.join(' | ')} ${(await page.textContent('body'))?.slice(0, 200)} ${e}`);
    });
    expect(await page.inputValue('[data-widget="ch5-train"] select[data-ctl="hidden"]')).toBe('16');
    await page.click(code);
    await page.waitForSelector(cm);
    expect(await page.locator(cm).textContent()).toContain('// my edit');
    await page.evaluate(() => (location.hash = '#/data'));
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/data');
    expect(await page.textContent('h1')).toBe('Your data');

    // "restart": a new page on the bare address (no query string), still offline
    const fresh = await context.newPage();
    await fresh.goto(`${url}#/ch/5`);
    await fresh.waitForFunction(() => document.documentElement.dataset.ready === '/ch/5');
    expect(await fresh.inputValue('[data-widget="ch5-train"] select[data-ctl="hidden"]')).toBe('16');
    await fresh.click(code);
    await fresh.waitForSelector(cm);
    expect(await fresh.locator(cm).textContent()).toContain('// my edit');
    await fresh.click('[data-widget="ch5-train"] .code-cell .reset');
    await fresh.waitForTimeout(200);
    expect(await fresh.locator(cm).textContent()).toBe(original);
    await fresh.screenshot({ path: `${shots}offline-ch5.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
