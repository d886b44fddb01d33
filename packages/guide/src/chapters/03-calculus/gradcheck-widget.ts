/**
 * gradcheck as a widget: pick a function and a step ε; every entry's gradient from backward() next
 * to its central difference, the worst relative error, and the library's gradcheck verdict. The
 * plot sweeps ε over twelve decades (computed once per function and seed) and marks the chosen one:
 * too large and the difference's truncation error (∝ ε²) shows, too small and rounding (∝ 1/ε) does.
 */
import type uPlot from 'uplot';
import { logSlider, numLine, select, slider } from '../../lib/controls.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { CHECK_FNS, CHECK_IDS, centralDiffs, checkSetup, epsSweep, gradcheckCode, relErr, type CheckEntry, type CheckFn } from './gradcheck-model.js';
import { gradcheck, tensor } from 'groundup';

type GcState = { fn: CheckFn; eps: number; seed: number };
const EPS = { min: 1e-13, max: 0.1 };
const FLOOR = -17; // log10 of the smallest relative error drawn (an exact match is drawn there)
/** log10 for the plot; an exact match sits on the floor, an undefined difference leaves a gap. */
const lg = (v: number) => (!Number.isFinite(v) ? null : v > 0 ? Math.max(FLOOR, Math.log10(v)) : FLOOR);
const decade = (v: number) => `1e${Math.round(v)}`.replace('-', '−');
/** A number for TeX: plain when moderate, else a × 10^k. */
const sci = (x: number) => {
  if (!Number.isFinite(x)) return '\\text{undefined}';
  if (x === 0) return '0';
  const k = Math.floor(Math.log10(Math.abs(x)));
  return k >= -3 && k <= 3 ? texNum(x, 4) : `${texNum(x / 10 ** k, 3)}{\\times}10^{${k}}`;
};

function sweepPlot(host: HTMLElement, current: () => { x: number; y: number | null }, data: [number[], (number | null)[]]): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 240,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-13.3, -0.7] }, y: { range: (_u, a, b) => [Math.min(Math.floor(a), -10), Math.max(Math.ceil(b), 0)] } },
      axes: [
        axis(t, { label: 'step ε (log scale)', labelSize: 20, incrs: [1, 2, 3], values: (_u, vs) => vs.map(decade) }),
        axis(t, { label: 'worst relative error', labelSize: 20, labelGap: 4, size: 70, incrs: [1, 2, 5, 10], values: (_u, vs) => vs.map(decade) }),
      ],
      series: [{ label: 'ε' }, { label: 'worst relative error', stroke: t.calculus, width: 2, points: { show: true, size: 4, fill: t.calculus } }],
      hooks: {
        draw: [
          (u: uPlot) => {
            const p = current();
            if (p.y === null) return;
            const ctx = u.ctx;
            ctx.beginPath();
            ctx.arc(u.valToPos(p.x, 'x', true), u.valToPos(p.y, 'y', true), 6 * devicePixelRatio, 0, 2 * Math.PI);
            ctx.fillStyle = t.optimization;
            ctx.fill();
          },
        ],
      },
    }),
    data,
  );
}

function entryTable(): { table: HTMLElement; fill(es: CheckEntry[]): void } {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'c3-gc-table', 'aria-label': 'each entry of x: the gradient from backward() and from the central difference' },
    h('thead', null, h('tr', null, ...['entry', 'x', 'backward()', 'central difference', 'relative error'].map((c) => h('th', { scope: 'col' }, c)))),
    body,
  );
  const fill = (es: CheckEntry[]) => {
    const worst = es.reduce((w, e, i) => (e.rel > es[w]!.rel ? i : w), 0);
    body.replaceChildren(
      ...es.map((e, i) =>
        h(
          'tr',
          { class: i === worst ? 'is-worst' : '' },
          h('th', { scope: 'row' }, `x[${e.index.join('][')}]`),
          h('td', null, fmtNum(e.x, 4)),
          h('td', { 'data-entry-analytic': i }, fmtNum(e.analytic, 10)),
          h('td', { 'data-entry-numeric': i }, fmtNum(e.numeric, 10)),
          h('td', { 'data-entry-rel': i }, e.rel === Infinity ? 'undefined: x − ε ≤ 0' : e.rel === 0 ? '0' : e.rel.toExponential(1).replace('-', '−')),
        ),
      ),
    );
  };
  return { table, fill };
}

