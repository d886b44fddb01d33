/**
 * Accessibility of the guide in Chromium (PRODUCT.md: "keyboard and screen-reader accessible;
 * works on a phone-width screen"):
 *  - axe-core (WCAG 2.0/2.1 A and AA + best practices) on the start page, every chapter (read from
 *    the start page's list, so a new chapter is covered without editing this file) and a library
 *    source page — light theme at desktop width and dark theme at phone width (360 px), after
 *    scrolling through the page so the lazily drawn widgets exist, with a source and a code tab
 *    open; and every canvas or SVG must be a named role="img" (axe cannot see into pictures);
 *  - the keyboard: skip link first, skip link focuses main, the chapter nav, Tab through every
 *    widget's controls with a focus ring of at least 3:1 at each stop (chapters alternate between
 *    the themes), a slider answers its arrow keys, the tabs follow the WAI-ARIA tabs pattern
 *    (arrow keys, Home, End; one tab in the tab order);
 *  - prefers-reduced-motion: no transition or animation longer than 0.01 s is left.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { goto, useGuide } from './browser.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const guide = useGuide();

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Scrolls to the bottom in screen-sized steps (widgets draw when they come on screen), then back up. */
async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      scrollTo(0, y);
      await frame();
    }
    scrollTo(0, document.documentElement.scrollHeight);
    await frame();
    await frame();
    scrollTo(0, 0);
    await frame();
  });
}

/** Opens the source tab of a chapter's first widget and the code tab of its second, so their contents are audited too. */
async function openPanels(page: Page): Promise<void> {
  const n = await page.evaluate(() => {
    const figs = document.querySelectorAll('figure.widget');
    figs[0]?.querySelector<HTMLElement>('[role="tab"][data-tab="source"]')?.click();
    figs[1]?.querySelector<HTMLElement>('[role="tab"][data-tab="code"]')?.click();
    return figs.length;
  });
  if (!n) return;
  await page.waitForFunction(() => {
    const figs = document.querySelectorAll('figure.widget');
    return Boolean(figs[0]?.querySelector('.w-panel-source .listing')) && (!figs[1] || Boolean(figs[1].querySelector('.cm-editor')));
  });
}

/** Runs axe-core on the page; returns the violations as readable lines (empty when there are none). */
async function audit(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] });
    return r.violations;
  });
  const lines: string[] = [];
  for (const v of violations as AxeViolation[]) {
    lines.push(`${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.length} node(s)`);
    for (const n of v.nodes.slice(0, 6)) {
      const summary = (n.failureSummary ?? '').replace(/\s+/g, ' ').replace(/^Fix (any|all) of the following: /, '').slice(0, 220);
      lines.push(`    ${JSON.stringify(n.target)}  ${summary}`);
    }
    if (v.nodes.length > 6) lines.push(`    … and ${v.nodes.length - 6} more`);
  }
  return lines;
}

