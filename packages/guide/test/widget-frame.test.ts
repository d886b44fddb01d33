/**
 * lib/widget.ts's formula tab in Chromium, on a real widget (chapter 6's KL divergence, whose
 * formula carries the current KL): an unchanged TeX string is not re-rendered, a single change is
 * rendered before the next read, many changes in one task render once, a drag (pointer held)
 * renders at most every FORMULA_BUSY_MS and ends on the last value, and a hidden tab or an off-screen widget
 * renders nothing until it is shown again. Counts come from the panel's data-renders attribute.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { goto, useGuide } from './browser.js';

const guide = useGuide();
const W = 'figure[data-widget="kl"]';
const F = `${W} .w-panel-formula`;
const T = `${W} input[data-ctl="T"]`;

const renders = async (page: Page) => Number((await page.getAttribute(F, 'data-renders')) ?? 0);
const formula = async (page: Page) => (await page.textContent(`${F} .katex-mathml`))!;
/** Sets the slider to each value in turn, all in one task (as a script or a fast drag would). */
const setT = (page: Page, ...values: number[]) =>
  page.$eval(
    T,
    (el, vs) => {
      for (const v of vs) {
        (el as HTMLInputElement).value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    },
    values,
  );

describe('the widget frame’s formula tab', () => {
  it('renders only what changed, once per task, throttled while dragging, and not while hidden', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6/kl-divergence');
    await page.waitForSelector(`${F} .katex`);

    // the same value again: same TeX, no render
    const r0 = await renders(page);
    const current = Number(await page.inputValue(T));
    await setT(page, current);
    expect(await renders(page)).toBe(r0);

    // one change: rendered before the next read, with the new numbers
    const before = await formula(page);
    await setT(page, 2);
    expect(await renders(page)).toBe(r0 + 1);
    const at2 = await formula(page);
    expect(at2).not.toBe(before);

    // thirty changes in one task: one render, showing the last
    await setT(page, 3);
    const at3 = await formula(page);
    const r1 = await renders(page);
    await setT(page, ...Array.from({ length: 29 }, (_, k) => 0.5 + k * 0.1), 2);
    expect(await renders(page)).toBe(r1 + 1);
    expect(await formula(page)).toBe(at2);

    // a drag: the pointer held down on the slider while 40 input events arrive 10 ms apart, each
    // in its own task (as a real drag's do): renders at most every 100 ms, and after the release
    // the formula shows the last value
    const r2 = await renders(page);
    const elapsed = await page.$eval(T, async (el) => {
      const input = el as HTMLInputElement;
      const t0 = performance.now();
      input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      for (let k = 0; k < 40; k++) {
        await new Promise((r) => setTimeout(r, 10));
        input.value = String(0.5 + k * 0.1);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      window.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      return performance.now() - t0;
    });
    const dragRenders = (await renders(page)) - r2;
    expect(dragRenders).toBeGreaterThan(1);
    expect(dragRenders).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(dragRenders).toBeLessThan(20);
    const afterDrag = await formula(page);
    await setT(page, 2);
    await setT(page, 4.4); // the drag's last value, set on its own: the same TeX
    expect(await formula(page)).toBe(afterDrag);

    // the source tab open: changes do not render; back on the formula tab, one render brings it up to date
    await setT(page, 3);
    await page.click(`${W} [role="tab"][data-tab="source"]`);
    const r3 = await renders(page);
    await setT(page, 2.5);
    await setT(page, 2);
    expect(await renders(page)).toBe(r3);
    await page.click(`${W} [role="tab"][data-tab="formula"]`);
    expect(await renders(page)).toBe(r3 + 1);
    expect(await formula(page)).toBe(at2);

    // off screen: no render; scrolled back, the latest values appear
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.$eval(W, (el) => el.classList.contains('paused'))).toBe(true);
    const r4 = await renders(page);
    await setT(page, 3);
    expect(await renders(page)).toBe(r4);
    await page.locator(W).scrollIntoViewIfNeeded();
    await expect.poll(() => renders(page)).toBe(r4 + 1);
    expect(await formula(page)).toBe(at3);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
