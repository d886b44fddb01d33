/**
 * The guide in Chromium: the dev server on a free port, Debian's Chromium via playwright-core.
 * Screenshots go to test-results/ (desktop light, desktop dark, phone).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tensor } from 'groundup';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();
const allRequests: string[] = [];
const allErrors: string[] = [];

async function open(opts: Parameters<typeof guide.open>[0] = {}) {
  const o = await guide.open(opts);
  o.page.on('request', (r) => allRequests.push(r.url()));
  o.page.on('pageerror', (e) => allErrors.push(String(e)));
  return o;
}

const num = (s: string | null) => Number((s ?? '').replace('−', '-'));

/** The widget's inputs read back from the page, as the learner sees them. */
async function readInputs(page: Page, key: 'X' | 'W' | 'b'): Promise<number[]> {
  return page.$$eval(`input[data-key="${key}"]`, (els) => els.map((e) => Number((e as HTMLInputElement).value)));
}

async function readProbabilities(page: Page): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < 4; i++) out.push([num(await page.textContent(`[data-p="${i},0"]`)), num(await page.textContent(`[data-p="${i},1"]`))]);
  return out;
}

/** Replaces a CodeMirror editor's text the way a learner would: select all, type. */
async function setEditor(page: Page, scope: string, code: string) {
  await page.click(`${scope} .cm-content`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

describe('the guide in a browser', () => {
  it('start page lists chapters 1–8 and every link opens its chapter', async () => {
    const { page, context } = await open();
    await goto(page, guide.url, '#/');
    const items = page.locator('.chapter-list > li');
    expect(await items.count()).toBe(8);
    const titles = await page.$$eval('.chapter-list a.title', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(titles.map((t) => t[1])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `#/ch/${n}`));
    await page.click('.chapter-list a.title >> nth=2');
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/3');
    expect(await page.textContent('h1')).toBe(titles[2]![0]);
    for (let n = 1; n <= 8; n++) {
      await goto(page, guide.url, `#/ch/${n}`);
      expect(await page.textContent('h1')).toBe(titles[n - 1]![0]);
      expect(await page.locator(`.site-nav a[aria-current="page"]`).textContent()).toBe(String(n));
    }
    // every section registered in a chapter's meta is written: none is left "coming"
    for (let n = 1; n <= 8; n++) {
      await goto(page, guide.url, `#/ch/${n}`);
      const coming = await page.$$eval('section.is-coming', (ss) => ss.map((s) => s.id));
      expect(coming, `chapter ${n}`).toEqual([]);
    }
    await goto(page, guide.url, '#/ch/2');
    // next-chapter link
    await page.click('a[rel="next"]');
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/3');
    await context.close();
  });

  it('chapter 1: hovering or focusing a symbol shows its tensor and shape; editing X recomputes the output exactly as the library does', async () => {
    const { page, context, errors } = await open();
    await goto(page, guide.url, '#/ch/1');
    await page.hover('button.sym[data-sym="X"]');
    await expect.poll(() => page.textContent('.inspector [data-shape]')).toBe('shape [4, 3]');
    const Xshown = await page.$$eval('.inspector table td', (tds) => tds.map((t) => Number(t.textContent!.replace('−', '-'))));
    expect(Xshown).toEqual(await readInputs(page, 'X'));
    await page.focus('button.sym[data-sym="W"]');
    await expect.poll(() => page.textContent('.inspector [data-shape]')).toBe('shape [3, 2]');
    await page.hover('button.sym[data-sym="output"]');
    await expect.poll(() => page.textContent('.inspector [data-shape]')).toBe('shape [4, 2]');
    await page.hover('button.sym[data-sym="b"]');
    await expect.poll(() => page.textContent('.inspector [data-shape]')).toBe('shape [2]');

    const before = await readProbabilities(page);
    await page.fill('input[data-key="X"][data-index="0"]', '2.5');
    await page.fill('input[data-key="W"][data-index="1"]', '1.7');
    await expect.poll(() => page.textContent('[data-p="0,0"]')).not.toBe(String(before[0]![0]!.toFixed(4)));
    const X = await readInputs(page, 'X');
    const W = await readInputs(page, 'W');
    const b = await readInputs(page, 'b');
    expect(X[0]).toBe(2.5);
    const rows = (a: number[], c: number) => Array.from({ length: a.length / c }, (_, i) => a.slice(i * c, i * c + c));
    const expected = tensor(rows(X, 3)).matmul(tensor(rows(W, 2))).add(tensor(b)).softmax(-1).toArray() as number[][];
    const shown = await readProbabilities(page);
    shown.forEach((r, i) => r.forEach((p, j) => expect(p).toBeCloseTo(expected[i]![j]!, 4)));
    expect(shown[0]).not.toEqual(before[0]);
    // the state is in the URL: a fresh page at that URL shows the same numbers
    const url = page.url();
    expect(url).toMatch(/ch1\.X=2\.5/);
    const second = await context.newPage();
    await second.goto(url);
    await second.waitForFunction(() => document.documentElement.dataset.ready === '/ch/1');
    expect(await readProbabilities(second)).toEqual(shown);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('formula, source and code tabs; the code cell runs in a worker, survives an endless loop, and keeps edits', async () => {
    const { page, context, errors } = await open();
    await goto(page, guide.url, '#/ch/1');
    const w = 'figure[data-widget="ch1"]';
    // formula: KaTeX with the current values
    expect(await page.locator(`${w} .w-panel-formula .katex`).count()).toBeGreaterThan(0);
    const p00 = (await page.textContent('[data-p="0,0"]'))!;
    expect(await page.textContent(`${w} .w-panel-formula .katex-mathml`)).toContain(p00);
    // source: the library's own softmax, matmul and add
    await page.click(`${w} [role="tab"][data-tab="source"]`);
    await page.waitForSelector(`${w} .w-panel-source .listing`);
    const src = (await page.textContent(`${w} .w-panel-source`))!;
    expect(src).toContain('export function softmax(');
    expect(src).toContain('export function matmul(');
    expect(src).toContain('packages/groundup/src/ops/activation.ts');
    expect(await page.isHidden(`${w} .w-panel-formula`)).toBe(true);
    // keyboard: arrow keys move between tabs
    await page.focus(`${w} [role="tab"][data-tab="source"]`);
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute(`${w} [role="tab"][data-tab="code"]`, 'aria-selected')).toBe('true');
    // code: the same computation, runnable
    const cell = `${w} .w-panel-code`;
    await page.waitForSelector(`${cell} .cm-editor`);
    expect(await page.textContent(`${cell} .cm-content`)).toContain('softmax(-1)');
    await page.click(`${cell} button.run`);
    await expect.poll(() => page.textContent(`${cell} .cell-output`), { timeout: 20_000 }).toContain('→ tensor(');
    expect(await page.textContent(`${cell} .cell-output`)).toContain(p00.slice(0, 5));

    await setEditor(page, cell, 'tensor([2,3,1]).matmul(tensor([4,1,5])).item()');
    await page.click(`${cell} button.run`);
    await expect.poll(() => page.textContent(`${cell} .cell-output`)).toBe('→ 16');

    // an endless loop is stopped; meanwhile the page still answers
    await setEditor(page, cell, 'let i = 0;\nwhile (true) { i++; }');
    await page.click(`${cell} button.run`);
    await expect.poll(() => page.textContent(`${cell} .cell-status`)).toBe('Running…');
    await page.hover('button.sym[data-sym="W"]');
    await expect.poll(() => page.textContent('.inspector [data-shape]')).toBe('shape [3, 2]');
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    await expect.poll(() => page.textContent(`${cell} .cell-output`), { timeout: 15_000 }).toMatch(/Stopped after 2 s/);

    // errors from the library come back with their type; console output is shown
    await setEditor(page, cell, "console.log('shape', zeros([32, 1000]).shape);\nzeros([32, 1000]).matmul(zeros([256, 1000]))");
    await page.click(`${cell} button.run`);
    await expect.poll(() => page.textContent(`${cell} .cell-output`), { timeout: 20_000 }).toMatch(/ShapeError: matmul: cannot multiply/);
    expect(await page.textContent(`${cell} .cell-output`)).toContain('shape [32,1000]');

    // edits persist across a reload
    await setEditor(page, cell, '1 + 1 // kept');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === '/ch/1');
    await page.click(`${w} [role="tab"][data-tab="code"]`);
    await page.waitForSelector(`${cell} .cm-editor`);
    expect(await page.textContent(`${cell} .cm-content`)).toBe('1 + 1 // kept');
    await page.click(`${cell} button.reset`);
    expect(await page.textContent(`${cell} .cm-content`)).toContain('softmax(-1)');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('chapter 7: every row links to its section (or its chapter, marked coming), its source and its tests', async () => {
    const { page, context } = await open();
    await goto(page, guide.url, '#/ch/7');
    await page.waitForSelector('[data-links-checked]');
    const rows = page.locator('.map-table tbody tr[data-component]');
    expect(await rows.count()).toBe(20);
    const links = await page.$$eval('.map-table tbody tr[data-component]', (trs) =>
      trs.map((tr) => ({
        section: tr.querySelector('a[data-link="section"]')!.getAttribute('href'),
        coming: tr.querySelector('a[data-link="section"]')!.hasAttribute('data-coming'),
        note: tr.querySelector('.coming')!.textContent,
        source: tr.querySelector('a[data-link="source"]')!.getAttribute('href'),
        tests: tr.querySelectorAll('a[data-link="tests"]').length,
        mathColour: getComputedStyle(tr.querySelector('td.math')!).backgroundColor,
      })),
    );
    for (const l of links) {
      expect(l.section).toMatch(/^#\/ch\/\d(\/[a-z-]+)?$/);
      expect(l.coming).toBe(!/\/ch\/\d\/[a-z-]+$/.test(l.section!));
      if (l.coming) expect(l.note).toMatch(/section coming/);
      expect(l.source).toMatch(/^#\/source\/[\w/]+\.ts$/);
      expect(l.tests).toBeGreaterThan(0);
      expect(l.mathColour).not.toBe('rgba(0, 0, 0, 0)');
    }
    expect(new Set(links.map((l) => l.mathColour)).size).toBe(5);
    // a source link shows the file
    await page.click('tr[data-component="Cross-entropy"] a[data-link="tests"]');
    await page.waitForSelector('.listing-page .listing');
    expect(await page.textContent('h1')).toBe('packages/groundup/src/loss/crossEntropy.test.ts');
    expect(await page.textContent('.listing-page pre.code')).toContain('describe(');
    await context.close();
  });

  it('themes, phone width, screenshots, and no request leaves the server', async () => {
    // desktop, light
    const light = await open();
    await goto(light.page, guide.url, '#/ch/1');
    const bgLight = await light.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await light.page.screenshot({ path: `${shots}guide-desktop-light.png`, fullPage: true });
    await goto(light.page, guide.url, '#/ch/7');
    await light.page.screenshot({ path: `${shots}guide-map-light.png`, fullPage: true });
    // desktop, dark — via emulateMedia
    await goto(light.page, guide.url, '#/ch/1');
    await light.page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => light.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
    expect(bgLight).toBe('rgb(253, 253, 251)');
    const textDark = await light.page.evaluate(() => getComputedStyle(document.body).color);
    expect(textDark).toBe('rgb(231, 230, 225)');
    await light.page.waitForTimeout(200); // the plot is rebuilt in the dark colours
    await light.page.screenshot({ path: `${shots}guide-desktop-dark.png`, fullPage: true });
    await light.context.close();

    // phone: no horizontal scroll on any page
    const phone = await open({ width: 360, height: 740 });
    for (const route of ['#/', '#/ch/1', '#/ch/2', '#/ch/7', '#/source/ops/matmul.ts']) {
      await goto(phone.page, guide.url, route);
      const over = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(over, route).toBeLessThanOrEqual(0);
    }
    await goto(phone.page, guide.url, '#/ch/1');
    // controls sit above the picture on a phone
    const controls = await phone.page.locator('.w-controls').boundingBox();
    const picture = await phone.page.locator('.w-picture').boundingBox();
    expect(controls!.y + controls!.height).toBeLessThanOrEqual(picture!.y);
    await phone.page.screenshot({ path: `${shots}guide-phone.png`, fullPage: true });
    await phone.page.locator('figure[data-widget="ch1"]').screenshot({ path: `${shots}guide-phone-widget.png` });
    await phone.context.close();

    const origin = new URL(guide.url).origin;
    const outside = allRequests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(allRequests.length).toBeGreaterThan(20);
    expect(outside).toEqual([]);
    expect(allErrors).toEqual([]);
  }, 60_000);
});
