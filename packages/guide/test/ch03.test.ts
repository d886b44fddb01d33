/**
 * Chapter 3 (calculus) in Chromium: every section renders, each widget answers a control change
 * with numbers that match a computation done here in Node (plain JS or the library), tabs work,
 * no console errors; screenshots in light, dark and at 360 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, randn, tensor, type Tensor } from 'groundup';
import { goto, shots, useGuide } from './browser.js';
import { deepGradNorms } from '../src/chapters/03-calculus/model.js';
import { mlpGraph } from '../src/chapters/03-calculus/graph-model.js';
import { checkAt } from '../src/chapters/03-calculus/gradcheck-model.js';

const guide = useGuide();

const num = (s: string | null) => Number((s ?? '').replace(/−/g, '-'));
const read = (page: Page, sel: string) => page.textContent(sel).then(num);

/** Sets a range/number input the way a learner's drag ends: value, then an input event. */
async function setInput(page: Page, sel: string, value: number) {
  await page.$eval(
    sel,
    (el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}
const sig = (z: number) => 1 / (1 + Math.exp(-z));
const W = (id: string) => `figure[data-widget="${id}"]`;

describe('chapter 3 in a browser', () => {
  it('renders every section and each widget matches an independent computation', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/3');
    expect(await page.locator('section.is-coming').count()).toBe(0);
    for (const s of ['derivatives', 'gradient', 'gradient-descent', 'activations', 'chain-rule', 'backpropagation', 'vanishing-gradients', 'autodiff', 'tensor-graph', 'gradcheck'])
      expect(await page.locator(`section#s-${s} p`).count()).toBeGreaterThan(0);
    for (const id of ['deriv', 'grad', 'descent', 'act', 'chain', 'backprop', 'vanish', 'mlpgraph', 'gradcheck']) expect(await page.locator(W(id)).count()).toBe(1);

    // ---- derivatives: d/dx x² at 3 = 6, then sin at x = 1.2 with h = 10^-2
    expect(await read(page, `${W('deriv')} [data-n="grad"]`)).toBe(6);
    await page.selectOption(`${W('deriv')} select[data-ctl="fn"]`, 'sin');
    await setInput(page, `${W('deriv')} input[data-ctl="x"]`, 1.2);
    await setInput(page, `${W('deriv')} input[data-ctl="logh"]`, -2);
    const xt = tensor(1.2, { dtype: 'float64', requiresGrad: true });
    xt.sin().backward();
    expect(await read(page, `${W('deriv')} [data-n="grad"]`)).toBeCloseTo(xt.grad!.item(), 5);
    expect(await read(page, `${W('deriv')} [data-n="grad"]`)).toBeCloseTo(Math.cos(1.2), 5);
    expect(await read(page, `${W('deriv')} [data-n="fd"]`)).toBeCloseTo((Math.sin(1.21) - Math.sin(1.2)) / 0.01, 5);
    expect(await read(page, `${W('deriv')} [data-n="cd"]`)).toBeCloseTo((Math.sin(1.21) - Math.sin(1.19)) / 0.02, 5);
    expect(page.url()).toMatch(/deriv\.fn=sin/);

    // ---- the gradient: sliders, then a click on the heatmap; compare with plain loops
    const DX = [-1, 0, 1, 2];
    const DY = [-1.4, 0.3, 1.1, 2.8];
    const byHand = (w1: number, w2: number) => {
      let L = 0, g1 = 0, g2 = 0;
      DX.forEach((x, i) => {
        const e = w1 * x + w2 - DY[i]!;
        L += e * e / 4;
        g1 += e * x / 2;
        g2 += e / 2;
      });
      return { L, g1, g2 };
    };
    await setInput(page, `${W('grad')} input[data-ctl="w1"]`, 2.5);
    await setInput(page, `${W('grad')} input[data-ctl="w2"]`, 1.5);
    let want = byHand(2.5, 1.5);
    expect(await read(page, `${W('grad')} [data-n="loss"]`)).toBeCloseTo(want.L, 4);
    expect(await read(page, `${W('grad')} [data-n="g1"]`)).toBeCloseTo(want.g1, 4);
    expect(await read(page, `${W('grad')} [data-n="g2"]`)).toBeCloseTo(want.g2, 4);
    await page.locator(`${W('grad')} canvas`).scrollIntoViewIfNeeded();
    const box = (await page.locator(`${W('grad')} canvas`).boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.25); // w1 = −0.5, w2 = 2.5
    await expect.poll(() => page.inputValue(`${W('grad')} input[data-ctl="w1"]`)).toBe('-0.5');
    expect(await page.inputValue(`${W('grad')} input[data-ctl="w2"]`)).toBe('2.5');
    want = byHand(-0.5, 2.5);
    expect(await read(page, `${W('grad')} [data-n="g1"]`)).toBeCloseTo(want.g1, 4);
    expect(await read(page, `${W('grad')} [data-n="g2"]`)).toBeCloseTo(want.g2, 4);

    // ---- gradient descent: 10 steps by default, one more with the Step button
    await setInput(page, `${W('descent')} input[data-ctl="lr"]`, 0.2);
    await page.click(`${W('descent')} button[data-act="step"]`);
    let w: [number, number] = [-1.5, 3];
    for (let k = 0; k < 11; k++) {
      const g = byHand(w[0], w[1]);
      w = [w[0] - 0.2 * g.g1, w[1] - 0.2 * g.g2];
    }
    expect(await read(page, `${W('descent')} [data-n="endloss"]`)).toBeCloseTo(byHand(w[0], w[1]).L, 4);
    expect(await page.locator(`${W('descent')} ol.c3-path li`).count()).toBe(12);

    // ---- activations: slopes at x = 2
    await setInput(page, `${W('act')} input[data-ctl="x"]`, 2);
    await page.selectOption(`${W('act')} select[data-ctl="act"]`, 'relu');
    expect(await read(page, `${W('act')} [data-act-dy="sigmoid"]`)).toBeCloseTo(sig(2) * (1 - sig(2)), 4);
    expect(await read(page, `${W('act')} [data-act-dy="tanh"]`)).toBeCloseTo(1 - Math.tanh(2) ** 2, 4);
    expect(await read(page, `${W('act')} [data-act-dy="relu"]`)).toBe(1);
    expect(await read(page, `${W('act')} [data-act-y="sigmoid"]`)).toBeCloseTo(sig(2), 4);

    // ---- chain rule: sin(x²) at 1.5 by default, then exp(sin x) at −0.8
    expect(await read(page, `${W('chain')} [data-n="inner"]`)).toBeCloseTo(3, 4);
    expect(await read(page, `${W('chain')} [data-n="product"]`)).toBeCloseTo(3 * Math.cos(2.25), 5);
    await page.selectOption(`${W('chain')} select[data-ctl="outer"]`, 'exp');
    await page.selectOption(`${W('chain')} select[data-ctl="inner"]`, 'sin');
    await setInput(page, `${W('chain')} input[data-ctl="x"]`, -0.8);
    expect(await read(page, `${W('chain')} [data-n="outer"]`)).toBeCloseTo(Math.exp(Math.sin(-0.8)), 4);
    expect(await read(page, `${W('chain')} [data-n="inner"]`)).toBeCloseTo(Math.cos(-0.8), 4);
    expect(await read(page, `${W('chain')} [data-n="whole"]`)).toBeCloseTo(Math.exp(Math.sin(-0.8)) * Math.cos(-0.8), 5);
    expect(await read(page, `${W('chain')} [data-n="product"]`)).toBeCloseTo(await read(page, `${W('chain')} [data-n="whole"]`), 5);

    // ---- backprop: edit w, clear, step forward through 9 nodes, then backward
    const bp = W('backprop');
    await page.fill(`${bp} input[data-ctl="w"]`, '-0.4');
    await page.click(`${bp} button[data-act="reset"]`);
    expect(await page.textContent(`${bp} [data-node-value="w"]`)).toBe('?');
    for (let i = 0; i < 9; i++) await page.click(`${bp} button[data-act="forward"]`);
    expect(await page.isDisabled(`${bp} button[data-act="forward"]`)).toBe(true);
    const z = -0.4 * 1.5 - 0.3;
    const a = sig(z);
    expect(await read(page, `${bp} [data-node-value="L = e²"]`)).toBeCloseTo((a - 1) ** 2, 4);
    expect(await page.textContent(`${bp} [data-node-grad="w"]`)).toBe('?');
    for (let i = 0; i < 9; i++) await page.click(`${bp} button[data-act="backward"]`);
    const dz = 2 * (a - 1) * a * (1 - a);
    expect(await read(page, `${bp} [data-node-grad="z = w·x + b"]`)).toBeCloseTo(dz, 4);
    expect(await read(page, `${bp} [data-node-grad="w"]`)).toBeCloseTo(dz * 1.5, 4);
    expect(await read(page, `${bp} [data-node-grad="b"]`)).toBeCloseTo(dz, 4);
    expect(await page.textContent(`${bp} [data-node-grad="x"]`)).toBe('—');
    expect(await page.locator(`${bp} svg .c3-node`).count()).toBe(9);
    // one update step: w ← w − 0.5·∂L/∂w lowers the loss
    const before = (a - 1) ** 2;
    await page.click(`${bp} button[data-act="sgd"]`);
    expect(num(await page.inputValue(`${bp} input[data-ctl="w"]`))).toBeCloseTo(-0.4 - 0.5 * dz * 1.5, 4);
    expect(await read(page, `${bp} [data-node-value="L = e²"]`)).toBeLessThan(before);

    // ---- vanishing gradients: ReLU + He, depth 20, against the same network built here
    const vw = W('vanish');
    await page.selectOption(`${vw} select[data-ctl="act"]`, 'relu');
    await page.selectOption(`${vw} select[data-ctl="init"]`, 'he');
    await setInput(page, `${vw} input[data-ctl="depth"]`, 20);
    manualSeed(0);
    const layers: nn.Module[] = [];
    const lins: nn.Linear[] = [];
    for (let i = 0; i < 20; i++) {
      const l = new nn.Linear(16, 16);
      nn.init.heNormal(l.weight);
      nn.init.zeros(l.bias!);
      lins.push(l);
      layers.push(l, new nn.ReLU());
    }
    const model = new nn.Sequential(...layers).to('float64');
    model.forward(randn([8, 16]).double()).sum().backward();
    const norm = (t: Tensor) => Math.sqrt(Array.from(t.grad!.data).reduce((s, v) => s + v * v, 0));
    const first = norm(lins[0]!.weight);
    const last = norm(lins[19]!.weight);
    expect(await read(page, `${vw} [data-n="first"]`)).toBeCloseTo(first, 2);
    expect(await read(page, `${vw} [data-n="ratio"]`) / (first / last)).toBeCloseTo(1, 2);
    // the free controls: tanh + Xavier with skips, against the model run here
    await page.selectOption(`${vw} select[data-ctl="act"]`, 'tanh');
    await page.selectOption(`${vw} select[data-ctl="init"]`, 'xavier');
    await page.check(`${vw} input[data-ctl="skip"]`);
    const tx = deepGradNorms({ act: 'tanh', init: 'xavier', skip: true, depth: 20, seed: 0 });
    expect(await read(page, `${vw} [data-n="first"]`) / tx[0]!).toBeCloseTo(1, 2);
    expect(await read(page, `${vw} [data-n="last"]`) / tx[19]!).toBeCloseTo(1, 2);
    expect(page.url()).toMatch(/vanish\.skip=1/);
    // sigmoid at depth 60 without skips (debounced): many orders of magnitude lost
    await page.uncheck(`${vw} input[data-ctl="skip"]`);
    await page.selectOption(`${vw} select[data-ctl="init"]`, 'default');
    await page.selectOption(`${vw} select[data-ctl="act"]`, 'sigmoid');
    await setInput(page, `${vw} input[data-ctl="depth"]`, 60);
    await expect.poll(() => read(page, `${vw} [data-n="decades"]`)).toBeGreaterThan(8);
    expect(await page.locator(`${W('vanish')} .uplot`).count()).toBe(1);

    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('tensor-level graph and gradcheck widgets answer their controls with the numbers the models give in Node', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/3/tensor-graph');
    const g = W('mlpgraph');
    await page.waitForSelector(`${g} svg.c3-mlp`);
    const at = (o: Parameters<typeof mlpGraph>[0]) => mlpGraph(o);
    let want = at({ seed: 0, batch: 4, hidden: 4, act: 'relu' });
    const gradOf = (label: string) => want.nodes.find((n) => n.label === label)!.gradNorm!;
    expect(await read(page, `${g} [data-n="loss"]`)).toBeCloseTo(want.loss, 4);
    expect(await read(page, `${g} [data-node-grad="W₁"]`)).toBeCloseTo(gradOf('W₁'), 4);
    expect(await page.textContent(`${g} [data-node-grad="X"]`)).toBe('—');
    expect(await page.locator(`${g} svg .c3-node`).count()).toBe(want.nodes.length);
    // batch 7, hidden 6, tanh, seed 3: every shape follows, the numbers change
    await setInput(page, `${g} input[data-ctl="batch"]`, 7);
    await setInput(page, `${g} input[data-ctl="hidden"]`, 6);
    await setInput(page, `${g} input[data-ctl="seed"]`, 3);
    await page.selectOption(`${g} select[data-ctl="act"]`, 'tanh');
    want = at({ seed: 3, batch: 7, hidden: 6, act: 'tanh' });
    expect(await page.textContent(`${g} [data-node-shape="z₁ = XW₁ + b₁"]`)).toBe('[7, 6]');
    expect(await page.textContent(`${g} [data-node-shape="W₂"]`)).toBe('[6, 2]');
    expect(await read(page, `${g} [data-n="loss"]`)).toBeCloseTo(want.loss, 4);
    expect(await read(page, `${g} [data-node-grad="b₁"]`)).toBeCloseTo(gradOf('b₁'), 4);
    expect(await read(page, `${g} [data-node-grad="h = tanh(z₁)"]`)).toBeCloseTo(gradOf('h = tanh(z₁)'), 4);
    expect(page.url()).toMatch(/mlpgraph\.act=tanh/);
    await page.locator(g).screenshot({ path: `${shots}ch03-mlpgraph.png` });

    // gradcheck: log near 0 with ε = 1e−2 fails, ε = 1e−6 passes; entries match the Node model
    await goto(page, guide.url, '#/ch/3/gradcheck');
    const c = W('gradcheck');
    await page.selectOption(`${c} select[data-ctl="fn"]`, 'log');
    const pos = (eps: number) => Math.round((Math.log10(eps) + 13) * 4); // the ε slider: 4 positions per decade from 1e−13
    await setInput(page, `${c} input[data-ctl="eps"]`, pos(1e-2));
    let r = checkAt('log', 0, 1e-2);
    expect(await page.textContent(`${c} [data-n="verdict"]`)).toBe('FAILED');
    expect(r.lib.ok).toBe(false);
    expect(await read(page, `${c} [data-entry-numeric="0"]`)).toBeCloseTo(r.entries[0]!.numeric, 6);
    expect(await read(page, `${c} [data-entry-analytic="0"]`)).toBeCloseTo(r.entries[0]!.analytic, 6);
    expect(await read(page, `${c} [data-n="worst"]`) / r.worstRel).toBeCloseTo(1, 2);
    await setInput(page, `${c} input[data-ctl="eps"]`, pos(1e-6));
    r = checkAt('log', 0, 1e-6);
    expect(await page.textContent(`${c} [data-n="verdict"]`)).toBe('passed');
    expect(await read(page, `${c} [data-entry-numeric="3"]`)).toBeCloseTo(r.entries[3]!.numeric, 6);
    expect(await page.textContent(`${c} [data-n="message"]`)).toMatch(/gradcheck passed/);
    // too small an ε: rounding noise, the worst error grows again
    await setInput(page, `${c} input[data-ctl="eps"]`, pos(1e-13));
    expect(await read(page, `${c} [data-n="worst"]`)).toBeGreaterThan(r.worstRel * 10);
    expect(await page.locator(`${c} .uplot`).count()).toBe(1);
    await page.locator(c).screenshot({ path: `${shots}ch03-gradcheck.png` });
    await goto(page, guide.url, '#/ch/3/vanishing-gradients');
    await page.locator(W('vanish')).screenshot({ path: `${shots}ch03-vanish.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 40_000);

  it('the new widgets survive bad links: every URL key at −1, 1e9, NaN and text keeps them computing, with a notice', async () => {
    const { page, context, errors } = await guide.open();
    for (const bad of ['-1', '1e9', 'NaN', 'abc']) {
      await goto(page, guide.url, '#/ch/3');
      const params = await page.$$eval('figure[data-widget="mlpgraph"], figure[data-widget="gradcheck"], figure[data-widget="vanish"]', (fs) => fs.flatMap((f) => (f.getAttribute('data-params') ?? '').split(' ').filter(Boolean)));
      expect(params.length).toBeGreaterThanOrEqual(12);
      const q = params.map((p) => `${p}=${encodeURIComponent(bad)}`).join('&');
      await page.goto(`${guide.url}?${q}#/ch/3/tensor-graph`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/3/tensor-graph');
      expect(await page.locator('p.coming[role="alert"]').count(), `${bad}: a section failed to render`).toBe(0);
      for (const id of ['mlpgraph', 'gradcheck', 'vanish']) {
        expect(await page.locator(`${W(id)}`).count(), `${id} ${bad}`).toBe(1);
        if (bad === '1e9' || bad === 'NaN') expect(await page.textContent(`${W(id)} [data-w-notice]`), `${id} ${bad}`).not.toBe('');
      }
      expect(Number.isFinite(await read(page, `${W('mlpgraph')} [data-n="loss"]`)), bad).toBe(true);
      expect(await page.textContent(`${W('gradcheck')} [data-n="verdict"]`)).toMatch(/passed|FAILED/);
      await expect.poll(() => read(page, `${W('vanish')} [data-n="first"]`)).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('tabs: formula shows the current numbers, source shows the library, code runs the same computation', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/3/backpropagation');
    const bp = W('backprop');
    const wGrad = (await page.textContent(`${bp} [data-node-grad="w"]`))!;
    expect(await page.textContent(`${bp} .w-panel-formula .katex-mathml`)).toContain(String(num(wGrad)));
    // hover a symbol of the formula: its live value appears under it
    await page.focus(`${bp} .w-panel-formula [data-live="z"]`);
    await expect.poll(() => page.textContent(`${bp} [data-lf-tip]`), { message: 'backprop focus tip', timeout: 4000 }).toMatch(/pre-activation/);
    await page.hover(`${bp} .w-panel-formula [data-live="L"]`, { timeout: 4000 });
    await expect.poll(() => page.textContent(`${bp} [data-lf-tip]`), { message: 'backprop hover tip', timeout: 4000 }).toMatch(/squared error/);
    expect(await page.getAttribute(`${bp} [data-live="w"]`, 'aria-label')).toContain('0.8');
    for (const [sec, wid, key] of [['tensor-graph', 'mlpgraph', 'W1'], ['gradcheck', 'gradcheck', 'eps'], ['vanishing-gradients', 'vanish', 'first'], ['chain-rule', 'chain', 'u'], ['derivatives', 'deriv', 'h'], ['gradient', 'grad', 'w1'], ['activations', 'act', 'x']] as const) {
      await goto(page, guide.url, `#/ch/3/${sec}`);
      await expect.poll(() => page.locator(`${W(wid)} .w-panel-formula [data-live="${key}"]`).count(), { message: `${wid} ${key}`, timeout: 4000 }).toBe(1);
    }
    await page.click(`${bp} [role="tab"][data-tab="source"]`);
    await page.waitForSelector(`${bp} .w-panel-source .listing`);
    expect(await page.textContent(`${bp} .w-panel-source`)).toContain('export function graph(');
    const d = W('deriv');
    await page.click(`${d} [role="tab"][data-tab="code"]`);
    await page.waitForSelector(`${d} .w-panel-code .cm-editor`);
    await page.click(`${d} .w-panel-code button.run`);
    await expect.poll(() => page.textContent(`${d} .w-panel-code .cell-output`), { timeout: 10_000 }).toContain('→ 6');
    // the autodiff cell: graph() nodes listed and gradcheck passes
    await page.click('section#s-autodiff button.run');
    await expect.poll(() => page.textContent('section#s-autodiff .cell-output'), { timeout: 10_000 }).toMatch(/→ |Error/);
    const out = (await page.textContent('section#s-autodiff .cell-output'))!;
    expect(out).toContain('w shape [3]');
    expect(out).not.toMatch(/Error/);
    expect(out).toMatch(/→ gradcheck passed/);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('screenshots: light, dark, phone 360 px — nothing wider than the screen', async () => {
    const light = await guide.open();
    await goto(light.page, guide.url, '#/ch/3');
    await light.page.screenshot({ path: `${shots}ch03-light.png`, fullPage: true });
    await light.page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => light.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
    await light.page.screenshot({ path: `${shots}ch03-dark.png`, fullPage: true });
    await light.context.close();
    const phone = await guide.open({ width: 360, height: 780 });
    await goto(phone.page, guide.url, '#/ch/3');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: `${shots}ch03-phone.png`, fullPage: true });
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 45_000);
});
