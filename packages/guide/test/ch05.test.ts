/**
 * Chapter 5 in Chromium: every section renders; each widget answers a control change with numbers
 * that match the same computation done here in Node with the library (or by hand); the tabs work;
 * divergence is reported with the library's error; screenshots (light, dark, phone) go to
 * test-results/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, Generator, loss, manualSeed, nn, optim, randn, tensor, type Tensor } from 'groundup';
import { goto, launchChromium, openPage, startGuide } from './browser.js';

const shots = fileURLToPath(new URL('../../../test-results/', import.meta.url));
mkdirSync(shots, { recursive: true });

let browser: Browser;
let guide: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  [guide, browser] = await Promise.all([startGuide(), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await guide?.close();
});

const num = (s: string | null) => Number((s ?? '').replace(/−/g, '-').replace(/[^0-9eE+\-.]/g, ''));
const text = (page: Page, sel: string) => page.textContent(sel).then((t) => t ?? '');

/** Sets a range input's value and fires `input`, as dragging it would. */
async function setRange(page: Page, sel: string, value: number | string) {
  await page.$eval(
    sel,
    (el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** The regression data, built here from the same seed with the library's generator. */
function regression() {
  const g = new Generator(5);
  const x = randn([64], { generator: g }).add(1);
  const y = x.mul(2).sub(1).add(randn([64], { generator: g }).mul(0.5));
  return { x, y };
}

describe('chapter 5 in a browser', () => {
  it('renders every section with its widget, no console errors, and screenshots in light, dark and phone', async () => {
    const { page, context, errors } = await open();
    await goto(page, guide.url, '#/ch/5');
    const ids = ['loss-landscape', 'convexity', 'sgd-variants', 'learning-rate', 'schedules', 'momentum', 'adam', 'weight-decay', 'live-training'];
    for (const id of ids) {
      expect(await page.locator(`section#s-${id}.is-coming`).count(), id).toBe(0);
      expect(await page.locator(`section#s-${id} figure.widget`).count(), id).toBe(1);
      expect(await page.locator(`section#s-${id} .katex`).count(), id).toBeGreaterThan(0);
    }
    // every plot drew into its canvas
    expect(await page.locator('.uplot canvas').count()).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: `${shots}ch05-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
    await page.waitForTimeout(150); // plots rebuild in the dark colours
    await page.screenshot({ path: `${shots}ch05-dark.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();

    const phone = await openPage(browser, { width: 360, height: 740 });
    await goto(phone.page, guide.url, '#/ch/5');
    const over = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(over).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: `${shots}ch05-phone.png`, fullPage: true });
    await phone.page.locator('figure[data-widget="ch5-adam"]').screenshot({ path: `${shots}ch05-phone-adam.png` });
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

async function open(opts: Parameters<typeof openPage>[1] = {}) {
  return openPage(browser, opts);
}

export { num, text, setRange, regression, data, loss, manualSeed, nn, optim, tensor };
export type { Tensor };
