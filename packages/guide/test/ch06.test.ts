/**
 * Chapter 6 in Chromium: every section renders, each widget answers a control change with numbers
 * that match a computation done here in Node (the library, and plain JS), tabs work, no console
 * errors, and screenshots (light, dark, phone 360 px) go to test-results/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { data, info, loss, tensor } from 'groundup';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();

const W = (id: string) => `figure[data-widget="${id}"]`;
/** The exact value a widget stored beside a number (data-value), or the shown text as a number. */
const value = async (page: Page, sel: string) => Number(await page.getAttribute(sel, 'data-value'));
const shown = async (page: Page, sel: string) => Number(((await page.textContent(sel)) ?? '').replace('−', '-').replace(/[^\d.\-e]/g, ''));
/** Sets a range input the way dragging does: value, then an input event. */
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
const ranges = (page: Page, scope: string, prefix: string) =>
  page.$$eval(`${scope} input[type="range"][data-ctl^="${prefix}"]`, (els, p) => els.filter((e) => /^\d+$/.test((e as HTMLInputElement).dataset.ctl!.slice(p.length))).map((e) => Number((e as HTMLInputElement).value)), prefix);

// plain-JS references
const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const KL = (p: number[], q: number[]) => p.reduce((s, x, i) => s + (x > 0 ? x * Math.log(x / q[i]!) : 0), 0);

