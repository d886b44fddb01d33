/** The dot product of two editable vectors: the products, their sum, and the angle between them. */
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { dotProduct } from './model.js';
import { plot2d } from './plot2d.js';
import { numberInput } from '../../lib/controls.js';
import './ui.js';

/** Each entry of a and b: typed, so bounded where a product still prints readably. */
const VEC = { min: -1000, max: 1000 };

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'dot';
  const state = urlState(id, { a: [2, 3, 1], b: [4, 1, 5] }, { a: VEC, b: VEC });
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
  frame.controls.append(vecRow('a'), vecRow('b'));

  const terms = h('div', { class: 'la-terms' });
  const host = h('div', { class: 'chart la-plot', role: 'img', 'aria-label': 'a and b drawn in the plane they span, b along the horizontal axis, with the shadow of a on b' });
  frame.picture.append(terms, host);
  focusableWhenScrolling(terms, 'the products term by term');
  const p = plot2d(
    host,
    [
      { label: 'shadow of a on b', colour: (t) => t.optimization, width: 5 },
      { label: 'drop line', colour: (t) => t.muted, dash: [4, 4], width: 1.5 },
    ],
    { range: 7 },
  );

  const dotOut = h('strong', { class: 'num', 'data-dot': '' });
  const cosOut = h('span', { class: 'num', 'data-cos': '' });
  const angOut = h('span', { class: 'num', 'data-angle': '' });
  const projOut = h('span', { class: 'num', 'data-proj': '' });
  const nA = h('span', { class: 'num' });
  const nB = h('span', { class: 'num' });
  frame.numbers.append(
    h('p', null, 'a · b = ', dotOut),
    h('p', null, '‖a‖ = ', nA, ', ‖b‖ = ', nB, ' · cos θ = ', cosOut, ' · θ = ', angOut, '° · shadow of a on b = ', projOut),
  );

  function render(): void {
    const { a, b } = state.get();
    const r = dotProduct(a, b);
    terms.textContent = '';
    terms.append(
      h(
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
      ),
    );
    setLive(dotOut, fmtNum(r.dot, 2));
    setLive(nA, fmtNum(r.normA, 3));
    setLive(nB, fmtNum(r.normB, 3));
    setLive(cosOut, fmtNum(r.cos, 3));
    setLive(angOut, fmtNum(r.angle, 1));
    setLive(projOut, fmtNum(r.projection, 3));
    frame.setFormula(
      `a \\cdot b = ${a.map((v, k) => `(${texNum(v, 1)})(${texNum(b[k]!, 1)})`).join(' + ')} = ${texNum(r.dot, 2)}, \\qquad \\cos\\theta = \\frac{a\\cdot b}{\\|a\\|\\,\\|b\\|} = \\frac{${texNum(r.dot, 2)}}{${texNum(r.normA, 3)} \\times ${texNum(r.normB, 3)}} = ${texNum(r.cos, 3)}`,
    );
    frame.setCode(`const a = tensor(${JSON.stringify(a)});\nconst b = tensor(${JSON.stringify(b)});\nconsole.log('products', a.mul(b));\nconsole.log('cos', linalg.dot(a, b).item() / (linalg.norm(a).item() * linalg.norm(b).item()));\nlinalg.dot(a, b).item()`);
    frame.schedule(() => {
      // the plane of a and b: b along the x axis, a at angle θ above it
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
    });
  }
  render();
  return { update: render, destroy: () => (p.destroy(), frame.destroy()) };
}
