/**
 * Chapter 1 in Chromium: the temperature control of softmax((X @ W + b) / T). Moving it changes the
 * probabilities and entropies to what plain JavaScript computes from the inputs on screen; the
 * formula shows T; the value is in the URL.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();
const num = (s: string | null) => Number((s ?? '').replace(/−/g, '-'));
const W = 'figure[data-widget="ch1"]';

async function inputs(page: Page, key: 'X' | 'W' | 'b'): Promise<number[]> {
  return page.$$eval(`${W} input[data-key="${key}"]`, (els) => els.map((e) => Number((e as HTMLInputElement).value)));
}

/** softmax(z / T) and its entropy in bits by plain loops, from the inputs the page shows. */
async function byHand(page: Page, T: number) {
  const [X, Wt, b] = [await inputs(page, 'X'), await inputs(page, 'W'), await inputs(page, 'b')];
  return [0, 1, 2, 3].map((i) => {
    const z = [0, 1].map((j) => (X[3 * i]! * Wt[j]! + X[3 * i + 1]! * Wt[2 + j]! + X[3 * i + 2]! * Wt[4 + j]! + b[j]!) / T);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const p = e.map((v) => v / (e[0]! + e[1]!));
    const H = -p.reduce((s, q) => s + (q > 0 ? q * Math.log2(q) : 0), 0);
    return { p, H };
  });
}

async function setSlider(page: Page, sel: string, pos: number) {
  await page.$eval(
    sel,
    (el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    pos,
  );
}

const tFromUrl = (url: string) => Number(new URL(url).searchParams.get('ch1.T') ?? '1');

describe('chapter 1: softmax temperature', () => {
  it('T sharpens or flattens every row, matching plain JS; entropy follows; formula and URL carry T', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/1/every-symbol');
    const read = async () => Promise.all([0, 1, 2, 3].map(async (i) => ({ p1: num(await page.textContent(`${W} [data-p="${i},1"]`)), H: num(await page.textContent(`${W} [data-h="${i}"]`)) })));
    // T = 1: plain softmax
    let want = await byHand(page, 1);
    let shown = await read();
    shown.forEach((r, i) => {
      expect(r.p1).toBeCloseTo(want[i]!.p[1]!, 4);
      expect(r.H).toBeCloseTo(want[i]!.H, 3);
    });
    const slider = `${W} input[data-ctl="T"]`;
    const max = Number(await page.getAttribute(slider, 'max'));
    // the coldest setting: every row is nearly certain, entropy near 0
    await setSlider(page, slider, 0);
    let T = tFromUrl(page.url());
    expect(T).toBeCloseTo(0.05, 6);
    want = await byHand(page, T);
    shown = await read();
    shown.forEach((r, i) => {
      expect(r.p1).toBeCloseTo(want[i]!.p[1]!, 4);
      expect(r.H).toBeCloseTo(want[i]!.H, 3);
    });
    // the hottest: both classes near one half, entropy near 1 bit
    await setSlider(page, slider, max);
    T = tFromUrl(page.url());
    expect(T).toBeCloseTo(20, 6);
    want = await byHand(page, T);
    shown = await read();
    shown.forEach((r, i) => {
      expect(r.p1).toBeCloseTo(want[i]!.p[1]!, 4);
      expect(r.H).toBeGreaterThan(0.9);
    });
    // somewhere in between; the formula tab shows that T
    await setSlider(page, slider, Math.round(max * 0.6));
    T = tFromUrl(page.url());
    want = await byHand(page, T);
    expect(num(await page.textContent(`${W} [data-p="0,1"]`))).toBeCloseTo(want[0]!.p[1]!, 4);
    expect(await page.textContent(`${W} .w-panel-formula .katex-mathml`)).toContain(String(T));
    expect(await page.getAttribute(slider, 'aria-valuetext')).toBeTruthy();
    // the T symbol in the formula row opens a scalar
    await page.hover(`${W} button.sym[data-sym="T"]`);
    await expect.poll(() => page.textContent(`${W} .inspector [data-shape]`)).toBe('shape []');
    await page.locator(W).screenshot({ path: `${shots}ch01-softmax-temperature.png` });
    // a link with a bad T is clamped, with a notice, and the widget still computes
    await page.goto(`${guide.url}?ch1.T=1e9#/ch/1/every-symbol`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/1/every-symbol');
    expect(await page.textContent(`${W} [data-w-notice]`)).toMatch(/ch1\.T/);
    expect(tFromUrl(page.url())).toBe(20);
    expect(num(await page.textContent(`${W} [data-h="0"]`))).toBeGreaterThan(0.9);
    expect(errors).toEqual([]);
    await context.close();
  }, 40_000);
});
