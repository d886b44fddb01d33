/**
 * Rows of issue 14 made live, in Chromium: the Lasso path (ch5 'lasso-path'). Each widget renders,
 * its numbers match a computation done here in Node (the library and plain JS), moving a control
 * changes them, and screenshots go to test-results/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor } from 'groundup';

const num = async (page: Page, sel: string) => Number(await page.getAttribute(sel, 'data-value'));
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();
const W = (id: string) => `figure[data-widget="${id}"]`;
async function setRange(page: Page, sel: string, v: number) {
  await page.$eval(
    sel,
    (el, x) => {
      (el as HTMLInputElement).value = String(x);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    v,
  );
}
const weights = (page: Page, kind: 'l1' | 'l2') => page.$$eval(`${W('lasso')} td[data-${kind}]`, (els) => els.map((e) => Number(e.getAttribute('data-value'))));

/** The same data in Node, then the Lasso optimality conditions checked in plain JS. */
function problemJS() {
  const g = new Generator(7);
  const X = randn([60, 8], { generator: g, dtype: 'float64' });
  const y = X.matmul(tensor([3, -2, 0, 0, 1.5, 0, 0, 0], { dtype: 'float64' })).add(randn([60], { generator: g, dtype: 'float64' }).mul(0.5));
  const Xa = X.toArray() as number[][];
  const ya = Array.from(y.data as Float64Array);
  const G = Array.from({ length: 8 }, (_, j) => Array.from({ length: 8 }, (_, k) => Xa.reduce((s, r) => s + r[j]! * r[k]!, 0) / 60));
  const c = Array.from({ length: 8 }, (_, j) => Xa.reduce((s, r, i) => s + r[j]! * ya[i]!, 0) / 60);
  return { G, c };
}

