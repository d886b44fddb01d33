/**
 * Maximum likelihood by hand and by formula: 40 seeded resting heart rates (bpm); the learner moves
 * a Normal's μ and σ and watches the log-likelihood Σ log p(xᵢ) (the library's logProb, summed);
 * a button jumps to prob.fitNormal's answer, and the two curves show that nothing beats it.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { code, heartRates, HR_COUNT, MU_RANGE, mleView, SIGMA_RANGE, type MleView } from './model.js';
import { numberInput, slider } from '../../lib/controls.js';
import { numberList } from './ui.js';

const bpm = (v: number, d = 1) => `${fmtNum(v, d)} bpm`;

/** A slice of the log-likelihood along one axis, your value and the MLE marked. */
function llPlot(host: HTMLElement, xLabel: string, you: string, data: () => uPlot.AlignedData): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 180,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, lo, hi) => [Math.max(lo, hi - 120), hi + 4] } },
      axes: [axis(t, { label: xLabel, labelSize: 18 }), axis(t, { size: 52, label: 'ℓ', labelSize: 18 })],
      series: [
        { label: 'bpm' },
        { label: 'ℓ along this axis', stroke: t.probability, width: 2, points: { show: false } },
        { label: you, stroke: t.text, width: 0, points: { show: true, size: 10, fill: t.text, stroke: t.text } },
        { label: 'MLE', stroke: t.probability, width: 0, points: { show: true, size: 12, fill: t.bg, stroke: t.probability, width: 2.5 } },
      ],
    }),
    data(),
  );
}

/** The heart rates as marks on the axis and the density of your Normal. */
function densityPlot(host: HTMLElement, data: () => uPlot.AlignedData): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 170,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [35, 125] }, y: { range: (_u, _lo, hi) => [-0.004, Math.max(0.05, hi * 1.1)] } },
      axes: [axis(t, { label: 'resting heart rate (bpm)', labelSize: 18 }), axis(t, { size: 52, label: 'density', labelSize: 18 })],
      series: [
        { label: 'bpm' },
        { label: 'your Normal', stroke: t.probability, width: 2, points: { show: false }, spanGaps: true },
        { label: `${HR_COUNT} patients`, stroke: t.text, width: 0, points: { show: true, size: 7, fill: t.text, stroke: t.text } },
      ],
    }),
    data(),
  );
}

