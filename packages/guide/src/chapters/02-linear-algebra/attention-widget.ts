/** Scaled dot-product attention on four positions: scores Q Kᵀ/√d, softmax weights, and the mixed values. */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { attention, attentionExample } from './model.js';
import { slider, toggle } from '../../lib/controls.js';
import { matrixGrid } from './ui.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'attention';
  const state = urlState(id, { seed: 3, row: 0, sharpen: 1, causal: false as boolean }, { seed: { min: 0, max: 20, int: true }, row: { min: 0, max: 3, int: true }, sharpen: { min: 0, max: 4 } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Attention: every query dotted with every key',
    branch: 'linalg',
    caption: 'Pick a query row; scale Q up to see the softmax sharpen; switch on the causal mask to hide later positions.',
    sources: [{ file: 'nn/attention.ts', name: 'scaledDotProductAttention' }],
  });
  const d = 4;
  const rowS = slider('query position t', 'row', { min: 0, max: 3, step: 1, value: state.get().row }, (v) => (state.set({ row: v }), render()));
  const shS = slider('scale Q by', 'sharpen', { min: 0, max: 4, step: 0.25, value: state.get().sharpen, fmt: (v) => fmtNum(v, 2) }, (v) => (state.set({ sharpen: v }), render()));
  const seedS = slider('seed', 'seed', { min: 0, max: 20, step: 1, value: state.get().seed }, (v) => (state.set({ seed: v }), render()));
  const causal = toggle('causal mask (no peeking ahead)', 'causal', state.get().causal, (v) => (state.set({ causal: v }), render()));
  frame.controls.append(rowS.row, shS.row, seedS.row, causal.row);
  const board = h('div', { class: 'la-mm' });
  frame.picture.append(board);
  const wOut = h('strong', { class: 'num', 'data-weights': '' });
  const sOut = h('span', { class: 'num', 'data-scores': '' });
  const oOut = h('span', { class: 'num', 'data-output': '' });
  frame.numbers.append(h('p', null, 'scores of row t: ', sOut), h('p', null, 'weights of row t (sum 1): ', wOut), h('p', null, 'output row t = weights · V: ', oOut));

  function render(): void {
    const s = state.get();
    const ex = attentionExample(s.seed, d);
    const a = attention(ex.Q, ex.K, ex.V, s.sharpen, s.causal);
    const t = s.row;
    const block = (cap: string, g: HTMLElement) => h('figure', { class: 'la-block' }, g, h('figcaption', { class: 'cap' }, cap));
    const pos = (p: string) => [0, 1, 2, 3].map((i) => `${p}${SUB[i]}`);
    const dims = (n: number) => Array.from({ length: n }, (_, k) => `d${SUB[k]}`);
    board.replaceChildren(
      block('Q [4, 4] (scaled): one query per position', matrixGrid(a.Q, { label: 'queries', name: 'Q', row: t, digits: 2, rowLabels: pos('q'), colLabels: dims(d) })),
      block('K [4, 4]: one key per position', matrixGrid(a.K, { label: 'keys', name: 'K', digits: 1, rowLabels: pos('k'), colLabels: dims(d) })),
      block('Q Kᵀ / √4: query row × key column', matrixGrid(a.scores.map((r, i) => r.map((v, j) => (s.causal && j > i ? -Infinity : v))), { label: 'scaled scores', name: 'S', row: t, digits: 2, rowLabels: pos('q'), colLabels: pos('k') })),
      block('softmax, row by row: weights', matrixGrid(a.weights, { label: 'attention weights', name: 'A', row: t, digits: 2, heat: true, rowLabels: pos('q'), colLabels: pos('k') })),
      block('output = weights @ V [4, 2]', matrixGrid(a.output, { label: 'output', name: 'O', row: t, digits: 2, rowLabels: pos('o'), colLabels: dims(2) })),
    );
    const sc = a.scores[t]!.map((v, j) => (s.causal && j > t ? '−∞' : fmtNum(v, 3)));
    setLive(sOut, sc.join(', '));
    setLive(wOut, a.weights[t]!.map((v) => fmtNum(v, 3)).join(', '));
    setLive(oOut, a.output[t]!.map((v) => fmtNum(v, 3)).join(', '));
    frame.setFormula(
      `\\operatorname{Attention}(\\live{Q}{Q},\\live{K}{K},\\live{V}{V}) = \\operatorname{softmax}\\!\\Big(\\frac{QK^{\\top}}{\\sqrt{d}}\\Big)V, \\qquad \\frac{\\live{q}{q_{${t}}}\\cdot k_j}{\\sqrt{${d}}} = (${a.scores[t]!.map((v, j) => (s.causal && j > t ? '-\\infty' : texNum(v))).join(',\\ ')})`,
      {
        Q: { value: a.Q, what: 'the queries (scaled), one row per position' },
        K: { value: a.K, what: 'the keys, one row per position' },
        V: { value: ex.V, what: 'the values, one row per position' },
        q: { value: a.Q[t]!, name: `q${SUB[t]}`, what: `the query of position ${t}` },
      },
    );
    const fmt = (m: number[][]) => JSON.stringify(m.map((r) => r.map((v) => Number(v.toFixed(4)))));
    frame.setCode(`const Q = tensor(${fmt(a.Q)});\nconst K = tensor(${fmt(ex.K)});\nconst V = tensor(${fmt(ex.V)});\nconst { output, weights } = nn.scaledDotProductAttention(Q, K, V, { causal: ${s.causal} });\nconsole.log('weights', weights);\noutput`);
  }
  render();
  return { update: render, destroy: () => frame.destroy() };
}
