/**
 * Batch, mini-batch and stochastic gradient descent on the same 64 points: the same optimizer
 * (optim.SGD), the same learning rate and the same number of epochs; only the DataLoader's batch
 * size differs. Left: paths over the bowl. Right: full-data loss against samples seen.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { numberInput, slider } from '../../lib/controls.js';
import { axis, logAxis, logRange, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { landscapePlot } from './landscape-plot.js';
import { LANDSCAPES, REG_N, VARIANT_START, landscapeGrid, trainVariant, type VariantRun } from './model.js';

const SIZES = [1, 2, 4, 8, 16, 32, 64];
const COLORS = { batch: 'text', mini: 'linalg', sgd: 'calculus' } as const;

type Kind = 'batch' | 'mini' | 'sgd';
type VState = { batchSize: number; lr: number; epochs: number; seed: number };
type Runs = Record<Kind, VariantRun>;
const NAMES: Record<Kind, string> = { batch: `batch (b = ${REG_N})`, mini: 'mini-batch', sgd: 'stochastic (b = 1)' };
/** The batch-size slider moves through SIZES: its position is an index, the state keeps the size. */
const sizeIndex = (b: number) => Math.min(SIZES.length - 2, Math.max(0, SIZES.findIndex((x) => x >= b)));

function variantState(id: string): UrlState<VState> {
  return urlState<VState>(id, { batchSize: 8, lr: 0.1, epochs: 10, seed: 1 }, { batchSize: { min: 1, max: SIZES[SIZES.length - 2]!, int: true }, lr: { min: 0.01, max: 0.3 }, epochs: { min: 1, max: 30, int: true }, seed: { min: 0, max: 1_000_000, int: true } });
}

/** The four controls; `sync` puts them at the state's values. */
function variantControls(frame: Frame, s0: VState, change: (patch: Partial<VState>) => void) {
  const bIn = slider('mini-batch size', 'batchSize', { min: 0, max: SIZES.length - 2, step: 1, value: sizeIndex(s0.batchSize), fmt: (i) => String(SIZES[i]) }, (i) => change({ batchSize: SIZES[i]! }));
  const lrIn = slider('learning rate η', 'lr', { min: 0.01, max: 0.3, step: 0.01, value: s0.lr }, (v) => change({ lr: v }));
  const epIn = slider('epochs', 'epochs', { min: 1, max: 30, step: 1, value: s0.epochs }, (v) => change({ epochs: v }));
  const seedIn = numberInput('shuffle seed', 'seed', { value: s0.seed, min: 0, max: 1_000_000, integer: true }, (v) => change({ seed: v }));
  frame.controls.append(bIn.row, lrIn.row, epIn.row, seedIn.row);
  return {
    sync(s: VState) {
      bIn.set(sizeIndex(s.batchSize));
      lrIn.set(s.lr);
      epIn.set(s.epochs);
    },
  };
}

/** The table after the last epoch: batch, updates, w, b, loss per variant. */
function resultsTable(frame: Frame) {
  const rows = (['batch', 'mini', 'sgd'] as const).map((k) => {
    const td = (col: string) => h('td', { 'data-variant': k, 'data-col': col });
    const c = { b: td('b'), updates: td('updates'), w: td('w'), bias: td('bias'), loss: td('loss') };
    return { k, c, tr: h('tr', null, h('th', { scope: 'row' }, h('span', { class: 'ch5-swatch', 'data-color': COLORS[k] }), NAMES[k]), c.b, c.updates, c.w, c.bias, c.loss) };
  });
  const th = (t: string) => h('th', { scope: 'col' }, t);
  frame.numbers.append(h('table', { 'aria-label': 'after the last epoch' }, h('thead', null, h('tr', null, th('variant'), th('batch'), th('updates'), th('w'), th('b'), th('loss'))), h('tbody', null, ...rows.map((r) => r.tr))));
  return {
    show(runs: Runs) {
      for (const r of rows) {
        const run = runs[r.k];
        setLive(r.c.b, String(run.batchSize));
        setLive(r.c.updates, String(run.ws.length - 1));
        setLive(r.c.w, fmtNum(run.ws.at(-1)!, 4));
        setLive(r.c.bias, fmtNum(run.bs.at(-1)!, 4));
        setLive(r.c.loss, fmtNum(run.losses.at(-1)!, 4));
      }
    },
  };
}

/** Runs already made are reused: moving the batch size re-trains only the mini-batch run. */
function variantCache() {
  const made = new Map<string, VariantRun>();
  return (b: number, lr: number, epochs: number, seed: number): VariantRun => {
    const key = `${b}|${lr}|${epochs}|${seed}`;
    let r = made.get(key);
    if (!r) {
      r = trainVariant(b, lr, epochs, seed);
      made.set(key, r);
      if (made.size > 64) made.delete(made.keys().next().value!);
    }
    return r;
  };
}

/** Loss against epochs: one x per sample seen; each run has a value where it updated. */
function lossData(runs: Runs, epochs: number): uPlot.AlignedData {
  const total = REG_N * epochs;
  const xs = Array.from({ length: total + 1 }, (_, i) => i / REG_N);
  const col = (run: VariantRun) => {
    const ys: (number | null)[] = new Array(total + 1).fill(null);
    run.seen.forEach((n, i) => (ys[n] = run.losses[i]!));
    return ys;
  };
  return [xs, col(runs.batch), col(runs.mini), col(runs.sgd)] as uPlot.AlignedData;
}

