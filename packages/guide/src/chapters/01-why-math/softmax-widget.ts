/**
 * Chapter 1's widget: the formula output = softmax((X @ W + b) / T) with every symbol focusable —
 * hover or focus one and the tensor behind it appears with its shape — plus editable X, W and b, a
 * temperature T, the resulting distributions as bars, and the live probabilities and entropies.
 */
import uPlot from 'uplot';
import { h, setLive, uniqueId } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { logSlider, numberInput, type NumberInput } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { tensorTable } from '../../lib/tensor-view.js';
import { tex, texMatrix, texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { CLASSES, FEATURES, example, forward, forwardCode, SHAPES, TEMP, type Forward, type LayerValues } from './model.js';

type Sym = 'output' | 'softmax' | 'X' | 'matmul' | 'W' | 'plus' | 'b' | 'T';

interface SymbolInfo {
  tex: string;
  name: string;
  what: string;
  tensor: (f: Forward) => Forward[keyof Forward];
}

const SYMBOLS: Record<Sym, SymbolInfo> = {
  output: { tex: '\\text{output}', name: 'output', what: 'one probability distribution per recording: P(normal), P(arrhythmia). Each row adds up to 1.', tensor: (f) => f.P },
  softmax: { tex: '\\operatorname{softmax}', name: 'softmax', what: 'raises e to each score divided by T, then divides by its row’s total. Shown here: e to the power of each score / T, before dividing.', tensor: (f) => f.expZ },
  X: { tex: 'X', name: 'X', what: 'the input batch: 4 recordings (rows) × 3 features (columns).', tensor: (f) => f.X },
  matmul: { tex: '\\mathbin{@}', name: '@ (matrix product)', what: 'each recording’s features dotted with each class’s column of weights: X @ W.', tensor: (f) => f.XW },
  W: { tex: 'W', name: 'W', what: 'the weights, laid out [in, out]: 3 features × 2 classes. Column j scores class j.', tensor: (f) => f.W },
  plus: { tex: '+', name: '+ b (the scores)', what: 'X @ W with the bias added to every row (broadcasting). These raw scores are the logits.', tensor: (f) => f.Z },
  b: { tex: 'b', name: 'b', what: 'the bias: one number per class, shared by all recordings.', tensor: (f) => f.b },
  T: { tex: 'T', name: 'T (temperature)', what: 'divides every score before softmax. Below 1 it sharpens the distribution towards the top class; above 1 it flattens it towards 50/50.', tensor: (f) => f.T },
};

/** The formula as a row of pieces; null entries are plain (non-interactive) TeX. */
const LAYOUT: (Sym | string)[] = ['output', '=', 'softmax', '\\big(', '(', 'X', 'matmul', 'W', 'plus', 'b', ')', '/', 'T', '\\big)'];

/** A typed entry of X, W or b: large enough to saturate the softmax, small enough that e^(score) stays finite. */
const CELL = { min: -100, max: 100 };
const SEED = { min: 0, max: 1_000_000, int: true };

export interface Options {
  id?: string;
}

type Key = 'X' | 'W' | 'b';
type Ch1State = { seed: number; T: number; X: number[]; W: number[]; b: number[] };
type Ch1Url = ReturnType<typeof urlState<Ch1State>>;

/** X, W and b as grids of number inputs and a seed with "New example"; returns what refills the grids. */
function inputGrids(frame: Frame, state: Ch1Url, render: () => void): (v: LayerValues) => void {
  const inputs: Record<Key, NumberInput[]> = { X: [], W: [], b: [] };
  const grid = (key: Key, rowsN: number, cols: number, rowName: (i: number) => string, colName: (j: number) => string) => {
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
  const fill = (v: LayerValues) => {
    for (const k of ['X', 'W', 'b'] as const) v[k].forEach((x, i) => inputs[k][i]!.set(x));
  };
  const newExample = (seed: number) => {
    state.set({ seed, ...example(seed) });
    fill(state.get());
    render();
  };
  const seedInput = numberInput('seed', 'seed', { value: state.get().seed, ...SEED }, newExample);
  const newBtn = h('button', { type: 'button' }, 'New example');
  newBtn.addEventListener('click', () => {
    const seed = Math.min(SEED.max, seedInput.value() + 1);
    seedInput.set(seed);
    newExample(seed);
  });
  const temp = logSlider('temperature T', 'T', { ...TEMP, value: state.get().T, perDecade: 20, fmt: (v) => String(v) }, (T) => {
    state.set({ T });
    render();
  });
  frame.controls.append(
    temp.row,
    grid('X', 4, 3, (i) => `recording ${i + 1}`, (j) => FEATURES[j]!),
    grid('W', 3, 2, (i) => `feature ${FEATURES[i]}`, (j) => `class ${CLASSES[j]}`),
    grid('b', 1, 2, () => 'bias', (j) => `class ${CLASSES[j]}`),
    h('div', { class: 'seed-row' }, seedInput.row, ' ', newBtn),
  );
  return fill;
}

/** The formula as a row of symbol buttons and an inspector that shows the tensor behind the one hovered or focused. */
function symbolFormula(current: () => Forward): { row: HTMLElement; inspector: HTMLElement; refresh(): void } {
  const inspectorId = uniqueId('inspector');
  const row = h('div', { class: 'sym-formula', role: 'group', 'aria-label': 'output = softmax((X @ W + b) / T); each symbol is a button that shows its tensor' });
  const buttons = new Map<Sym, HTMLButtonElement>();
  for (const piece of LAYOUT) {
    if (piece in SYMBOLS) {
      const s = SYMBOLS[piece as Sym];
      const b = h('button', { type: 'button', class: 'sym', 'data-sym': piece, 'aria-controls': inspectorId, 'aria-pressed': 'false', 'aria-label': `${s.name}` });
      tex(b, s.tex);
      b.querySelector('.katex-mathml')?.remove(); // the button's aria-label speaks for it
      buttons.set(piece as Sym, b);
      row.append(b);
    } else row.append(tex(h('span', { class: 'sym-plain', 'aria-hidden': 'true' }), piece));
  }
  const inspector = h('div', { id: inspectorId, class: 'inspector', 'aria-live': 'polite' });
  let active: Sym = 'output';
  const show = (s: Sym) => {
    active = s;
    for (const [k, b] of buttons) b.setAttribute('aria-pressed', String(k === s));
    const info = SYMBOLS[s];
    const t = info.tensor(current());
    inspector.textContent = '';
    inspector.append(
      h('p', { class: 'insp-head' }, h('strong', null, info.name), ' ', h('span', { class: 'shape', 'data-shape': '' }, `shape ${fmtShape(t.shape)}`), ' — ', info.what),
      tensorTable(t, 3, info.name),
    );
  };
  for (const ev of ['mouseover', 'focusin', 'click'])
    row.addEventListener(ev, (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.sym');
      if (b) show(b.dataset.sym as Sym);
    });
  return { row, inspector, refresh: () => show(active) };
}

const XS = [1, 2, 3, 4];

/** Bars of P(normal) and P(arrhythmia) per recording. */
function probabilityBars(host: HTMLElement, current: () => Forward): { plot: ThemedPlot; data(): uPlot.AlignedData } {
  const data = (): uPlot.AlignedData => {
    const p = Array.from(current().P.data);
    return [XS, XS.map((_, i) => p[2 * i]!), XS.map((_, i) => p[2 * i + 1]!)];
  };
  const bars = (align: -1 | 1) => uPlot.paths.bars!({ size: [0.35, 48], align, gap: 2 });
  const plot = themedPlot(
    host,
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
    data(),
  );
  return { plot, data };
}

/** The probabilities, their sums and entropies, one row per recording. */
function probabilityTable(): { table: HTMLElement; fill(f: Forward): void } {
  const cells: HTMLElement[][] = [];
  const table = h(
    'table',
    { 'aria-label': 'probabilities per recording' },
    h('thead', null, h('tr', null, ...['ECG', 'P(normal)', 'P(arrhythmia)', 'sum', 'entropy (bits)'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      ...XS.map((_, i) => {
        const row = [0, 1, 2].map((j) => h('td', { 'data-p': j < 2 ? `${i},${j}` : `${i},sum` }));
        row.push(h('td', { 'data-h': String(i) }));
        cells.push(row);
        return h('tr', null, h('th', { scope: 'row' }, `ECG ${i + 1}`), ...row);
      }),
    ),
  );
  const fill = (f: Forward) => {
    const p = f.P.toArray() as number[][];
    const H = Array.from(f.H.data);
    p.forEach((r, i) => {
      setLive(cells[i]![0]!, fmtNum(r[0]!, 4));
      setLive(cells[i]![1]!, fmtNum(r[1]!, 4));
      setLive(cells[i]![2]!, fmtNum(r[0]! + r[1]!, 4));
      setLive(cells[i]![3]!, fmtNum(H[i]!, 3));
    });
  };
  return { table, fill };
}

/** The first recording worked through, with the current values and T. */
function formulaTex(v: Ch1State, f: Forward): string {
  const x0 = v.X.slice(0, 3);
  const W = [v.W.slice(0, 2), v.W.slice(2, 4), v.W.slice(4, 6)];
  const z = (f.Z.toArray() as number[][])[0]!;
  const zt = (f.ZT.toArray() as number[][])[0]!;
  const p = (f.P.toArray() as number[][])[0]!;
  const T = texNum(v.T, 3);
  const e = (k: number) => `e^{${texNum(zt[k]!)}}`;
  return (
    `\\begin{aligned}\\mathbf{z}_0 &= \\mathbf{x}_0 W + \\mathbf{b} = ${texMatrix(x0, 1)} ${texMatrix(W, 1)} + ${texMatrix(v.b, 1)} = ${texMatrix(z, 3)} \\\\` +
    ` \\mathbf{z}_0 / T &= ${texMatrix(z, 3)} / ${T} = ${texMatrix(zt, 3)} \\\\` +
    ` \\operatorname{softmax}(\\mathbf{z}_0 / T)_j &= \\frac{e^{z_{0j}/T}}{\\sum_k e^{z_{0k}/T}} = \\left[\\tfrac{${e(0)}}{${e(0)} + ${e(1)}},\\ \\tfrac{${e(1)}}{${e(0)} + ${e(1)}}\\right] = ${texMatrix(p, 4)} \\\\` +
    ` H &= -\\textstyle\\sum_j p_j \\log_2 p_j = ${texNum(f.H.data[0]!, 3)}\\ \\text{bits}\\end{aligned}`
  );
}

export function mount(el: HTMLElement, options: Options = {}): Widget {
  const id = options.id ?? 'ch1';
  const start = example(1);
  const state = urlState<Ch1State>(id, { seed: 1, T: 1, X: start.X, W: start.W, b: start.b }, { seed: SEED, T: TEMP, X: CELL, W: CELL, b: CELL });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'softmax((X @ W + b) / T), live',
    branch: 'linalg',
    caption: 'Hover or focus a symbol to see its tensor; edit X, W or b, or turn the temperature, and watch the probabilities move.',
    sources: [
      { file: 'ops/matmul.ts', name: 'matmul' },
      { file: 'ops/arithmetic.ts', name: 'add' },
      { file: 'ops/activation.ts', name: 'softmax' },
      { file: 'info/entropy.ts', name: 'entropy' },
    ],
  });
  let f: Forward = forward(state.get(), state.get().T);
  const fillInputs = inputGrids(frame, state, () => render());
  const sym = symbolFormula(() => f);
  const chartHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'bar chart of P(normal) and P(arrhythmia) for each recording; the same numbers are in the table below' });
  frame.picture.append(sym.row, sym.inspector, chartHost);
  const chart = probabilityBars(chartHost, () => f);
  const numbers = probabilityTable();
  frame.numbers.append(numbers.table);

  function render(): void {
    const v = state.get();
    f = forward(v, v.T);
    numbers.fill(f);
    sym.refresh();
    frame.setFormula(formulaTex(v, f));
    frame.setCode(forwardCode(v, v.T));
    frame.schedule(() => chart.plot.setData(chart.data()));
  }
  fillInputs(state.get());
  render();
  return {
    update() {
      fillInputs(state.get());
      render();
    },
    destroy() {
      chart.plot.destroy();
      frame.destroy();
    },
  };
}
