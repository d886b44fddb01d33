/**
 * Chapter 2's matrix-product speed widget in Chromium: at a small size it reports a finite,
 * positive GFLOP/s for every path the page has, the paths agree on the product, the event loop
 * keeps running while it measures, and the library's backend and thread count are what they were
 * before. No timing assertions: only that the figures exist and make sense.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shots, useGuide } from './browser.js';

// the dev server: inPage imports the page's own copy of the library by its module URL, which a bundle does not have
const guide = useGuide({ dev: true });
const W = 'figure[data-widget="mmspeed"]';

/** Calls a function of the page's own copy of the library (the module URL the page loaded). */
async function inPage<T>(page: Page, body: string): Promise<T> {
  // a string, so that vitest's transform does not rewrite the dynamic import
  return page.evaluate(`(async () => {
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\\/groundup\\/src\\/index\\.ts(\\?|$)/.test(n));
    if (!url) throw new Error('the page did not load packages/groundup/src/index.ts');
    const g = await import(url);
    ${body}
  })()`) as Promise<T>;
}

const navs: string[] = [];

async function measure(page: Page): Promise<Record<string, string>> {
  await page.evaluate((w) => {
    // a timer queued now must fire while the measurement is still running (it yields between chunks)
    const status = document.querySelector(`${w} [data-status]`) as HTMLElement;
    delete status.dataset.done;
    setTimeout(() => ((window as unknown as { ranDuring: boolean }).ranDuring = status.dataset.done === undefined), 0);
  }, W);
  await page.click(`${W} button[data-ctl="measure"]`);
  await page.waitForSelector(`${W} [data-status][data-done]`, { timeout: 30_000 }).catch(async (e: Error) => {
    throw new Error(`${e.message}; the widget says: ${await page.textContent(`${W} [data-status]`)}; numbers: ${await page.textContent(`${W} .w-numbers`)}; page loads since the test opened it (a dev-server reload resets the widget): ${navs.length}`);
  });
  expect(await page.evaluate(() => (window as unknown as { ranDuring: boolean }).ranDuring)).toBe(true);
  return page.$$eval(`${W} [data-n]`, (els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.n!, e.textContent ?? ''])));
}

const gflops = (s: string) => Number(/^([\d.]+) GFLOP\/s \(([\d.]+) ms\)$/.exec(s)?.[1] ?? NaN);

describe('chapter 2: how fast is X @ W in this browser', () => {
  it('measures every available path at n = 64 and 128, in the URL, and puts the backend and threads back', async () => {
    const { page, context, errors } = await guide.open();
    page.on('framenavigated', (f) => f === page.mainFrame() && navs.push(f.url()));
    await page.goto(`${guide.url}?mmspeed.n=64#/ch/2/matmul-speed`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/2/matmul-speed');
    expect(await page.$eval(`${W} select[data-ctl="n"]`, (s) => (s as HTMLSelectElement).value)).toBe('64');

    const isolated = await page.evaluate(() => crossOriginIsolated);
    const info = await inPage<{ relaxed: boolean; build: string }>(page, `return { relaxed: g.kernelInfo().features.relaxedSimd, build: g.kernelInfo().build };`);

    // a setting that is not the default: the reference backend on one thread
    await inPage(page, `g.setBackend('reference'); await g.setThreads(1);`);
    let n = await measure(page);
    for (const k of ['ts', 'simd']) expect(gflops(n[k]!), `${k}: ${n[k]}`).toBeGreaterThan(0);
    if (info.relaxed) expect(gflops(n.relaxed!), n.relaxed).toBeGreaterThan(0);
    else expect(n.relaxed).toBe('not available');
    if (isolated) expect(gflops(n.threads!), n.threads).toBeGreaterThan(0);
    else expect(n.threads).toBe('not available');
    for (const k of ['ts', 'simd', 'relaxed', 'threads']) if (/GFLOP/.test(n[k]!)) expect(Number.isFinite(gflops(n[k]!))).toBe(true);
    expect(Number(n.speedup!.replace('×', ''))).toBeGreaterThan(0);
    const diff = Number(n.diff);
    expect(diff).toBeGreaterThanOrEqual(0);
    expect(diff).toBeLessThan(1e-4); // the same product on every path, up to float32 rounding
    expect(await inPage(page, `return [g.getBackend(), g.getThreads()];`)).toEqual(['reference', 1]);

    // the default setting comes back too
    await inPage(page, `g.setBackend('wasm');`);
    n = await measure(page);
    expect(gflops(n.simd!)).toBeGreaterThan(0);
    expect(await inPage(page, `return [g.getBackend(), g.getThreads(), g.kernelInfo().build];`)).toEqual(['wasm', 1, info.build]);

    // a build chosen by hand is put back too; at n = 128 the 2-thread product is split over the
    // workers, and this is the third pool started on the same memory (a restart must work)
    await inPage(page, `g.setKernelBuild('simd');`);
    await page.selectOption(`${W} select[data-ctl="n"]`, '128');
    n = await measure(page);
    if (isolated) expect(gflops(n.threads!), n.threads).toBeGreaterThan(0);
    expect(await inPage(page, `const b = g.kernelInfo().build; g.setKernelBuild('auto'); return b;`)).toBe('simd');

    // one bar per path, described for a screen reader
    expect(await page.locator(`${W} .mms-bar`).count()).toBe(4);
    expect(await page.getAttribute(`${W} .mms-bars`, 'aria-label')).toMatch(/^GFLOP\/s on each path: TypeScript loops [\d.]+; WebAssembly SIMD, 1 thread [\d.]+/);

    // the size is in the URL
    expect(new URL(page.url()).searchParams.get('mmspeed.n')).toBe('128');
    await page.locator(W).screenshot({ path: `${shots}ch02-speed.png` });
    expect(errors).toEqual([]);
    await context.close();
  });
});
