/**
 * The library in a real browser: it bundles for the web with no Node built-ins, and the seeded
 * generator gives the same numbers in Chromium as in Node.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './testing/chromium.js';
import { manualSeed, randn, tensor } from './index.js';

let browser: Browser;
let bundle: string;
let server: Server;
let isolatedUrl: string;

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
  // a page served with COOP/COEP, so it is cross-origin isolated and may use SharedArrayBuffer
  server = createServer((req, res) => {
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    if (req.url === '/groundup.js') res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(bundle);
    else res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><title>groundup</title><script src="/groundup.js"></script>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  isolatedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
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

  it('runs matmul on the WebAssembly path, on one thread and on two workers, with the reference path\'s numbers', async () => {
    const page = await browser.newPage();
    await page.goto(isolatedUrl);
    const r = await page.evaluate(async () => {
      const g = (globalThis as unknown as { groundup: typeof import('./index.js') }).groundup;
      const isolated = globalThis.crossOriginIsolated;
      g.manualSeed(3);
      const a = g.randn([67, 129]);
      const b = g.randn([129, 45]);
      const backend = g.getBackend();
      const fast = Array.from(a.matmul(b).data);
      const threads = await g.setThreads(2);
      const big = [g.randn([256, 300]), g.randn([300, 200])] as const;
      const twoThreads = Array.from(big[0].matmul(big[1]).data);
      await g.setThreads(1);
      g.setBackend('reference');
      const ref = Array.from(a.matmul(b).data);
      const bigRef = Array.from(big[0].matmul(big[1]).data);
      g.setBackend('wasm');
      const maxDiff = (x: number[], y: number[]) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
      return { isolated, backend, threads, d1: maxDiff(fast, ref), d2: maxDiff(twoThreads, bigRef), n: twoThreads.length };
    });
    expect(r.isolated).toBe(true);
    expect(r.backend).toBe('wasm');
    expect(r.threads).toBe(2);
    expect(r.n).toBe(256 * 200);
    // sums of ~300 products of N(0,1) numbers: float32 rounding differences stay far below 1e-3
    expect(r.d1).toBeLessThan(1e-3);
    expect(r.d2).toBeLessThan(1e-3);
    await page.close();
  });
});
