/**
 * The chain rule on y = f(g(x)): each piece differentiated on its own by autograd (g′ at x, f′ at
 * u = g(x)), the two multiplied, and the product set beside autograd's derivative of the whole.
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import type { ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { chain, chainCode, chainCurve, PIECE_IDS, PIECES, type Chain, type PieceId } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { curvePlot } from './curve-plot.js';

/** The six boxes of the numbers region: u, y, the two local slopes, their product and autograd's whole. */
function chainBoxes(frame: Frame) {
  const box = (name: string, key: string, result = false) => {
    const v = h('span', { class: 'num', 'data-n': key });
    return { el: h('div', { class: `c3-box${result ? ' c3-result' : ''}` }, h('span', { class: 'c3-name' }, name), v), v };
  };
  const bU = box('u = g(x)', 'u');
  const bY = box('y = f(u)', 'y');
  const bIn = box('g′(x)  (inner)', 'inner');
  const bOut = box('f′(u)  (outer)', 'outer');
  const bProd = box('f′(u) × g′(x)', 'product', true);
  const bWhole = box('dy/dx by autograd', 'whole', true);
  frame.numbers.append(h('div', { class: 'c3-chain' }, bU.el, bY.el, bIn.el, bOut.el, bProd.el, bWhole.el));
  return { bU, bY, bIn, bOut, bProd, bWhole };
}

/** y = f(g(x)) worked through at x, each symbol carrying its value. */
function chainFormula(outer: PieceId, inner: PieceId, cur: Chain): [string, LiveSymbols] {
  const P = PIECES;
  return [
    `\\begin{aligned}\\live{y}{y} &= ${P[outer].tex(P[inner].tex('x'))}, \\quad \\live{u}{u} = ${P[inner].tex('\\live{x}{x}')} = ${texNum(cur.u, 4)} \\\\` +
      ` \\live{dydx}{\\frac{dy}{dx}} &= \\live{fu}{f'(u)}\\cdot \\live{gx}{g'(x)} = ${P[outer].dtex('u')} \\cdot ${P[inner].dtex('x')} \\\\` +
      ` &= ${texNum(cur.outer, 4)} \\times ${texNum(cur.inner, 4)} = ${texNum(cur.product, 6)}\\end{aligned}`,
    {
      x: { value: cur.x, what: 'the input' },
      u: { value: cur.u, what: 'the inner piece, g(x)', digits: 4 },
      y: { value: cur.y, what: 'the whole composition, f(g(x))', digits: 4 },
      fu: { value: cur.outer, name: 'f′(u)', what: 'slope of the outer piece at u', digits: 4 },
      gx: { value: cur.inner, name: 'g′(x)', what: 'slope of the inner piece at x', digits: 4 },
      dydx: { value: cur.whole, name: 'dy/dx', what: 'autograd of the whole composition', digits: 6 },
    },
  ];
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'chain';
  const state = urlState(id, { outer: 'sin', inner: 'square', x: 1.5 }, { outer: { oneOf: PIECE_IDS }, inner: { oneOf: PIECE_IDS }, x: { min: -3, max: 3 } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'The chain rule, one link at a time',
    branch: 'calculus',
    caption: 'Each box is a local derivative computed on its own; their product equals the derivative of the whole.',
    sources: [
      { file: 'ops/math.ts', name: 'sin' },
      { file: 'ops/math.ts', name: 'square' },
      { file: 'autograd.ts', name: 'backward' },
    ],
  });
  const piece = (k: 'outer' | 'inner'): PieceId => (PIECE_IDS.includes(state.get()[k] as PieceId) ? (state.get()[k] as PieceId) : k === 'outer' ? 'sin' : 'square');
  const opts = PIECE_IDS.map((p) => [p, PIECES[p].label] as [PieceId, string]);
  const onPiece = (k: 'outer' | 'inner') => (v: PieceId) => {
    state.set({ [k]: v });
    data = chainCurve(piece('outer'), piece('inner'));
    render();
  };
  const outerSel = select('outer f(u)', 'outer', opts, piece('outer'), onPiece('outer'));
  const innerSel = select('inner u = g(x)', 'inner', opts, piece('inner'), onPiece('inner'));
  const xs = slider('x', 'x', { min: -3, max: 3, step: 0.05, value: state.get().x }, (v) => {
    state.set({ x: v });
    render();
  });
  frame.controls.append(outerSel.row, innerSel.row, xs.row);

  const { bU, bY, bIn, bOut, bProd, bWhole } = chainBoxes(frame);

  let data = chainCurve(piece('outer'), piece('inner'));
  let cur = chain(piece('outer'), piece('inner'), state.get().x);
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'y = f(g(x)) (solid) and dy/dx (dashed)' });
  frame.picture.append(host);
  let plot: ThemedPlot | null = curvePlot(
    host,
    {
      height: 230,
      yRange: (_u, mn, mx) => [Math.max(-12, Math.min(-1.1, mn)), Math.min(12, Math.max(1.1, mx))],
      series: [
        { label: 'y = f(g(x))', colour: (t) => t.text },
        { label: 'dy/dx', colour: (t) => t.calculus, dash: [6, 4] },
      ],
      dots: () => [
        { x: cur.x, y: cur.y, colour: (t) => t.text },
        { x: cur.x, y: cur.whole, colour: (t) => t.calculus },
      ],
    },
    [data.xs, data.ys, data.dys],
  );

  function render(): void {
    const outer = piece('outer');
    const inner = piece('inner');
    const { x } = state.get();
    cur = chain(outer, inner, x);
    setLive(bU.v, fmtNum(cur.u, 4));
    setLive(bY.v, fmtNum(cur.y, 4));
    setLive(bIn.v, fmtNum(cur.inner, 4));
    setLive(bOut.v, fmtNum(cur.outer, 4));
    setLive(bProd.v, fmtNum(cur.product, 6));
    setLive(bWhole.v, fmtNum(cur.whole, 6));
    frame.setFormula(...chainFormula(outer, inner, cur));
    frame.setCode(chainCode(outer, inner, x));
    frame.schedule(() => plot?.setData([data.xs, data.ys, data.dys]));
  }
  render();
  return {
    update: render,
    destroy() {
      plot?.destroy();
      plot = null;
      frame.destroy();
    },
  };
}
