/**
 * Live training: the library's spirals recipe (an MLP 2 → h → h → 3 with tanh, recipes.Trainer,
 * the CLI's 480 training points) learns in a Web Worker; the page draws the loss curve and the
 * decision regions as the worker reports them, so the main thread never runs a training step.
 * The settings are the CLI's flags by their URL names, and the widget prints the command that
 * repeats the run.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { select, type Select } from '../../lib/controls.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { io, type Tensor } from 'groundup';
import { modelFileControls } from '../../lib/model-files.js';
import { SPIRAL_DEFAULTS, SPIRAL_FIXED, spiralCommand, spiralNet, type SpiralSettings } from './model.js';
import type { FromTrainer, Progress } from './train-protocol.js';
import { trainerClient, type TrainerClient } from './train-client.js';

const LIM = 1.3;
/** Redraw at most this often while training. */
const DRAW_MS = 120;
const G = 60;
const CLASS_COLORS = ['linalg', 'calculus', 'information'] as const;
const HIDDEN = [8, 16, 32, 64];
const OPTIMIZERS: [SpiralSettings['optimizer'], string][] = [['adam', 'Adam'], ['momentum', 'SGD + momentum 0.9'], ['sgd', 'SGD'], ['nesterov', 'SGD + Nesterov'], ['rmsprop', 'RMSprop'], ['adamw', 'AdamW']];
const SCHEDULES: [SpiralSettings['schedule'], string][] = [['cosine', 'cosine'], ['constant', 'constant'], ['warmupCosine', 'warmup + cosine'], ['step', 'step'], ['exponential', 'exponential']];

type TrainState = UrlState<SpiralSettings & Record<string, string | number>>;

/** The widget's URL state: the CLI's settings under their URL names (batchSize ↔ --batch-size). */
function spiralState(id: string): TrainState {
  return urlState(id, { ...SPIRAL_DEFAULTS } as SpiralSettings & Record<string, string | number>, {
    optimizer: { oneOf: OPTIMIZERS.map(([v]) => v) },
    lr: { min: 0.001, max: 0.3 },
    hidden: { min: 8, max: 64, int: true },
    batchSize: { min: 1, max: 480, int: true },
    epochs: { min: 1, max: 200, int: true },
    schedule: { oneOf: SCHEDULES.map(([v]) => v) },
    seed: { min: 0, max: 1_000_000, int: true },
  } as never);
}

const options = (vs: number[]) => vs.map((v) => [String(v), String(v)] as [string, string]);

/** The selects, each writing its key and starting a fresh run. */
function settingsControls(s0: SpiralSettings, choose: (patch: Partial<SpiralSettings>) => void): { rows: HTMLElement[]; hidden: Select<string> } {
  const opt = select('optimizer', 'optimizer', OPTIMIZERS, s0.optimizer, (v) => choose({ optimizer: v }));
  const lr = select('learning rate', 'lr', options([0.003, 0.01, 0.02, 0.05, 0.1, 0.3]), String(s0.lr), (v) => choose({ lr: Number(v) }));
  const hidden = select('hidden units', 'hidden', options(HIDDEN), String(s0.hidden), (v) => choose({ hidden: Number(v) }));
  const batch = select('batch size', 'batchSize', options([8, 32, 128, 480]), String(s0.batchSize), (v) => choose({ batchSize: Number(v) }));
  const sched = select('schedule', 'schedule', SCHEDULES, s0.schedule, (v) => choose({ schedule: v }));
  const epochs = select('epochs', 'epochs', options([10, 30, 60, 120]), String(s0.epochs), (v) => choose({ epochs: Number(v) }));
  return { rows: [opt.row, lr.row, hidden.row, batch.row, sched.row, epochs.row], hidden };
}

