/** PCA on a seeded 2-D cloud whose tilt and spread the learner sets: linalg.pca's axes, explained variance and the 1-D projection. */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { cloud, pcaView } from './model.js';
import { plot2d } from './plot2d.js';
import { slider, toggle } from '../../lib/controls.js';
import './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'pca';
  const state = urlState(id, { angle: 30, s1: 2, s2: 0.6, seed: 1, project: false as boolean }, { angle: { min: -90, max: 90 }, s1: { min: 0.2, max: 3 }, s2: { min: 0.1, max: 3 }, seed: { min: 0, max: 30, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'PCA: find the widest direction, keep it',
    branch: 'linalg',
    caption: 'Turn and stretch the cloud; the arrows are the principal axes (length 2 standard deviations). Tick “project” to flatten it onto the first axis.',
    sources: [
      { file: 'linalg/pca.ts', name: 'pca' },
      { file: 'linalg/cov.ts', name: 'cov' },
    ],
  });
  const f1 = (v: number) => fmtNum(v, 1);
  const ang = slider('rotation (degrees)', 'angle', { min: -90, max: 90, step: 1, value: state.get().angle, fmt: (v) => `${v}°` }, (v) => (state.set({ angle: v }), render()));
  const s1 = slider('spread along the long side', 's1', { min: 0.2, max: 3, step: 0.1, value: state.get().s1, fmt: f1 }, (v) => (state.set({ s1: v }), render()));
  const s2 = slider('spread across', 's2', { min: 0.1, max: 3, step: 0.1, value: state.get().s2, fmt: f1 }, (v) => (state.set({ s2: v }), render()));
  const seed = slider('seed', 'seed', { min: 0, max: 30, step: 1, value: state.get().seed }, (v) => (state.set({ seed: v }), render()));
  const proj = toggle('project onto the first axis (k = 1)', 'project', state.get().project, (v) => (state.set({ project: v }), render()));
  frame.controls.append(ang.row, s1.row, s2.row, seed.row, proj.row);

  const host = h('div', { class: 'chart la-plot', role: 'img', 'aria-label': '200 points, their two principal axes as arrows, and optionally their projections onto the first axis' });
  frame.picture.append(host);
  const p = plot2d(
    host,
    [
      { label: 'data', colour: (t) => t.muted, points: true, size: 4 },
      { label: 'projected (1-D)', colour: (t) => t.optimization, points: true, size: 4 },
    ],
    { range: 7 },
  );
  const ratio = h('strong', { class: 'num', 'data-ratio': '' });
  const varOut = h('span', { class: 'num', 'data-variance': '' });
  const axisOut = h('span', { class: 'num', 'data-axis': '' });
  const zOut = h('span', { class: 'num', 'data-z': '' });
  frame.numbers.append(
    h('p', null, 'explained variance ratio: ', ratio),
    h('p', null, 'variance along each axis: ', varOut),
    h('p', null, 'first axis: ', axisOut),
    h('p', { class: 'la-values' }, 'first 1-D coordinates z = (x − μ)·pc₁: ', zOut),
  );

  function render(): void {
    const s = state.get();
    const X = cloud(200, s.s1, s.s2, s.angle, s.seed);
    const v = pcaView(X);
    const [c1, c2] = v.components;
    const deg = (Math.atan2(c1[1], c1[0]) * 180) / Math.PI;
    setLive(ratio, `${fmtNum(v.ratio[0] * 100, 1)}% + ${fmtNum(v.ratio[1] * 100, 1)}%`);
    setLive(varOut, `λ₁ = ${fmtNum(v.variance[0], 3)}, λ₂ = ${fmtNum(v.variance[1], 3)}`);
    setLive(axisOut, `pc₁ = (${fmtNum(c1[0], 3)}, ${fmtNum(c1[1], 3)}), at ${fmtNum(deg, 1)}°`);
    setLive(zOut, v.z.slice(0, 5).map((z) => fmtNum(z, 2)).join(', ') + ', …');
    frame.setFormula(
      `C = \\tfrac{1}{n-1}(X-\\live{mu}{\\mu})^{\\top}(X-\\mu) = \\live{V}{V}\\live{L}{\\Lambda} V^{\\top}, \\quad \\lambda = (${texNum(v.variance[0])}, ${texNum(v.variance[1])}), \\quad \\frac{\\lambda_1}{\\lambda_1+\\lambda_2} = ${texNum(v.ratio[0])}, \\quad \\live{z}{z} = (x-\\mu)\\cdot \\mathrm{pc}_1`,
      {
        mu: { value: v.mean, name: 'μ', what: 'the mean of the 200 points' },
        V: { value: [[c1[0], c2[0]], [c1[1], c2[1]]], what: 'the principal axes, as columns' },
        L: { value: v.variance, name: 'Λ (diagonal)', what: 'the variance along each axis' },
        z: { value: v.z.slice(0, 8), name: 'z (first 8 points)', what: 'coordinates along the first axis', digits: 2 },
      },
    );
    frame.setCode(
      `// 200 points: normal noise with spreads ${s.s1} and ${s.s2}, turned by ${s.angle}°\nconst r = ${s.angle} * Math.PI / 180;\nconst Z = randn([200, 2], { generator: new Generator(${s.seed}), dtype: 'float64' }).mul(tensor([${s.s1}, ${s.s2}], { dtype: 'float64' }));\nconst X = Z.matmul(tensor([[Math.cos(r), Math.sin(r)], [-Math.sin(r), Math.cos(r)]], { dtype: 'float64' }));\nconst p = linalg.pca(X, 2);\nconsole.log('axes', p.components, 'ratio', p.explainedVarianceRatio);\nlinalg.pca(X, 1).transform(X).shape`,
    );
    frame.schedule(() => {
      const len = (k: 0 | 1) => 2 * Math.sqrt(v.variance[k]);
      const m = v.mean;
      p.set([v.points, s.project ? v.projected : [[], []]], [
        { from: m, to: [m[0] + c1[0] * len(0), m[1] + c1[1] * len(0)], colour: (t) => t.linalg, width: 3, label: 'pc₁' },
        { from: m, to: [m[0] + c2[0] * len(1), m[1] + c2[1] * len(1)], colour: (t) => t.calculus, width: 3, label: 'pc₂' },
      ]);
    });
  }
  render();
  return { update: render, destroy: () => (p.destroy(), frame.destroy()) };
}