function mleFormula(frame: Frame, x: number[], s: { mu: number; sigma: number }, v: MleView): void {
  frame.setFormula(
    `\\begin{aligned} \\live{ll}{\\ell(\\mu, \\sigma)} &= \\sum_{i=1}^{${x.length}} \\log p(\\live{x}{x_i} \\mid \\mu, \\sigma) = -\\sum_i \\frac{(x_i - ${texNum(s.mu, 2)})^2}{2 \\cdot ${texNum(s.sigma, 2)}^2} - ${x.length} \\log ${texNum(s.sigma, 2)} - \\tfrac{${x.length}}{2} \\log 2\\pi = ${texNum(v.ll, 3)} \\\\` +
      ` \\live{muhat}{\\hat\\mu} &= \\tfrac1n \\textstyle\\sum_i x_i = ${texNum(v.fit.mean, 3)}, \\quad \\live{sighat}{\\hat\\sigma} = \\sqrt{\\tfrac1n \\textstyle\\sum_i (x_i - \\hat\\mu)^2} = ${texNum(v.fit.std, 3)}, \\quad \\ell(\\hat\\mu, \\hat\\sigma) = ${texNum(v.llAtFit, 3)} \\end{aligned}`,
    {
      ll: { value: v.ll, name: 'ℓ(μ, σ)', what: 'the log-likelihood of your guess', digits: 3 },
      x: { value: x, name: 'x', what: `the ${x.length} heart rates (bpm)`, digits: 1 },
      muhat: { value: v.fit.mean, name: 'μ̂', what: 'prob.fitNormal’s mean (bpm)', digits: 3 },
      sighat: { value: v.fit.std, name: 'σ̂', what: 'prob.fitNormal’s std (bpm)', digits: 3 },
    },
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'mle';
  const state = urlState(id, { mu: 60, sigma: 15, seed: 1 }, { mu: { min: MU_RANGE.lo, max: MU_RANGE.hi }, sigma: { min: SIGMA_RANGE.lo, max: SIGMA_RANGE.hi }, seed: { min: 0, max: 1_000_000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Find the Normal that makes 40 heart rates most likely',
    branch: 'probability',
    caption: 'Move μ and σ to raise the log-likelihood, then press the button to see the closed-form answer.',
    sources: [
      { file: 'prob/normal.ts', name: 'Normal' },
      { file: 'prob/fit.ts', name: 'fitNormal' },
    ],
  });
  const mu = slider('mean μ', 'mu', { min: MU_RANGE.lo, max: MU_RANGE.hi, step: 0.1, value: state.get().mu, fmt: (v) => bpm(v) }, (v) => change({ mu: v }));
  const sigma = slider('standard deviation σ', 'sigma', { min: SIGMA_RANGE.lo, max: SIGMA_RANGE.hi, step: 0.1, value: state.get().sigma, fmt: (v) => bpm(v) }, (v) => change({ sigma: v }));
  const jump = h('button', { type: 'button', 'data-action': 'mle' }, 'Jump to the MLE');
  const seed = numberInput('data seed', 'seed', { value: state.get().seed, min: 0, max: 1_000_000, integer: true }, (v) => change({ seed: v }));
  jump.addEventListener('click', () => {
    const f = mleView(heartRates(state.get().seed), state.get().mu, state.get().sigma).fit;
    // the sliders move in steps of 0.1; the state keeps the exact maximiser
    mu.set(f.mean);
    sigma.set(f.std);
    change({ mu: f.mean, sigma: f.std });
  });
  frame.controls.append(mu.row, sigma.row, h('div', { class: 'ctl-buttons' }, jump), seed.row);

  const dataChart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'the 40 heart rates as marks on the axis and the density of the Normal with your μ and σ' });
  const muChart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'log-likelihood as a function of μ with σ held at your value; your μ and the maximum-likelihood μ are marked' });
  const sigmaChart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'log-likelihood as a function of σ with μ held at the maximum-likelihood μ; your σ and the maximum-likelihood σ are marked' });
  frame.picture.append(dataChart, muChart, sigmaChart);
  const cells = numberList(frame.numbers, [
    ['ll', 'your log-likelihood ℓ(μ, σ)'],
    ['nll', 'average negative log-likelihood'],
    ['fitMean', 'MLE μ̂ (fitNormal)'],
    ['fitStd', 'MLE σ̂ (fitNormal)'],
    ['llFit', 'ℓ(μ̂, σ̂)'],
    ['gap', 'ℓ(μ̂, σ̂) − ℓ(μ, σ)'],
  ]);

  let x = heartRates(state.get().seed);
  let v: MleView = mleView(x, state.get().mu, state.get().sigma);
  const marks = (grid: number[], at: number[], ys: number[]) => grid.map((g, i) => (at.some((a) => Math.abs(a - g) < 1e-9) ? ys[i]! : null));
  const nearest = (grid: number[], a: number) => grid.reduce((b, g) => (Math.abs(g - a) < Math.abs(b - a) ? g : b), grid[0]!);
  const muData = (): uPlot.AlignedData => [v.muGrid, v.llByMu, marks(v.muGrid, [nearest(v.muGrid, state.get().mu)], v.llByMu), marks(v.muGrid, [v.fit.mean], v.llByMu)];
  const sigmaData = (): uPlot.AlignedData => [v.sigmaGrid, v.llBySigma, marks(v.sigmaGrid, [nearest(v.sigmaGrid, state.get().sigma)], v.llBySigma), marks(v.sigmaGrid, [v.fit.std], v.llBySigma)];
  const dataPlot = densityPlot(dataChart, () => [v.xs, v.density, v.rug]);
  const muPlot = llPlot(muChart, 'μ (bpm), σ held at yours', 'your μ', muData);
  const sigmaPlot = llPlot(sigmaChart, 'σ (bpm), μ held at μ̂', 'your σ', sigmaData);

  function change(patch: Partial<ReturnType<typeof state.get>>) {
    state.set(patch);
    render();
  }

  function render() {
    const s = state.get();
    x = heartRates(s.seed);
    v = mleView(x, s.mu, s.sigma);
    setLive(cells.ll!, fmtNum(v.ll, 3));
    setLive(cells.nll!, `${fmtNum(-v.ll / x.length, 4)} nats per patient`);
    setLive(cells.fitMean!, bpm(v.fit.mean, 3));
    setLive(cells.fitStd!, bpm(v.fit.std, 3));
    setLive(cells.llFit!, fmtNum(v.llAtFit, 3));
    setLive(cells.gap!, fmtNum(v.llAtFit - v.ll, 3));
    mleFormula(frame, x, s, v);
    frame.setCode(code.mle(x, Number(s.mu.toFixed(3)), Number(s.sigma.toFixed(3))));
    frame.schedule(() => {
      dataPlot.setData([v.xs, v.density, v.rug]);
      muPlot.setData(muData());
      sigmaPlot.setData(sigmaData());
    });
  }
  render();
  return {
    update() {
      const s = state.get();
      mu.set(s.mu);
      sigma.set(s.sigma);
      seed.input.value = String(s.seed);
      render();
    },
    destroy() {
      dataPlot.destroy();
      muPlot.destroy();
      sigmaPlot.destroy();
      frame.destroy();
    },
  };
}
