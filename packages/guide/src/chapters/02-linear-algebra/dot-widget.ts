/**
 * The dot product of two editable vectors: the products, their sum, and the angle between them.
 * The picture shows a and b at the coordinates typed (3-D, an oblique view with the three axes
 * drawn), or, switched, the plane the two span with b along the horizontal axis.
 */
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { dotProduct, type DotResult } from './model.js';
import { plot2d, type Arrow, type Plot2d } from './plot2d.js';
import { numberInput, select } from '../../lib/controls.js';
import './ui.js';

/** Each entry of a and b: typed, so bounded where a product still prints readably. */
const VEC = { min: -1000, max: 1000 };

type View = 'coords' | 'plane';
type DotState = { a: number[]; b: number[]; view: View };
const VIEWS: [View, string][] = [
  ['coords', 'the coordinates typed (3-D, seen at a slant)'],
  ['plane', 'the plane of a and b (b along the x axis)'],
];

/** The oblique view: axis 0 to the right, axis 1 up, axis 2 towards the viewer, drawn down-left at half length. */
export function oblique([x, y, z]: number[]): [number, number] {
  const k = 0.5 * Math.SQRT1_2;
  return [x! - k * z!, y! - k * z!];
}

function vectorInputs(frame: Frame, state: ReturnType<typeof urlState<DotState>>, render: () => void): void {
  const vecRow = (key: 'a' | 'b') =>
    h(
      'fieldset',
      null,
      h('legend', null, `vector ${key}  [3]`),
      h(
        'div',
        { class: 'la-vec' },
        ...state.get()[key].map((v, k) =>
          numberInput(`${key} entry ${k}`, `${key}${k}`, { value: v, ...VEC, step: 0.5, hiddenLabel: true, attrs: { 'data-vec': key, 'data-index': k } }, (x) => {
            const arr = [...state.get()[key]];
            arr[k] = x;
            state.set({ [key]: arr });
            render();
          }).row,
        ),
      ),
    );
  const view = select('picture', 'view', VIEWS, state.get().view, (v) => {
    state.set({ view: v });
    render();
  });
  frame.controls.append(vecRow('a'), vecRow('b'), view.row);
}

function termsTable(a: number[], b: number[], r: DotResult): HTMLElement {
  return h(
    'table',
    { 'aria-label': 'elementwise products' },
    h('thead', null, h('tr', null, h('td'), ...a.map((_, k) => h('th', { scope: 'col' }, `i = ${k}`)), h('th', { scope: 'col' }, 'sum'))),
    h(
      'tbody',
      null,
      h('tr', null, h('th', { scope: 'row' }, 'aᵢ'), ...a.map((v) => h('td', { class: 'num' }, fmtNum(v, 1))), h('td')),
      h('tr', null, h('th', { scope: 'row' }, 'bᵢ'), ...b.map((v) => h('td', { class: 'num' }, fmtNum(v, 1))), h('td')),
      h('tr', null, h('th', { scope: 'row' }, 'aᵢbᵢ'), ...r.products.map((v, k) => h('td', { class: 'num', 'data-prod': k }, fmtNum(v, 2))), h('td', { class: 'num' }, h('strong', null, fmtNum(r.dot, 2)))),
    ),
  );
}

/** a, b, the shadow of a on b and the drop line, at the typed coordinates, with the three axes. */
function drawCoords(p: Plot2d, a: number[], b: number[], r: DotResult): void {
  const reach = Math.max(2, ...a.map(Math.abs), ...b.map(Math.abs));
  const pa = oblique(a);
  const pb = oblique(b);
  const ps = oblique(r.shadow);
  const range = Math.max(2, ...[pa, pb, ps].flat().map(Math.abs), reach * 0.9) * 1.2;
  const axes: Arrow[] = [0, 1, 2].map((k) => {
    const e = [0, 0, 0];
    e[k] = reach;
    return { from: [0, 0], to: oblique(e), colour: (t) => t.muted, width: 1.2, label: `axis ${k}` };
  });
  p.set(
    [
      [[0, ps[0]], [0, ps[1]]],
      [[pa[0], ps[0]], [pa[1], ps[1]]],
    ],
    [...axes, { from: [0, 0], to: pb, colour: (t) => t.probability, label: 'b' }, { from: [0, 0], to: pa, colour: (t) => t.linalg, label: 'a' }],
    range,
  );
}

/** The plane of a and b: b along the x axis, a at angle θ above it. */
function drawPlane(p: Plot2d, r: DotResult): void {
  const th = (r.angle * Math.PI) / 180;
  const ax = Number.isFinite(th) ? r.normA * Math.cos(th) : 0;
  const ay = Number.isFinite(th) ? r.normA * Math.sin(th) : 0;
  const range = Math.max(2, r.normA, r.normB) * 1.15;
  p.set(
    [
      [[0, Number.isFinite(r.projection) ? r.projection : 0], [0, 0]],
      [[ax, ax], [ay, 0]],
    ],
    [
      { from: [0, 0], to: [r.normB, 0], colour: (t) => t.probability, label: 'b' },
      { from: [0, 0], to: [ax, ay], colour: (t) => t.linalg, label: 'a' },
    ],
    range,
  );
}

