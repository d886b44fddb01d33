/**
 * Matrix multiplication as a sweep: row i of X runs along column j of W, one product at a time,
 * and the running sum becomes entry (i, j) of X @ W. Shapes are adjustable; a mismatch shows the
 * library's own ShapeError.
 */
import { focusableWhenScrolling, h, prefersReducedMotion, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { matmul, smallMatrix, sweep } from './model.js';
import { slider, type Slider } from '../../lib/controls.js';
import { matrixGrid, pickKeys } from './ui.js';

type MmState = { m: number; k: number; k2: number; n: number; seed: number; i: number; j: number; step: number };
type MmUrl = ReturnType<typeof urlState<MmState>>;
type Out = { frame: Frame; board: HTMLElement; sumLine: HTMLElement; shapeOut: HTMLElement; entryOut: HTMLElement };

const block = (cap: string, grid: HTMLElement) => h('figure', { class: 'la-block' }, grid, h('figcaption', { class: 'cap' }, cap));

/** The shape sliders, the step slider and the Play button. */
function matmulControls(frame: Frame, state: MmUrl, play: HTMLButtonElement, render: () => void, stop: () => void): Slider {
  const clampIJ = () => {
    const s = state.get();
    state.set({ i: Math.min(s.i, s.m - 1), j: Math.min(s.j, s.n - 1), step: Math.min(s.step, s.k) });
  };
  const sl = (label: string, key: 'm' | 'k' | 'k2' | 'n' | 'seed', min: number, max: number) =>
    slider(label, key, { min, max, step: 1, value: state.get()[key] }, (v) => {
      state.set({ [key]: v });
      if (key === 'k') state.set({ step: v });
      clampIJ();
      render();
    });
  const stepS = slider('products added so far', 'step', { min: 0, max: 5, step: 1, value: state.get().step }, (v) => {
    stop();
    state.set({ step: Math.min(v, state.get().k) });
    render();
  });
  frame.controls.append(
    h('fieldset', null, h('legend', null, 'X: [m, k]'), sl('rows m (ECGs)', 'm', 1, 4).row, sl('columns k (features)', 'k', 1, 5).row),
    h('fieldset', null, h('legend', null, 'W: [k, n]'), sl('rows of W', 'k2', 1, 5).row, sl('columns n (neurons)', 'n', 1, 4).row),
    sl('seed for the numbers', 'seed', 0, 20).row,
    stepS.row,
    play,
  );
  return stepS;
}

/** Play adds one product every 700 ms (all at once under reduced motion); returns stop. */
function sweepPlayer(play: HTMLButtonElement, state: MmUrl, render: () => void): () => void {
  let timer = 0;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = 0;
    play.textContent = 'Play the sweep';
  };
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (prefersReducedMotion()) {
      state.set({ step: state.get().k });
      return render();
    }
    state.set({ step: 0 });
    render();
    play.textContent = 'Stop';
    timer = window.setInterval(() => {
      const s = state.get();
      if (s.step >= s.k) return stop();
      state.set({ step: s.step + 1 });
      render();
    }, 700);
  });
  return stop;
}

/** Shapes that do not fit: both matrices and the library's own error. */
function showMismatch(o: Out, s: MmState, X: number[][], W: number[][], error: string): void {
  o.board.replaceChildren(block(`X ${fmtShape([s.m, s.k])}`, matrixGrid(X, { label: 'X', name: 'X' })), h('span', { class: 'op' }, '@'), block(`W ${fmtShape([s.k2, s.n])}`, matrixGrid(W, { label: 'W', name: 'W' })));
  o.sumLine.replaceChildren(h('p', null, 'The library refuses:'), h('p', { class: 'la-error', 'data-error': '' }, error));
  setLive(o.shapeOut, `${fmtShape([s.m, s.k])} @ ${fmtShape([s.k2, s.n])}: ${s.k} ≠ ${s.k2}`);
  setLive(o.entryOut, '—');
  o.frame.setFormula(`[${s.m}, ${s.k}] \\mathbin{@} [${s.k2}, ${s.n}]: \\quad k = ${s.k} \\neq ${s.k2}\\ \\text{(the inner sizes must match)}`);
  o.frame.setCode(`const X = tensor(${JSON.stringify(X)});\nconst W = tensor(${JSON.stringify(W)});\nX.matmul(W)   // throws ShapeError`);
}

