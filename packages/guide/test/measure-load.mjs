#!/usr/bin/env node
// What a first visit costs: for each route, a fresh Chromium context (empty cache) opens the guide
// at <url><route>, waits until the router says the page is ready, the fonts have loaded and the
// network is idle, and sums what the page fetched: request count and bytes on the wire (headers +
// encoded body, as Chromium reports them). The service worker is blocked, so the figures are the page's own; its
// background precache of a production build is reported separately (the files sw.js lists).
//
//   node packages/guide/test/measure-load.mjs http://127.0.0.1:5173/ [#/ '#/ch/2' ...]
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:5173/', ...routesArg] = process.argv.slice(2);
const routes = routesArg.length ? routesArg : ['#/', '#/ch/2', '#/ch/5'];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

async function visit(route) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const done = [];
  page.on('requestfinished', (r) => done.push(r));
  const t0 = Date.now();
  await page.goto(`${base}${route}`);
  const ready = decodeURIComponent(route.replace(/^#/, '') || '/');
  await page.waitForFunction((r) => document.documentElement.dataset.ready === r, ready, { timeout: 120_000 });
  const readyMs = Date.now() - t0;
  // fonts load once text that uses them is laid out, which can be after the network first idles
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1500);
  await page.evaluate(() => document.fonts.ready);
  let bytes = 0;
  let decoded = 0;
  const kinds = {};
  for (const r of done) {
    const s = await r.sizes();
    bytes += s.responseBodySize + s.responseHeadersSize;
    decoded += (await (await r.response())?.body().catch(() => Buffer.alloc(0)))?.length ?? 0;
    const ext = /\.([a-z0-9]+)(?:\?|$)/.exec(new URL(r.url()).pathname)?.[1] ?? 'html';
    kinds[ext] = (kinds[ext] ?? 0) + 1;
  }
  await context.close();
  return { route, requests: done.length, bytes, decoded, readyMs, kinds };
}

await visit(routes[0]); // warms the server (a dev server transforms on first request)
for (const route of routes) {
  const r = await visit(route);
  console.log(`${route.padEnd(10)} ${String(r.requests).padStart(4)} requests ${(r.bytes / 1e6).toFixed(2).padStart(6)} MB on the wire (${(r.decoded / 1e6).toFixed(2)} MB decoded)  ready in ${r.readyMs} ms  ${JSON.stringify(r.kinds)}`);
}
await browser.close();
