/** Augmentation: an ECG scaled, shifted and noised, and a digit turned, zoomed and moved — each by data.augment. */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { affineImage, augmentEcg, digitImage, ecgSnippet } from './model.js';
import { slider } from '../../lib/controls.js';
import './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'augment';
  const state = urlState(
    id,
    { noise: 0.05, scale: 1.2, shift: 20, seed: 1, rotate: 20, zoom: 1, dx: 0 },
    { noise: { min: 0, max: 0.3 }, scale: { min: 0.5, max: 2 }, shift: { min: 0, max: 60, int: true }, seed: { min: 0, max: 20, int: true }, rotate: { min: -90, max: 90 }, zoom: { min: 0.5, max: 1.5 }, dx: { min: -3, max: 3 } },
  );
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'New examples from old ones',
    branch: 'linalg',
    caption: 'The ECG keeps its label (a normal beat is still normal) however you scale, shift or noise it; the digit stays a 0 when turned.',
    sources: [
      { file: 'data/augment.ts', name: 'noise' },
      { file: 'data/augment.ts', name: 'timeShift' },
      { file: 'data/augment.ts', name: 'affine2d' },
    ],
  });
  const f = (d: number) => (v: number) => fmtNum(v, d);
  const sl = (label: string, key: 'noise' | 'scale' | 'shift' | 'seed' | 'rotate' | 'zoom' | 'dx', min: number, max: number, step: number, d = 2) =>
    slider(label, key, { min, max, step, value: state.get()[key], fmt: f(d) }, (v) => (state.set({ [key]: v }), render())).row;
  frame.controls.append(
    h('fieldset', null, h('legend', null, 'ECG [1, 250]'), sl('noise σ (mV)', 'noise', 0, 0.3, 0.01), sl('amplitude × a', 'scale', 0.5, 2, 0.05), sl('shift up to ± (samples)', 'shift', 0, 60, 1, 0), sl('seed', 'seed', 0, 20, 1, 0)),
    h('fieldset', null, h('legend', null, 'digit [1, 8, 8]'), sl('rotate (degrees)', 'rotate', -90, 90, 5, 0), sl('zoom', 'zoom', 0.5, 1.5, 0.05), sl('shift right (pixels)', 'dx', -3, 3, 0.5, 1)),
  );
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'the original ECG and its augmented copy' });
  const imgs = h('div', { class: 'la-side' });
  frame.picture.append(host, imgs);
  const diffOut = h('strong', { class: 'num', 'data-rms': '' });
  const pixOut = h('span', { class: 'num', 'data-pix': '' });
  frame.numbers.append(h('p', null, 'RMS change of the ECG: ', diffOut, ' mV'), h('p', null, pixOut));

  const signal = ecgSnippet();
  const xs = signal.map((_, k) => k);
  let chartData: uPlot.AlignedData = [xs, signal, signal];
  const plot = themedPlot(
    host,
    (t, width) => ({
      width,
      height: 200,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [axis(t, { size: 30 }), axis(t, { size: 44, label: 'mV', labelSize: 16 })],
      series: [{}, { label: 'original', stroke: t.muted, width: 1.5 }, { label: 'augmented', stroke: t.linalg, width: 1.5 }],
    }),
    chartData,
  );
  const img = digitImage();
  const pixels = (v: number[], label: string) =>
    h('figure', { class: 'la-block' }, h('div', { class: 'la-pixels', role: 'img', 'aria-label': label }, ...v.map((x) => h('span', { style: `--v: ${Math.round(Math.max(0, Math.min(16, x)) / 16 * 100)}%` }))), h('figcaption', { class: 'cap' }, label));

  function render(): void {
    const s = state.get();
    const aug = augmentEcg(signal, s);
    const rms = Math.sqrt(aug.reduce((acc, v, k) => acc + (v - signal[k]!) ** 2, 0) / aug.length);
    setLive(diffOut, fmtNum(rms, 4));
    const turned = affineImage(img, s.rotate, s.zoom, s.dx, 0);
    const inkBefore = img.reduce((a, b) => a + b, 0);
    const inkAfter = turned.reduce((a, b) => a + b, 0);
    setLive(pixOut, `digit ink before ${fmtNum(inkBefore, 1)}, after ${fmtNum(inkAfter, 1)} (some leaves the frame)`);
    imgs.textContent = '';
    imgs.append(pixels(img, 'original digit'), pixels(turned, 'affine2d result'));
    frame.setFormula(`\\tilde x = \\live{a}{a}\\,x[(t - \\live{s}{s}) \\bmod L] + \\live{sigma}{\\sigma}\\varepsilon,\\ \\ \\varepsilon\\sim\\mathcal N(0,1); \\qquad p' = c + \\live{zoom}{s}\\,R(\\live{theta}{\\theta})(p - c) + \\live{t}{t}`, {
      a: { value: s.scale, what: 'the amplitude scale of the ECG' },
      s: { value: s.shift, what: 'the time shift, in samples' },
      sigma: { value: s.noise, name: 'σ', what: 'the noise level added' },
      zoom: { value: s.zoom, name: 's (zoom)', what: 'the digit’s scale factor' },
      theta: { value: `${s.rotate}°`, name: 'θ', what: 'the digit’s rotation' },
      t: { value: [s.dx, 0], what: 'the digit’s shift, in pixels' },
    });
    frame.setCode(`let x = data.ecg.synthetic({ n: 1, leads: 1, samples: 250, fs: 250, seed: 3, noise: false, classes: ['normal'] }).x.reshape(1, 250);\nx = data.augment.scale(x, [${s.scale}, ${s.scale}], { seed: ${s.seed} });\n${s.shift > 0 ? `x = data.augment.timeShift(x, ${s.shift}, { seed: ${s.seed} });\n` : ''}x = data.augment.noise(x, ${s.noise}, { seed: ${s.seed} });\nconst digit = data.digits().x.slice(0).reshape(1, 8, 8);\nconsole.log(data.augment.affine2d(digit, { rotate: ${s.rotate}, scale: ${s.zoom}, shift: [${s.dx}, 0] }));\nx.shape`);
    chartData = [xs, signal, aug];
    frame.schedule(() => plot.setData(chartData));
  }
  render();
  return { update: render, destroy: () => (plot.destroy(), frame.destroy()) };
}
