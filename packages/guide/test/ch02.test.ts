/**
 * Chapter 2 in Chromium: every section renders its widget; each widget, after a control change,
 * shows the numbers a Node-side library computation (or a hand computation) gives; tabs work;
 * no console errors; screenshots in light, dark and at phone width.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { data, Generator, linalg, loss, nn, randn, tensor, zeros } from 'groundup';
import { goto, shots, useGuide } from './browser.js';
import { meta } from '../src/chapters/02-linear-algebra/meta.js';

const guide = useGuide();

const num = (s: string | null) => Number((s ?? '').trim().replace(/−/g, '-').replace(/,/g, ''));
const nums = (s: string | null) => (s ?? '').split(/,\s*/).filter((x) => x.trim() && x.trim() !== '…').map(num);
const text = (page: Page, sel: string) => page.textContent(sel).then((t) => t ?? '');

/** Sets a control (range, select, checkbox, number) inside a widget and fires the events a learner's input would. */
async function set(page: Page, widget: string, ctl: string, value: number | string | boolean) {
  await page.$eval(
    `figure[data-widget="${widget}"] ${ctl}`,
    (el, v) => {
      const input = el as HTMLInputElement;
      if (input.type === 'checkbox') input.checked = Boolean(v);
      else input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

async function grid(page: Page, widget: string, name: string): Promise<number[][]> {
  return page.$$eval(`figure[data-widget="${widget}"] table[data-grid="${name}"] tr`, (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => Number(td.textContent!.replace(/−/g, '-')))));
}

describe('chapter 2 in a browser', () => {
  it('renders every section with a widget; each widget answers its controls with the library’s numbers', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/2');

    // every section of meta.ts is filled in: no "coming", one widget each
    expect(await page.locator('section.is-coming').count()).toBe(0);
    for (const s of meta.sections) {
      expect(await page.locator(`section#s-${s.id} figure.widget`).count(), s.id).toBe(1);
      expect((await text(page, `section#s-${s.id}`)).length, s.id).toBeGreaterThan(400);
    }

    // ---- tensors: a window slice, then a reshape that cannot work
    await set(page, 'tensor', 'select[data-ctl="op"]', 'window');
    await set(page, 'tensor', 'input[data-ctl="a"]', 200);
    await set(page, 'tensor', 'input[data-ctl="b"]', 260);
    expect(await text(page, '[data-widget="tensor"] [data-shape]')).toBe(`[${zeros([32, 12, 1000]).slice(null, null, '200:260').shape.join(', ')}]`);
    expect(nums(await text(page, '[data-widget="tensor"] [data-first]')).slice(0, 3)).toEqual([200, 201, 202]); // 12000·0 + 1000·0 + t
    await set(page, 'tensor', 'select[data-ctl="op"]', 'bad-reshape');
    let expectedErr = '';
    try {
      zeros([32, 12, 1000]).reshape(32, 12, 999);
    } catch (e) {
      expectedErr = `${(e as Error).name}: ${(e as Error).message}`;
    }
    expect(expectedErr).toMatch(/^ShapeError/);
    expect(await text(page, '[data-widget="tensor"] [data-error]')).toBe(expectedErr);

    // ---- dot product: the spec's example, then an edit
    expect(num(await text(page, '[data-dot]'))).toBe(16);
    await page.fill('input[data-vec="a"][data-index="1"]', '-2');
    await page.fill('input[data-vec="b"][data-index="2"]', '0.5');
    await expect.poll(() => text(page, '[data-dot]')).toBe('6.50'); // 2·4 − 2·1 + 1·0.5 = 8 − 2 + 0.5
    const a = [2, -2, 1];
    const b = [4, 1, 0.5];
    const dot = linalg.dot(tensor(a), tensor(b)).item();
    const cos = dot / (linalg.norm(tensor(a)).item() * linalg.norm(tensor(b)).item());
    expect(num(await text(page, '[data-cos]'))).toBeCloseTo(cos, 3);
    expect(num(await text(page, '[data-angle]'))).toBeCloseTo((Math.acos(cos) * 180) / Math.PI, 1);
    // the picture: the typed coordinates by default, the a–b plane on request; the formula's symbols hold live values
    const dw = 'figure[data-widget="dot"]';
    expect(await page.getAttribute(`${dw} .la-plot`, 'aria-label')).toMatch(/coordinates typed/);
    await page.selectOption(`${dw} select[data-ctl="view"]`, 'plane');
    expect(await page.getAttribute(`${dw} .la-plot`, 'aria-label')).toMatch(/plane they span/);
    expect(page.url()).toMatch(/dot\.view=plane/);
    await page.selectOption(`${dw} select[data-ctl="view"]`, 'coords');
    expect(await page.getAttribute(`${dw} [data-live="a"]`, 'aria-label')).toContain('2, −2, 1');
    await page.locator(dw).screenshot({ path: `${shots}ch02-dot.png` });

    // ---- matmul: pick an output cell, compare the grid and the running sum; then a mismatch
    await page.click('figure[data-widget="matmul"] table[data-grid="Y"] td[data-i="2"][data-j="1"]');
    const X = await grid(page, 'matmul', 'X');
    const W = await grid(page, 'matmul', 'W');
    const Y = await grid(page, 'matmul', 'Y');
    expect(Y).toEqual(tensor(X).matmul(tensor(W)).toArray());
    expect(num(await text(page, '[data-running]'))).toBe(X[2]!.reduce((s, x, k) => s + x * W[k]![1]!, 0));
    await set(page, 'matmul', 'input[data-ctl="step"]', 1);
    expect(num(await text(page, '[data-running]'))).toBe(X[2]![0]! * W[0]![1]!);
    expect(await text(page, '[data-widget="matmul"] [data-shape]')).toBe(`[${X.length}, ${W.length}] @ [${W.length}, ${W[0]!.length}] → [${X.length}, ${W[0]!.length}]`);
    await set(page, 'matmul', 'input[data-ctl="k2"]', 2);
    const X2 = await grid(page, 'matmul', 'X');
    const W2 = await grid(page, 'matmul', 'W');
    expect(W2.length).toBe(2);
    let mmErr = '';
    try {
      tensor(X2).matmul(tensor(W2));
    } catch (e) {
      mmErr = `${(e as Error).name}: ${(e as Error).message}`;
    }
    expect(await text(page, '[data-widget="matmul"] [data-error]')).toBe(mmErr);
    expect(mmErr).toMatch(/inner dimensions 4 ≠ 2/);

    // ---- transpose: a cell and its twin
    await page.click('figure[data-widget="transpose"] table[data-grid="A"] td[data-i="2"][data-j="4"]');
    const A = await grid(page, 'transpose', 'A');
    const AT = await grid(page, 'transpose', 'AT');
    expect(AT).toEqual(tensor(A).T.toArray());
    expect(await page.$eval('figure[data-widget="transpose"] table[data-grid="AT"] td.hl-cell', (td) => [td.getAttribute('data-i'), td.getAttribute('data-j')])).toEqual(['4', '2']);
    // keyboard: Enter on a cell of Aᵀ picks it; focus stays on that cell after the redraw
    await page.focus('figure[data-widget="transpose"] table[data-grid="AT"] td[data-i="1"][data-j="0"]');
    await page.keyboard.press('Enter');
    expect(await text(page, '[data-twin]')).toBe(`A[0][1] = ${String(A[0]![1]).replace('-', '−')} = A.T[1][0] = ${String(A[0]![1]).replace('-', '−')}`);
    expect(await page.evaluate(() => [document.activeElement?.getAttribute('data-i'), document.activeElement?.getAttribute('data-j'), document.activeElement?.closest('table')?.dataset.grid])).toEqual(['1', '0', 'AT']);

    // ---- norms
    await set(page, 'norms', 'input[data-ctl="x"]', 1.5);
    await set(page, 'norms', 'input[data-ctl="y"]', -0.8);
    expect(num(await text(page, '[data-l1]'))).toBeCloseTo(2.3, 3);
    expect(num(await text(page, '[data-l2]'))).toBeCloseTo(Math.hypot(1.5, 0.8), 3); // 1.7
    expect(num(await text(page, '[data-linf]'))).toBeCloseTo(1.5, 3);
    await page.fill('input[data-w="0"]', '3');
    const Wn = [[3, -1.2], [2, 0.3]];
    expect(num(await text(page, '[data-fro]'))).toBeCloseTo(linalg.norm(tensor(Wn), 'fro').item(), 3);

    // ---- eigen: values against linalg.eigh, power step against linalg.powerIteration
    await set(page, 'eigen', 'input[data-ctl="a"]', 3);
    await set(page, 'eigen', 'input[data-ctl="b"]', -1);
    await set(page, 'eigen', 'input[data-ctl="c"]', 0.5);
    await set(page, 'eigen', 'input[data-ctl="step"]', 5);
    const E = tensor([[3, -1], [-1, 0.5]], { dtype: 'float64' });
    const ev = Array.from(linalg.eigh(E).values.data);
    nums(await text(page, '[data-values]')).forEach((v, k) => expect(v).toBeCloseTo(ev[k]!, 3));
    // by hand: trace 3.5 and determinant 0.5 fix the two values
    expect(ev[0]! + ev[1]!).toBeCloseTo(3.5, 6);
    expect(ev[0]! * ev[1]!).toBeCloseTo(0.5, 6);
    const pw = linalg.powerIteration(E, { iters: 5, tol: 0 });
    const shownPw = await text(page, '[data-power]');
    expect(shownPw).toContain(`(${Array.from(pw.vector.data, (v) => v.toFixed(3).replace('-', '−')).join(', ')})`);

    // ---- PCA: rotate the cloud; the ratio is linalg.pca's on the same seeded points
    await set(page, 'pca', 'input[data-ctl="angle"]', -40);
    const r = (-40 * Math.PI) / 180;
    const cloud = randn([200, 2], { generator: new Generator(1), dtype: 'float64' })
      .mul(tensor([2, 0.6], { dtype: 'float64' }))
      .matmul(tensor([[Math.cos(r), Math.sin(r)], [-Math.sin(r), Math.cos(r)]], { dtype: 'float64' }));
    const ratio = Array.from(linalg.pca(cloud, 2).explainedVarianceRatio.data);
    const shownRatio = (await text(page, '[data-ratio]')).match(/[\d.]+/g)!.map(Number);
    expect(shownRatio[0]).toBeCloseTo(ratio[0]! * 100, 1);
    expect(shownRatio[1]).toBeCloseTo(ratio[1]! * 100, 1);
    expect(num((await text(page, '[data-axis]')).match(/at (−?[\d.]+)°/)![1]!) % 180).toBeCloseTo(-40, -1); // about −40°, within ±5
    await set(page, 'pca', 'input[data-ctl="project"]', true);
    expect(page.url()).toMatch(/pca\.project=1/);

    // ---- convolution: window · kernel = conv1d output, both as Node computes them
    await set(page, 'conv', 'input[data-ctl="t"]', 120);
    const ecg = data.ecg.synthetic({ n: 1, leads: 1, samples: 250, fs: 250, seed: 3, noise: false, classes: ['normal'] }).x;
    const spike = tensor([[[-1, -1, 4, -1, -1]]]);
    const y = nn.conv1d(ecg, spike).slice(0, 0, 120).item();
    expect(num(await text(page, '[data-conv]'))).toBeCloseTo(y, 3);
    expect(num(await text(page, '[data-window-dot]'))).toBeCloseTo(y, 3);

    // ---- attention: a row's weights against scaledDotProductAttention, and the causal mask
    await set(page, 'attention', 'input[data-ctl="row"]', 2);
    await set(page, 'attention', 'input[data-ctl="sharpen"]', 2);
    const g = new Generator(3);
    const round = (t: ReturnType<typeof randn>) => tensor((t.mul(10).toArray() as number[][]).map((row) => row.map((v) => Math.round(v) / 10)));
    const [Q, K, V] = [round(randn([4, 4], { generator: g })), round(randn([4, 4], { generator: g })), round(randn([4, 2], { generator: g }))];
    const att = nn.scaledDotProductAttention(Q.mul(2), K, V);
    const w2 = (att.weights.toArray() as number[][])[2]!;
    nums(await text(page, '[data-weights]')).forEach((v, k) => expect(v).toBeCloseTo(w2[k]!, 3));
    await set(page, 'attention', 'input[data-ctl="causal"]', true);
    expect(nums(await text(page, '[data-weights]'))[3]).toBe(0);
    // every grid is labelled: query rows q₀…q₃, key columns k₀…k₃
    expect(await page.$$eval('figure[data-widget="attention"] table[data-grid="A"] thead th', (ths) => ths.map((t) => t.textContent))).toEqual(['k₀', 'k₁', 'k₂', 'k₃']);
    expect(await page.$$eval('figure[data-widget="attention"] table[data-grid="A"] tbody th', (ths) => ths.map((t) => t.textContent))).toEqual(['q₀', 'q₁', 'q₂', 'q₃']);
    await page.locator('figure[data-widget="attention"]').screenshot({ path: `${shots}ch02-attention.png` });

    // ---- positional encoding: PE[p]·PE[p+k] = PE[0]·PE[k]
    await set(page, 'posenc', 'input[data-ctl="pos"]', 33);
    await set(page, 'posenc', 'input[data-ctl="k"]', 7);
    const pe = new nn.PositionalEncoding(100, 16).pe;
    const sim = linalg.dot(pe.slice(33), pe.slice(40)).item();
    expect(num(await text(page, '[data-sim]'))).toBeCloseTo(sim, 3);
    expect(num(await text(page, '[data-sim0]'))).toBeCloseTo(sim, 3);

    // ---- dice: by hand, and against loss.dice
    await set(page, 'dice', 'input[data-ctl="ts"]', 10);
    await set(page, 'dice', 'input[data-ctl="te"]', 20);
    await set(page, 'dice', 'input[data-ctl="ps"]', 15);
    await set(page, 'dice', 'input[data-ctl="pe"]', 30);
    expect(num(await text(page, '[data-dice]'))).toBeCloseTo((2 * 5) / (10 + 15), 4);
    const m = (s: number, e: number) => tensor(Array.from({ length: 40 }, (_, k) => (k >= s && k < e ? 1 : 0)));
    expect(num(await text(page, '[data-loss]'))).toBeCloseTo(loss.dice(m(15, 30), m(10, 20)).item(), 4);

    // ---- augmentation: pure scaling changes the ECG by (a − 1)·x, so the RMS change is 0.5·RMS(x)
    await set(page, 'augment', 'input[data-ctl="noise"]', 0);
    await set(page, 'augment', 'input[data-ctl="shift"]', 0);
    await set(page, 'augment', 'input[data-ctl="scale"]', 1.5);
    const sig = Array.from(ecg.data);
    const rms = Math.sqrt(sig.reduce((s, v) => s + v * v, 0) / sig.length);
    expect(num(await text(page, '[data-rms]'))).toBeCloseTo(0.5 * rms, 3);

    // ---- tabs: formula has the current values, source is the library's, code runs in the cell
    const w = 'figure[data-widget="dot"]';
    expect(await text(page, `${w} .w-panel-formula .katex-mathml`)).toContain('6.50');
    await page.click(`${w} [role="tab"][data-tab="source"]`);
    await page.waitForSelector(`${w} .w-panel-source .listing`);
    expect(await text(page, `${w} .w-panel-source`)).toContain('export function dot(');
    await page.click(`${w} [role="tab"][data-tab="code"]`);
    await page.waitForSelector(`${w} .w-panel-code .cm-editor`);
    await page.click(`${w} .w-panel-code button.run`);
    await expect.poll(() => text(page, `${w} .w-panel-code .cell-output`), { timeout: 10_000 }).toContain('→ 6.5');

    // state is in the URL
    expect(page.url()).toMatch(/dot\.a=2%2C-2%2C1|dot\.a=2,-2,1/);
    expect(errors).toEqual([]);

    // plots redraw when their widget is on screen: visit each so the screenshot shows the current state
    for (const s of meta.sections) {
      await page.locator(`section#s-${s.id} figure.widget`).scrollIntoViewIfNeeded();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await page.screenshot({ path: `${shots}ch02-desktop-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(250); // the plots are rebuilt in dark colours
    await page.screenshot({ path: `${shots}ch02-desktop-dark.png`, fullPage: true });
    await context.close();
  }, 90_000);

  it('every formula has symbols that show their live value on hover or focus', async () => {
    const { page, context, errors } = await guide.open();
    const marks: [string, string, string][] = [
      ['tensors', 'tensor', 'y'], ['dot-product', 'dot', 'theta'], ['matmul', 'matmul', 'xrow'], ['matmul-speed', 'mmspeed', 'n'], ['transpose', 'transpose', 'aij'],
      ['norms', 'norms', 'v'], ['eigen', 'eigen', 'v1'], ['pca', 'pca', 'mu'], ['pca-ecg', 'ecgpca', 'k'], ['convolution', 'conv', 'w'],
      ['attention', 'attention', 'q'], ['positional-encoding', 'posenc', 'pe'], ['dice', 'dice', 'p'], ['augmentation', 'augment', 'sigma'],
    ];
    for (const [sec, wid, key] of marks) {
      await goto(page, guide.url, `#/ch/2/${sec}`);
      const sym = `figure[data-widget="${wid}"] .w-panel-formula [data-live="${key}"]`;
      await expect.poll(() => page.locator(sym).count(), { message: `${wid} ${key}`, timeout: 8000 }).toBe(1);
      await page.focus(sym);
      await expect.poll(() => page.textContent(`figure[data-widget="${wid}"] [data-lf-tip]`), { message: `${wid} tip`, timeout: 4000 }).toBeTruthy();
    }
    // the matmul row shown on focus is the row of X the entry uses
    const X = await grid(page, 'matmul', 'X');
    const label = (await page.getAttribute('figure[data-widget="matmul"] [data-live="xrow"]', 'aria-label'))!;
    expect(label).toContain(X[Number(/row (\d)/.exec(label)![1])]!.map((v) => String(v).replace('-', '−')).join(', '));
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('phone width: no horizontal scroll, controls above pictures', async () => {
    const { page, context, errors } = await guide.open({ width: 360, height: 740 });
    await goto(page, guide.url, '#/ch/2');
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(over).toBeLessThanOrEqual(0);
    for (const id of ['matmul', 'pca']) {
      const c = await page.locator(`figure[data-widget="${id}"] .w-controls`).boundingBox();
      const p = await page.locator(`figure[data-widget="${id}"] .w-picture`).boundingBox();
      expect(c!.y + c!.height).toBeLessThanOrEqual(p!.y);
    }
    await page.screenshot({ path: `${shots}ch02-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);
});
