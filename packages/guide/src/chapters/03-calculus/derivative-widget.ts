/**
 * Derivatives: a function (x², sin x, or the loss of one weight), a point x, the tangent line, the
 * derivative from autograd (x.grad after y.backward()) and a finite difference with a step h the
 * learner sets. The secant through x and x + h shows what the finite difference measures.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import type { ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { curve, derivative, derivativeCode, FUNCTIONS, type Derivative, type FnId } from './model.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { numLine, select, slider } from '../../lib/controls.js';
import { curvePlot } from './curve-plot.js';

/** The formula with the current point worked through; its symbols carry their values. */
function derivFormula(fid: FnId, x: number, cur: Derivative): [string, LiveSymbols] {
  const fn = FUNCTIONS[fid];
  const name = fid === 'loss' ? 'w' : 'x';
  const f = fn.tex.replace(/x|w/g, `(${texNum(x, 2)})`);
  return [
    `\\begin{aligned}f(${name}) &= ${fn.tex} \\\\ \\live{fx}{f(${texNum(x, 2)})} &= ${f} = ${texNum(cur.y, 4)} \\\\` +
      ` \\live{grad}{f'(${texNum(x, 2)})} &= \\lim_{h \\to 0} \\frac{f(${texNum(x, 2)} + h) - f(${texNum(x, 2)})}{h} = ${texNum(cur.grad, 6)} \\\\` +
      ` \\live{h}{h} = ${texNum(cur.h, 6)}: \\quad \\live{fd}{\\frac{f(${texNum(x, 2)} + h) - f(${texNum(x, 2)})}{h}} &= ${texNum(cur.forward, 6)}\\end{aligned}`,
    {
      fx: { value: cur.y, name: `f(${name})`, what: 'the function at the chosen point', digits: 4 },
      grad: { value: cur.grad, name: `f′(${name})`, what: 'the exact slope, from autograd', digits: 6 },
      h: { value: cur.h, what: 'the step of the finite difference', digits: 6 },
      fd: { value: cur.forward, name: 'forward difference', what: `off from the slope by ${fmtNum(Math.abs(cur.forward - cur.grad), 3)}`, digits: 6 },
    },
  ];
}

/** The curve, the tangent at x and the secant over h. */
function derivPlotData(data: { xs: number[]; ys: number[] }, cur: Derivative): uPlot.AlignedData {
  const { x, y, grad, h: step, forward } = cur;
  const lo = Math.min(x, x + step) - 0.6;
  const hi = Math.max(x, x + step) + 0.6;
  return [data.xs, data.ys, data.xs.map((t) => y + grad * (t - x)), data.xs.map((t) => (t >= lo && t <= hi ? y + forward * (t - x) : null))];
}

function derivPlot(host: HTMLElement, data: () => { xs: number[]; ys: number[] }, cur: () => Derivative, initial: uPlot.AlignedData): ThemedPlot {
  const yRange = (): [number, number] => {
    const lo = Math.min(...data().ys);
    const hi = Math.max(...data().ys);
    const pad = (hi - lo) * 0.12 || 1;
    return [lo - pad, hi + pad];
  };
  return curvePlot(
    host,
    {
      height: 260,
      yRange: () => yRange(),
      ySize: 44,
      series: [
        { label: 'f(x)', colour: (t) => t.text },
        { label: 'tangent (slope = x.grad)', colour: (t) => t.calculus },
        { label: 'secant over h', colour: (t) => t.muted, width: 1.5, dash: [5, 4], spanGaps: false },
      ],
      dots: () => [
        { x: cur().x, y: cur().y, colour: (t) => t.calculus, r: 5 },
        { x: cur().x + cur().h, y: cur().y + cur().forward * cur().h, colour: (t) => t.muted, r: 3.5 },
      ],
    },
    initial,
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'deriv';
  const state = urlState(
    id,
    { fn: 'square', x: 3, logh: -1 },
    {
      fn: { oneOf: Object.keys(FUNCTIONS) },
      x: { min: (s) => FUNCTIONS[s.fn as FnId].range[0], max: (s) => FUNCTIONS[s.fn as FnId].range[1] },
      logh: { min: -6, max: 0 },
    },
  );
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'The slope at a point',
    branch: 'calculus',
    caption: 'Move x and watch the tangent turn; shrink h and the finite difference closes in on the autograd value.',
    sources: [
      { file: 'ops/math.ts', name: 'square' },
      { file: 'ops/math.ts', name: 'sin' },
      { file: 'autograd.ts', name: 'backward' },
    ],
  });
  const fnId = () => (state.get().fn in FUNCTIONS ? (state.get().fn as FnId) : 'square');
  const fnSel = select('function', 'fn', Object.values(FUNCTIONS).map((f) => [f.id, f.label] as [FnId, string]), fnId(), (v) => {
    const r = FUNCTIONS[v].range;
    const x = Math.min(r[1], Math.max(r[0], state.get().x));
    state.set({ fn: v, x });
    xs.input.min = String(r[0]);
    xs.input.max = String(r[1]);
    xs.set(x);
    data = curve(v);
    render();
  });
  const r0 = FUNCTIONS[fnId()].range;
  const xs = slider('x (or w)', 'x', { min: r0[0], max: r0[1], step: 0.05, value: state.get().x }, (v) => {
    state.set({ x: v });
    render();
  });
  const hs = slider('step h = 10^k, k', 'logh', { min: -6, max: 0, step: 0.25, value: state.get().logh }, (v) => {
    state.set({ logh: v });
    render();
  });
  frame.controls.append(fnSel.row, xs.row, hs.row, h('p', { class: 'w-note' }, 'For the loss, the input x = 2 and the target y = 3 are fixed; the slider moves the weight w.'));

  const yLine = numLine('f(x) =', 'y');
  const gLine = numLine('autograd  x.grad =', 'grad');
  const hLine = numLine('step h =', 'h');
  const fdLine = numLine('(f(x+h) − f(x)) / h =', 'fd');
  const cdLine = numLine('(f(x+h) − f(x−h)) / 2h =', 'cd');
  const errLine = numLine('forward-difference error =', 'err');
  frame.numbers.append(yLine.row, gLine.row, hLine.row, fdLine.row, cdLine.row, errLine.row);

  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'the function, its tangent line at x, and the secant from x to x + h' });
  frame.picture.append(host);
  let data = curve(fnId());
  let cur = derivative(fnId(), state.get().x, 10 ** state.get().logh);

  const plotData = () => derivPlotData(data, cur);
  let plot: ThemedPlot | null = derivPlot(host, () => data, () => cur, plotData());

  function render(): void {
    const fid = fnId();
    const { x, logh } = state.get();
    cur = derivative(fid, x, 10 ** logh);
    setLive(yLine.value, fmtNum(cur.y, 4));
    setLive(gLine.value, fmtNum(cur.grad, 6));
    setLive(hLine.value, fmtNum(cur.h, 6));
    setLive(fdLine.value, fmtNum(cur.forward, 6));
    setLive(cdLine.value, fmtNum(cur.central, 6));
    setLive(errLine.value, fmtNum(Math.abs(cur.forward - cur.grad), 3));
    frame.setFormula(...derivFormula(fid, x, cur));
    frame.setCode(derivativeCode(fid, x, cur.h));
    frame.schedule(() => plot?.setData(plotData()));
  }
  render();
  return {
    update: render,
    destroy() {
      plot?.destroy();
      plot = null;
      frame.destroy();
    },
  };
}