/** The sweep of entry (i, j): row i of X along column j of W, `step` products added so far. */
function showSweep(o: Out, s: MmState, X: number[][], W: number[][], out: number[][], shape: number[]): void {
  const { i, j } = s;
  const step = Math.min(s.step, s.k);
  const sw = sweep(X, W, i, j);
  const Yshown = out.map((row, a) => row.map((v, b) => (a === i && b === j ? (step === 0 ? 0 : sw.running[step - 1]!) : v)));
  o.board.replaceChildren(
    block(`X ${fmtShape([s.m, s.k])}`, matrixGrid(X, { label: 'X', name: 'X', row: i, done: (a, b) => a === i && b < step })),
    h('span', { class: 'op' }, '@'),
    block(`W ${fmtShape([s.k, s.n])}`, matrixGrid(W, { label: 'W', name: 'W', col: j, done: (a, b) => b === j && a < step })),
    h('span', { class: 'op' }, '='),
    block(`X @ W ${fmtShape(shape)}`, matrixGrid(Yshown, { label: 'X @ W (pick a cell)', name: 'Y', cell: [i, j], pickable: true })),
  );
  const parts = sw.terms.map((_, k) => `(${fmtNum(X[i]![k]!, 0)})·(${fmtNum(W[k]![j]!, 0)})`);
  o.sumLine.replaceChildren(
    h('p', null, `entry (${i}, ${j}) = `, ...parts.map((p, k) => h('span', { class: k < step ? '' : 'la-values' }, (k ? ' + ' : '') + p))),
    h('p', null, 'running sum: ', h('strong', { class: 'num', 'data-running': '' }, step === 0 ? '0' : fmtNum(sw.running[step - 1]!, 0)), step < s.k ? ` (after ${step} of ${s.k} products)` : ' — done: the same number X @ W holds'),
  );
  setLive(o.shapeOut, `${fmtShape([s.m, s.k])} @ ${fmtShape([s.k, s.n])} → ${fmtShape(shape)}`);
  setLive(o.entryOut, `(X @ W)[${i}][${j}] = ${fmtNum(out[i]![j]!, 0)}`);
  o.frame.setFormula(
    `\\live{Y}{(XW)_{${i}${j}}} = \\sum_{k=0}^{${s.k - 1}} \\live{xrow}{x_{${i}k}}\\, \\live{wcol}{w_{k${j}}} = ${sw.terms.map((_, k) => `(${texNum(X[i]![k]!)})(${texNum(W[k]![j]!)})`).join(' + ')} = ${texNum(out[i]![j]!)}`,
    {
      Y: { value: out, name: 'X @ W', what: `shape ${fmtShape(shape)}; entry (${i}, ${j}) = ${fmtNum(out[i]![j]!, 0)}`, digits: 0 },
      xrow: { value: X[i]!, name: `row ${i} of X`, what: 'the row that is dotted', digits: 0 },
      wcol: { value: W.map((row) => row[j]!), name: `column ${j} of W`, what: 'the column it is dotted with', digits: 0 },
    },
  );
  o.frame.setCode(`const X = tensor(${JSON.stringify(X)});   // [${s.m}, ${s.k}]\nconst W = tensor(${JSON.stringify(W)});   // [${s.k}, ${s.n}]\nconst Y = X.matmul(W);\nconsole.log('shape', Y.shape);\nY`);
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'matmul';
  const state = urlState<MmState>(id, { m: 3, k: 4, k2: 4, n: 2, seed: 1, i: 1, j: 0, step: 4 }, {
    m: { min: 1, max: 4, int: true },
    k: { min: 1, max: 5, int: true },
    k2: { min: 1, max: 5, int: true },
    n: { min: 1, max: 4, int: true },
    seed: { min: 0, max: 20, int: true },
    i: { min: 0, max: (s) => s.m - 1, int: true },
    j: { min: 0, max: (s) => s.n - 1, int: true },
    step: { min: 0, max: (s) => s.k, int: true },
  });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'X @ W, one output entry at a time',
    branch: 'linalg',
    caption: 'Click an output cell (or press Play) to watch a row of X sweep a column of W. Set W’s rows ≠ X’s columns to see the error.',
    sources: [{ file: 'ops/matmul.ts', name: 'matmul' }],
  });
  const play = h('button', { type: 'button', 'data-ctl': 'play' }, 'Play the sweep');
  const stop = sweepPlayer(play, state, () => render());
  const stepS = matmulControls(frame, state, play, () => render(), stop);
  const out: Out = { frame, board: h('div', { class: 'la-mm' }), sumLine: h('div', { class: 'la-terms', 'data-sum': '' }), shapeOut: h('strong', { class: 'num', 'data-shape': '' }), entryOut: h('strong', { class: 'num', 'data-entry': '' }) };
  frame.picture.append(out.board, out.sumLine);
  const stopScroll = focusableWhenScrolling(out.sumLine, 'the running sum');
  frame.numbers.append(h('p', null, 'shape rule: ', out.shapeOut), h('p', null, 'entry: ', out.entryOut));
  const keys = pickKeys(out.board);
  out.board.addEventListener('click', (e) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('table[data-grid="Y"] td');
    if (!td) return;
    stop();
    state.set({ i: Number(td.dataset.i), j: Number(td.dataset.j), step: state.get().k });
    render();
    keys.refocus();
  });

  function render(): void {
    const s = state.get();
    const X = smallMatrix(s.m, s.k, s.seed);
    const W = smallMatrix(s.k2, s.n, s.seed + 100);
    const r = matmul(X, W);
    stepS.input.max = String(s.k);
    stepS.set(Math.min(s.step, s.k));
    if (r.out) showSweep(out, s, X, W, r.out, r.shape!);
    else showMismatch(out, s, X, W, r.error ?? '');
  }
  render();
  return {
    update: render,
    destroy() {
      stop();
      stopScroll();
      frame.destroy();
    },
  };
}
