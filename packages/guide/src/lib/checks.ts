/**
 * The spec's claims (package @groundup/claims) in the guide:
 *
 * - `sectionChecks(ref)` builds what a chapter section shows beside its widget: a sentence for
 *   each place where the spec rounds off (visible), and a collapsible "checks" list whose claims
 *   run in a worker when the reader opens it.
 * - `renderChecksPage(main)` is the #/checks page: every claim, run live in a worker (checks.worker.ts;
 *   where workers are unavailable, on the page one claim per task), each linked to its section,
 *   with a running total.
 *
 * Both use the same `checkClaim` (the same comparison) as `groundup verify`.
 */
import { type Claim, type ClaimResult, claims, claimsForSection, formatExpected, formatTolerance, formatValue, runClaims } from '@groundup/claims';
import { chapter, sectionByRef } from '../chapters/registry.js';
import '../styles/checks.css';
import { focusableWhenScrolling, h } from './dom.js';

/**
 * Runs claims in a worker, reporting each result as it comes; resolves with 'worker', or with
 * 'page' when no worker could run them (then they ran here, one per task). `stop()` ends a run.
 */
export function runInWorker(list: readonly Claim[], onResult: (r: ClaimResult) => void): { done: Promise<'worker' | 'page'>; stop: () => void } {
  let worker: Worker | null = null;
  let stopped = false;
  const onPage = async (from: number): Promise<'page'> => {
    await runClaims(list.slice(from), (r) => !stopped && onResult(r));
    return 'page';
  };
  const done = new Promise<'worker' | 'page'>((resolve) => {
    let got = 0;
    try {
      worker = new Worker(new URL('./checks.worker.ts', import.meta.url), { type: 'module', name: 'groundup-checks' });
    } catch {
      void onPage(0).then(resolve);
      return;
    }
    worker.onmessage = (e: MessageEvent<{ type: 'result'; result: ClaimResult } | { type: 'done' }>) => {
      if (stopped) return;
      if (e.data.type === 'result') {
        got++;
        onResult(e.data.result);
      } else {
        worker?.terminate();
        resolve('worker');
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker?.terminate();
      if (!stopped) void onPage(got).then(resolve); // the worker failed: finish the rest here
    };
    worker.postMessage({ ids: list.map((c) => c.id) });
  });
  return {
    done,
    stop() {
      stopped = true;
      worker?.terminate();
    },
  };
}

/** A clause as a sentence: capital first letter, full stop. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');

/** 'ch3/backpropagation' → '#/ch/3/backpropagation'. */
export function sectionHref(ref: string): string {
  const m = /^ch(\d+)\/(.+)$/.exec(ref);
  return m ? `#/ch/${m[1]}/${m[2]}` : '#/';
}

function resultCells(r: ClaimResult): HTMLElement[] {
  const value = r.error ? `error: ${r.error}` : formatValue(r.value);
  return [
    h('td', { class: 'num', 'data-col': 'computed' }, value),
    h('td', { class: 'num', 'data-col': 'expected' }, formatExpected(r)),
    h('td', { class: 'num', 'data-col': 'tolerance' }, formatTolerance(r)),
    h('td', { class: `verdict ${r.pass ? 'is-pass' : 'is-fail'}`, 'data-col': 'result' }, r.pass ? '✓ pass' : '✗ FAIL'),
  ];
}

/** One claim as a row: statement (and source, and a measurement if any), then the result cells once it ran. */
function claimRow(c: Claim, withSection: boolean): { row: HTMLTableRowElement; fill: (r: ClaimResult) => void } {
  const found = withSection ? sectionByRef(c.section) : undefined;
  const measured = h('p', { class: 'measured' });
  const first = h(
    'td',
    { class: 'statement' },
    h('span', null, c.statement),
    withSection ? h('span', { class: 'where' }, ' — ', h('a', { href: sectionHref(c.section), 'data-link': 'section' }, found ? `§ ${found.chapter.number}: ${found.section.title}` : c.section)) : null,
    h('p', { class: 'source' }, 'Expected value: ', c.source),
    withSection && c.simplification ? h('p', { class: 'source' }, 'Where the spec rounds off: ', c.simplification) : null,
    measured,
  );
  const waiting = h('td', { class: 'pending', colspan: 4 }, 'not run yet');
  const row = h('tr', { 'data-id': c.id, 'data-state': 'pending' }, first, waiting);
  return {
    row,
    fill(r) {
      waiting.remove();
      row.append(...resultCells(r));
      row.dataset.state = 'done';
      row.dataset.pass = String(r.pass);
      if (r.measured) measured.textContent = `Measured here: ${r.measured}`;
    },
  };
}

function claimTable(label: string, rows: HTMLTableRowElement[]): HTMLElement {
  const scroller = h(
    'div',
    { class: 'checks-scroll' },
    h(
      'table',
      { class: 'checks-table', 'aria-label': label },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Claim'), h('th', { scope: 'col' }, 'Computed'), h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, 'Tolerance'), h('th', { scope: 'col' }, 'Result'))),
      h('tbody', null, ...rows),
    ),
  );
  focusableWhenScrolling(scroller, `${label} (scrolls sideways)`);
  return scroller;
}

/**
 * What a section shows about its claims ('ch<N>/<id>'), or null when it has none: the spec's
 * simplifications as sentences, then a <details> of checks that run when it is first opened.
 */
export function sectionChecks(ref: string): HTMLElement | null {
  const list = claimsForSection(ref);
  if (!list.length) return null;
  const notes = list.filter((c) => c.simplification).map((c) => h('p', { class: 'rounds-off' }, h('strong', null, 'Where the spec rounds off. '), sentence(c.simplification!)));
  const rows = list.map((c) => claimRow(c, false));
  const status = h('span', { class: 'checks-status' }, ` — open to run ${list.length === 1 ? 'it' : 'them'} here`);
  const details = h(
    'details',
    { class: 'checks', 'data-section-checks': ref },
    h('summary', null, `Checks: ${list.length} claim${list.length === 1 ? '' : 's'} of this section, computed with the library`, status),
    claimTable(`Checks of this section`, rows.map((r) => r.row)),
    h('p', { class: 'checks-more' }, 'The same claims run in ', h('code', null, 'groundup verify'), ' and, all together, on ', h('a', { href: '#/checks' }, 'the checks page'), '.'),
  );
  let started = false;
  details.addEventListener('toggle', () => {
    if (!details.open || started) return;
    started = true;
    status.textContent = ' — running…';
    let passed = 0;
    let i = 0;
    void runInWorker(list, (r) => {
      rows[i++]!.fill(r);
      if (r.pass) passed++;
    }).done.then((where) => {
      status.textContent = ` — ${passed} of ${list.length} pass`;
      details.dataset.done = 'true';
      details.dataset.runner = where;
    });
  });
  return h('div', { class: 'section-checks' }, ...notes, details);
}

/** The #/checks page. Returns a cleanup that stops a run in progress. */
export function renderChecksPage(main: HTMLElement): () => void {
  let stopped = false;
  const total = h('p', { class: 'checks-total', role: 'status', 'aria-live': 'polite' }, `0 of ${claims.length} run`);
  main.append(
    h('p', { class: 'kicker' }, 'Checks'),
    h('h1', { tabindex: -1 }, 'Every claim, computed'),
    h(
      'p',
      { class: 'lede' },
      `Each line below is one checkable statement of the guide. Your browser computes it now with the library, and compares the result with a value found another way: worked out by hand, from an invariant, by finite differences, or by a second small program written in the claim itself. The same ${claims.length} claims run in the terminal with `,
      h('code', null, 'groundup verify'),
      '.',
    ),
    total,
  );
  const fills = new Map<string, (r: ClaimResult) => void>();
  for (const n of [...new Set(claims.map((c) => c.chapter))]) {
    const rows = claims.filter((c) => c.chapter === n).map((c) => {
      const r = claimRow(c, true);
      fills.set(c.id, r.fill);
      return r.row;
    });
    const title = chapter(n)?.title;
    main.append(h('h2', null, `Chapter ${n}${title ? `: ${title}` : ''}`), claimTable(`Claims of chapter ${n}`, rows));
  }
  let passed = 0;
  let failed = 0;
  const run = runInWorker(claims, (r) => {
    if (stopped) return;
    fills.get(r.id)?.(r);
    if (r.pass) passed++;
    else failed++;
    total.textContent = `${passed + failed} of ${claims.length} run: ${passed} pass, ${failed} fail`;
  });
  void run.done.then((where) => {
    if (stopped) return;
    total.dataset.done = 'true';
    total.dataset.runner = where;
  });
  return () => {
    stopped = true;
    run.stop();
  };
}