function rgb(c: string): [number, number, number] {
  const n = parseInt(c.trim().replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Paints the G×G class grid under the plot's points, faded towards the background. */
function paintRegions(u: uPlot, t: Theme, regions: Int32Array): void {
  const cv = document.createElement('canvas');
  cv.width = G;
  cv.height = G;
  const c2 = cv.getContext('2d')!;
  const img = c2.createImageData(G, G);
  const bg = rgb(t.bg);
  const cols = CLASS_COLORS.map((c) => rgb(t[c]));
  for (let j = 0; j < G; j++)
    for (let i = 0; i < G; i++) {
      const col = cols[regions[j * G + i]!] ?? bg;
      const k = ((G - 1 - j) * G + i) * 4;
      for (let ch = 0; ch < 3; ch++) img.data[k + ch] = Math.round(bg[ch]! + (col[ch]! - bg[ch]!) * 0.28);
      img.data[k + 3] = 255;
    }
  c2.putImageData(img, 0, 0);
  const { left, top, width, height } = u.bbox;
  u.ctx.imageSmoothingEnabled = false;
  u.ctx.drawImage(cv, left, top, width, height);
}

/** The training points by class, as uPlot's facets want them. */
function pointsByClass(x: Float32Array, y: Int32Array): [number[], number[]][] {
  const out: [number[], number[]][] = [[[], []], [[], []], [[], []]];
  for (let i = 0; i < y.length; i++) {
    out[y[i]!]![0].push(x[2 * i]!);
    out[y[i]!]![1].push(x[2 * i + 1]!);
  }
  return out;
}

/** The scatter of the points over the regions; `regions()` is read at every redraw. */
function regionPlot(host: HTMLElement, x: Float32Array, y: Int32Array, regions: () => Int32Array): ThemedPlot {
  const facet = { scale: 'x', auto: false };
  return themedPlot(
    host,
    (t, width) => ({
      mode: 2,
      width,
      height: Math.min(300, width),
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, auto: false, range: [-LIM, LIM] }, y: { auto: false, range: [-LIM, LIM] } },
      axes: [axis(t, { grid: { show: false } }), axis(t, { size: 40, grid: { show: false } })],
      series: [
        {},
        ...CLASS_COLORS.map((c, i) => ({
          label: `class ${i}`,
          stroke: t.bg,
          fill: t[c],
          width: 1,
          facets: [facet, { ...facet, scale: 'y' }],
          paths: uPlot.paths.points!(),
          points: { show: false, size: 7, width: 1 },
        })),
      ] as uPlot.Series[],
      hooks: { drawClear: [(u) => paintRegions(u, t, regions())] },
    }),
    [null, ...pointsByClass(x, y)] as unknown as uPlot.AlignedData,
  );
}

/** The loss of each update's batch against the update number. */
function lossPlot(host: HTMLElement): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 220,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: (_u, _lo, hi) => (hi > 0 ? [0, hi] : [0, 100]) }, y: { range: (_u, _lo, hi) => (hi > 0 ? [0, Math.max(1.2, hi * 1.05)] : [0, 1.2]) } },
      axes: [axis(t, { label: 'update', labelSize: 16 }), axis(t, { size: 52, label: 'cross-entropy (batch)', labelSize: 16 })],
      series: [{}, { stroke: t.optimization, width: 2, points: { show: false } }],
    }),
    [[], []],
  );
}

/** The formula and the code tab for settings `s` after `steps` updates. */
function describeRun(frame: Frame, s: SpiralSettings, steps: number, last: number | undefined): void {
  const opt = OPTIMIZERS.find(([v]) => v === s.optimizer)![1];
  frame.setFormula(
    `\\begin{aligned}&\\text{model: } \\operatorname{Linear}(2, ${s.hidden}) \\to \\tanh \\to \\operatorname{Linear}(${s.hidden}, ${s.hidden}) \\to \\tanh \\to \\operatorname{Linear}(${s.hidden}, 3) \\\\` +
      `&L = -\\tfrac{1}{|B|} \\textstyle\\sum_{i \\in B} \\log \\operatorname{softmax}(f(x_i))_{y_i} = ${last !== undefined ? `${last.toFixed(4)} \\text{ on the batch of update } ${steps}` : '\\ ?\\ \\text{(press Train)}'} \\\\` +
      `&\\text{${opt}}, \\ \\eta = ${s.lr} \\text{ (${s.schedule})}, \\ |B| = ${s.batchSize} \\text{ of 480 points}\\end{aligned}`,
  );
  const settings = { ...s, ...SPIRAL_FIXED };
  frame.setCode(
    [
      `// the same run on the command line: ${spiralCommand(s)}`,
      `const s = recipes.settings('spirals', ${JSON.stringify(settings).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ').replace(/"/g, "'")});`,
      `const d = recipes.spirals.load();   // the CLI's 600 points, its fixed 480 / 120 split`,
      `manualSeed(s.seed);`,
      `const model = recipes.spirals.model(s);`,
      `const t = new recipes.Trainer(model, d.xTrain, d.yTrain, recipes.trainSettings(s));`,
      `t.steps(${Math.max(steps, 1)});`,
      `t.losses.at(-1)   // the loss of the last update's batch`,
    ].join('\n'),
  );
}

