/**
 * PCA on real heartbeats (record 208): pick a beat and the number of components k; the beat and its
 * rebuild from k coordinates, the first three axes, and the explained variance. Numbers from
 * ecg-pca-model.ts (linalg.pca).
 */
import type uPlot from 'uplot';
import { slider } from '../../lib/controls.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { beats, MAX_K, reconstruct, type Beats } from './ecg-pca-model.js';

/** The first three principal axes against time from the R peak. */
function axesPlot(host2: HTMLElement, b: Beats): ThemedPlot {
  const comps = b.fit.components.toArray() as number[][];
  return themedPlot(
    host2,
    (t, width): uPlot.Options => ({
      width,
      height: 150,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [axis(t, { label: 'principal axes', labelSize: 18 }), axis(t, { size: 40 })],
      series: [{}, ...['axis 0', 'axis 1', 'axis 2'].map((label, i) => ({ label, stroke: i === 0 ? t.linalg : t.muted, dash: i === 2 ? [5, 4] : undefined, width: 2, points: { show: false } }))],
    }),
    [b.t, comps[0]!, comps[1]!, comps[2]!],
  );
}

function pcaCode(b: Beats, k: number): string {
  const n = b.peaks.length;
  return (
    [
      `const { signal } = await data.ecg.record208();   // 360 Hz`,
      `// beats: 84 values each, every 3rd sample from 0.25 s before to 0.45 s after an R peak`,
      `const peaks = [${b.peaks.slice(0, 5).join(', ')} /* … ${n} in all */];`,
      `const X = stack(peaks.map((p) => signal.narrow(0, p - 90, 252).reshape([84, 3]).select(1, 0)));`,
      `const fit = linalg.pca(X.double(), ${k});`,
      `fit.explainedVarianceRatio.toArray()`,
    ].join('\n')
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ecgpca';
  const b = beats();
  const n = b.peaks.length;
  const state = urlState(id, { k: 2, beat: 10 }, { k: { min: 1, max: MAX_K, int: true }, beat: { min: 0, max: n - 1, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: `PCA on ${n} real heartbeats (MIT-BIH record 208)`,
    branch: 'linalg',
    caption: 'Each beat is 84 numbers. Keep k principal components and rebuild the beat from k coordinates: a few are enough for a normal beat, a premature one needs more.',
    sources: [{ file: 'linalg/pca.ts', name: 'pca' }],
  });
  const kS = slider('components kept k', 'k', { min: 1, max: MAX_K, step: 1, value: state.get().k }, (v) => {
    state.set({ k: v });
    render();
  });
  const bS = slider('beat', 'beat', { min: 0, max: n - 1, step: 1, value: state.get().beat }, (v) => {
    state.set({ beat: v });
    render();
  });
  frame.controls.append(kS.row, bS.row);
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'the chosen beat and its reconstruction from k components, in mV against time from the R peak' });
  const host2 = h('div', { class: 'chart', role: 'img', 'aria-label': 'the first three principal axes against time from the R peak' });
  frame.picture.append(host, host2);
  let r = reconstruct(state.get().beat, state.get().k);
  const plot = themedPlot(
    host,
    (t, width): uPlot.Options => ({
      width,
      height: 190,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [axis(t, { label: 's from the R peak', labelSize: 18 }), axis(t, { size: 40 })],
      series: [{}, { label: 'beat (mV)', stroke: t.muted, width: 2, points: { show: false } }, { label: 'rebuilt from k', stroke: t.linalg, width: 2.5, points: { show: false } }],
    }),
    [b.t, r.beat, r.approx],
  );
  const plot2 = axesPlot(host2, b);
  const nums = { ratio: h('span', { class: 'num', 'data-n': 'ratio' }), cum: h('span', { class: 'num', 'data-n': 'cum' }), rmse: h('span', { class: 'num', 'data-n': 'rmse' }) };
  frame.numbers.append(h('div', null, 'explained variance ratios: ', nums.ratio), h('div', null, 'kept by k axes: ', nums.cum), h('div', null, 'rebuild error (RMS, mV): ', nums.rmse));

  function render(): void {
    const { k, beat } = state.get();
    r = reconstruct(beat, k);
    const cum = b.ratio.slice(0, k).reduce((a, v) => a + v, 0);
    setLive(nums.ratio, b.ratio.map((v) => fmtNum(v, 3)).join(', '));
    nums.ratio.dataset.value = JSON.stringify(b.ratio);
    setLive(nums.cum, fmtNum(cum, 4));
    nums.cum.dataset.value = String(cum);
    setLive(nums.rmse, fmtNum(r.rmse, 4));
    nums.rmse.dataset.value = String(r.rmse);
    frame.setFormula(`\\live{xhat}{\\hat x} = \\mu + \\sum_{i < k} z_i\\, w_i,\\quad z = W_k (\\live{x}{x} - \\mu),\\quad \\frac{\\sum_{i<k}\\live{lam}{\\lambda_i}}{\\sum_j \\lambda_j} = ${texNum(cum, 4)}\\ (\\live{k}{k} = ${k})`, {
      x: { value: r.beat, name: `x (beat ${beat})`, what: 'the beat, 84 samples (mV)', digits: 2 },
      xhat: { value: r.approx, name: 'x̂', what: `rebuilt from ${k} components; RMS error ${fmtNum(r.rmse, 4)} mV`, digits: 2 },
      lam: { value: b.ratio, name: 'λᵢ / Σλ', what: 'the share of variance of each component', digits: 3 },
      k: { value: k, what: 'components kept' },
    });
    frame.setCode(pcaCode(b, k));
    frame.schedule(() => plot.setData([b.t, r.beat, r.approx]));
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      plot2.destroy();
      frame.destroy();
    },
  };
}