const LABELS: Record<View, string> = {
  coords: 'a and b drawn at the coordinates typed, in 3-D seen at a slant (axis 0 right, axis 1 up, axis 2 towards you), with the shadow of a on b',
  plane: 'a and b drawn in the plane they span, b along the horizontal axis, with the shadow of a on b',
};

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'dot';
  const state = urlState<DotState>(id, { a: [2, 3, 1], b: [4, 1, 5], view: 'coords' }, { a: VEC, b: VEC, view: { oneOf: VIEWS.map(([v]) => v) } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Dot product: multiply, then add',
    branch: 'linalg',
    caption: 'Edit either vector. Try making one a multiple of the other, or making their product 0.',
    sources: [
      { file: 'linalg/dot.ts', name: 'dot' },
      { file: 'linalg/norm.ts', name: 'norm' },
    ],
  });
  vectorInputs(frame, state, () => render());
  const terms = h('div', { class: 'la-terms' });
  const host = h('div', { class: 'chart la-plot', role: 'img', 'aria-label': LABELS[state.get().view] });
  frame.picture.append(terms, host);
  const stopScroll = focusableWhenScrolling(terms, 'the products term by term');
  const p = plot2d(
    host,
    [
      { label: 'shadow of a on b', colour: (t) => t.optimization, width: 5 },
      { label: 'drop line', colour: (t) => t.muted, dash: [4, 4], width: 1.5 },
    ],
    { range: 7 },
  );
  const out = { dot: h('strong', { class: 'num', 'data-dot': '' }), cos: h('span', { class: 'num', 'data-cos': '' }), ang: h('span', { class: 'num', 'data-angle': '' }), proj: h('span', { class: 'num', 'data-proj': '' }), nA: h('span', { class: 'num' }), nB: h('span', { class: 'num' }) };
  frame.numbers.append(h('p', null, 'a · b = ', out.dot), h('p', null, '‖a‖ = ', out.nA, ', ‖b‖ = ', out.nB, ' · cos θ = ', out.cos, ' · θ = ', out.ang, '° · shadow of a on b = ', out.proj));

  function render(): void {
    const { a, b, view } = state.get();
    const r = dotProduct(a, b);
    terms.replaceChildren(termsTable(a, b, r));
    setLive(out.dot, fmtNum(r.dot, 2));
    setLive(out.nA, fmtNum(r.normA, 3));
    setLive(out.nB, fmtNum(r.normB, 3));
    setLive(out.cos, fmtNum(r.cos, 3));
    setLive(out.ang, fmtNum(r.angle, 1));
    setLive(out.proj, fmtNum(r.projection, 3));
    frame.setFormula(
      `\\live{a}{a} \\cdot \\live{b}{b} = ${a.map((v, k) => `(${texNum(v, 1)})(${texNum(b[k]!, 1)})`).join(' + ')} = ${texNum(r.dot, 2)}, \\qquad \\cos\\live{theta}{\\theta} = \\frac{a\\cdot b}{\\live{na}{\\|a\\|}\\,\\live{nb}{\\|b\\|}} = \\frac{${texNum(r.dot, 2)}}{${texNum(r.normA, 3)} \\times ${texNum(r.normB, 3)}} = ${texNum(r.cos, 3)}`,
      { a: { value: a, what: 'the first vector, as typed' }, b: { value: b, what: 'the second vector, as typed' }, theta: { value: Number.isFinite(r.angle) ? `${fmtNum(r.angle, 1)}°` : 'undefined (a zero vector)', name: 'θ', what: 'the angle between a and b' }, na: { value: r.normA, name: '‖a‖', what: 'the length of a' }, nb: { value: r.normB, name: '‖b‖', what: 'the length of b' } },
    );
    frame.setCode(`const a = tensor(${JSON.stringify(a)});\nconst b = tensor(${JSON.stringify(b)});\nconsole.log('products', a.mul(b));\nconsole.log('cos', linalg.dot(a, b).item() / (linalg.norm(a).item() * linalg.norm(b).item()));\nlinalg.dot(a, b).item()`);
    host.setAttribute('aria-label', LABELS[view]);
    frame.schedule(() => (view === 'coords' ? drawCoords(p, a, b, r) : drawPlane(p, r)));
  }
  render();
  return {
    update: render,
    destroy() {
      stopScroll();
      p.destroy();
      frame.destroy();
    },
  };
}
