/** L1, L2 and L∞ norms of a 2-D vector, drawn against the unit balls; a weight matrix's Frobenius norm and its decay penalty. */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texMatrix, texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { frobenius, norms, unitBalls } from './model.js';
import { plot2d } from './plot2d.js';
import { numberInput, slider } from '../../lib/controls.js';
import './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'norms';
  const state = urlState(id, { x: 1.2, y: 0.9, W: [0.5, -1.2, 2, 0.3], lambda: 0.01 }, { x: { min: -2, max: 2 }, y: { min: -2, max: 2 }, W: { min: -100, max: 100 }, lambda: { min: 0, max: 0.1 } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'How long is a vector? Three answers',
    branch: 'linalg',
    caption: 'Drag x and y. The vector lies on the L1 diamond and the L2 circle scaled by its own norms.',
    sources: [{ file: 'linalg/norm.ts', name: 'norm' }],
  });
  const f = (v: number) => fmtNum(v, 2);
  const xs = slider('x', 'x', { min: -2, max: 2, step: 0.05, value: state.get().x, fmt: f }, (v) => (state.set({ x: v }), render()));
  const ys = slider('y', 'y', { min: -2, max: 2, step: 0.05, value: state.get().y, fmt: f }, (v) => (state.set({ y: v }), render()));
  const wInputs = state.get().W.map((v, k) =>
    numberInput(`W row ${Math.floor(k / 2)}, column ${k % 2}`, `W${k}`, { value: v, min: -100, max: 100, step: 0.1, hiddenLabel: true, attrs: { 'data-w': k } }, (x) => {
      const W = [...state.get().W];
      W[k] = x;
      state.set({ W });
      render();
    }).row,
  );
  const lam = slider('λ (weight decay)', 'lambda', { min: 0, max: 0.1, step: 0.005, value: state.get().lambda, fmt: (v) => fmtNum(v, 3) }, (v) => (state.set({ lambda: v }), render()));
  frame.controls.append(
    h('fieldset', null, h('legend', null, 'vector v  [2]'), xs.row, ys.row),
    h('fieldset', null, h('legend', null, 'weights W  [2, 2]'), h('div', { class: 'cells', style: 'display:grid;grid-template-columns:repeat(2,auto);gap:0.25rem' }, ...wInputs), lam.row),
  );

  const host = h('div', { class: 'chart la-plot', role: 'img', 'aria-label': 'unit balls of the L1 norm (a diamond) and the L2 norm (a circle), and the vector v' });
  frame.picture.append(host);
  const balls = unitBalls();
  const p = plot2d(
    host,
    [
      { label: '‖x‖₁ = 1', colour: (t) => t.calculus },
      { label: '‖x‖₂ = 1', colour: (t) => t.linalg },
      { label: '‖x‖₁ = ‖v‖₁', colour: (t) => t.calculus, dash: [5, 5], width: 1.2 },
      { label: '‖x‖₂ = ‖v‖₂', colour: (t) => t.linalg, dash: [5, 5], width: 1.2 },
    ],
    { range: 4 },
  );

  const l1 = h('strong', { class: 'num', 'data-l1': '' });
  const l2 = h('strong', { class: 'num', 'data-l2': '' });
  const li = h('strong', { class: 'num', 'data-linf': '' });
  const unit = h('span', { class: 'num', 'data-unit': '' });
  const fro = h('strong', { class: 'num', 'data-fro': '' });
  const pen = h('span', { class: 'num', 'data-penalty': '' });
  frame.numbers.append(
    h('p', null, '‖v‖₁ = ', l1, ' · ‖v‖₂ = ', l2, ' · ‖v‖∞ = ', li),
    h('p', null, 'v / ‖v‖₂ = ', unit),
    h('p', null, '‖W‖', h('sub', null, 'F'), ' = ', fro, ' · decay penalty (λ/2)‖W‖', h('sub', null, 'F'), '² = ', pen),
  );

  function render(): void {
    const s = state.get();
    const v = [s.x, s.y];
    const n = norms(v);
    const W = [s.W.slice(0, 2), s.W.slice(2, 4)];
    const fr = frobenius(W, s.lambda);
    setLive(l1, fmtNum(n.l1, 3));
    setLive(l2, fmtNum(n.l2, 3));
    setLive(li, fmtNum(n.linf, 3));
    setLive(unit, n.unit ? `(${fmtNum(n.unit[0]!, 3)}, ${fmtNum(n.unit[1]!, 3)})` : 'undefined for the zero vector');
    setLive(fro, fmtNum(fr.fro, 3));
    setLive(pen, fmtNum(fr.penalty, 4));
    frame.setFormula(
      `\\begin{aligned} \\|\\live{v}{v}\\|_1 &= |${texNum(s.x, 2)}| + |${texNum(s.y, 2)}| = ${texNum(n.l1)} \\\\ \\|v\\|_2 &= \\sqrt{(${texNum(s.x, 2)})^2 + (${texNum(s.y, 2)})^2} = ${texNum(n.l2)} \\\\ \\|\\live{W}{W}\\|_F &= \\Big\\|${texMatrix(W, 1)}\\Big\\|_F = ${texNum(fr.fro)}, \\quad \\tfrac{\\lambda}{2}\\|W\\|_F^2 = ${texNum(fr.penalty, 4)} \\end{aligned}`,
      { v: { value: v, what: n.unit ? `its unit vector v/‖v‖₂ = (${fmtNum(n.unit[0]!, 3)}, ${fmtNum(n.unit[1]!, 3)})` : 'the zero vector' }, W: { value: W, what: 'the weight matrix being penalised' } },
    );
    frame.setCode(`const v = tensor(${JSON.stringify(v)});\nconst W = tensor(${JSON.stringify(W)});\nconsole.log('L1', linalg.norm(v, 1).item(), 'L2', linalg.norm(v, 2).item(), 'Linf', linalg.norm(v, Infinity).item());\nconsole.log('unit', v.div(linalg.norm(v)));\nlinalg.norm(W, 'fro').item()`);
    frame.schedule(() => {
      const sc = (c: [number[], number[]], r: number): [number[], number[]] => [c[0].map((x) => x * r), c[1].map((y) => y * r)];
      p.set([balls.l1, balls.l2, sc(balls.l1, n.l1), sc(balls.l2, n.l2)], [
        { from: [0, 0], to: [s.x, s.y], colour: (t) => t.text, label: 'v' },
        ...(n.unit ? [{ from: [0, 0] as [number, number], to: n.unit as [number, number], colour: (t: { optimization: string }) => t.optimization, width: 2 }] : []),
      ]);
    });
  }
  render();
  return { update: render, destroy: () => (p.destroy(), frame.destroy()) };
}
