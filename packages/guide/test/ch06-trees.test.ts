/**
 * Chapter 6's boosted-trees section in Chromium: the widget's gain, leaf weights and accuracies
 * after control changes match trees.GradientBoosting / RandomForest / info.informationGain run
 * here in Node, γ prunes, and screenshots (light, dark, phone) go to test-results/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { data, info, trees } from 'groundup';
import { goto, shots, useGuide } from './browser.js';


const guide = useGuide();
const W = 'figure[data-widget="boost"]';
const attr = async (page: Page, key: string, name = 'data-value') => page.getAttribute(`${W} [data-n="${key}"]`, name);
async function setRange(page: Page, key: string, v: number) {
  await page.$eval(
    `${W} input[data-ctl="${key}"]`,
    (el, x) => {
      (el as HTMLInputElement).value = String(x);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    v,
  );
}

// the same points and models, in Node
const d = data.moons({ n: 120, noise: 0.3, seed: 3 });
const X = d.x.toArray() as number[][];
const y = Array.from(d.y.data);
const fit = (o: { lambda: number; gamma: number; depth: number; eta: number }) =>
  new trees.GradientBoosting({ objective: 'binary:logistic', nEstimators: 12, maxDepth: o.depth, learningRate: o.eta, lambda: o.lambda, gamma: o.gamma }).fit(X, y);

describe('chapter 6: boosted trees and forests in a browser', () => {
  it('round, λ, γ and the forest slider give the numbers the library gives in Node', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/6/boosted-trees');
    await page.locator(W).scrollIntoViewIfNeeded();
    expect(await page.locator(`${W} canvas`).count()).toBeGreaterThanOrEqual(2);

    // round 3 with λ = 2: the root split's ½·bracket − γ, and the leaf weights
    await setRange(page, 'lambda', 2);
    await setRange(page, 'r', 3);
    const gb = fit({ lambda: 2, gamma: 0, depth: 2, eta: 0.3 });
    const t = gb.trees()[2]!;
    if (t.leaf) throw new Error('expected a split');
    await expect.poll(async () => Number(await attr(page, 'gain'))).toBeCloseTo(t.gain / 2, 10);
    expect(Number(await attr(page, 'gain', 'data-feature'))).toBe(t.feature);
    expect(Number(await attr(page, 'gain', 'data-threshold'))).toBe(t.threshold);
    const leaves: number[] = [];
    const walk = (n: trees.BoostedNode): void => {
      if (n.leaf) leaves.push(n.weight);
      else {
        walk(n.left);
        walk(n.right);
      }
    };
    walk(t);
    expect(JSON.parse((await attr(page, 'leaves'))!)).toEqual(leaves);
    // the entropy gain of the same cut, from the labels
    const ig = info.informationGain(y, X.map((r) => r[t.feature]! < t.threshold));
    expect(Number(await attr(page, 'entropy'))).toBeCloseTo(ig, 12);
    // accuracy after round 3
    const acc = y.filter((c, i) => gb.predict(X, { rounds: 3 }).data[i] === c).length / y.length;
    expect(Number(await attr(page, 'acc'))).toBeCloseTo(acc, 12);

    // γ above the round-1 bracket prunes that tree to a leaf
    await setRange(page, 'r', 1);
    await setRange(page, 'gamma', 5);
    const pruned = fit({ lambda: 2, gamma: 5, depth: 2, eta: 0.3 }).trees()[0]!;
    if (pruned.leaf) {
      await expect.poll(() => page.textContent(`${W} [data-n="split"]`)).toContain('pruned');
      expect(await attr(page, 'gain')).toBeNull();
    } else await expect.poll(async () => Number(await attr(page, 'gain'))).toBeCloseTo(pruned.gain / 2 - 5, 10);

    // the forest: training accuracy of the first 7 trees' vote
    await setRange(page, 'k', 7);
    const rf = new trees.RandomForest({ nEstimators: 60, seed: 0 }).fit(X, y);
    const pv = rf.predictWith(X, 7);
    await expect.poll(async () => Number(await attr(page, 'forestAcc'))).toBeCloseTo(y.filter((c, i) => pv.data[i] === c).length / y.length, 12);
    expect(await page.locator(`${W} table[data-table="points"] tr`).count()).toBe(6);
    expect(errors).toEqual([]);
  });

  it('screenshots: light, dark, phone at 360 px without horizontal scrolling', async () => {
    for (const [scheme, width] of [['light', 1200], ['dark', 1200], ['light', 360]] as const) {
      const { page, context, errors } = await guide.open({ colorScheme: scheme, width, height: 900 });
      await page.goto(`${guide.url}?boost.r=4&boost.k=20#/ch/6/boosted-trees`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/6/boosted-trees');
      await page.locator(W).scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await page.locator(W).screenshot({ path: `${shots}ch06-boost-${scheme}-${width}.png` });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
