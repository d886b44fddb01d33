/** Slicing and reshaping the ECG batch x [32, 12, 1000]; the library computes each result's shape. */
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { ecgIndexBatch, tensorOp, type TensorOp } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { shapeChips } from './ui.js';

const OPS: [TensorOp, string][] = [
  ['record', 'one ECG: x.slice(i)'],
  ['lead', 'one lead of every ECG: x.slice(null, j)'],
  ['record-lead', 'one lead of one ECG: x.slice(i, j)'],
  ['sample', 'one sample: x.slice(i, j, t)'],
  ['window', 'a time window: x.slice(null, null, "a:b")'],
  ['flat-leads', 'reshape to [32, 12000]'],
  ['all-leads', 'reshape to [384, 1000]'],
  ['split-time', 'reshape to [32, 12, 4, 250]'],
  ['bad-reshape', 'reshape to [32, 12, 999] (wrong)'],
];

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'tensor';
  const state = urlState(id, { op: 'record', i: 3, j: 1, a: 100, b: 350 }, { op: { oneOf: OPS.map(([v]) => v) }, i: { min: 0, max: 31, int: true }, j: { min: 0, max: 11, int: true }, a: { min: 0, max: 999, int: true }, b: { min: 1, max: 1000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Slicing and reshaping a batch of ECGs',
    branch: 'linalg',
    caption: 'Pick an operation and move the indices; the shape underneath is what the library returns.',
    sources: [
      { file: 'ops/index.ts', name: 'slice' },
      { file: 'ops/shape.ts', name: 'reshape' },
    ],
  });
  const x = ecgIndexBatch();
  const opSel = select('operation', 'op', OPS, state.get().op as TensorOp, (v) => {
    state.set({ op: v });
    render();
  });
  const iS = slider('ECG i', 'i', { min: 0, max: 31, step: 1, value: state.get().i }, (v) => (state.set({ i: v }), render()));
  const jS = slider('lead j', 'j', { min: 0, max: 11, step: 1, value: state.get().j }, (v) => (state.set({ j: v }), render()));
  const aS = slider('start sample a (or t)', 'a', { min: 0, max: 999, step: 1, value: state.get().a }, (v) => (state.set({ a: v }), render()));
  const bS = slider('stop sample b', 'b', { min: 1, max: 1000, step: 1, value: state.get().b }, (v) => (state.set({ b: v }), render()));
  frame.controls.append(opSel.row, iS.row, jS.row, aS.row, bS.row);

  const before = h('div', null, h('div', { class: 'la-strip-label' }, 'x, shape [32, 12, 1000]'), shapeChips([32, 12, 1000], ['ECGs', 'leads', 'samples']));
  const code = h('div', { class: 'la-code', 'data-code': '' });
  const after = h('div', { 'data-after': '' });
  frame.picture.append(before, code, after);
  focusableWhenScrolling(code, 'the code that reshapes x');

  const shapeOut = h('strong', { class: 'num', 'data-shape': '' });
  const ndimOut = h('span', { class: 'num', 'data-ndim': '' });
  const sizeOut = h('span', { class: 'num', 'data-size': '' });
  const firstOut = h('span', { class: 'num', 'data-first': '' });
  frame.numbers.append(
    h('p', null, 'result shape ', shapeOut, ' · ', ndimOut, ' axes · ', sizeOut, ' numbers'),
    h('p', { class: 'la-values' }, 'first values (entry [i, j, t] holds 12000·i + 1000·j + t): ', firstOut),
  );

  function render(): void {
    const s = state.get();
    const op = s.op as TensorOp;
    const a = Math.min(s.a, 999);
    const b = Math.max(s.b, a + 1);
    const r = tensorOp(x, { op, i: s.i, j: s.j, a, b });
    code.textContent = `const x = arange(0, 384000).reshape(32, 12, 1000);\n${r.code}`;
    code.style.whiteSpace = 'pre';
    after.textContent = '';
    if (r.error || !r.shape) {
      after.append(h('p', { class: 'la-error', 'data-error': '' }, r.error ?? ''));
      setLive(shapeOut, '—');
      setLive(ndimOut, '—');
      setLive(sizeOut, '—');
      setLive(firstOut, '—');
    } else {
      after.append(h('div', { class: 'la-strip-label' }, `result, shape ${fmtShape(r.shape)}`), shapeChips(r.shape, r.axes));
      const size = r.shape.reduce((p, q) => p * q, 1);
      setLive(shapeOut, fmtShape(r.shape));
      setLive(ndimOut, String(r.shape.length));
      setLive(sizeOut, size.toLocaleString('en-US'));
      setLive(firstOut, r.first.map((v) => fmtNum(v, 0)).join(', ') + (size > r.first.length ? ', …' : ''));
    }
    const uses = { i: ['record', 'record-lead', 'sample'], j: ['lead', 'record-lead', 'sample'], a: ['window', 'sample'], b: ['window'] };
    iS.input.disabled = !uses.i.includes(op);
    jS.input.disabled = !uses.j.includes(op);
    aS.input.disabled = !uses.a.includes(op);
    bS.input.disabled = !uses.b.includes(op);
    frame.setFormula(
      r.shape
        ? `x \\in \\mathbb{R}^{32 \\times 12 \\times 1000} \\;\\longrightarrow\\; \\live{y}{\\texttt{${r.code.replace(/"/g, "'").replace(/_/g, '\\_')}}} \\in \\mathbb{R}^{${r.shape.length ? r.shape.join(' \\times ') : '1\\ (\\text{a scalar})'}}`
        : `32 \\cdot 12 \\cdot 1000 = 384{,}000 \\;\\neq\\; 32 \\cdot 12 \\cdot 999 = 383{,}616`,
      r.shape ? { y: { value: r.first, name: 'the result', what: `shape ${fmtShape(r.shape)}; its first entries`, digits: 0 } } : undefined,
    );
    frame.setCode(`const x = arange(0, 384000).reshape(32, 12, 1000);\nconst y = ${r.code};\ny.shape`);
  }
  render();
  return {
    update: render,
    destroy: () => frame.destroy(),
  };
}
