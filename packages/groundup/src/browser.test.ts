/**
 * The library in a real browser: it bundles for the web with no Node built-ins, and the seeded
 * generator gives the same numbers in Chromium as in Node.
 */
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './testing/chromium.js';
import { manualSeed, randn, tensor } from './index.js';

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    entryPoints: [new URL('./index.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'groundup',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('in Chromium', () => {
  it('the bundle has no Node built-ins', () => {
    expect(bundle).not.toMatch(/require\(["']node:|from ["']node:/);
    expect(bundle.length).toBeGreaterThan(10_000);
  });

  it('same seed, same numbers as Node; the spec numbers hold', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>groundup</title>');
    await page.addScriptTag({ content: bundle });
    const inBrowser = await page.evaluate(() => {
      const g = (globalThis as unknown as { groundup: typeof import('./index.js') }).groundup;
      g.manualSeed(42);
      const r = Array.from(g.randn([6]).data);
      const dot = g.tensor([2, 3, 1]).matmul(g.tensor([4, 1, 5])).item();
      let message = '';
      try {
        g.zeros([32, 1000]).matmul(g.zeros([256, 1000]));
      } catch (e) {
        message = `${(e as Error).name}: ${(e as Error).message}`;
      }
      return { r, dot, message };
    });
    manualSeed(42);
    expect(inBrowser.r).toEqual(Array.from(randn([6]).data));
    expect(inBrowser.dot).toBe(tensor([2, 3, 1]).matmul(tensor([4, 1, 5])).item());
    expect(inBrowser.message).toMatch(/^ShapeError: matmul: cannot multiply \[32,1000\] by \[256,1000\]/);
    await page.close();
  });
});
