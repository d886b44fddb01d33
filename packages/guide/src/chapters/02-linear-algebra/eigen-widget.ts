/** A 2×2 symmetric matrix: its eigenvectors (linalg.eigh), the unit circle it maps to an ellipse, and power iteration's steps. */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texMatrix, texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { eigen2, powerSteps } from './model.js';
import { plot2d } from './plot2d.js';
import { slider } from '../../lib/controls.js';
import './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'eigen';
  const state = urlState(id, { a: 2, b: 1, c: 1.5, step: 1 }, { a: { min: -3, max: 3 }, b: { min: -3, max: 3 }, c: { min: -3, max: 3 }, step: { min: 1, max: 12, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'The directions a matrix only stretches',
    branch: 'linalg',
    caption: 'Edit the symmetric matrix A. The circle becomes an ellipse whose axes are the eigenvectors; step power iteration to watch it find the longer one.',
    sources: [
      { file: 'linalg/eigh.ts', name: 'eigh' },
      { file: 'linalg/power.ts', name: 'powerIteration' },
    ],
  });
  const f = (v: number) => fmtNum(v, 2);
  const sl = (label: string, key: 'a' | 'b' | 'c') => slider(label, key, { min: -3, max: 3, step: 0.1, value: state.get()[key], fmt: f }, (v) => (state.set({ [key]: v }), render()));
  const stepS = slider('power iteration step k', 'step', { min: 1, max: 12, step: 1, value: state.get().step }, (v) => (state.set({ step: v }), render()));
  frame.controls.append(h('fieldset', null, h('legend', null, 'A = [[a, b], [b, c]]'), sl('a (top left)', 'a').row, sl('b (both off-diagonal)', 'b').row, sl('c (bottom right)', 'c').row), stepS.row);

  const host = h('div', { class: 'chart la-plot', role: 'img', 'aria-label': 'the unit circle, its image under A (an ellipse), the two eigenvectors scaled by their eigenvalues, and the current power-iteration vector' });
  frame.picture.append(host);
  const p = plot2d(
    host,
    [
      { label: 'unit circle', colour: (t) => t.muted, dash: [4, 4], width: 1.2 },
      { label: 'A × circle', colour: (t) => t.linalg },
      { label: 'earlier steps v₁…', colour: (t) => t.optimization, points: true, size: 6 },
    ],
    { range: 4 },
  );
  const vals = h('strong', { class: 'num', 'data-values': '' });
  const vecs = h('span', { class: 'num', 'data-vectors': '' });
  const pw = h('span', { class: 'num', 'data-power': '' });
  frame.numbers.append(h('p', null, 'eigenvalues λ₁ ≤ λ₂: ', vals), h('p', null, 'eigenvectors: ', vecs), h('p', null, 'power iteration: ', pw));

  function render(): void {
    const { a, b, c, step } = state.get();
    const e = eigen2(a, b, c);
    const steps = powerSteps(a, b, c, step);
    const cur = steps[steps.length - 1]!;
    const [v1, v2] = e.vectors;
    setLive(vals, `${fmtNum(e.values[0], 3)}, ${fmtNum(e.values[1], 3)}`);
    setLive(vecs, `v₁ = (${fmtNum(v1[0], 3)}, ${fmtNum(v1[1], 3)}), v₂ = (${fmtNum(v2[0], 3)}, ${fmtNum(v2[1], 3)})`);
    setLive(pw, `step ${step}: v = (${fmtNum(cur.vector[0], 3)}, ${fmtNum(cur.vector[1], 3)}), vᵀAv = ${fmtNum(cur.value, 3)}, residual ${fmtNum(cur.residual, 4)}`);
    const A = [
      [a, b],
      [b, c],
    ];
    frame.setFormula(
      `\\live{A}{A} = ${texMatrix(A, 1)}, \\quad A \\live{v1}{v_1} = ${texNum(e.values[0])}\\, v_1, \\quad A \\live{v2}{v_2} = ${texNum(e.values[1])}\\, v_2, \\qquad v_{k+1} = \\frac{A \\live{vk}{v_k}}{\\|A v_k\\|_2}`,
      {
        A: { value: A, what: 'the symmetric matrix' },
        v1: { value: v1, name: 'v₁', what: `eigenvector for λ₁ = ${fmtNum(e.values[0], 3)}` },
        v2: { value: v2, name: 'v₂', what: `eigenvector for λ₂ = ${fmtNum(e.values[1], 3)}` },
        vk: { value: cur.vector, name: `v after ${step} steps`, what: `power iteration; residual ${fmtNum(cur.residual, 4)}` },
      },
    );
    frame.setCode(`const A = tensor(${JSON.stringify(A)});\nconst { values, vectors } = linalg.eigh(A);\nconsole.log('values', values, 'vectors (columns)', vectors);\nconst r = linalg.powerIteration(A, { iters: ${step}, tol: 0 });\n[r.value, r.vector.toArray()]`);
    frame.schedule(() => {
      const range = Math.max(2, Math.abs(e.values[0]), Math.abs(e.values[1])) * 1.2;
      const trail = steps.slice(0, -1);
      p.set([e.circle, e.ellipse, [trail.map((s) => s.vector[0]), trail.map((s) => s.vector[1])]], [
        { from: [0, 0], to: [v1[0] * e.values[0], v1[1] * e.values[0]], colour: (t) => t.calculus, label: `λ₁v₁` },
        { from: [0, 0], to: [v2[0] * e.values[1], v2[1] * e.values[1]], colour: (t) => t.probability, label: `λ₂v₂` },
        { from: [0, 0], to: cur.vector, colour: (t) => t.optimization, width: 3, label: `v` },
      ], range);
    });
  }
  render();
  return { update: render, destroy: () => (p.destroy(), frame.destroy()) };
}
