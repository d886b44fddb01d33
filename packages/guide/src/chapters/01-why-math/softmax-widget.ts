/**
 * Chapter 1's widget: the formula output = softmax(X @ W + b) with every symbol focusable — hover
 * or focus one and the tensor behind it appears with its shape — plus editable X, W and b, the
 * resulting distributions as bars, and the live probabilities.
 */
import uPlot from 'uplot';
import { h, setLive, uniqueId } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { numberInput, type NumberInput } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { tensorTable } from '../../lib/tensor-view.js';
import { tex, texMatrix, texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { CLASSES, FEATURES, example, forward, forwardCode, SHAPES, type Forward, type LayerValues } from './model.js';

type Sym = 'output' | 'softmax' | 'X' | 'matmul' | 'W' | 'plus' | 'b';

interface SymbolInfo {
  tex: string;
  name: string;
  what: string;
  tensor: (f: Forward) => Forward[keyof Forward];
}

const SYMBOLS: Record<Sym, SymbolInfo> = {
  output: { tex: '\\text{output}', name: 'output', what: 'one probability distribution per recording: P(normal), P(arrhythmia). Each row adds up to 1.', tensor: (f) => f.P },
  softmax: { tex: '\\operatorname{softmax}', name: 'softmax', what: 'raises e to each score, then divides by its row’s total. Shown here: e to the power of each score, before dividing.', tensor: (f) => f.expZ },
  X: { tex: 'X', name: 'X', what: 'the input batch: 4 recordings (rows) × 3 features (columns).', tensor: (f) => f.X },
  matmul: { tex: '\\mathbin{@}', name: '@ (matrix product)', what: 'each recording’s features dotted with each class’s column of weights: X @ W.', tensor: (f) => f.XW },
  W: { tex: 'W', name: 'W', what: 'the weights, laid out [in, out]: 3 features × 2 classes. Column j scores class j.', tensor: (f) => f.W },
  plus: { tex: '+', name: '+ b (the scores)', what: 'X @ W with the bias added to every row (broadcasting). These raw scores are the logits.', tensor: (f) => f.Z },
  b: { tex: 'b', name: 'b', what: 'the bias: one number per class, shared by all recordings.', tensor: (f) => f.b },
};

/** The formula as a row of pieces; null entries are plain (non-interactive) TeX. */
const LAYOUT: (Sym | string)[] = ['output', '=', 'softmax', '(', 'X', 'matmul', 'W', 'plus', 'b', ')'];

/** A typed entry of X, W or b: large enough to saturate the softmax, small enough that e^(score) stays finite. */
const CELL = { min: -100, max: 100 };
const SEED = { min: 0, max: 1_000_000, int: true };

export interface Options {
  id?: string;
}

export function mount(el: HTMLElement, options: Options = {}): Widget {
  const id = options.id ?? 'ch1';
  const start = example(1);
  const state = urlState(id, { seed: 1, X: start.X, W: start.W, b: start.b }, { seed: SEED, X: CELL, W: CELL, b: CELL });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'softmax(X @ W + b), live',
    branch: 'linalg',
    caption: 'Hover or focus a symbol to see its tensor; edit X, W or b and watch the probabilities move.',
    sources: [
      { file: 'ops/matmul.ts', name: 'matmul' },
      { file: 'ops/arithmetic.ts', name: 'add' },
      { file: 'ops/activation.ts', name: 'softmax' },
    ],
  });

  // ---- controls: X, W, b as grids of number inputs, and a seed ----
  const inputs: Record<'X' | 'W' | 'b', NumberInput[]> = { X: [], W: [], b: [] };
  const grid = (key: 'X' | 'W' | 'b', rowsN: number, cols: number, rowName: (i: number) => string, colName: (j: number) => string) => {
    const fs = h('fieldset', { class: 'grid-input' }, h('legend', null, `${key}  ${fmtShape([...SHAPES[key]])}`));
    const table = h('div', { class: 'cells', style: `grid-template-columns: repeat(${cols}, auto)` });
    for (let i = 0; i < rowsN; i++)
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        const input = numberInput(`${key} ${rowName(i)}, ${colName(j)}`, `${key}${k}`, { value: state.get()[key][k]!, ...CELL, step: 0.1, hiddenLabel: true, attrs: { 'data-key': key, 'data-index': k } }, (x) => {
          const arr = [...state.get()[key]];
          arr[k] = x;
          state.set({ [key]: arr });
          render();
        });
        inputs[key].push(input);
        table.append(input.row);
      }
    fs.append(table);
    return fs;
  };
  const newExample = (seed: number) => {
    state.set({ seed, ...example(seed) });
    fillInputs(state.get());
    render();
  };
  const seedInput = numberInput('seed', 'seed', { value: state.get().seed, ...SEED }, newExample);
  const newBtn = h('button', { type: 'button' }, 'New example');
  frame.controls.append(
    grid('X', 4, 3, (i) => `recording ${i + 1}`, (j) => FEATURES[j]!),
    grid('W', 3, 2, (i) => `feature ${FEATURES[i]}`, (j) => `class ${CLASSES[j]}`),
    grid('b', 1, 2, () => 'bias', (j) => `class ${CLASSES[j]}`),
    h('div', { class: 'seed-row' }, seedInput.row, ' ', newBtn),
  );
  const fillInputs = (v: LayerValues) => {
    for (const k of ['X', 'W', 'b'] as const) v[k].forEach((x, i) => inputs[k][i]!.set(x));
  };
  newBtn.addEventListener('click', () => {
    const seed = Math.min(SEED.max, seedInput.value() + 1);
    seedInput.set(seed);
    newExample(seed);
  });

  // ---- picture: the formula, its inspector, and the bars ----
  const inspectorId = uniqueId('inspector');
  const formulaRow = h('div', { class: 'sym-formula', role: 'group', 'aria-label': 'output = softmax(X @ W + b); each symbol is a button that shows its tensor' });
  const buttons = new Map<Sym, HTMLButtonElement>();
  for (const piece of LAYOUT) {
    if (piece in SYMBOLS) {
      const s = SYMBOLS[piece as Sym];
      const b = h('button', { type: 'button', class: 'sym', 'data-sym': piece, 'aria-controls': inspectorId, 'aria-pressed': 'false', 'aria-label': `${s.name}` });
      tex(b, s.tex);
      b.querySelector('.katex-mathml')?.remove(); // the button's aria-label speaks for it
      buttons.set(piece as Sym, b);
      formulaRow.append(b);
    } else formulaRow.append(tex(h('span', { class: 'sym-plain', 'aria-hidden': 'true' }), piece));
  }
  const inspector = h('div', { id: inspectorId, class: 'inspector', 'aria-live': 'polite' });
  const chartHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'bar chart of P(normal) and P(arrhythmia) for each recording; the same numbers are in the table below' });
  frame.picture.append(formulaRow, inspector, chartHost);

  let active: Sym = 'output';
  let f: Forward = forward(state.get());
  const showSymbol = (s: Sym) => {
    active = s;
    for (const [k, b] of buttons) b.setAttribute('aria-pressed', String(k === s));
    const info = SYMBOLS[s];
    const t = info.tensor(f);
    inspector.textContent = '';
    inspector.append(
      h('p', { class: 'insp-head' }, h('strong', null, info.name), ' ', h('span', { class: 'shape', 'data-shape': '' }, `shape ${fmtShape(t.shape)}`), ' — ', info.what),
      tensorTable(t, 3, info.name),
    );
  };
  formulaRow.addEventListener('mouseover', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.sym');
    if (b) showSymbol(b.dataset.sym as Sym);
  });
  formulaRow.addEventListener('focusin', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.sym');
    if (b) showSymbol(b.dataset.sym as Sym);
  });
  formulaRow.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.sym');
    if (b) showSymbol(b.dataset.sym as Sym);
  });

  let plot: ThemedPlot | null = null;
  const xs = [1, 2, 3, 4];
  const chartData = (): uPlot.AlignedData => {
    const p = Array.from(f.P.data);
    return [xs, xs.map((_, i) => p[2 * i]!), xs.map((_, i) => p[2 * i + 1]!)];
  };
  const bars = (align: -1 | 1) => uPlot.paths.bars!({ size: [0.35, 48], align, gap: 2 });
  plot = themedPlot(
    chartHost,
    (t, width) => ({
      width,
      height: 200,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [0.4, 4.6] }, y: { range: [0, 1] } },
      axes: [axis(t, { values: (_u, v) => v.map((x) => (Number.isInteger(x) ? `ECG ${x}` : '')), grid: { show: false } }), axis(t, { size: 44 })],
      series: [
        { label: 'recording' },
        { label: 'P(normal)', fill: t.rule, stroke: t.muted, paths: bars(-1), points: { show: false } },
        { label: 'P(arrhythmia)', fill: t.linalg, stroke: t.linalg, paths: bars(1), points: { show: false } },
      ],
    }),
    chartData(),
  );

  // ---- numbers ----
  const cells: HTMLElement[][] = [];
  const numbersTable = h(
    'table',
    { 'aria-label': 'probabilities per recording' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'ECG'), h('th', { scope: 'col' }, 'P(normal)'), h('th', { scope: 'col' }, 'P(arrhythmia)'), h('th', { scope: 'col' }, 'sum'))),
    h(
      'tbody',
      null,
      ...xs.map((_, i) => {
        const row = [0, 1, 2].map((j) => h('td', { 'data-p': j < 2 ? `${i},${j}` : `${i},sum` }));
        cells.push(row);
        return h('tr', null, h('th', { scope: 'row' }, `ECG ${i + 1}`), ...row);
      }),
    ),
  );
  frame.numbers.append(numbersTable);

  function render(): void {
    const v = state.get();
    f = forward(v);
    const p = f.P.toArray() as number[][];
    p.forEach((r, i) => {
      setLive(cells[i]![0]!, fmtNum(r[0]!, 4));
      setLive(cells[i]![1]!, fmtNum(r[1]!, 4));
      setLive(cells[i]![2]!, fmtNum(r[0]! + r[1]!, 4));
    });
    showSymbol(active);
    const x0 = v.X.slice(0, 3);
    const W = [v.W.slice(0, 2), v.W.slice(2, 4), v.W.slice(4, 6)];
    const z = (f.Z.toArray() as number[][])[0]!;
    frame.setFormula(
      `\\begin{aligned}\\mathbf{z}_0 &= \\mathbf{x}_0 W + \\mathbf{b} = ${texMatrix(x0, 1)} ${texMatrix(W, 1)} + ${texMatrix(v.b, 1)} = ${texMatrix(z, 3)} \\\\` +
        ` \\operatorname{softmax}(\\mathbf{z}_0)_j &= \\frac{e^{z_{0j}}}{\\sum_k e^{z_{0k}}} = \\left[\\tfrac{e^{${texNum(z[0]!)}}}{e^{${texNum(z[0]!)}} + e^{${texNum(z[1]!)}}},\\ \\tfrac{e^{${texNum(z[1]!)}}}{e^{${texNum(z[0]!)}} + e^{${texNum(z[1]!)}}}\\right] = ${texMatrix(p[0]!, 4)}\\end{aligned}`,
    );
    frame.setCode(forwardCode(v));
    frame.schedule(() => plot?.setData(chartData()));
  }

  fillInputs(state.get());
  render();

  return {
    update() {
      fillInputs(state.get());
      render();
    },
    destroy() {
      plot?.destroy();
      frame.destroy();
    },
  };
}