function gcControls(frame: Frame, state: ReturnType<typeof urlState<GcState>>, redo: (full: boolean) => void): void {
  const s = state.get();
  frame.controls.append(
    select('function', 'fn', CHECK_IDS.map((f) => [f, CHECK_FNS[f].label] as const), s.fn, (v) => {
      state.set({ fn: v });
      redo(true);
    }).row,
    logSlider('step ε', 'eps', { ...EPS, value: s.eps, perDecade: 4, fmt: (v) => v.toExponential(0).replace('-', '−') }, (v) => {
      state.set({ eps: v });
      redo(false);
    }).row,
    slider('seed (x and the constants)', 'seed', { min: 0, max: 9, step: 1, value: s.seed }, (v) => {
      state.set({ seed: v });
      redo(true);
    }).row,
    h('p', { class: 'w-note' }, 'float64 throughout. gradcheck passes when every |backward − difference| ≤ 1e−5 + 1e−3·|difference|.'),
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'gradcheck';
  const state = urlState<GcState>(id, { fn: 'tanh', eps: 1e-6, seed: 0 }, { fn: { oneOf: CHECK_IDS }, eps: EPS, seed: { min: 0, max: 9, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'gradcheck, entry by entry',
    branch: 'calculus',
    caption: 'Slide ε from 1e−1 down to 1e−13: the error falls, bottoms out near 1e−5…1e−6, then climbs again as rounding takes over.',
    sources: [
      { file: 'gradcheck.ts', name: 'gradcheck' },
      { file: 'autograd.ts', name: 'backward' },
    ],
  });
  gcControls(frame, state, (full) => redo(full));
  const worstL = numLine('worst relative error =', 'worst');
  const verdictL = numLine('gradcheck(f, [x], { eps }) →', 'verdict');
  const msg = h('p', { class: 'w-note', 'data-n': 'message' });
  const { table, fill } = entryTable();
  frame.numbers.append(worstL.row, verdictL.row, table, msg);
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'worst relative error of the central difference against the step ε, both on log scales, the chosen ε marked' });
  frame.picture.append(host);

  let setup = checkSetup(state.get().fn, state.get().seed);
  let sweep = epsSweep(setup, CHECK_FNS[state.get().fn].shape);
  let worst = 0;
  const plotData = (): [number[], (number | null)[]] => [sweep.eps.map(Math.log10), sweep.worst.map(lg)];
  let plot: ThemedPlot | null = sweepPlot(host, () => ({ x: Math.log10(state.get().eps), y: lg(worst) }), plotData());

  function redo(full: boolean): void {
    const { fn, eps, seed } = state.get();
    if (full) {
      setup = checkSetup(fn, seed);
      sweep = epsSweep(setup, CHECK_FNS[fn].shape);
    }
    const entries = centralDiffs(setup, CHECK_FNS[fn].shape, eps);
    const lib = gradcheck(setup.f, [tensor(Array.from(setup.x.data), { dtype: 'float64', requiresGrad: true })], { eps });
    worst = Math.max(...entries.map((e) => e.rel));
    fill(entries);
    setLive(worstL.value, worst === Infinity ? 'undefined (a step left the domain)' : worst === 0 ? '0' : worst.toExponential(2).replace('-', '−'));
    setLive(verdictL.value, lib.ok ? 'passed' : 'FAILED');
    setLive(msg, lib.message);
    const w = entries.find((e) => e.rel === worst)!;
    const ix = w.index.join(',');
    frame.setFormula(
      `\\begin{aligned}&${CHECK_FNS[fn].tex},\\qquad \\live{eps}{\\varepsilon} = ${sci(eps)},\\quad \\live{x}{x} \\\\ ` +
        `&\\live{an}{\\frac{\\partial L}{\\partial x_{${ix}}}} \\approx \\frac{L(x + \\varepsilon e_{${ix}}) - L(x - \\varepsilon e_{${ix}})}{2\\varepsilon} = ${sci(w.numeric)}\\quad \\text{vs backward()}\\ ${sci(w.analytic)},\\quad \\text{relative error } ${sci(relErr(w.analytic, w.numeric))}\\end{aligned}`,
      {
        eps: { value: eps, name: 'ε', what: 'the step of the central difference' },
        x: { value: { shape: CHECK_FNS[fn].shape, data: setup.x.data }, what: 'the input being checked', digits: 4 },
        an: { value: entries.map((e) => e.analytic), name: '∂L/∂x (backward)', what: 'every entry of the gradient from backward()', digits: 6 },
      },
    );
    frame.setCode(gradcheckCode(fn, seed, eps, setup.code));
    frame.schedule(() => (full ? plot?.setData(plotData()) : plot?.plot.redraw()));
  }
  redo(false);
  return {
    update: () => redo(true),
    destroy() {
      plot?.destroy();
      plot = null;
      frame.destroy();
    },
  };
}
