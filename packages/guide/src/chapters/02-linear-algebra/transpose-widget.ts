/** A matrix and its transpose side by side; pick a cell and its twin lights up. A @ Aᵀ shows why one flips. */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texMatrix } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { smallMatrix, transposeOf } from './model.js';
import { slider } from '../../lib/controls.js';
import { matrixGrid, pickKeys } from './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'transpose';
  const state = urlState(id, { m: 3, n: 5, seed: 2, i: 0, j: 3 }, { m: { min: 1, max: 5, int: true }, n: { min: 1, max: 6, int: true }, seed: { min: 0, max: 20, int: true }, i: { min: 0, max: (s) => s.m - 1, int: true }, j: { min: 0, max: (s) => s.n - 1, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Transpose: rows become columns',
    branch: 'linalg',
    caption: 'Click any cell of A or Aᵀ: the same number is highlighted in both.',
    sources: [{ file: 'ops/shape.ts', name: 'transpose' }],
  });
  const sl = (label: string, key: 'm' | 'n' | 'seed', min: number, max: number) =>
    slider(label, key, { min, max, step: 1, value: state.get()[key] }, (v) => {
      state.set({ [key]: v });
      const s = state.get();
      state.set({ i: Math.min(s.i, s.m - 1), j: Math.min(s.j, s.n - 1) });
      render();
    });
  frame.controls.append(sl('rows m', 'm', 1, 5).row, sl('columns n', 'n', 1, 6).row, sl('seed', 'seed', 0, 20).row);
  const board = h('div', { class: 'la-mm' });
  const gramBox = h('div');
  frame.picture.append(board, gramBox);
  const shapes = h('strong', { class: 'num', 'data-shape': '' });
  const twin = h('span', { class: 'num', 'data-twin': '' });
  frame.numbers.append(h('p', null, 'shapes: ', shapes), h('p', null, twin));

  const keys = pickKeys(board);
  board.addEventListener('click', (e) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-i]');
    const grid = td?.closest<HTMLElement>('table')?.dataset.grid;
    if (!td || !grid) return;
    const a = Number(td.dataset.i);
    const b = Number(td.dataset.j);
    state.set(grid === 'A' ? { i: a, j: b } : { i: b, j: a });
    render();
    keys.refocus();
  });

  function render(): void {
    const s = state.get();
    const A = smallMatrix(s.m, s.n, s.seed);
    const r = transposeOf(A);
    const block = (cap: string, g: HTMLElement) => h('figure', { class: 'la-block' }, g, h('figcaption', { class: 'cap' }, cap));
    board.textContent = '';
    board.append(
      block(`A ${fmtShape([s.m, s.n])}`, matrixGrid(A, { label: 'A', name: 'A', cell: [s.i, s.j], pickable: true })),
      h('span', { class: 'op' }, '→'),
      block(`A.T ${fmtShape(r.shape)}`, matrixGrid(r.T, { label: 'A transposed', name: 'AT', cell: [s.j, s.i], pickable: true })),
    );
    gramBox.textContent = '';
    gramBox.append(
      h('p', { class: 'la-strip-label' }, `A @ A.T ${fmtShape([s.m, s.n])} @ ${fmtShape(r.shape)} → ${fmtShape(r.gramShape)}: every row of A dotted with every row of A (the pattern of attention’s Q @ K.T)`),
      matrixGrid(r.gram, { label: 'A times A transposed', name: 'G', heat: true }),
    );
    setLive(shapes, `A ${fmtShape([s.m, s.n])} → A.T ${fmtShape(r.shape)}`);
    setLive(twin, `A[${s.i}][${s.j}] = ${fmtNum(A[s.i]![s.j]!, 0)} = A.T[${s.j}][${s.i}] = ${fmtNum(r.T[s.j]![s.i]!, 0)}`);
    frame.setFormula(`(A^{\\top})_{ji} = \\live{aij}{A_{ij}}, \\qquad A = ${texMatrix(A, 0)} \\;\\Rightarrow\\; \\live{AT}{A^{\\top}} = ${texMatrix(r.T, 0)}`, {
      aij: { value: A[s.i]![s.j]!, name: `A[${s.i}][${s.j}]`, what: `the picked entry; it moves to A.T[${s.j}][${s.i}]`, digits: 0 },
      AT: { value: r.T, name: 'A.T', what: `shape ${fmtShape(r.shape)}`, digits: 0 },
    });
    frame.setCode(`const A = tensor(${JSON.stringify(A)});\nconsole.log('A.T', A.T);\nconsole.log('A @ A.T', A.matmul(A.T));\nA.T.shape`);
  }
  render();
  return { update: render, destroy: () => frame.destroy() };
}
