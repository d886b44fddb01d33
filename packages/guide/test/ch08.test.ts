/**
 * Chapter 8, the ECG capstone, in Chromium: the chapter renders; training runs in a Web Worker
 * and the loss falls while the page keeps handling clicks; the result section's probabilities sum
 * to 1 and equal a Node-side forward pass of the very weights the worker produced.
 */
import { describe, it, expect } from 'vitest';
import { io, noGrad } from 'groundup';
import { goto, shots, useGuide } from './browser.js';
import { capstoneData, capstoneNet } from '../src/chapters/08-ecg-capstone/model.js';

const guide = useGuide();

/** The renderer main thread's tasks in a Chrome trace: wall and CPU (thread) time in ms. */
function mainThreadTasks(trace: Buffer): { wall: number; cpu: number }[] {
  type Ev = { ph: string; name: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: Ev[] } | Ev[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`)).map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));
}

describe('chapter 8: the ECG capstone', () => {
  it('renders, trains in a worker without blocking the page, and shows probabilities that match Node', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/8');
    expect(await page.textContent('h1')).toContain('Capstone');
    // the data: a real record and a synthetic one, with working selectors
    await expect.poll(() => page.locator('[data-widget="ecgdata"] .uplot').count()).toBe(2);
    await page.selectOption('[data-widget="ecgdata"] select[data-ctl="cls"]', 'brady');
    await expect.poll(() => page.textContent('[data-syn-title]')).toContain('brady');
    // the model table lists the layers with shapes, linked to chapters 2–4
    expect(await page.textContent('tr[data-layer="attn"] [data-shape]')).toBe('[1, 62, 16]');
    expect(await page.getAttribute('tr[data-layer="stem.0"] a[href^="#/ch/"]', 'href')).toBe('#/ch/2/convolution');
    // before training the result says so
    expect(await page.getAttribute('[data-result="status"]', 'data-trained')).toBe('false');

    // the data widget says what the network reads: the drawn [1, 12, 1000] at 250 Hz, every second sample
    expect(await page.textContent('[data-ecg="shape"]')).toContain('[1, 12, 1000] at 250 Hz');
    expect(await page.textContent('[data-ecg="net-shape"]')).toContain('[1, 12, 500] at 125 Hz');
    // the generator's five rhythms are offered; the three the network learns are marked
    const options = await page.$$eval('[data-widget="ecgdata"] select[data-ctl="cls"] option', (os) => os.map((o) => o.textContent));
    expect(options).toHaveLength(5);
    expect(options.filter((o) => o!.includes('learned below'))).toEqual(['normal (learned below)', 'afib (learned below)', 'brady (learned below)']);

    // train: the worker posts progress; the page stays responsive meanwhile. Every main-thread
    // task over 50 ms while it trains is recorded (PerformanceObserver 'longtask'), and a trace
    // gives each task's CPU time on the main thread (wall time includes the time the OS gave the
    // two workers and everything else on the machine)
    await context.browser()!.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    await page.click('[data-widget="ecgtrain"] button[data-action="train"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-train="step"]')?.textContent?.split(' ')[0]) >= 5);
    // a click handled during training: the data widget redraws a new record while the worker runs
    const before = await page.textContent('[data-syn-title]');
    await page.click('[data-widget="ecgdata"] button[data-action="another"]');
    await expect.poll(() => page.textContent('[data-syn-title]')).not.toBe(before);
    expect(await page.getAttribute('[data-widget="ecgtrain"] button[data-action="train"]', 'aria-pressed')).toBe('true');
    // wait for three epochs, then pause
    await page.waitForFunction(() => JSON.parse((document.querySelector('[data-epoch-losses]') as HTMLElement).dataset.epochLosses!).length >= 3, null, { timeout: 60_000 });
    await page.click('[data-widget="ecgtrain"] button[data-action="train"]');
    expect(await page.textContent('[data-widget="ecgtrain"] button[data-action="train"]')).toBe('Resume');
    // three epochs ended (each a refresh of the result section) with no main-thread task that
    // computes for over 50 ms; on an idle machine that also means no 'longtask' entry
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const tasks = mainThreadTasks(await context.browser()!.stopTracing());
    const cpu = tasks.map((t) => t.cpu).sort((a, b) => b - a);
    console.log(`ch8 while training: ${tasks.length} main-thread tasks; longest CPU times (ms) ${JSON.stringify(cpu.slice(0, 5).map(Math.round))}; 'longtask' wall times (ms) ${JSON.stringify(longTasks)}`);
    expect(tasks.length).toBeGreaterThan(30); // the trace saw the training (one task per progress message at least)
    expect(cpu[0]!).toBeLessThanOrEqual(50);
    const epochLosses = JSON.parse((await page.getAttribute('[data-epoch-losses]', 'data-epoch-losses'))!) as number[];
    expect(epochLosses.at(-1)!).toBeLessThan(epochLosses[0]!);
    // paused: the worker parks (and says at which update), then the step count stops moving
    await page.waitForSelector('[data-train="status"][data-paused-at]');
    const pausedAt = await page.getAttribute('[data-train="status"]', 'data-paused-at');
    const stepAtPause = await page.textContent('[data-train="step"]');
    expect(stepAtPause!.split(' ')[0]).toBe(pausedAt);
    await page.waitForTimeout(600);
    expect(await page.textContent('[data-train="step"]')).toBe(stepAtPause);

    // the result: the evaluation worker has the latest weights (the download link's epoch); pick test ECG 7
    await expect.poll(() => page.getAttribute('[data-result="status"]', 'data-trained')).toBe('true');
    const linkEpoch = await page.getAttribute('a[data-action="download"]', 'data-epoch');
    await expect.poll(() => page.getAttribute('[data-result="status"]', 'data-epoch')).toBe(linkEpoch);
    await page.fill('[data-widget="ecgresult"] input[data-ctl="i"]', '7');
    await page.dispatchEvent('[data-widget="ecgresult"] input[data-ctl="i"]', 'change');
    await expect.poll(() => page.getAttribute('[data-result="truth"]', 'data-index')).toBe('7');
    const shown = await page.$$eval('[data-widget="ecgresult"] [data-prob]', (els) => els.map((e) => Number((e as HTMLElement).dataset.prob)));
    expect(shown).toHaveLength(3);
    expect(shown.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // the same weights, fetched from the download link, in a Node-side network
    const epoch = Number(await page.getAttribute('[data-result="status"]', 'data-epoch'));
    expect(await page.getAttribute('a[data-action="download"]', 'data-epoch')).toBe(String(epoch));
    const bytes = await page.evaluate(async () => {
      const a = document.querySelector('a[data-action="download"]') as HTMLAnchorElement;
      return Array.from(new Uint8Array(await (await fetch(a.href)).arrayBuffer()));
    });
    const net = capstoneNet();
    net.loadStateDict(io.loadSafetensors(new Uint8Array(bytes)));
    net.eval();
    const d = capstoneData();
    const p = noGrad(() => net.predictProba(d.xTest.narrow(0, 7, 1))).data;
    for (let k = 0; k < 3; k++) expect(shown[k]!).toBeCloseTo(p[k]!, 5);
    // hover-for-value in the result formula: P's value is the bars' probabilities, z's softmax is P
    const R = '[data-widget="ecgresult"] .w-panel-formula';
    await page.hover(`${R} [data-live="P"]`);
    const tipP = (await page.textContent(`${R} [data-lf-tip]`))!;
    expect(tipP).toContain('[3]');
    for (const q of shown) expect(tipP).toContain(q.toFixed(3));
    await page.focus(`${R} [data-live="z"]`);
    const zLabel = (await page.getAttribute(`${R} [data-live="z"]`, 'aria-label'))!;
    const z = zLabel.split(':')[1]!.split(',').map((t) => Number(t.trim().replace('−', '-')));
    const ez = z.map((v) => Math.exp(v));
    ez.forEach((e, k) => expect(e / ez.reduce((a, b) => a + b, 0)).toBeCloseTo(shown[k]!, 2));
    expect(await page.textContent(`${R} [data-lf-tip]`)).toContain('scores (logits)');
    await page.locator('[data-widget="ecgresult"]').screenshot({ path: `${shots}ch08-ecgresult-hover.png` });
    expect(await page.textContent(`${R} [data-lf-tip]`)).toContain('scores (logits)'); // the pointer leaving P falls back to the focused z
    // keyboard: Tab moves to the next symbol (a), Enter pins it, Escape clears the line
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.live)).toBe('a');
    expect(await page.textContent(`${R} [data-lf-tip]`)).toContain('[62]');
    await page.keyboard.press('Enter');
    await page.mouse.move(0, 0);
    await page.focus('[data-widget="ecgresult"] input[data-ctl="i"]');
    expect(await page.textContent(`${R} [data-lf-tip]`)).toContain('attention received'); // pinned: stays after blur
    await page.focus(`${R} [data-live="a"]`);
    await page.keyboard.press('Escape');
    expect(await page.textContent(`${R} [data-lf-tip]`)).toBe('');
    // the confusion matrix counts all 60 held-out ECGs
    const cells = await page.$$eval('.ch8-confusion td', (tds) => tds.map((t) => Number(t.textContent)));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(60);

    await page.screenshot({ path: `${shots}ch08-light.png`, fullPage: true });
    for (const w of ['ecgdata', 'ecgtrain', 'ecgresult']) await page.locator(`[data-widget="${w}"]`).screenshot({ path: `${shots}ch08-${w}.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('looks right in dark mode and on a phone', async () => {
    const dark = await guide.open({ colorScheme: 'dark' });
    await goto(dark.page, guide.url, '#/ch/8/result');
    await expect.poll(() => dark.page.locator('[data-widget="ecgresult"] .uplot').count()).toBeGreaterThan(0);
    await dark.page.screenshot({ path: `${shots}ch08-dark.png`, fullPage: false });
    expect(dark.errors).toEqual([]);
    await dark.context.close();
    const phone = await guide.open({ width: 390, height: 844 });
    await goto(phone.page, guide.url, '#/ch/8/model');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    // the result's formula fits the phone's width (three short lines, nothing cut off)
    await goto(phone.page, guide.url, '#/ch/8/result');
    const R = '[data-widget="ecgresult"] .w-panel-formula';
    await phone.page.waitForSelector(`${R} [data-live="P"]`);
    const fit = await phone.page.$eval(R, (el) => ({ scroll: el.scrollWidth, client: el.clientWidth, math: el.querySelector('.lf-math')!.scrollWidth - el.querySelector('.lf-math')!.clientWidth }));
    await phone.page.locator('[data-widget="ecgresult"]').screenshot({ path: `${shots}ch08-phone-result.png` });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client + 1);
    expect(fit.math).toBeLessThanOrEqual(1);
    await phone.page.screenshot({ path: `${shots}ch08-phone.png`, fullPage: false });
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 60_000);
});
