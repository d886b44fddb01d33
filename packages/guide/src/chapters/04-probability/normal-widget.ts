/**
 * A Normal distribution in millivolts: mean and std sliders; the density (exp of the library's
 * logProb) drawn over a histogram of seeded draws from .sample(), so the curve and the draws can be
 * compared as the learner moves things.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { code, NORMAL_RANGE, normalView, type NormalView } from './model.js';
import { numberInput, slider } from '../../lib/controls.js';
import { numberList } from './ui.js';

/** The density curve over a histogram of the draws. */
function densityPlot(host: HTMLElement, data: () => uPlot.AlignedData): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 240,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [NORMAL_RANGE.lo, NORMAL_RANGE.hi] }, y: { range: (_u, _lo, hi) => [0, Math.max(0.25, hi * 1.08)] } },
      axes: [axis(t, { label: 'voltage (mV)', labelSize: 18 }), axis(t, { size: 48, label: 'density (1/mV)', labelSize: 18 })],
      series: [
        { label: 'mV' },
        { label: 'histogram of draws', stroke: t.muted, fill: `color-mix(in srgb, ${t.probability} 28%, transparent)`, width: 1, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
        { label: 'density p(x)', stroke: t.probability, width: 2.5, points: { show: false } },
      ],
    }),
    data(),
  );
}

function formula(frame: Frame, s: { mean: number; std: number }, v: NormalView): void {
  frame.setFormula(
    `\\begin{gathered}\\live{p}{p(x)} = \\frac{1}{\\sigma\\sqrt{2\\pi}}\\, e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}, \\quad \\live{mu}{\\mu} = ${texNum(s.mean, 1)}\\,\\text{mV},\\ \\live{sigma}{\\sigma} = ${texNum(s.std, 2)}\\,\\text{mV} \\\\[4pt]` +
      `\\log p(x) = -\\frac{(x - ${texNum(s.mean, 1)})^2}{2 \\cdot ${texNum(s.std ** 2, 4)}} - \\log ${texNum(s.std, 2)} - \\tfrac12 \\log 2\\pi, \\qquad \\live{H}{H} = \\tfrac12 \\log(2\\pi e \\sigma^2) = ${texNum(v.entropy, 4)}\\ \\text{nats}\\end{gathered}`,
    {
      p: { value: Math.max(...v.density), name: 'p(μ)', what: 'the density at the centre (per mV)', digits: 4 },
      mu: { value: s.mean, name: 'μ', what: 'the mean (mV)', digits: 2 },
      sigma: { value: s.std, name: 'σ', what: 'the standard deviation (mV)', digits: 2 },
      H: { value: v.entropy, name: 'H', what: 'the differential entropy (nats)', digits: 4 },
    },
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'normal';
  const state = urlState(id, { mean: 0, std: 1, n: 500, seed: 1 }, { mean: { min: -3, max: 3 }, std: { min: 0.2, max: 2.5 }, n: { min: 10, max: 5000, int: true }, seed: { min: 0, max: 1_000_000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'A Normal distribution and draws from it',
    branch: 'probability',
    caption: 'Move the mean and the spread; the curve is the density, the bars are where seeded draws landed.',
    sources: [
      { file: 'prob/normal.ts', name: 'Normal' },
      { file: 'random.ts', name: 'Generator' },
    ],
  });
  const mean = slider('mean μ', 'mean', { min: -3, max: 3, step: 0.1, value: state.get().mean, fmt: (v) => `${fmtNum(v, 1)} mV` }, (v) => change({ mean: v }));
  const std = slider('standard deviation σ', 'std', { min: 0.2, max: 2.5, step: 0.05, value: state.get().std, fmt: (v) => `${fmtNum(v, 2)} mV` }, (v) => change({ std: v }));
  const n = slider('number of draws n', 'n', { min: 10, max: 5000, step: 10, value: state.get().n, fmt: (v) => String(v) }, (v) => change({ n: v }));
  const seed = numberInput('seed', 'seed', { value: state.get().seed, min: 0, max: 1_000_000, integer: true }, (v) => change({ seed: v }));
  const redraw = h('button', { type: 'button', 'data-action': 'redraw' }, 'Draw again');
  redraw.addEventListener('click', () => {
    const s = state.get().seed + 1;
    seed.set(s);
    change({ seed: s });
  });
  frame.controls.append(mean.row, std.row, n.row, h('div', { class: 'ctl-buttons' }, seed.row, redraw));

  const chart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'density curve of the Normal over a histogram of the draws, from −6 to 6 mV' });
  frame.picture.append(chart);
  const cells = numberList(frame.numbers, [
    ['mean', 'mean (from the distribution)'],
    ['variance', 'variance σ²'],
    ['entropy', 'entropy'],
    ['peak', 'density at the mean'],
    ['sampleMean', 'mean of the draws'],
    ['sampleStd', 'std of the draws'],
    ['outside', 'draws off the plot'],
  ]);

  let v: NormalView = normalView(state.get());
  const chartData = (): uPlot.AlignedData => [v.xs, v.hist, v.density];
  const plot = densityPlot(chart, chartData);

  function change(patch: Partial<ReturnType<typeof state.get>>) {
    state.set(patch);
    render();
  }

  function render() {
    const s = state.get();
    v = normalView(s);
    setLive(cells.mean!, `${fmtNum(v.mean, 2)} mV`);
    setLive(cells.variance!, `${fmtNum(v.variance, 4)} mV²`);
    setLive(cells.entropy!, `${fmtNum(v.entropy, 4)} nats`);
    setLive(cells.peak!, `${fmtNum(v.density[Math.round(((s.mean - NORMAL_RANGE.lo) / (NORMAL_RANGE.hi - NORMAL_RANGE.lo)) * (v.xs.length - 1))]!, 4)} /mV`);
    setLive(cells.sampleMean!, `${fmtNum(v.sampleMean, 4)} mV`);
    setLive(cells.sampleStd!, `${fmtNum(v.sampleStd, 4)} mV`);
    setLive(cells.outside!, `${v.outside} of ${s.n}`);
    formula(frame, s, v);
    frame.setCode(code.normal(s));
    frame.schedule(() => plot.setData(chartData()));
  }
  render();
  return {
    update() {
      const s = state.get();
      mean.set(s.mean);
      std.set(s.std);
      n.set(s.n);
      seed.input.value = String(s.seed);
      render();
    },
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}
