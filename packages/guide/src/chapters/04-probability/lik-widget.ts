/**
 * "Every loss is a negative log-likelihood": one tiny linear model s = w·x + b on ten seeded points;
 * side by side, the loss we train with and the −log-probability it stands for, all computed by the
 * library (lik-model.ts): MSE next to the Gaussian NLL, cross-entropy next to the categorical NLL,
 * and the L2 penalty λw² next to −log of the Gaussian prior N(0, 1/(2λ)). A button fits (w, b) by
 * MAP; the second plot shows the two objectives as functions of w.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { logSlider, numberInput, slider, type Control, type Slider } from '../../lib/controls.js';
import { fitMap, likCode, likData, likView, LIK_N, LIK_RULES, objectiveCurves, type LikData, type LikView } from './lik-model.js';
import { liveTex, type LiveSymbols } from '../../lib/live-formula.js';
import './ui.js';

const DEFAULTS = { w: 0.4, b: 0, sigma: 0.5, lambda: 1, seed: 1 };
type LikState = UrlState<typeof DEFAULTS>;
type Ctl = { w: Slider; b: Slider; sigma: Slider; lambda: Slider; seed: Control<number> };

function controls(frame: Frame, state: LikState, change: (p: Partial<typeof DEFAULTS>) => void): Ctl {
  const s = state.get();
  const R = LIK_RULES;
  const c: Ctl = {
    w: slider('weight w', 'w', { ...R.w, step: 0.01, value: s.w }, (v) => change({ w: v })),
    b: slider('bias b', 'b', { ...R.b, step: 0.01, value: s.b }, (v) => change({ b: v })),
    sigma: slider('noise σ of the Gaussian', 'sigma', { ...R.sigma, step: 0.01, value: s.sigma }, (v) => change({ sigma: v })),
    lambda: logSlider('penalty λ', 'lambda', { ...R.lambda, value: s.lambda, perDecade: 20 }, (v) => change({ lambda: v })),
    seed: numberInput('data seed', 'seed', { value: s.seed, ...R.seed, integer: true }, (v) => change({ seed: v })),
  };
  const fit = h('button', { type: 'button', 'data-action': 'fit' }, 'Fit w, b by MAP');
  fit.addEventListener('click', () => {
    const now = state.get();
    const f = fitMap(likData(now.seed), now.sigma, now.lambda);
    const w = Math.min(R.w.max, Math.max(R.w.min, f.w));
    const b = Math.min(R.b.max, Math.max(R.b.min, f.b));
    c.w.set(w);
    c.b.set(b);
    change({ w, b });
  });
  frame.controls.append(c.w.row, c.b.row, c.sigma.row, c.lambda.row, h('div', { class: 'ctl-buttons' }, fit), c.seed.row);
  return c;
}

/** The side-by-side table: each loss, its value, the −log-probability it equals, its value. */
function sideBySide(frame: Frame): (v: LikView) => void {
  const cell = (key: string) => h('td', { class: 'num', 'data-num': key });
  const rows: [string, string, string, string, string][] = [
    ['regression', 'MSE/(2σ²) + log σ + ½ log 2π', 'nllFromMse', 'mean −log N(y | s, σ²)', 'gaussNll'],
    ['classification', 'cross-entropy of logits [0, s]', 'ce', 'mean −log Categorical(c | [0, s])', 'catNll'],
    ['prior on w', 'λw² + ½ log(2π σₚ²)', 'penaltyPlus', '−log N(w | 0, σₚ²)', 'negLogPrior'],
  ];
  const table = h(
    'table',
    { class: 'lik-table', 'aria-label': 'each loss beside the negative log-probability it equals' },
    h('thead', null, h('tr', null, ...['model', 'the loss', 'value', 'the −log-probability', 'value'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, ...rows.map(([name, loss, lk, nll, nk]) => h('tr', null, h('th', { scope: 'row' }, name), h('td', null, loss), cell(lk), h('td', null, nll), cell(nk)))),
  );
  const mse = h('span', { class: 'num', 'data-num': 'mse' });
  const penalty = h('span', { class: 'num', 'data-num': 'penalty' });
  const sp = h('span', { class: 'num', 'data-num': 'priorStd' });
  const obj = h('span', { class: 'num', 'data-num': 'objective' });
  frame.numbers.append(
    table,
    h('p', { class: 'ch4-note' }, 'MSE = ', mse, ' · λw² = ', penalty, ' · prior spread σₚ = √(1/(2λ)) = ', sp, ' · MAP objective Σ NLL + λw² = ', obj),
  );
  return (v) => {
    setLive(table.querySelector('[data-num="nllFromMse"]')!, fmtNum(v.nllFromMse, 5));
    setLive(table.querySelector('[data-num="gaussNll"]')!, fmtNum(v.gaussNll, 5));
    setLive(table.querySelector('[data-num="ce"]')!, fmtNum(v.ce, 5));
    setLive(table.querySelector('[data-num="catNll"]')!, fmtNum(v.catNll, 5));
    setLive(table.querySelector('[data-num="penaltyPlus"]')!, fmtNum(v.penalty + v.priorConst, 5));
    setLive(table.querySelector('[data-num="negLogPrior"]')!, fmtNum(v.negLogPrior, 5));
    setLive(mse, fmtNum(v.mse, 5));
    setLive(penalty, fmtNum(v.penalty, 5));
    setLive(sp, fmtNum(v.priorStd, 4));
    setLive(obj, fmtNum(v.objective, 4));
  };
}

/** Data and the line s = w·x + b. */
function dataPlot(host: HTMLElement, data: () => uPlot.AlignedData): ThemedPlot {
  const el = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'the ten points (x, y) and the line s = w·x + b' });
  host.append(el);
  return themedPlot(
    el,
    (t, width) => ({
      width,
      height: 190,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-1.7, 1.7] }, y: { range: [-3, 3.5] } },
      axes: [axis(t, { label: 'x', labelSize: 18 }), axis(t, { size: 40 })],
      series: [
        { label: 'x' },
        { label: 'targets y', stroke: t.text, width: 0, points: { show: true, size: 7, fill: t.text, stroke: t.text } },
        { label: 'score s = w·x + b', stroke: t.probability, width: 2, points: { show: false } },
      ],
    }),
    data(),
  );
}

