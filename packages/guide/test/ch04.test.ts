/**
 * Chapter 4 in Chromium: every section renders, each widget answers a control change with numbers
 * that match a computation done here in Node (plain JavaScript, or the library on the Node side),
 * the tabs work, no console errors; screenshots in light, dark and at 360 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Generator, data, nn, prob, randn, zeros } from 'groundup';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();

/** "−0.1234 mV" → −0.1234 */
const num = (s: string | null) => Number((s ?? '').replace(/−/g, '-').replace(/[^0-9eE.+-].*$/, '').trim());

async function setRange(page: Page, widget: string, control: string, value: number) {
  await page.$eval(
    `figure[data-widget="${widget}"] input[data-ctl="${control}"]`,
    (el, v) => {
      const input = el as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** the last number in a text ("σₚ — the prior spread = 0.3162" → 0.3162) */
const lastNum = (s: string | null) => Number(((s ?? '').replace(/−/g, '-').match(/-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?/g) ?? ['NaN']).at(-1));

const read = (page: Page, widget: string, key: string) => page.textContent(`figure[data-widget="${widget}"] [data-num="${key}"]`);

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const sampleVar = (a: ArrayLike<number>) => {
  const m = mean(a);
  return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1);
};
const logN = (x: number, mu: number, s: number) => -((x - mu) ** 2) / (2 * s * s) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

describe('chapter 4 in a browser', () => {
  it('renders every section; each widget answers its controls with the numbers Node computes', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/4');
    const ids = await page.$$eval('section[id^="s-"]', (ss) => ss.map((s) => s.id));
    expect(ids).toEqual(['distributions', 'softmax', 'bayes', 'prior', 'expectation-variance', 'batch-norm', 'weight-init', 'mle', 'mse'].map((i) => `s-${i}`));
    expect(await page.locator('section.is-coming').count()).toBe(0);
    for (const w of ['normal', 'cat', 'bayes', 'ecgstats', 'init', 'mle', 'lik']) expect(await page.locator(`figure[data-widget="${w}"]`).count()).toBe(1);
    expect(await page.locator('figure[data-widget] .uplot').count()).toBe(9); // normal, softmax, ECG, init, MLE ×3, likelihood ×2

    // ---- Normal: moving σ and μ changes the variance, entropy and the draws' statistics ----
    await setRange(page, 'normal', 'std', 1.5);
    await setRange(page, 'normal', 'mean', -1.2);
    await setRange(page, 'normal', 'n', 2000);
    await expect.poll(() => read(page, 'normal', 'variance')).toBe('2.2500 mV²');
    expect(num(await read(page, 'normal', 'entropy'))).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 2.25), 4);
    expect(num(await read(page, 'normal', 'peak'))).toBeCloseTo(1 / (1.5 * Math.sqrt(2 * Math.PI)), 4);
    const draws = new prob.Normal(-1.2, 1.5).sample([2000], { generator: new Generator(1) }).data;
    expect(num(await read(page, 'normal', 'sampleMean'))).toBeCloseTo(mean(draws), 4);
    expect(num(await read(page, 'normal', 'sampleStd'))).toBeCloseTo(Math.sqrt(sampleVar(draws)), 4);
    expect(page.url()).toMatch(/normal\.std=1\.5/);

    // ---- Categorical: one logit changes every probability; softmax by hand ----
    await setRange(page, 'cat', 'logit-brady', 3);
    const logits = [2.1, 0.3, 1.2, 3, -1.5];
    const e = logits.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    const p = e.map((x) => x / total);
    await expect.poll(() => page.textContent('[data-cat="brady.p"]')).toBe(p[3]!.toFixed(4));
    for (const [k, r] of ['normal', 'afib', 'pvc', 'brady', 'tachy'].entries()) {
      expect(num(await page.textContent(`[data-cat="${r}.p"]`))).toBeCloseTo(p[k]!, 4);
      expect(num(await page.textContent(`[data-cat="${r}.logp"]`))).toBeCloseTo(Math.log(p[k]!), 4);
    }
    expect(await read(page, 'cat', 'predicted')).toBe('bradycardia');
    expect(num(await read(page, 'cat', 'entropy'))).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 4);

    // ---- temperature: the log slider divides the logits by T; probabilities, entropy and draws follow ----
    // the slider is log-spaced: move it to a position below T = 1 and read the value it chose from the link
    await setRange(page, 'cat', 'T', 20);
    await expect.poll(() => /cat\.T=([0-9.]+)/.exec(page.url())?.[1] ?? '').not.toBe('');
    const T = Number(/cat\.T=([0-9.]+)/.exec(page.url())![1]);
    expect(T).toBeGreaterThan(0.3);
    expect(T).toBeLessThan(0.7);
    await expect.poll(async () => num(await read(page, 'cat', 'T'))).toBeCloseTo(T, 2);
    const eT = logits.map((x) => Math.exp(x / T));
    const tot = eT.reduce((a, b) => a + b, 0);
    const pT = eT.map((x) => x / tot);
    for (const [k, r] of ['normal', 'afib', 'pvc', 'brady', 'tachy'].entries()) {
      expect(num(await page.textContent(`[data-cat="${r}.p"]`))).toBeCloseTo(pT[k]!, 4);
      expect(num(await page.textContent(`[data-cat="${r}.zt"]`))).toBeCloseTo(logits[k]! / T, 2);
    }
    expect(num(await read(page, 'cat', 'entropy'))).toBeCloseTo(-pT.reduce((s, q) => s + q * Math.log(q), 0), 4);
    const drawsT = new prob.Categorical({ logits: logits.map((x) => x / T) }, { dtype: 'float64' }).sample([1000], { generator: new Generator(1) }).data;
    expect(num(await page.textContent('[data-cat="brady.f"]'))).toBeCloseTo(Array.from(drawsT).filter((d) => d === 3).length / 1000, 3);
    // hovering T in the formula shows its live value
    await page.hover('figure[data-widget="cat"] .ch4-hover [data-live="T"]');
    await expect.poll(async () => lastNum(await page.textContent('figure[data-widget="cat"] .ch4-hover [data-lf-tip]'))).toBeCloseTo(T, 2);
    await page.hover('figure[data-widget="cat"] .ch4-hover [data-live="H"]');
    await expect.poll(async () => lastNum(await page.textContent('figure[data-widget="cat"] .ch4-hover [data-lf-tip]'))).toBeCloseTo(-pT.reduce((s, q) => s + q * Math.log(q), 0), 4);
    // the formula tab's symbols carry their values too (name and value in the accessible name)
    await page.locator('figure[data-widget="cat"]').scrollIntoViewIfNeeded();
    await expect.poll(async () => lastNum(await page.getAttribute('figure[data-widget="cat"] .w-panel-formula [data-live="H"]', 'aria-label'))).toBeCloseTo(-pT.reduce((s, q) => s + q * Math.log(q), 0), 4);

    // ---- Bayes: the posterior by hand, and the dots counted in the picture ----
    await setRange(page, 'bayes', 'prior', 0.01);
    await setRange(page, 'bayes', 'sensitivity', 0.9);
    await setRange(page, 'bayes', 'fpr', 0.08);
    const post = (0.9 * 0.01) / (0.9 * 0.01 + 0.08 * 0.99);
    await expect.poll(() => read(page, 'bayes', 'posterior')).toBe(`${(post * 100).toFixed(2)} %`);
    const dots = await page.$$eval('figure[data-widget="bayes"] .patients i', (is) => is.map((i) => i.className));
    expect(dots).toHaveLength(1000);
    const count = (c: string) => dots.filter((d) => d === c).length;
    // 10 ill: 9 flagged, 1 missed; 990 healthy: 79.2 → 79 flagged
    expect([count('tp'), count('fn'), count('fp'), count('')]).toEqual([9, 1, 79, 911]);
    expect(await read(page, 'bayes', 'flagged-note')).toContain('Of the 88 patients flagged, 9 have arrhythmia');

    // ---- ECG window: mean, variance, covariance and correlation over record 208 ----
    await setRange(page, 'ecgstats', 'start', 42.5);
    await setRange(page, 'ecgstats', 'length', 2);
    await setRange(page, 'ecgstats', 'lag', 90);
    const sig = (await data.ecg.record208()).signal.data;
    const i0 = 42.5 * 360;
    const x = Array.from(sig.subarray(i0, i0 + 720));
    const y = Array.from(sig.subarray(i0 + 90, i0 + 90 + 720));
    await expect.poll(() => read(page, 'ecgstats', 'n')).toBe('720');
    await expect.poll(async () => num(await read(page, 'ecgstats', 'mean'))).toBeCloseTo(mean(x), 4);
    expect(num(await read(page, 'ecgstats', 'variance'))).toBeCloseTo(sampleVar(x), 4);
    expect(num(await read(page, 'ecgstats', 'std'))).toBeCloseTo(Math.sqrt(sampleVar(x)), 4);
    const mx = mean(x);
    const my = mean(y);
    const cov = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / 719;
    expect(num(await read(page, 'ecgstats', 'cov'))).toBeCloseTo(cov, 4);
    expect(num(await read(page, 'ecgstats', 'corr'))).toBeCloseTo(cov / Math.sqrt(sampleVar(x) * sampleVar(y)), 3);
    expect(await read(page, 'ecgstats', 'mean')).toMatch(/ mV$/);

    // ---- weight init: N(0, 1) weights through 6 ReLU layers, recomputed here with the library ----
    await page.selectOption('figure[data-widget="init"] select[data-ctl="init"]', 'std 1');
    await setRange(page, 'init', 'depth', 6);
    const g = new Generator(0);
    let act = randn([64, 128], { generator: g });
    for (let l = 0; l < 6; l++) act = act.matmul(nn.init.normal(zeros([128, 128]), 0, 1, { generator: g }).T).relu();
    const a = act.data;
    await expect.poll(async () => num(await read(page, 'init', 'last')) / Math.sqrt(sampleVar(a))).toBeCloseTo(1, 4);
    expect(num(await read(page, 'init', 'wstd'))).toBeCloseTo(1, 1);
    await page.selectOption('figure[data-widget="init"] select[data-ctl="init"]', 'he');
    await expect.poll(async () => num(await read(page, 'init', 'wstd'))).toBeCloseTo(Math.sqrt(2 / 128), 2);

    // ---- MLE: a guess, then the button lands on the maximum ----
    const rates = Array.from(new prob.Normal(72, 9, { dtype: 'float64' }).sample([40], { generator: new Generator(1) }).data, (v) => Math.round(v * 10) / 10);
    await setRange(page, 'mle', 'mu', 80);
    await setRange(page, 'mle', 'sigma', 6);
    const llGuess = rates.reduce((s, r) => s + logN(r, 80, 6), 0);
    await expect.poll(async () => num(await read(page, 'mle', 'll'))).toBeCloseTo(llGuess, 2);
    const muHat = mean(rates);
    const sHat = Math.sqrt(rates.reduce((s, r) => s + (r - muHat) ** 2, 0) / rates.length);
    const llHat = rates.reduce((s, r) => s + logN(r, muHat, sHat), 0);
    expect(num(await read(page, 'mle', 'fitMean'))).toBeCloseTo(muHat, 2);
    expect(num(await read(page, 'mle', 'fitStd'))).toBeCloseTo(sHat, 2);
    expect(num(await read(page, 'mle', 'gap'))).toBeGreaterThan(0);
    await page.click('figure[data-widget="mle"] button[data-action="mle"]');
    await expect.poll(async () => num(await read(page, 'mle', 'll'))).toBeCloseTo(llHat, 2);
    expect(await read(page, 'mle', 'gap')).toBe('0.000');
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('likelihood widget: each loss equals its −log-probability, by hand in Node; MAP fit solves the ridge equations', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/4/mse');
    await setRange(page, 'lik', 'w', 1.3);
    await setRange(page, 'lik', 'b', -0.25);
    await setRange(page, 'lik', 'sigma', 0.8);
    await expect.poll(() => page.url()).toMatch(/lik\.sigma=0\.8/);
    // the data, regenerated here with the library's seeded randn (what the widget is told to use)
    const x = Array.from({ length: 10 }, (_, i) => -1.5 + (3 * i) / 9);
    const eps = Array.from(randn([10], { generator: new Generator(1), dtype: 'float64' }).data);
    const y = x.map((v, i) => 1.2 * v + 0.4 + 0.5 * eps[i]!);
    const c = y.map((v) => (v > 0.4 ? 1 : 0));
    const s = x.map((v) => 1.3 * v - 0.25);
    const m = (a: number[]) => a.reduce((t, v) => t + v, 0) / a.length;
    const mse = m(s.map((v, i) => (y[i]! - v) ** 2));
    const gauss = -m(s.map((v, i) => logN(y[i]!, v, 0.8)));
    const ce = -m(s.map((v, i) => Math.log(c[i] ? 1 / (1 + Math.exp(-v)) : 1 / (1 + Math.exp(v)))));
    expect(num(await read(page, 'lik', 'mse'))).toBeCloseTo(mse, 4);
    expect(num(await read(page, 'lik', 'gaussNll'))).toBeCloseTo(gauss, 4);
    expect(num(await read(page, 'lik', 'nllFromMse'))).toBeCloseTo(mse / (2 * 0.64) + Math.log(0.8) + 0.5 * Math.log(2 * Math.PI), 4);
    expect(num(await read(page, 'lik', 'ce'))).toBeCloseTo(ce, 4);
    expect(num(await read(page, 'lik', 'catNll'))).toBeCloseTo(ce, 4);
    // prior: λ from the link (log slider), σp² = 1/(2λ), −log N(w | 0, σp²) by hand
    const lambda = Number(/lik\.lambda=([0-9.]+)/.exec(page.url())?.[1] ?? '1');
    const sp2 = 1 / (2 * lambda);
    expect(num(await read(page, 'lik', 'negLogPrior'))).toBeCloseTo(1.69 / (2 * sp2) + 0.5 * Math.log(2 * Math.PI * sp2), 4);
    expect(num(await read(page, 'lik', 'penaltyPlus'))).toBeCloseTo(num(await read(page, 'lik', 'negLogPrior')), 4);
    expect(num(await read(page, 'lik', 'priorStd'))).toBeCloseTo(Math.sqrt(sp2), 4);
    // MAP fit: the normal equations of Σ (y − wx − b)²/(2σ²) + λw², solved by Cramer's rule
    await page.click('figure[data-widget="lik"] button[data-action="fit"]');
    const n = 10, sx = x.reduce((a, v) => a + v, 0), sxx = x.reduce((a, v) => a + v * v, 0);
    const sy = y.reduce((a, v) => a + v, 0), sxy = x.reduce((a, v, i) => a + v * y[i]!, 0);
    const a11 = sxx + 2 * lambda * 0.64;
    const det = a11 * n - sx * sx;
    const wHat = (sxy * n - sx * sy) / det;
    await expect.poll(async () => Number(/lik\.w=([-0-9.e]+)/.exec(page.url())?.[1])).toBeCloseTo(wHat, 4);
    expect(Number(/lik\.b=([-0-9.e]+)/.exec(page.url())?.[1])).toBeCloseTo((a11 * sy - sx * sxy) / det, 4);
    await page.hover('figure[data-widget="lik"] .ch4-hover [data-live="sp"]');
    await expect.poll(async () => lastNum(await page.textContent('figure[data-widget="lik"] .ch4-hover [data-lf-tip]'))).toBeCloseTo(Math.sqrt(sp2), 4);
    await page.hover('figure[data-widget="lik"] .ch4-hover [data-live="w"]');
    await expect.poll(async () => lastNum(await page.textContent('figure[data-widget="lik"] .ch4-hover [data-lf-tip]'))).toBeCloseTo(wHat, 3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('hover a symbol: every widget’s formula tab marks symbols with live values; the Bayes posterior matches its number', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/4');
    const ids = await page.$$eval('figure[data-widget]', (fs) => fs.map((f) => (f as HTMLElement).dataset.widget!));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const id of ids) {
      const fig = `figure[data-widget="${id}"]`;
      await page.locator(fig).scrollIntoViewIfNeeded();
      const sym = page.locator(`${fig} .w-panel-formula [data-live]`);
      await expect.poll(() => sym.count(), { message: id }).toBeGreaterThan(0);
      await sym.first().focus(); // focus shows the value as hover does (a hover on an accent such as x̄ is retried by Playwright forever)
      await expect.poll(async () => ((await page.textContent(`${fig} .w-panel-formula [data-lf-tip]`)) ?? '').trim().length, { message: id }).toBeGreaterThan(0);
    }
    await setRange(page, 'bayes', 'prior', 0.05);
    await page.locator('figure[data-widget="bayes"]').scrollIntoViewIfNeeded();
    const post = (0.95 * 0.05) / (0.95 * 0.05 + 0.05 * 0.95);
    // the formula re-renders once the widget is on screen: wait for the symbol's accessible name to carry the new value, then focus it
    const postSym = 'figure[data-widget="bayes"] .w-panel-formula [data-live="post"]';
    await expect.poll(async () => lastNum(await page.getAttribute(postSym, 'aria-label')), { timeout: 5000 }).toBeCloseTo(post, 4);
    await page.focus(postSym);
    await expect.poll(async () => lastNum(await page.textContent('figure[data-widget="bayes"] .w-panel-formula [data-lf-tip]')), { timeout: 5000 }).toBeCloseTo(post, 4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('formula, source and code tabs: the Bayes code cell prints the posterior the widget shows', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/4/bayes');
    const w = 'figure[data-widget="bayes"]';
    const shown = (await read(page, 'bayes', 'posterior'))!;
    expect(await page.textContent(`${w} .w-panel-formula .katex-mathml`)).toContain((num(shown) / 100).toFixed(4));
    await page.click(`${w} [role="tab"][data-tab="source"]`);
    await page.waitForSelector(`${w} .w-panel-source .listing`);
    expect(await page.textContent(`${w} .w-panel-source`)).toContain('export function bayes(');
    await page.click(`${w} [role="tab"][data-tab="code"]`);
    await page.waitForSelector(`${w} .w-panel-code .cm-editor`);
    await page.click(`${w} .w-panel-code button.run`);
    await expect.poll(() => page.textContent(`${w} .w-panel-code .cell-output`), { timeout: 10_000 }).toMatch(/→ 0\.\d+/);
    const out = num((await page.textContent(`${w} .w-panel-code .cell-output`))!.replace('→ ', ''));
    expect(out * 100).toBeCloseTo(num(shown), 2);
    // the MLE widget's source tab shows fitNormal
    const m = 'figure[data-widget="mle"]';
    await page.click(`${m} [role="tab"][data-tab="source"]`);
    await page.waitForSelector(`${m} .w-panel-source .listing`);
    expect(await page.textContent(`${m} .w-panel-source`)).toContain('export function fitNormal(');
    expect(errors).toEqual([]);
    await context.close();
  }, 20_000);

  it('screenshots: light, dark and a 360 px phone; nothing overflows the phone screen', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/4');
    await page.waitForSelector('figure[data-widget="mle"] .uplot');
    await page.screenshot({ path: `${shots}ch4-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
    await page.screenshot({ path: `${shots}ch4-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 360, height: 780 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shots}ch4-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);
});