/** Train/Pause, +50 steps and Reset. */
function trainButtons() {
  const b = (action: string, text: string, extra: Record<string, string> = {}) => h('button', { type: 'button', 'data-action': action, ...extra }, text);
  const train = b('train', 'Train', { 'aria-pressed': 'false' });
  const step = b('step50', '+50 steps');
  const reset = b('reset', 'Reset');
  return { train, step, reset, row: h('div', { class: 'ch5-buttons' }, train, step, reset) };
}

function trainPicture(frame: Frame) {
  const regionHost = h('div', { class: 'ch5-regions', role: 'img', 'aria-label': 'the 480 training points coloured by class over the regions the network assigns to each class' });
  const lossHost = h('div', { class: 'ch5-losschart', role: 'img', 'aria-label': 'training loss against update' });
  frame.picture.append(h('div', { class: 'ch5-pair' }, regionHost, lossHost));
  return { regionHost, lossHost };
}

/** While training, redraw at most every DRAW_MS (the worker reports every chunk); at rest, on the next frame. */
function drawThrottle(frame: Frame, draw: () => void) {
  const t = { last: 0, timer: 0 };
  const request = (running: boolean) => {
    clearTimeout(t.timer);
    const wait = running ? t.last + DRAW_MS - performance.now() : 0;
    if (wait > 0) t.timer = window.setTimeout(() => request(running), wait);
    else frame.schedule(() => ((t.last = performance.now()), draw()));
  };
  return Object.assign(request, { cancel: () => clearTimeout(t.timer) });
}

/** Reads a picked file's tensors into what postMessage can carry. */
const portable = (tensors: Record<string, Tensor>): [string, number[], Float32Array][] =>
  Object.entries(tensors).map(([k, t]) => [k, t.shape.slice(), Float32Array.from(t.data)]);

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ch5-train';
  const state = spiralState(id);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Training an MLP on three spirals, live',
    branch: 'optimization',
    caption: 'Press Train. A worker runs the updates; the picture follows what it reports.',
    sources: [
      { file: 'recipes/trainer.ts', name: 'Trainer' },
      { file: 'optim/adam.ts', name: 'AdamBase' },
    ],
  });
  const view = { losses: [] as number[], regions: new Int32Array(G * G) as Int32Array, regionsNew: false, snap: null as Progress | null, regionPlot: null as ThemedPlot | null, lossPlot: null as ThemedPlot | null };
  const choose = (patch: Partial<SpiralSettings>) => (state.set(patch as never), reset());
  const ctl = settingsControls(state.get(), choose);
  const buttons = trainButtons();
  frame.controls.append(...ctl.rows, buttons.row);
  const { regionHost, lossHost } = trainPicture(frame);
  const n = numbersView(frame);

  const draw = () => {
    const snap = view.snap;
    const running = !!snap?.running;
    buttons.train.setAttribute('aria-pressed', String(running));
    buttons.train.textContent = running ? 'Pause' : 'Train';
    n.show(snap, view.losses.at(-1));
    view.lossPlot?.setData([view.losses.map((_, i) => i + 1), view.losses.slice()]);
    if (view.regionsNew) view.regionPlot?.plot.redraw(false, false);
    view.regionsNew = false;
    // the formula and the code cell follow the run when it rests (re-typesetting them every chunk would cost the page frames)
    if (!running) describeRun(frame, state.get(), snap?.step ?? 0, view.losses.at(-1));
  };
  const throttledDraw = drawThrottle(frame, () => draw());
  const onMessage = (m: FromTrainer) => {
    if (m.type === 'ready') {
      view.regionPlot?.destroy();
      regionHost.textContent = '';
      view.regionPlot = regionPlot(regionHost, m.x, m.y, () => view.regions);
    } else if (m.type === 'progress') {
      view.losses.length = m.from;
      for (const v of m.losses) view.losses.push(v);
      if (m.regions) [view.regions, view.regionsNew] = [m.regions, true];
      view.snap = m;
      throttledDraw(m.running);
    } else if (m.type === 'error') n.error(m.message);
  };
  const worker: TrainerClient = trainerClient('ch5-spirals-trainer', onMessage);
  const reset = () => {
    view.losses = [];
    view.snap = null;
    view.lossPlot?.destroy();
    lossHost.textContent = '';
    view.lossPlot = lossPlot(lossHost);
    worker.send({ type: 'reset', settings: state.get(), grid: G, lim: LIM });
  };
  buttons.train.addEventListener('click', () => worker.send({ type: view.snap?.running ? 'pause' : 'run' }));
  buttons.step.addEventListener('click', () => worker.send({ type: 'steps', n: 50 }));
  buttons.reset.addEventListener('click', reset);
  frame.onVisibility((v) => {
    if (!v && view.snap?.running) worker.send({ type: 'pause' });
  });
  const files = spiralFiles(state, ctl.hidden, worker, reset, draw);
  frame.controls.append(files.row, files.status);
  reset();
  return {
    update: reset,
    destroy() {
      throttledDraw.cancel();
      worker.terminate();
      view.regionPlot?.destroy();
      view.lossPlot?.destroy();
      frame.destroy();
    },
  };
}