/** The two objectives as functions of w, and where your w sits. */
function curvePlot(host: HTMLElement, data: () => uPlot.AlignedData): ThemedPlot {
  const el = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'as a function of w with b held: the negative log-likelihood and the MAP objective (likelihood plus the Gaussian prior); your w is marked' });
  host.append(el);
  return themedPlot(
    el,
    (t, width) => ({
      width,
      height: 190,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, lo, hi) => [lo - 1, Math.min(hi, lo + 30)] } },
      axes: [axis(t, { label: 'w (b held at yours)', labelSize: 18 }), axis(t, { size: 48 })],
      series: [
        { label: 'w' },
        { label: '−log p(D | w)', stroke: t.probability, width: 2, points: { show: false } },
        { label: '−log p(D | w) + λw²', stroke: t.optimization, width: 2, dash: [6, 3], points: { show: false } },
        { label: 'your w', stroke: t.text, width: 0, points: { show: true, size: 10, fill: t.text, stroke: t.text } },
      ],
    }),
    data(),
  );
}

/** The picture's summary formula: hover a symbol to read its current value. */
const HOVER_TEX = '\\live{nll}{\\overline{\\mathrm{NLL}}} = \\live{mse}{\\mathrm{MSE}} / 2\\live{sigma}{\\sigma}^2 + \\text{const},\\qquad \\live{lambda}{\\lambda}\\live{w}{w}^2 = -\\log \\mathcal N(w \\mid 0, \\live{sp}{\\sigma_p}^2) - \\text{const}';

function hoverValues(s: typeof DEFAULTS, v: LikView): LiveSymbols {
  return {
    nll: { value: v.gaussNll, name: 'mean NLL', what: 'mean −log N(y | s, σ²)', digits: 5 },
    mse: { value: v.mse, name: 'MSE', what: 'mean squared error (loss.mse)', digits: 5 },
    sigma: { value: s.sigma, name: 'σ', what: 'the noise of the Gaussian', digits: 2 },
    lambda: { value: s.lambda, name: 'λ', what: 'the L2 penalty', digits: 3 },
    w: { value: s.w, name: 'w', what: 'the weight', digits: 3 },
    sp: { value: v.priorStd, name: 'σₚ', what: 'the prior spread √(1/(2λ))', digits: 4 },
  };
}