describe('issue 14 live rows in a browser', () => {
  it('the Lasso path: L1 weights satisfy the Lasso conditions and hit exact zeros, L2 solves (G + λI)w = c', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/5/lasso-path');
    await page.waitForSelector(`${W('lasso')} canvas`);
    const { G, c } = problemJS();
    const check = async (lambda: number) => {
      const l1 = await weights(page, 'l1');
      const l2 = await weights(page, 'l2');
      expect(l1.length).toBe(8);
      const r = (w: number[]) => c.map((cj, j) => cj - G[j]!.reduce((s, g, k) => s + g * w[k]!, 0));
      const r1 = r(l1);
      l1.forEach((w, j) => (w !== 0 ? expect(r1[j]).toBeCloseTo(lambda * Math.sign(w), 5) : expect(Math.abs(r1[j]!)).toBeLessThanOrEqual(lambda + 1e-6)));
      r(l2).forEach((rj, j) => expect(rj - lambda * l2[j]!).toBeCloseTo(0, 8));
      const zeros = Number(await page.textContent(`${W('lasso')} [data-n="zeros"]`));
      expect(zeros).toBe(l1.filter((w) => w === 0).length);
      expect(Number(await page.textContent(`${W('lasso')} [data-n="zeros-l2"]`))).toBe(0);
      return zeros;
    };
    expect(Number((await page.textContent(`${W('lasso')} [data-n="lambda"]`))!)).toBeCloseTo(0.1, 6);
    const z0 = await check(0.1);
    await page.locator(W('lasso')).screenshot({ path: `${shots}live-lasso-0.1.png` });
    await setRange(page, `${W('lasso')} input[data-ctl="lambda"]`, 35); // 10^(−3 + 3.5) ≈ 3.16: past max|c|
    await expect.poll(() => page.textContent(`${W('lasso')} [data-n="zeros"]`)).toBe('8');
    await check(Number(await page.getAttribute(`${W('lasso')} [data-n="lambda"]`, 'data-value')));
    await setRange(page, `${W('lasso')} input[data-ctl="lambda"]`, 5); // 10^−2.5
    await expect.poll(() => page.textContent(`${W('lasso')} [data-n="lambda"]`)).toBe('0.00316');
    const zSmall = await check(Number(await page.getAttribute(`${W('lasso')} [data-n="lambda"]`, 'data-value')));
    expect(zSmall).toBeLessThanOrEqual(z0);
    await setRange(page, `${W('lasso')} input[data-ctl="lambda"]`, 26); // 10^−0.4 ≈ 0.398
    await expect.poll(() => page.textContent(`${W('lasso')} [data-n="lambda"]`)).toBe('0.398');
    expect(await check(Number(await page.getAttribute(`${W('lasso')} [data-n="lambda"]`, 'data-value')))).toBeGreaterThanOrEqual(z0);
    await page.locator(W('lasso')).screenshot({ path: `${shots}live-lasso-0.4.png` });
    expect(page.url()).toContain('lasso.lambda=0.398');
    expect(errors).toEqual([]);
  }, 60_000);

  it('KL inside a loss: the VAE term in closed form (by hand) and sampled, RLHF reward − β·KL (plain JS)', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6/kl-in-practice');
    const K = (k: string) => `${W('klapps')} [data-n="${k}"]`;
    await page.waitForSelector(K('vae-closed'));
    const hand = (mu: number[], s: number[]) => 0.5 * mu.reduce((a, m, i) => a + s[i]! ** 2 + m * m - 1 - Math.log(s[i]! ** 2), 0);
    expect(await num(page, K('vae-closed'))).toBeCloseTo(hand([1, 0], [1, 0.5]), 10);
    const mc = await num(page, K('vae-mc'));
    expect(Math.abs(mc - hand([1, 0], [1, 0.5]))).toBeLessThan(4 * (await num(page, K('vae-se'))));
    await setRange(page, `${W('klapps')} input[data-ctl="mu1"]`, -2);
    await expect.poll(() => num(page, K('vae-closed'))).toBeCloseTo(hand([1, -2], [1, 0.5]), 10);
    // RLHF: default pushes token 1 ("Here") by 1 with β = 0.2; change the push and β
    const ref = [1.5, 1.0, 0.2, -0.5, 0.0], r = [0.4, 1.0, -0.6, -1.0, 0.1];
    const obj = (k: number, shift: number, beta: number) => {
      const sm = (z: number[]) => { const e = z.map(Math.exp); const Z = e.reduce((a, b) => a + b, 0); return e.map((v) => v / Z); };
      const p = sm(ref.map((v, i) => (i === k ? v + shift : v))), q = sm(ref);
      const kl = p.reduce((a, x, i) => a + x * Math.log(x / q[i]!), 0);
      return { kl, objective: p.reduce((a, x, i) => a + x * r[i]!, 0) - beta * kl };
    };
    expect(await num(page, K('rlhf-kl'))).toBeCloseTo(obj(1, 1, 0.2).kl, 10);
    expect(await num(page, K('objective'))).toBeCloseTo(obj(1, 1, 0.2).objective, 10);
    await setRange(page, `${W('klapps')} input[data-ctl="shift"]`, 3);
    await setRange(page, `${W('klapps')} input[data-ctl="beta"]`, 1);
    await expect.poll(() => num(page, K('objective'))).toBeCloseTo(obj(1, 3, 1).objective, 10);
    await page.selectOption(`${W('klapps')} select[data-ctl="tok"]`, '3');
    await expect.poll(() => num(page, K('rlhf-kl'))).toBeCloseTo(obj(3, 3, 1).kl, 10);
    await page.locator(W('klapps')).screenshot({ path: `${shots}live-klapps.png` });
    expect(errors).toEqual([]);
  }, 60_000);

  it('batch norm: training output has mean 0 / var ≈ 1 per channel; eval uses the running statistics (plain JS)', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/4/batch-norm');
    const B = (k: string) => `${W('bn')} [data-bn="${k}"]`;
    await page.waitForSelector(B('ma0'));
    // the same batches in Node: batch k ~ N(mean, std²) per channel from Generator(1000 + k)
    const batchJS = (k: number) => randn([16, 3], { generator: new Generator(1000 + k), dtype: 'float32' }).mul(tensor([[0.4, 12, 0.05]])).add(tensor([[1.2, 70, -0.3]])).toArray() as number[][];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const bvar = (v: number[]) => mean(v.map((x) => (x - mean(v)) ** 2));
    const running = (steps: number, m: number) => {
      const rm = [0, 0, 0], rv = [1, 1, 1];
      for (let k = 0; k < steps; k++) {
        const x = batchJS(k);
        for (let c = 0; c < 3; c++) { const v = x.map((r) => r[c]!); rm[c] = (1 - m) * rm[c]! + m * mean(v); rv[c] = (1 - m) * rv[c]! + (m * bvar(v) * 16) / 15; }
      }
      return { rm, rv };
    };
    for (let c = 0; c < 3; c++) {
      expect(await num(page, B(`ma${c}`))).toBeCloseTo(0, 4);
      const v = batchJS(5).map((r) => r[c]!);
      expect(await num(page, B(`mb${c}`))).toBeCloseTo(mean(v), 3);
      expect(await num(page, B(`va${c}`))).toBeCloseTo(bvar(v) / (bvar(v) + 1e-5), 3);
    }
    await page.selectOption(`${W('bn')} select[data-ctl="mode"]`, 'eval');
    await setRange(page, `${W('bn')} input[data-ctl="steps"]`, 40);
    const { rm, rv } = running(40, 0.1);
    await expect.poll(() => num(page, B('rm1'))).toBeCloseTo(rm[1]!, 2);
    const x = batchJS(40);
    for (let c = 0; c < 3; c++) {
      expect(await num(page, B(`rv${c}`)) / rv[c]!).toBeCloseTo(1, 3);
      expect(await num(page, B(`ma${c}`))).toBeCloseTo(mean(x.map((r) => (r[c]! - rm[c]!) / Math.sqrt(rv[c]! + 1e-5))), 2);
    }
    await page.locator(W('bn')).screenshot({ path: `${shots}live-bn-eval.png` });
    expect(errors).toEqual([]);
  }, 60_000);

  it('PCA on record 208 beats: ratios match the covariance eigenvalues over its trace, more components rebuild better', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/2/pca-ecg');
    const E = (k: string) => `${W('ecgpca')} [data-n="${k}"]`;
    await page.waitForSelector(`${W('ecgpca')} canvas`);
    const ratio = JSON.parse((await page.getAttribute(E('ratio'), 'data-value'))!) as number[];
    expect(ratio.length).toBe(8);
    ratio.slice(1).forEach((r, i) => expect(r).toBeLessThanOrEqual(ratio[i]!));
    expect(await num(page, E('cum'))).toBeCloseTo(ratio[0]! + ratio[1]!, 10);
    const e2 = await num(page, E('rmse'));
    await setRange(page, `${W('ecgpca')} input[data-ctl="k"]`, 6);
    await expect.poll(() => num(page, E('cum'))).toBeCloseTo(ratio.slice(0, 6).reduce((a, b) => a + b, 0), 10);
    expect(await num(page, E('rmse'))).toBeLessThan(e2);
    await page.locator(W('ecgpca')).screenshot({ path: `${shots}live-ecg-pca.png` });
    expect(errors).toEqual([]);
  }, 60_000);
});