/** Updates, epoch, loss, accuracy on the training and the held-out points, and an error line. */
function numbersView(frame: Frame) {
  const num = (k: string) => h('span', { class: 'num', 'data-train': k });
  const n = { step: num('step'), epoch: num('epoch'), loss: num('loss'), acc: num('acc'), test: num('test') };
  const err = h('p', { class: 'ch5-error', role: 'alert', 'data-train': 'error', hidden: true });
  const row = (label: string, v: HTMLElement) => [h('dt', null, label), h('dd', null, v)];
  frame.numbers.append(
    h('dl', { class: 'ch5-kv ch5-live' }, ...row('updates', n.step), ...row('epoch', n.epoch), ...row('loss (last batch)', n.loss), ...row('training accuracy', n.acc), ...row('held-out accuracy', n.test)),
    err,
  );
  return {
    /** While the run is going the numbers change every chunk: plain text then (setLive's flash forces a layout of the page). */
    show(s: Progress | null, last: number | undefined) {
      const put = s?.running ? (el: HTMLElement, t: string) => void (el.textContent = t) : setLive;
      put(n.step, String(s?.step ?? 0));
      put(n.epoch, s ? `${s.epoch} of ${s.epochs}` : '—');
      put(n.loss, last !== undefined ? fmtNum(last, 4) : '—');
      put(n.acc, s ? `${fmtNum(100 * s.acc, 1)} %` : '—');
      put(n.test, s ? `${fmtNum(100 * s.testAcc, 1)} %` : '—');
    },
    error(message: string) {
      err.hidden = false;
      err.textContent = `Training stopped: ${message}`;
    },
  };
}

/** Download the worker's model as the CLI's files; load such files (adopting their hidden width). */
function spiralFiles(state: TrainState, hiddenSel: Select<string>, worker: TrainerClient, reset: () => void, drawNow: () => void) {
  return modelFileControls({
    name: 'groundup-spirals-page',
    save: () => worker.request<Extract<FromTrainer, { type: 'saved' }>>({ type: 'save' }),
    load: async (file, tensors) => {
      const hidden = Number(file.model.hidden);
      io.expectModel(file, { ...spiralNet(hidden), hidden: HIDDEN.includes(hidden) ? hidden : `one of ${HIDDEN.join(', ')}` }, "this widget's MLP");
      if (hidden !== state.get().hidden) {
        state.set({ hidden } as never);
        hiddenSel.set(String(hidden));
      }
      reset();
      const r = await worker.request<Extract<FromTrainer, { type: 'loaded' }>>({ type: 'load', file, tensors: portable(tensors) });
      drawNow();
      return `Loaded the weights (${hidden} hidden units${file.source ? `, from ${file.source}` : ''}); training accuracy ${fmtNum(100 * r.acc, 1)} %. Train continues from them with a fresh optimizer.`;
    },
  });
}