function formulaTex(s: typeof DEFAULTS, v: LikView): string {
  const sg = texNum(s.sigma, 2);
  return (
    `\\begin{aligned} \\tfrac1n\\textstyle\\sum_i -\\log \\mathcal N(y_i \\mid s_i, ${sg}^2) &= \\frac{\\live{mse}{\\mathrm{MSE}}}{2 \\cdot ${sg}^2} + \\log ${sg} + \\tfrac12 \\log 2\\pi = \\frac{${texNum(v.mse, 4)}}{${texNum(2 * s.sigma ** 2, 4)}} + ${texNum(Math.log(s.sigma) + 0.5 * Math.log(2 * Math.PI), 4)} = ${texNum(v.gaussNll, 4)} \\\\` +
    ` \\live{ce}{\\mathrm{CE}} &= -\\tfrac1n\\textstyle\\sum_i \\log \\operatorname{softmax}([0, s_i])_{c_i} = ${texNum(v.ce, 4)} \\\\` +
    ` -\\log \\mathcal N(w \\mid 0, \\sigma_p^2) &= \\frac{w^2}{2\\sigma_p^2} + \\tfrac12\\log 2\\pi\\sigma_p^2 = \\live{lambda}{\\lambda} \\live{w}{w}^2 ${v.priorConst < 0 ? '-' : '+'} ${texNum(Math.abs(v.priorConst), 4)},\\quad \\live{sp2}{\\sigma_p^2} = \\frac{1}{2\\lambda} = ${texNum(v.priorStd ** 2, 4)} \\end{aligned}`
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'lik';
  const state = urlState(id, { ...DEFAULTS }, LIK_RULES);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'A loss is a negative log-likelihood: MSE, cross-entropy and L2 side by side',
    branch: 'probability',
    caption: `One line s = w·x + b on ${LIK_N} points. Move w, b, σ and λ: each loss and the −log-probability beside it stay equal (up to the constant shown).`,
    sources: [
      { file: 'loss/regression.ts', name: 'mse' },
      { file: 'prob/normal.ts', name: 'Normal' },
      { file: 'loss/crossEntropy.ts', name: 'crossEntropy' },
    ],
  });
  let d: LikData = likData(state.get().seed);
  let v: LikView = likView(d, state.get());
  const ctl = controls(frame, state, (p) => {
    state.set(p);
    render();
  });
  const hoverHost = h('div', { class: 'ch4-hover' });
  frame.picture.append(hoverHost);
  const hover = liveTex(hoverHost, HOVER_TEX, hoverValues(state.get(), v));
  const line = (): uPlot.AlignedData => [d.x, d.y, v.pred];
  const curves = (): uPlot.AlignedData => {
    const c = objectiveCurves(d, state.get());
    const w = state.get().w;
    const k = c.ws.reduce((best, x, i) => (Math.abs(x - w) < Math.abs(c.ws[best]! - w) ? i : best), 0);
    return [c.ws, c.nll, c.map, c.ws.map((_, i) => (i === k ? c.map[i]! : null))];
  };
  const p1 = dataPlot(frame.picture, line);
  const p2 = curvePlot(frame.picture, curves);
  const fill = sideBySide(frame);

  function render() {
    const s = state.get();
    d = likData(s.seed);
    v = likView(d, s);
    fill(v);
    hover.update(hoverValues(s, v));
    frame.setFormula(formulaTex(s, v), { ...hoverValues(s, v), ce: { value: v.ce, name: 'CE', digits: 5 }, sp2: { value: v.priorStd ** 2, name: 'σₚ²', digits: 4 } });
    frame.setCode(likCode(d, s));
    frame.schedule(() => {
      p1.setData(line());
      p2.setData(curves());
    });
  }
  render();
  return {
    update() {
      const s = state.get();
      ctl.w.set(s.w);
      ctl.b.set(s.b);
      ctl.sigma.set(s.sigma);
      ctl.lambda.set(s.lambda);
      ctl.seed.set(s.seed);
      render();
    },
    destroy() {
      p1.destroy();
      p2.destroy();
      hover.destroy();
      frame.destroy();
    },
  };
}