describe('chapter 6 in a browser', () => {
  it('renders every section; each widget recomputes on a control change exactly as the library does in Node', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6');
    const sections = await page.$$eval('section.chapter-section', (ss) => ss.map((s) => [s.getAttribute('data-section'), s.classList.contains('is-coming')]));
    expect(sections.map((s) => s[0])).toEqual(['entropy', 'information-gain', 'boosted-trees', 'cross-entropy', 'kl-divergence', 'kl-asymmetry', 'kl-in-practice', 'contrastive']);
    expect(sections.every((s) => s[1] === false)).toBe(true);
    for (const id of ['coin', 'rhythm', 'split', 'ce', 'kl', 'klasym', 'nce']) expect(await page.locator(`${W(id)} canvas`).count(), id).toBeGreaterThan(0);
    expect(await page.locator('.katex').count()).toBeGreaterThan(20);

    // ---- coin: fair = 1 bit, certain = 0, and 0.9 matches info.entropy and the formula
    expect(await value(page, `${W('coin')} [data-n="H"]`)).toBeCloseTo(1, 10);
    await setRange(page, `${W('coin')} input[data-ctl="p"]`, 0.9);
    await expect.poll(() => value(page, `${W('coin')} [data-n="H"]`)).toBeCloseTo(info.entropy([0.9, 0.1], { base: 2 }).item(), 10);
    expect(await value(page, `${W('coin')} [data-n="H"]`)).toBeCloseTo(-0.9 * Math.log2(0.9) - 0.1 * Math.log2(0.1), 10);
    await page.click(`${W('coin')} button[data-preset="1"]`);
    await expect.poll(() => value(page, `${W('coin')} [data-n="H"]`)).toBe(0);
    await page.selectOption(`${W('coin')} select[data-ctl="unit"]`, 'nats');
    await page.click(`${W('coin')} button[data-preset="0.5"]`);
    await expect.poll(() => value(page, `${W('coin')} [data-n="H"]`)).toBeCloseTo(Math.LN2, 10);

    // ---- rhythm distribution: a logit change, then compare with softmax + entropy in Node
    await setRange(page, `${W('rhythm')} input[data-ctl="z1"]`, 2.2);
    const z = await ranges(page, W('rhythm'), 'z');
    expect(z[1]).toBe(2.2);
    const pr = softmax(z);
    await expect.poll(() => value(page, `${W('rhythm')} [data-n="H"]`)).toBeCloseTo(info.entropy(pr, { base: 2 }).item(), 8);
    expect(await shown(page, `${W('rhythm')} [data-cell="1,0"]`)).toBeCloseTo(pr[1]!, 3);

    // ---- iris split: other features, the tree's root split, gain vs informationGain in Node
    const ir = data.iris();
    const X = ir.x.toArray() as number[][];
    const y = Array.from(ir.y.data);
    await page.selectOption(`${W('split')} select[data-ctl="fx"]`, '0');
    await page.selectOption(`${W('split')} select[data-ctl="fy"]`, '1');
    await page.click(`${W('split')} button[data-action="tree-split"]`);
    const tree = new info.DecisionTree({ maxDepth: 1 }).fit(X.map((r) => [r[0]!, r[1]!]), y).tree();
    expect(tree.leaf).toBe(false);
    if (!tree.leaf) {
      const root = `${W('split')} [data-n="root"]`;
      expect(Number(await page.getAttribute(root, 'data-threshold'))).toBeCloseTo(tree.threshold, 10);
      expect(Number(await page.getAttribute(root, 'data-feature'))).toBe(tree.feature);
      const f = tree.feature;
      const expected = info.informationGain(y, X.map((r) => r[f]! <= tree.threshold));
      await expect.poll(() => value(page, `${W('split')} [data-n="gain"]`)).toBeCloseTo(expected, 10);
      // the tree's split is the best threshold on that feature, by brute force here
      const vals = [...new Set(X.map((r) => r[f]!))].sort((a, b) => a - b);
      const best = Math.max(...vals.slice(1).map((v, i) => info.informationGain(y, X.map((r) => r[f]! <= (vals[i]! + v) / 2))));
      expect(expected).toBeCloseTo(best, 10);
      // move the threshold down 5 candidates: the gain follows, and is lower
      const i = Number(await page.inputValue(`${W('split')} input[data-ctl="t"]`));
      await setRange(page, `${W('split')} input[data-ctl="t"]`, i - 5);
      const t = (vals[i - 5]! + vals[i - 4]!) / 2;
      await expect.poll(() => value(page, `${W('split')} [data-n="gain"]`)).toBeCloseTo(info.informationGain(y, X.map((r) => r[f]! <= t)), 10);
      expect(await value(page, `${W('split')} [data-n="gain"]`)).toBeLessThan(expected);
    }
    // depth 3 draws more nodes than depth 1
    await setRange(page, `${W('split')} input[data-ctl="depth"]`, 1);
    const n1 = await page.locator(`${W('split')} [data-node]`).count();
    await setRange(page, `${W('split')} input[data-ctl="depth"]`, 3);
    await expect.poll(() => page.locator(`${W('split')} [data-node]`).count()).toBeGreaterThan(n1);
    expect(n1).toBe(3);

    // ---- cross-entropy: confident and wrong is expensive; CE = −log q(correct) = loss.crossEntropy(logits)
    await page.click(`${W('ce')} button[data-preset="wrong"]`);
    const zq = await ranges(page, W('ce'), 'z');
    const yc = Number(await page.inputValue(`${W('ce')} select[data-ctl="y"]`));
    const want = loss.crossEntropy(tensor(zq, { dtype: 'float64' }), tensor(yc, { dtype: 'int32' })).item();
    await expect.poll(() => value(page, `${W('ce')} [data-n="loss"]`)).toBeCloseTo(want, 8);
    expect(await value(page, `${W('ce')} [data-n="CE"]`)).toBeCloseTo(-Math.log(softmax(zq)[yc]!), 8);
    expect(await value(page, `${W('ce')} [data-n="CE"]`)).toBeGreaterThan(4);
    await page.click(`${W('ce')} button[data-preset="right"]`);
    await expect.poll(() => value(page, `${W('ce')} [data-n="CE"]`)).toBeLessThan(0.05);
    // soft truth: CE ≥ H, and the gap is KL
    await page.selectOption(`${W('ce')} select[data-ctl="mode"]`, 'soft');
    await setRange(page, `${W('ce')} input[data-ctl="zp2"]`, 2);
    const zp = await ranges(page, W('ce'), 'zp');
    const zq2 = await ranges(page, W('ce'), 'z');
    const [p2, q2] = [softmax(zp), softmax(zq2)];
    await expect.poll(() => value(page, `${W('ce')} [data-n="CE"]`)).toBeCloseTo(info.crossEntropy(p2, q2).item(), 8);
    expect(await value(page, `${W('ce')} [data-n="CE"]`) - (await value(page, `${W('ce')} [data-n="H"]`))).toBeCloseTo(KL(p2, q2), 8);

    // ---- KL: both directions, different, and = loss.klDiv in Node
    await setRange(page, `${W('kl')} input[data-ctl="zq3"]`, 3);
    await setRange(page, `${W('kl')} input[data-ctl="T"]`, 2);
    const zt = await ranges(page, W('kl'), 'zp');
    const zs = await ranges(page, W('kl'), 'zq');
    const pt = softmax(zt.map((v) => v / 2));
    const qs = softmax(zs.map((v) => v / 2));
    await expect.poll(() => value(page, `${W('kl')} [data-n="kl-pq"]`)).toBeCloseTo(KL(pt, qs), 8);
    expect(await value(page, `${W('kl')} [data-n="kl-qp"]`)).toBeCloseTo(KL(qs, pt), 8);
    expect(Math.abs((await value(page, `${W('kl')} [data-n="kl-pq"]`)) - (await value(page, `${W('kl')} [data-n="kl-qp"]`)))).toBeGreaterThan(0.05);
    expect(await value(page, `${W('kl')} [data-n="klDiv"]`)).toBeCloseTo(loss.klDiv(tensor(zs, { dtype: 'float64' }).div(2), tensor(pt, { dtype: 'float64' })).item(), 8);
    // the formula tab shows KL = CE − H with the current numbers
    // (the formula tab renders only while its widget is on screen, and at most 10 times a second in a burst)
    await page.locator(W('kl')).scrollIntoViewIfNeeded();
    await expect.poll(() => page.textContent(`${W('kl')} .w-panel-formula .katex-mathml`)).toContain(KL(pt, qs).toFixed(4));

    // ---- asymmetry: the two "best q" buttons land on different bumps; the shown KLs match plain JS
    const bins = Array.from({ length: 50 }, (_, i) => 22 + 4 * i);
    const bump = (mu: number, s: number) => bins.map((x) => -((x - mu) ** 2) / (2 * s * s) - Math.log(s));
    const lse = (a: number, b: number) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    const pTrue = softmax(bump(68, 8).map((v, i) => lse(v + Math.log(0.6), bump(148, 10)[i]! + Math.log(0.4))));
    for (const dir of ['forward', 'reverse'] as const) {
      await page.click(`${W('klasym')} button[data-fit="${dir}"]`);
      const mu = Number(await page.inputValue(`${W('klasym')} input[data-ctl="mu"]`));
      const sg = Number(await page.inputValue(`${W('klasym')} input[data-ctl="sigma"]`));
      const q = softmax(bump(mu, sg));
      await expect.poll(() => value(page, `${W('klasym')} [data-n="fwd"]`)).toBeCloseTo(KL(pTrue, q), 8);
      expect(await value(page, `${W('klasym')} [data-n="rev"]`)).toBeCloseTo(KL(q, pTrue), 8);
      if (dir === 'forward') expect(sg).toBeGreaterThanOrEqual(30);
      else expect(sg).toBeLessThanOrEqual(12);
    }

    // ---- contrastive: align, change τ, compare with loss.infoNCE in Node
    await page.click(`${W('nce')} button[data-action="align"]`);
    await setRange(page, `${W('nce')} input[data-ctl="v1"]`, 200);
    await setRange(page, `${W('nce')} input[data-ctl="tau"]`, 0.25);
    const unit = (d: number) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)];
    const z1 = tensor([0, 90, 180, 270].map(unit), { dtype: 'float64' });
    const z2 = tensor([0, 200, 180, 270].map(unit), { dtype: 'float64' });
    const per = Array.from(loss.infoNCE(z1, z2, { temperature: 0.25, reduction: 'none' }).data);
    await expect.poll(() => value(page, `${W('nce')} [data-n="mean"]`)).toBeCloseTo(per.reduce((a, b) => a + b, 0) / 4, 8);
    expect(await value(page, `${W('nce')} [data-n="row1"]`)).toBeCloseTo(per[1]!, 8);
    expect(await value(page, `${W('nce')} [data-n="row0"]`)).toBeLessThan(per[1]!);
    expect(await shown(page, `${W('nce')} [data-cos="1,1"]`)).toBeCloseTo(Math.cos((110 * Math.PI) / 180), 2);

    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('hover a symbol: every widget’s formula marks symbols whose values match the numbers the widget shows', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6');
    const ids = await page.$$eval('figure[data-widget]', (fs) => fs.map((f) => (f as HTMLElement).dataset.widget!));
    expect(ids.length).toBeGreaterThanOrEqual(9);
    for (const id of ids) {
      await page.locator(W(id)).scrollIntoViewIfNeeded();
      const sym = page.locator(`${W(id)} .w-panel-formula [data-live]`);
      await expect.poll(() => sym.count(), { message: id }).toBeGreaterThan(0);
      await sym.first().focus(); // focus shows the value as hover does (a hover on an accent such as x̄ is retried by Playwright forever)
      await expect.poll(async () => ((await page.textContent(`${W(id)} .w-panel-formula [data-lf-tip]`)) ?? '').trim().length, { message: id }).toBeGreaterThan(0);
    }
    // a value checked against the widget's own number: H(p, q) in the CE formula equals the CE line
    await page.locator(W('ce')).scrollIntoViewIfNeeded();
    await page.focus(`${W('ce')} .w-panel-formula [data-live="ce"]`);
    const ce = Number(await page.getAttribute(`${W('ce')} [data-n="CE"]`, 'data-value'));
    const lastOf = (t: string | null) => Number(((t ?? '').replace(/−/g, '-').match(/-?[0-9]+\.[0-9]+/g) ?? ['NaN']).at(-1));
    await expect.poll(async () => lastOf(await page.textContent(`${W('ce')} .w-panel-formula [data-lf-tip]`)), { timeout: 5000 }).toBeCloseTo(ce, 4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tabs: source shows the library function, code runs the same computation in the cell', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6/kl-divergence');
    const w = W('kl');
    await page.click(`${w} [role="tab"][data-tab="source"]`);
    await page.waitForSelector(`${w} .w-panel-source .listing`);
    const src = (await page.textContent(`${w} .w-panel-source`))!;
    expect(src).toContain('export function kl(');
    expect(src).toContain('export function klDiv(');
    expect(await page.isHidden(`${w} .w-panel-formula`)).toBe(true);
    await page.click(`${w} [role="tab"][data-tab="code"]`);
    const cell = `${w} .w-panel-code`;
    await page.waitForSelector(`${cell} .cm-editor`);
    expect(await page.textContent(`${cell} .cm-content`)).toContain('loss.klDiv(');
    await page.click(`${cell} button.run`);
    const kl = await value(page, `${w} [data-n="klDiv"]`);
    await expect.poll(() => page.textContent(`${cell} .cell-output`), { timeout: 20_000 }).toContain('→ ');
    const out = (await page.textContent(`${cell} .cell-output`))!;
    expect(Number(out.split('→ ')[1])).toBeCloseTo(kl, 5);
    expect(out).toContain('KL(p||q)');
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('screenshots: light, dark, phone at 360 px without horizontal scrolling', async () => {
    const { page, context, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6');
    await page.screenshot({ path: `${shots}ch06-light.png` });
    for (const id of ['coin', 'split', 'kl']) await page.locator(W(id)).screenshot({ path: `${shots}ch06-light-${id}.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
    await page.waitForTimeout(250); // plots are rebuilt in the dark colours
    for (const id of ['split', 'klasym']) await page.locator(W(id)).screenshot({ path: `${shots}ch06-dark-${id}.png` });
    // phone width, light again
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    // controls sit above the picture on a phone
    const controls = await page.locator(`${W('ce')} .w-controls`).boundingBox();
    const picture = await page.locator(`${W('ce')} .w-picture`).boundingBox();
    expect(controls!.y + controls!.height).toBeLessThanOrEqual(picture!.y);
    await page.waitForTimeout(150); // plots follow the new width
    for (const id of ['split', 'ce', 'nce']) await page.locator(W(id)).screenshot({ path: `${shots}ch06-phone-${id}.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);
});