describe('accessibility', () => {
  it('axe-core finds no WCAG 2.1 A/AA or best-practice violation on any page, light desktop and dark phone', async () => {
    const desktop = await guide.open({ width: 1200, height: 900, colorScheme: 'light' });
    const phone = await guide.open({ width: 360, height: 740, colorScheme: 'dark' });
    await goto(desktop.page, guide.url, '#/');
    const chapterRoutes = await desktop.page.$$eval('.chapter-list a.title', (as) => as.map((a) => a.getAttribute('href')!));
    expect(chapterRoutes.length).toBeGreaterThanOrEqual(7);
    const routes = ['#/', ...chapterRoutes, '#/source/ops/matmul.ts'];
    // the two pages run side by side (one browser), each through every route
    const reports = await Promise.all(
      ([['light, 1200 px', desktop], ['dark, 360 px', phone]] as const).map(async ([name, { page }]) => {
        const report: string[] = [];
        for (const route of routes) {
          await goto(page, guide.url, route);
          await scrollThrough(page);
          await openPanels(page);
          const lines = [...(await audit(page)), ...(await unnamedPictures(page))];
          if (lines.length) report.push(`${route} (${name}):`, ...lines.map((l) => `  ${l}`));
        }
        return report;
      }),
    );
    const report = reports.flat();
    expect(picturesChecked, 'canvases and SVGs looked at').toBeGreaterThan(40);
    await desktop.context.close();
    await phone.context.close();
    expect(report.join('\n'), 'axe violations').toBe('');
  }, 240_000); // every page, two themes: ~45 s alone, over 60 s beside other browser suites on 2 cores (a hang guard, not a timing check)

  it('keyboard: skip link first and into main, chapter nav, every widget reachable by Tab with a visible focus outline, tabs follow the WAI-ARIA pattern', async () => {
    const { page, context, errors } = await guide.open({ width: 1200, height: 900, colorScheme: 'light' });
    await goto(page, guide.url, '#/');
    const chapterRoutes = await page.$$eval('.chapter-list a.title', (as) => as.map((a) => a.getAttribute('href')!));

    // the skip link is the first stop, and visibly focused; then the brand, then every chapter link
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip');
    expect(await focusProblem(page)).toBe('');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('brand');
    const navOrder: string[] = [];
    for (let i = 0; i < chapterRoutes.length; i++) {
      await page.keyboard.press('Tab');
      navOrder.push(await page.evaluate(() => (document.activeElement?.closest('.site-nav') ? document.activeElement.getAttribute('href')! : '')));
    }
    expect(navOrder).toEqual(chapterRoutes);
    // the skip link moves focus to main, and the next Tab goes into the content, not the header
    await page.focus('#skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
    // Enter on a chapter link opens the chapter and puts focus on its title
    await page.focus(`.site-nav a[href="${chapterRoutes[2]}"]`);
    expect(await focusProblem(page)).toBe('');
    await page.keyboard.press('Enter');
    await page.waitForFunction((r) => document.documentElement.dataset.ready === r, chapterRoutes[2]!.slice(1));
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    const problems: string[] = [];
    let widgets = 0;
    // chapters alternate between the light and the dark theme (focus rings are checked against both)
    for (const [c, route] of chapterRoutes.entries()) {
      await page.emulateMedia({ colorScheme: c % 2 ? 'dark' : 'light' });
      await goto(page, guide.url, route);
      const ids = await page.$$eval('figure.widget', (fs) => fs.map((f) => f.getAttribute('data-widget')!));
      for (const [w, id] of ids.entries()) {
        widgets++;
        const W = `figure.widget[data-widget="${id}"]`;
        const where = `${route} ${id}`;
        // Tab walks through all the widget's controls (start just before its first one)
        const expected = await page.$eval(W, (fig) => {
          const els = [...fig.querySelectorAll<HTMLElement>('.w-body :is(input, select, button, textarea, a[href], [tabindex="0"])')];
          const shown = els.filter((e) => {
            if (e.matches(':disabled') || e.getClientRects().length === 0) return false;
            // a radio group is one Tab stop: its checked radio (or its first, when none is checked)
            const r = e as HTMLInputElement;
            if (r.type !== 'radio' || r.checked) return true;
            const group = [...fig.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${r.name}"]`)];
            return !group.some((g) => g.checked) && group[0] === r;
          });
          shown.forEach((e, i) => e.setAttribute('data-kbd', String(i)));
          const first = shown[0];
          if (first) {
            // a focusable stand-in just before the first control, so the next Tab lands on it
            const before = document.createElement('span');
            before.tabIndex = 0;
            before.id = 'kbd-start';
            first.before(before);
            before.focus();
          }
          return shown.length;
        });
        const reached = new Set<string>();
        for (let n = 0; n < expected * 3 + 5 && reached.size < expected; n++) {
          await page.keyboard.press('Tab');
          const at = await page.evaluate(
            ([sel, check]) => ({
              k: document.activeElement?.getAttribute('data-kbd') ?? null,
              inside: Boolean(document.activeElement?.closest(sel)),
              problem: (new Function(`return (${check})()`) as () => string)(),
            }),
            [W, focusProblemInPage.toString()] as const,
          );
          if (!at.inside) break;
          if (at.problem) problems.push(`${where}: ${at.problem}`);
          if (at.k !== null) reached.add(at.k);
        }
        await page.evaluate(() => document.getElementById('kbd-start')?.remove());
        if (reached.size < expected) problems.push(`${where}: Tab reached ${reached.size} of ${expected} controls`);

        // a control operated from the keyboard changes what the widget shows
        const slider = await page.$(`${W} .w-controls input[type="range"]:not(:disabled)`);
        if (slider && (await slider.isVisible())) {
          const before = await page.$eval(W, (f) => (f.querySelector('.w-body') as HTMLElement).innerText);
          await slider.focus();
          const atMax = await slider.evaluate((e) => Number((e as HTMLInputElement).value) >= Number((e as HTMLInputElement).max));
          // one press must show a change (a log slider whose positions round to the same value skips ahead)
          await page.keyboard.press(atMax ? 'ArrowLeft' : 'ArrowRight');
          await page
            .waitForFunction(([sel, b]) => (document.querySelector(`${sel} .w-body`) as HTMLElement).innerText !== b, [W, before] as const, { timeout: 2000 })
            .catch(() => problems.push(`${where}: an arrow key on its first slider changed nothing on screen`));
        }

        // tabs: one tab in the tab order; arrows, Home and End move between tabs and show their panel
        const tabState = () =>
          page.$eval(W, (f) => {
            const tabs = [...f.querySelectorAll<HTMLElement>('[role="tab"]')];
            const sel = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
            const panel = sel ? document.getElementById(sel.getAttribute('aria-controls')!) : null;
            return {
              focused: (document.activeElement as HTMLElement | null)?.dataset?.tab ?? '',
              selected: sel?.dataset.tab ?? '',
              inOrder: tabs.filter((t) => t.tabIndex === 0).length,
              panelShown: Boolean(panel && !panel.hidden),
            };
          });
        await page.focus(`${W} [role="tab"][tabindex="0"]`);
        const p0 = await focusProblem(page);
        if (p0) problems.push(`${where}: ${p0}`);
        // every widget's tabs come from lib/widget.ts: the whole key sequence on each chapter's first widget, one key on the others
        const keys = w === 0 ? ([['ArrowRight', 'source'], ['End', 'code'], ['ArrowRight', 'formula'], ['ArrowLeft', 'code'], ['Home', 'formula']] as const) : ([['ArrowRight', 'source']] as const);
        for (const [key, tab] of keys) {
          await page.keyboard.press(key);
          const s = await tabState();
          if (s.focused !== tab || s.selected !== tab || s.inOrder !== 1 || !s.panelShown) {
            problems.push(`${where}: ${key} → ${JSON.stringify(s)}, expected ${tab}`);
            break;
          }
        }
      }
    }
    expect(widgets).toBeGreaterThan(20);
    expect(problems.join('\n'), 'keyboard problems').toBe('');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000); // a hang guard: ~35 s in a clean-clone run

  it('prefers-reduced-motion: no transition or animation longer than 0.01 s, also on a value that just changed', async () => {
    const { page, context } = await guide.open({ width: 1200, height: 900 });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    for (const route of ['#/ch/2', '#/ch/5']) {
      await goto(page, guide.url, route);
      // change values so numbers carry their "changed" highlight right now
      for (const s of (await page.$$('.w-controls input[type="range"]:not(:disabled)')).slice(0, 8)) {
        await s.focus();
        await page.keyboard.press('ArrowRight');
      }
      expect(await page.locator('.changed').count(), route).toBeGreaterThan(0);
      const moving = await page.evaluate(() => {
        const secs = (v: string) => Math.max(0, ...v.split(',').map((x) => (x.trim().endsWith('ms') ? parseFloat(x) / 1000 : parseFloat(x))));
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('body *')) {
          const cs = getComputedStyle(el);
          const t = cs.transitionProperty !== 'none' ? secs(cs.transitionDuration) : 0;
          const a = cs.animationName !== 'none' ? secs(cs.animationDuration) : 0;
          if (t > 0.01 || a > 0.01) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} transition ${cs.transitionDuration} animation ${cs.animationName} ${cs.animationDuration}`);
        }
        return out.slice(0, 20);
      });
      expect(moving, route).toEqual([]);
    }
    await context.close();
  });
});

/**
 * What axe cannot see: a canvas (uPlot, heatmaps) or an SVG diagram must be inside (or be) an
 * element with role="img" and a name that says what the picture shows, or be hidden from screen
 * readers; an SVG may instead carry a <title>.
 */
async function unnamedPictures(page: Page): Promise<string[]> {
  const { out, n } = await page.evaluate(() => {
    const out: string[] = [];
    const describe = (el: Element) => {
      const fig = el.closest('[data-widget]');
      return `${el.tagName.toLowerCase()} in ${fig ? `widget ${fig.getAttribute('data-widget')}` : (el.parentElement?.className || 'page')}`;
    };
    const pictures = document.querySelectorAll('main canvas, main svg');
    for (const el of pictures) {
      if (el.closest('[aria-hidden="true"]')) continue;
      if (el.tagName.toLowerCase() === 'svg' && el.querySelector(':scope > title')?.textContent?.trim()) continue;
      const img = el.closest('[role="img"]');
      const name = img?.getAttribute('aria-label')?.trim() || img?.getAttribute('aria-labelledby');
      if (!img || !name) out.push(`picture-name: ${describe(el)} has no role="img" with a name`);
    }
    return { out: [...new Set(out)], n: pictures.length };
  });
  picturesChecked += n;
  return out;
}
let picturesChecked = 0;

/**
 * '' when the focused element shows a focus outline of at least 2 px whose colour has a contrast
 * of at least 3:1 with what is behind it (the element's own background for an inset outline, else
 * its surroundings'); otherwise what is wrong. CodeMirror draws its focus ring on the editor.
 */
async function focusProblem(page: Page): Promise<string> {
  return page.evaluate(focusProblemInPage);
}

/** focusProblem's check, run in the page (also inside other page.evaluate calls: it is self-contained). */
function focusProblemInPage(): string {
  let el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return 'nothing is focused';
  const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;
  if (!el.matches(':focus-visible')) return `${name} is focused but not :focus-visible`;
  el = el.closest<HTMLElement>('.cm-editor') ?? el;
  const cs = getComputedStyle(el);
  if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 2) return `${name}: no visible focus outline (${cs.outlineStyle} ${cs.outlineWidth})`;
  const rgb = (c: string) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0]!, d[1]!, d[2]!, d[3]! / 255] as const;
  };
  const lum = ([r, g, b]: readonly number[]) => {
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
  };
  let bgEl: HTMLElement | null = parseFloat(cs.outlineOffset) < 0 ? el : el.parentElement;
  let bg: readonly number[] = [255, 255, 255, 1];
  while (bgEl) {
    const c = rgb(getComputedStyle(bgEl).backgroundColor);
    if (c[3] > 0.5) {
      bg = c;
      break;
    }
    bgEl = bgEl.parentElement;
  }
  const ring = rgb(cs.outlineColor);
  const [a, b] = [lum(ring), lum(bg)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return ratio >= 3 ? '' : `${name}: focus outline ${cs.outlineColor} on ${getComputedStyle(bgEl ?? document.body).backgroundColor} has contrast ${ratio.toFixed(2)} < 3`;
}
