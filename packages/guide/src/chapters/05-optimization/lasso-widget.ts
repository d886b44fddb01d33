/**
 * The Lasso path: one λ slider, the eight coefficient paths under an L1 penalty (ISTA: they hit
 * exactly 0 one by one) beside the same paths under an L2 penalty (closed form: they only shrink),
 * the weights at the chosen λ and the count of exact zeros. The path is computed once by the
 * library (lasso-model.ts); the slider moves along its grid.
 */
import type uPlot from 'uplot';
import { logSlider } from '../../lib/controls.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { D, LAMBDAS, LOG_MAX, LOG_MIN, STEPS_PER_DECADE, TRUE_W, lassoPath, type PathPoint } from './lasso-model.js';

/** The index of the path's λ nearest to `l` (on a log scale). */
const nearest = (l: number) => {
  let best = 0;
  LAMBDAS.forEach((v, i) => {
    if (Math.abs(Math.log(v / l)) < Math.abs(Math.log(LAMBDAS[best]! / l))) best = i;
  });
  return best;
};
const COLOURS = ['#c0392b', '#2471a3', '#7d8c8d', '#a3a3a3', '#1e8449', '#b0b0b0', '#8e8e8e', '#c4c4c4'];

/** One panel: the eight coefficients of `pick` along the path, and a dot at the chosen λ. */
function lassoChart(path: PathPoint[], label: string, pick: (q: PathPoint) => number[], chosen: () => number) {
  const xs = path.map((q) => Math.log10(q.lambda));
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': `the eight ${label} coefficients against log10 λ` });
  const data = (): uPlot.AlignedData => [xs, ...Array.from({ length: D }, (_, j) => path.map((q) => pick(q)[j]!)), xs.map((_, i) => (i === chosen() ? 0 : null))];
  const plot = themedPlot(
    host,
    (t, width): uPlot.Options => ({
      width,
      height: 190,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [LOG_MIN, LOG_MAX] }, y: { range: [-2.5, 3.5] } },
      axes: [axis(t, { label: `log₁₀ λ — ${label}`, labelSize: 18 }), axis(t, { size: 36 })],
      series: [{}, ...COLOURS.map((c, j) => ({ label: `w${j}`, stroke: c, width: TRUE_W[j] ? 2.5 : 1.5, points: { show: false } })), { label: 'λ', stroke: t.optimization, paths: () => null, points: { show: true, size: 11, fill: t.optimization, stroke: t.bg } }],
    }),
    data(),
  );
  return { host, plot, redraw: () => plot.setData(data()) };
}

/** λ, the count of exact zeros under each penalty, and the weights at λ. */
function lassoNumbers(frame: Frame) {
  const zeros = h('span', { class: 'num', 'data-n': 'zeros' });
  const zerosL2 = h('span', { class: 'num', 'data-n': 'zeros-l2' });
  const lam = h('span', { class: 'num', 'data-n': 'lambda' });
  const table = h('table', { class: 'w-table' });
  frame.numbers.append(h('div', null, 'λ = ', lam), h('div', null, 'exact zeros, L1: ', zeros, ' of 8 · L2: ', zerosL2), table);
  return (q: PathPoint) => {
    setLive(lam, String(+q.lambda.toPrecision(3)));
    lam.dataset.value = String(q.lambda);
    setLive(zeros, String(q.zeros));
    setLive(zerosL2, String(q.l2.filter((v) => v === 0).length));
    table.replaceChildren(
      h('tr', null, h('th', null, 'j'), h('th', null, 'true'), h('th', null, 'L1'), h('th', null, 'L2')),
      ...q.l1.map((w, j) => h('tr', null, h('td', null, String(j)), h('td', null, fmtNum(TRUE_W[j]!, 1)), h('td', { class: 'num', 'data-l1': j, 'data-value': String(w) }, w === 0 ? '0 (exact)' : fmtNum(w, 4)), h('td', { class: 'num', 'data-l2': j, 'data-value': String(q.l2[j]) }, fmtNum(q.l2[j]!, 4)))),
    );
  };
}

const lassoFormula = (q: PathPoint) =>
  `\\begin{aligned}&\\text{L1: } \\min_w \\tfrac{1}{2n}\\|y - Xw\\|^2 + \\lambda\\|w\\|_1,\\quad w \\leftarrow S_{\\eta\\lambda}\\big(w - \\eta(Gw - c)\\big),\\ S_t(z) = \\operatorname{sign}(z)\\max(|z| - t, 0) \\\\ &\\text{L2: } w = (G + \\lambda I)^{-1} c,\\quad G = X^\\top X / n,\\ c = X^\\top y / n,\\quad \\lambda = ${texNum(q.lambda, 3)},\\ \\text{zeros} = ${q.zeros}\\ (\\text{${q.iterations} ISTA steps})\\end{aligned}`;

const lassoCode = (q: PathPoint) =>
  [
    `const g = new Generator(7);`,
    `const X = randn([60, 8], { generator: g, dtype: 'float64' });`,
    `const y = X.matmul(tensor([${TRUE_W.join(', ')}], { dtype: 'float64' })).add(randn([60], { generator: g, dtype: 'float64' }).mul(0.5));`,
    `const G = X.transpose(0, 1).matmul(X).div(60), c = X.transpose(0, 1).matmul(y).div(60);`,
    `const eta = 1 / linalg.eigh(G).values.max().item(), lambda = ${q.lambda};`,
    `let w = zeros([8], { dtype: 'float64' });`,
    `for (let k = 0; k < 5000; k++) {`,
    `  const z = w.sub(G.matmul(w).sub(c).mul(eta));`,
    `  w = maximum(z.sub(eta * lambda), 0).add(minimum(z.add(eta * lambda), 0));   // soft threshold`,
    `}`,
    `w.toArray()`,
  ].join('\n');

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'lasso';
  const LMIN = 10 ** LOG_MIN;
  const LMAX = 10 ** LOG_MAX;
  const state = urlState(id, { lambda: 0.1 }, { lambda: { min: LMIN, max: LMAX } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'The Lasso path: L1 zeroes weights, L2 shrinks them',
    branch: 'optimization',
    caption: 'Raise λ: under L1 the weights of the five useless features reach exactly 0 and stay there; under L2 every weight only gets smaller.',
    sources: [{ file: 'ops/arithmetic.ts', name: 'maximum' }, { file: 'linalg/eigh.ts', name: 'eigh' }],
  });
  const lS = logSlider('penalty λ', 'lambda', { min: LMIN, max: LMAX, value: state.get().lambda, perDecade: STEPS_PER_DECADE, fmt: (v) => String(+v.toPrecision(3)) }, (v) => {
    state.set({ lambda: v });
    render();
  });
  frame.controls.append(lS.row);
  const path = lassoPath(); // the whole path, once per widget
  const chosen = () => nearest(state.get().lambda);
  const c1 = lassoChart(path, 'L1 (Lasso, ISTA)', (q) => q.l1, chosen);
  const c2 = lassoChart(path, 'L2 (ridge, closed form)', (q) => q.l2, chosen);
  frame.picture.append(c1.host, c2.host);
  const showNumbers = lassoNumbers(frame);
  function render(): void {
    const q = path[chosen()]!;
    showNumbers(q);
    frame.setFormula(lassoFormula(q));
    frame.setCode(lassoCode(q));
    frame.schedule(() => (c1.redraw(), c2.redraw()));
  }
  render();
  return {
    update: render,
    destroy() {
      c1.plot.destroy();
      c2.plot.destroy();
      frame.destroy();
    },
  };
}
