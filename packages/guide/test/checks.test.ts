/**
 * The checks page in Chromium: every claim of the spec runs live in the browser, and the ids and
 * pass flags match `groundup verify --json` run in-process here in Node. A chapter section shows
 * its own checks (run when opened) and, where the spec rounds off, says so beside its widget.
 * Screenshots go to test-results/.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verify } from '../../cli/src/commands/verify.js';
import { capture, lastJson } from '../../cli/src/testing/capture.js';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();

/** axe-core's WCAG 2.1 A/AA and best-practice violations on the page, as "rule: targets" lines. */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await a.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 4).join(' ')}`);
  });
}

describe('the checks page', () => {
  it('runs every claim in the browser (in a worker), all pass, and the ids and pass flags equal the CLI’s verify --json', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/checks');
    // the page answers while the claims run: the total updates claim by claim
    await page.waitForFunction(() => /^[1-9]\d* of/.test(document.querySelector('.checks-total')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.waitForSelector('.checks-total[data-done]', { timeout: 120_000 });
    expect(await page.getAttribute('.checks-total', 'data-runner')).toBe('worker'); // off the main thread
    const rows = await page.$$eval('tr[data-id]', (trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.id!, pass: (tr as HTMLElement).dataset.pass === 'true', href: tr.querySelector('a[data-link="section"]')?.getAttribute('href') ?? '' })));

    const ctx = capture();
    const code = await verify(['--json'], ctx);
    const cli = lastJson<{ claims: { id: string; section: string; pass: boolean }[]; failed: number }>(ctx);
    expect(code).toBe(0);
    expect(cli.failed).toBe(0);
    expect(rows.map(({ id, pass }) => ({ id, pass }))).toEqual(cli.claims.map(({ id, pass }) => ({ id, pass })));
    expect(rows.every((r) => r.pass)).toBe(true);
    // each claim links to its section
    expect(rows.map((r) => r.href)).toEqual(cli.claims.map((c) => c.section.replace(/^ch(\d+)\//, '#/ch/$1/')));
    expect(await page.textContent('.checks-total')).toBe(`${rows.length} of ${rows.length} run: ${rows.length} pass, 0 fail`);
    expect(await page.locator('tr[data-id="backprop-cost"] .measured').textContent()).toMatch(/Measured here: measured .*backward [\d.]+× the forward/);
    await page.screenshot({ path: `${shots}checks-page.png` });
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('is linked from the start page and chapter 7; a section shows its checks beside its widget and runs them when opened', async () => {
    const { page, context, errors } = await guide.open({ width: 360, height: 740, colorScheme: 'dark' }); // a phone, dark theme
    await goto(page, guide.url, '#/');
    expect(await page.locator('main a[href="#/checks"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}checks-start-link.png` });
    await goto(page, guide.url, '#/ch/7');
    expect(await page.locator('main a[href="#/checks"]').count()).toBeGreaterThan(0);

    await goto(page, guide.url, '#/ch/3/vanishing-gradients');
    const sec = '#s-vanishing-gradients';
    const details = page.locator(`${sec} details.checks`);
    expect(await details.count()).toBe(1);
    expect(await page.locator(`${sec} details.checks tr[data-state="pending"]`).count()).toBe(2); // nothing runs until opened
    await page.click(`${sec} details.checks > summary`);
    await page.waitForSelector(`${sec} details.checks[data-done]`, { timeout: 60_000 });
    expect(await page.getAttribute(`${sec} details.checks`, 'data-runner')).toBe('worker');
    expect(await page.$$eval(`${sec} tr[data-id]`, (trs) => trs.map((t) => [(t as HTMLElement).dataset.id, (t as HTMLElement).dataset.pass]))).toEqual([
      ['vanishing-gradient-sigmoid', 'true'],
      ['vanishing-gradient-relu', 'true'],
    ]);
    expect(await page.textContent(`${sec} .checks-status`)).toBe(' — 2 of 2 pass');
    await page.locator(sec).screenshot({ path: `${shots}checks-section.png` });
    expect(await axe(page)).toEqual([]);

    // where the spec rounds off, the section says so in a sentence near the widget
    expect(await page.textContent('#s-backpropagation .rounds-off')).toMatch(/Where the spec rounds off\..*roughly the same time.*twice the forward/);
    await goto(page, guide.url, '#/ch/4/batch-norm');
    expect(await page.textContent('#s-batch-norm .rounds-off')).toMatch(/unit variance.*σ²\/\(σ² \+ ε\)/);
    await page.locator('#s-batch-norm .section-checks').screenshot({ path: `${shots}checks-rounds-off.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
