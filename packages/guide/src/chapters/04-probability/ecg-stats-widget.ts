/**
 * Expectation, variance and covariance on a real signal: a window of MIT-BIH record 208 (360 Hz,
 * mV) that the learner slides and stretches; its mean, variance and standard deviation from the
 * library's reductions, and the covariance and correlation between the window and a copy of the
 * signal shifted by a lag (prob.covariance).
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import type uPlot from 'uplot';
import { clampWindow, code, ecg, windowView, type WindowView } from './model.js';
import { slider } from '../../lib/controls.js';
import { numberList } from './ui.js';

/** The window, its lagged copy, and lines at the mean and one standard deviation either side. */
function windowPlot(host: HTMLElement, data: () => uPlot.AlignedData): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 260,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, lo, hi) => [Math.min(-1.5, lo), Math.max(1.5, hi)] } },
      axes: [axis(t, { label: 'time in the record (s)', labelSize: 18 }), axis(t, { size: 44, label: 'mV', labelSize: 18 })],
      series: [
        { label: 's' },
        { label: 'x(t)', stroke: t.probability, width: 1.5, points: { show: false } },
        { label: 'x(t + lag)', stroke: t.muted, width: 1, dash: [4, 3], points: { show: false } },
        { label: 'mean', stroke: t.text, width: 1.5, points: { show: false } },
        { label: 'mean + std', stroke: t.text, width: 1, dash: [2, 4], points: { show: false } },
        { label: 'mean − std', stroke: t.text, width: 1, dash: [2, 4], points: { show: false } },
      ],
    }),
    data(),
  );
}

function formula(frame: Frame, v: WindowView): void {
  frame.setFormula(
    `\\begin{aligned} \\live{mean}{\\bar x} &= \\tfrac1n \\textstyle\\sum_i \\live{x}{x_i} = ${texNum(v.mean, 4)}\\ \\text{mV} \\qquad (n = ${v.n}) \\\\` +
      ` \\live{var}{s^2} &= \\tfrac{1}{n-1} \\textstyle\\sum_i (x_i - \\bar x)^2 = ${texNum(v.variance, 4)}\\ \\text{mV}^2, \\quad s = ${texNum(v.std, 4)}\\ \\text{mV} \\\\` +
      ` \\live{cov}{\\operatorname{cov}(x, y)} &= \\tfrac{1}{n-1} \\textstyle\\sum_i (x_i - \\bar x)(y_i - \\bar y) = ${texNum(v.cov, 4)}\\ \\text{mV}^2, \\quad y_i = x_{i + ${v.lag}} \\\\` +
      ` \\live{rho}{\\rho} &= \\frac{\\operatorname{cov}(x, y)}{s_x\\, s_y} = \\frac{${texNum(v.cov, 4)}}{${texNum(v.std, 4)} \\times ${texNum(v.stdLagged, 4)}} = ${texNum(v.corr, 4)} \\end{aligned}`,
    {
      mean: { value: v.mean, name: 'x̄', what: 'the window’s mean (mV)', digits: 4 },
      var: { value: v.variance, name: 's²', what: 'the sample variance (mV²)', digits: 4 },
      x: { value: v.x, name: 'x', what: `the window’s ${v.n} samples (mV)`, digits: 3 },
      cov: { value: v.cov, name: 'cov(x, y)', what: 'covariance with the lagged copy (mV²)', digits: 4 },
      rho: { value: v.corr, name: 'ρ', what: 'the correlation', digits: 4 },
    },
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ecgstats';
  const rec = ecg();
  const maxStart = Math.floor(rec.duration - 11);
  const state = urlState(id, { start: 10, length: 3, lag: 36 }, { start: { min: 0, max: maxStart }, length: { min: 0.5, max: 10 }, lag: { min: 0, max: rec.fs, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Mean, variance and covariance of a real ECG',
    branch: 'probability',
    caption: `MIT-BIH record 208, lead ${rec.lead}, ${rec.fs} Hz, ${fmtNum(rec.duration, 0)} s. Slide the window; change the lag and see how much the signal resembles itself later on.`,
    sources: [
      { file: 'ops/reduce.ts', name: 'variance' },
      { file: 'prob/stats.ts', name: 'covariance' },
      { file: 'data/ecg.ts', name: 'record208' },
    ],
  });
  const start = slider('window starts at', 'start', { min: 0, max: maxStart, step: 0.5, value: state.get().start, fmt: (v) => `${fmtNum(v, 1)} s` }, (v) => change({ start: v }));
  const length = slider('window length', 'length', { min: 0.5, max: 10, step: 0.5, value: state.get().length, fmt: (v) => `${fmtNum(v, 1)} s (${Math.round(v * rec.fs)} samples)` }, (v) => change({ length: v }));
  const lag = slider('lag of the second copy', 'lag', { min: 0, max: rec.fs, step: 1, value: state.get().lag, fmt: (v) => `${v} samples = ${fmtNum((v / rec.fs) * 1000, 0)} ms` }, (v) => change({ lag: v }));
  frame.controls.append(start.row, length.row, lag.row);

  const chart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'the ECG window in millivolts against time, its copy shifted by the lag, and lines at the mean and one standard deviation either side' });
  frame.picture.append(chart);
  const cells = numberList(frame.numbers, [
    ['n', 'samples in the window'],
    ['mean', 'mean E[x]'],
    ['variance', 'variance Var[x]'],
    ['std', 'standard deviation'],
    ['cov', 'cov(x(t), x(t + lag))'],
    ['corr', 'correlation'],
  ]);

  let v: WindowView = windowView(state.get());
  const chartData = (): uPlot.AlignedData => {
    const up = v.t.map(() => v.mean + v.std);
    const mid = v.t.map(() => v.mean);
    const down = v.t.map(() => v.mean - v.std);
    return [v.t, v.x, v.y, mid, up, down];
  };
  const plot = windowPlot(chart, chartData);

  function change(patch: Partial<ReturnType<typeof state.get>>) {
    const c = clampWindow({ ...state.get(), ...patch }, rec.fs, rec.signal.size);
    state.set(c);
    render();
  }

  function render() {
    const s = state.get();
    v = windowView(s);
    setLive(cells.n!, String(v.n));
    setLive(cells.mean!, `${fmtNum(v.mean, 4)} mV`);
    setLive(cells.variance!, `${fmtNum(v.variance, 4)} mV²`);
    setLive(cells.std!, `${fmtNum(v.std, 4)} mV`);
    setLive(cells.cov!, `${fmtNum(v.cov, 4)} mV²`);
    setLive(cells.corr!, fmtNum(v.corr, 4));
    formula(frame, v);
    frame.setCode(code.window(v));
    frame.schedule(() => plot.setData(chartData()));
  }
  render();
  return {
    update() {
      const s = state.get();
      start.set(s.start);
      length.set(s.length);
      lag.set(s.lag);
      render();
    },
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}