function lossPlot(host: HTMLElement, d: uPlot.AlignedData): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 280,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { distr: 3, range: logRange() } },
      axes: [axis(t, { label: 'epochs (passes over the 64 points)', labelSize: 16 }), logAxis(t, { size: 52, label: 'loss on all 64 points', labelSize: 16 })],
      series: [{}, { stroke: t.text, width: 2.5, spanGaps: true }, { stroke: t.linalg, width: 1.5, spanGaps: true }, { stroke: t.calculus, width: 1, spanGaps: true }],
    }),
    d,
  );
}

function variantFormula(s: VState, runs: Runs): string {
  return (
    `\\begin{aligned}&\\text{each update, on a batch } B \\text{ of size } |B|:\\quad \\theta \\leftarrow \\theta - \\eta\\, \\nabla_\\theta \\tfrac{1}{|B|}\\textstyle\\sum_{i \\in B} (w x_i + b - y_i)^2 \\\\` +
    `&|B| = ${REG_N}: ${runs.batch.updatesPerEpoch}\\text{ update per epoch};\\quad |B| = ${s.batchSize}: ${runs.mini.updatesPerEpoch}\\text{ updates};\\quad |B| = 1: ${runs.sgd.updatesPerEpoch}\\text{ updates} \\\\` +
    `&\\text{after } ${s.epochs} \\text{ epochs at } \\eta = ${s.lr}:\\ L_{\\text{batch}} = ${runs.batch.losses.at(-1)!.toFixed(4)},\\ L_{${s.batchSize}} = ${runs.mini.losses.at(-1)!.toFixed(4)},\\ L_{1} = ${runs.sgd.losses.at(-1)!.toFixed(4)}\\end{aligned}`
  );
}

function variantCode(s: VState): string {
  return [
    `const g = new Generator(5);`,
    `const X = randn([64], { generator: g }).add(1);`,
    `const Y = X.mul(2).sub(1).add(randn([64], { generator: g }).mul(0.5));`,
    `const w = tensor([${VARIANT_START[0]}], { requiresGrad: true });`,
    `const b = tensor([${VARIANT_START[1]}], { requiresGrad: true });`,
    `const opt = new optim.SGD([w, b], { lr: ${s.lr} });`,
    `const loader = new data.DataLoader(X, Y, { batchSize: ${s.batchSize}, shuffle: true, seed: ${s.seed} });`,
    `for (let epoch = 0; epoch < ${s.epochs}; epoch++)`,
    `  for (const [xb, yb] of loader) {`,
    `    opt.zeroGrad();`,
    `    loss.mse(xb.mul(w).add(b), yb).backward();`,
    `    opt.step();`,
    `  }`,
    `console.log('updates per epoch', loader.length);`,
    `[w.item(), b.item(), loss.mse(X.mul(w).add(b), Y).item()]`,
  ].join('\n');
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ch5-variants';
  const state = variantState(id);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Batch, mini-batch and stochastic gradient descent',
    branch: 'optimization',
    caption: 'Same data, same optimizer, same number of epochs — only the batch size changes.',
    sources: [
      { file: 'data/loader.ts', name: 'DataLoader' },
      { file: 'optim/sgd.ts', name: 'SGD' },
    ],
  });
  const controls = variantControls(frame, state.get(), (patch) => (state.set(patch), render()));
  const land = LANDSCAPES.bowl;
  const landHost = h('div', { class: 'ch5-landscape', role: 'img', 'aria-label': 'paths of the three variants over the bowl-shaped loss of w and b' });
  const lossHost = h('div', { class: 'ch5-losschart', role: 'img', 'aria-label': 'full-data loss against epochs for the three variants, log scale' });
  frame.picture.append(h('div', { class: 'ch5-pair' }, landHost, lossHost));
  const plot = landscapePlot(landHost, land, landscapeGrid(land), [
    { label: NAMES.batch, color: COLORS.batch, width: 2.5 },
    { label: NAMES.mini, color: COLORS.mini, width: 1.5 },
    { label: NAMES.sgd, color: COLORS.sgd, width: 1 },
    { label: 'least squares', color: 'muted', points: true },
  ], { height: 280 });
  const table = resultsTable(frame);
  const variant = variantCache();
  const view = { lossPlot: null as ThemedPlot | null };
  function render(): void {
    if (!SIZES.includes(state.get().batchSize)) state.set({ batchSize: SIZES[sizeIndex(state.get().batchSize)]! }); // a size from a link snaps to the slider's
    const s = state.get();
    controls.sync(s);
    const runs: Runs = { batch: variant(REG_N, s.lr, s.epochs, s.seed), mini: variant(s.batchSize, s.lr, s.epochs, s.seed), sgd: variant(1, s.lr, s.epochs, s.seed) };
    plot.setPaths([[runs.batch.ws, runs.batch.bs], [runs.mini.ws, runs.mini.bs], [runs.sgd.ws, runs.sgd.bs], [[land.minima[0]!.x], [land.minima[0]!.y]]]);
    table.show(runs);
    const d = lossData(runs, s.epochs);
    if (!view.lossPlot) view.lossPlot = lossPlot(lossHost, d);
    else view.lossPlot.setData(d);
    frame.setFormula(variantFormula(s, runs));
    frame.setCode(variantCode(s));
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      view.lossPlot?.destroy();
      frame.destroy();
    },
  };
}
