/** The capstone training widget: the loop runs in a worker; the page shows loss, accuracy and the pause state, and hands the weights on. */
import { io } from 'groundup';
import { modelFileControls } from '../../lib/model-files.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme } from '../../lib/plot.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { CAPSTONE, capstoneConfig, capstoneFiles, type FromWorker, type ToWorker } from './model.js';
import { ASK, publishTrained, type Trained } from './shared.js';

type RunState = 'idle' | 'running' | 'paused' | 'done';

/** The buttons and the settings line. */
function trainingControls(frame: Frame) {
  const c = CAPSTONE;
  const trainBtn = h('button', { type: 'button', 'data-action': 'train', 'aria-pressed': 'false' }, 'Train');
  const restartBtn = h('button', { type: 'button', 'data-action': 'restart', disabled: true }, 'Restart');
  const download = h('a', { class: 'ch8-download', download: 'ecg-capstone.safetensors', hidden: true, 'data-action': 'download' }, 'weights (.safetensors)');
  frame.controls.append(
    h('div', { class: 'ch8-buttons' }, trainBtn, restartBtn),
    h('p', { class: 'ch8-note' }, `${c.nTrain} training ECGs, batches of ${c.batchSize}, ${c.epochs} epochs, AdamW η = ${c.lr}, warmup + cosine.`),
    download,
  );
  const show = (s: RunState) => {
    trainBtn.textContent = s === 'running' ? 'Pause' : s === 'paused' ? 'Resume' : s === 'done' ? 'Train again' : 'Train';
    trainBtn.setAttribute('aria-pressed', String(s === 'running'));
    restartBtn.disabled = s === 'idle';
  };
  return { trainBtn, restartBtn, download, show };
}

/** The live numbers: status, update, epoch, loss, learning rate, accuracy (and the epoch means for tests). */
function trainingNumbers(frame: Frame) {
  const n = {
    status: h('span', { 'data-train': 'status' }, 'not started: the network has random weights'),
    step: h('span', { class: 'num', 'data-train': 'step' }, '0'),
    epoch: h('span', { class: 'num', 'data-train': 'epoch' }, '0'),
    loss: h('span', { class: 'num', 'data-train': 'loss' }, '—'),
    lr: h('span', { class: 'num', 'data-train': 'lr' }, '—'),
    acc: h('span', { class: 'num', 'data-train': 'acc' }, '—'),
  };
  const rows: [string, HTMLElement][] = [['status', n.status], ['update', n.step], ['epoch', n.epoch], ['loss (this batch)', n.loss], ['learning rate', n.lr], ['held-out accuracy', n.acc]];
  const kv = h('dl', { class: 'ch8-kv', 'data-epoch-losses': '[]' }, ...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  frame.numbers.append(kv);
  const epochLosses: number[] = [];
  return {
    n,
    addEpoch(meanLoss: number) {
      epochLosses.push(meanLoss);
      kv.dataset.epochLosses = JSON.stringify(epochLosses);
    },
    resetEpochs() {
      epochLosses.length = 0;
      kv.dataset.epochLosses = '[]';
    },
  };
}

/**
 * The loss and learning-rate curves. Progress messages only append to the arrays; the plots are
 * redrawn at most once a frame while the widget is on screen (and once when it comes back).
 */
function trainingCurves(frame: Frame) {
  const lossHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'training loss against update' });
  const lrHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'learning rate against update' });
  frame.picture.append(h('div', { class: 'ch8-pair' }, lossHost, lrHost));
  const steps: number[] = [];
  const losses: number[] = [];
  const lrs: number[] = [];
  let total = 0;
  const plot = (host: HTMLElement, colour: keyof Theme, label: string) =>
    themedPlot(
      host,
      (t, width) => ({
        width,
        height: 200,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: (_u, _lo, hi) => [0, Math.max(total, hi, 10)] }, y: { range: (_u, _lo, hi) => [0, hi > 0 ? hi * 1.05 : 1] } },
        axes: [axis(t, { label: 'update', labelSize: 16 }), axis(t, { size: 58, label, labelSize: 16 })],
        series: [{}, { stroke: t[colour], width: 1.5, points: { show: false } }],
      }),
      [[], []],
    );
  const lossPlot = plot(lossHost, 'optimization', 'cross-entropy');
  const lrPlot = plot(lrHost, 'calculus', 'learning rate');
  const draw = () => {
    lossPlot.setData([steps.slice(), losses.slice()]);
    lrPlot.setData([steps.slice(), lrs.slice()]);
  };
  frame.onVisibility((v) => v && frame.schedule(draw));
  return {
    push(step: number, loss: number, lr: number, totalSteps: number) {
      total = totalSteps;
      steps.push(step);
      losses.push(loss);
      lrs.push(lr);
      frame.schedule(draw);
    },
    reset() {
      steps.length = losses.length = lrs.length = 0;
      frame.schedule(draw);
    },
    destroy() {
      lossPlot.destroy();
      lrPlot.destroy();
    },
  };
}

/** The formula tab: the loss, the clipped AdamW step and the schedule, with live η₀ and the latest loss. */
function trainingFormula(loss: number | null, lr: number | null): [string, Parameters<Frame['setFormula']>[1]] {
  const c = CAPSTONE;
  const tex =
    `\\begin{aligned}&\\live{L}{L} = \\tfrac{1}{${c.batchSize}}\\textstyle\\sum_i \\big[-\\sum_k q_{ik} \\log \\operatorname{softmax}(f(\\tilde x_i))_k\\big], \\\\` +
    `&q_{ik} = ${1 - c.labelSmoothing}\\,[k = y_i] + \\tfrac{${c.labelSmoothing}}{${c.classes.length}} \\\\` +
    `&g \\leftarrow g \\cdot \\min\\!\\big(1, ${c.clipNorm}/\\lVert g \\rVert\\big),\\qquad \\theta \\leftarrow \\theta - \\live{eta}{\\eta_t}\\big(\\hat m/(\\sqrt{\\hat v} + \\epsilon) + \\lambda\\theta\\big) \\\\` +
    `&\\eta_t = \\eta_\\text{min} + \\tfrac12(\\eta_0 - \\eta_\\text{min})\\big(1 + \\cos \\pi\\tfrac{t - W}{T - W}\\big),\\ \\eta_0 = ${c.lr},\\ \\lambda = ${c.weightDecay}\\end{aligned}`;
  return [
    tex,
    {
      L: { value: loss ?? 'not started', name: 'L', what: 'the loss of the latest mini-batch', digits: 4 },
      eta: { value: lr === null ? 'not started' : lr.toExponential(2).replace('-', '−'), name: 'η_t', what: 'the learning rate of the latest update' },
    },
  ];
}

function trainingCode(): string {
  const c = CAPSTONE;
  return [
    `const c = { samples: ${c.samples}, fs: ${c.fs}, classes: ${JSON.stringify(c.classes)} };`,
    `const d = data.ecg.synthetic({ n: 48, leads: 12, samples: c.samples, fs: c.fs, classes: c.classes, seed: 1 });`,
    `const x = d.x.sub(d.x.mean(2, true)).div(d.x.std(2, { keepdim: true, unbiased: false }).add(1e-6));`,
    `manualSeed(0);`,
    `const net = models.ecgNet({ leads: 12, samples: c.samples, classes: ${c.classes.length}, width: ${c.width}, heads: ${c.heads} });`,
    `const loader = new data.DataLoader(x, d.y, { batchSize: 16, shuffle: true, seed: 0 });`,
    `const opt = new optim.AdamW(net.parameters(), { lr: ${c.lr}, weightDecay: ${c.weightDecay} });`,
    `const sched = new optim.LRScheduler(opt, optim.schedule.warmupCosine({ lr: ${c.lr}, warmupSteps: 1, totalSteps: 3 }));`,
    `const out = [];`,
    `for (const [xb, yb] of loader) {   // one epoch`,
    `  const xa = data.augment.timeShift(data.augment.scale(data.augment.noise(xb, 0.05), [0.8, 1.2]), 20);`,
    `  opt.zeroGrad();`,
    `  const L = loss.crossEntropy(net.forward(xa), yb, { labelSmoothing: 0.1 });`,
    `  L.backward(); optim.clipGradNorm(net.parameters(), 1); opt.step(); sched.step();`,
    `  out.push(L.item());`,
    `}`,
    `out`,
  ].join('\n');
}

/** The latest weights as a download link (an object URL, revoked when replaced). */
function weightsLink(a: HTMLAnchorElement) {
  let url: string | null = null;
  return {
    set(weights: Uint8Array, epoch: number) {
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      a.href = url;
      a.hidden = false;
      a.dataset.epoch = String(epoch);
    },
    destroy: () => url && URL.revokeObjectURL(url),
  };
}

/** The training run's state shared by the pieces below (one per mounted widget; nothing at module level). */
interface Session {
  latest: Trained | null; // the weights the result widget evaluates
  resumeFrom: Uint8Array | undefined; // loaded from a file: Train continues from them
  worker: Worker | null;
  state: RunState;
}

/** The CLI's model files: the latest weights saved as them, and such files loaded back in. */
function capstoneFileControls(frame: Frame, s: Session, o: { stop: () => void; setState: (r: RunState) => void; say: (t: string) => void }) {
  const files = modelFileControls({
    name: 'groundup-ecg-capstone-page',
    save: () => {
      if (!s.latest) throw new Error('no weights yet: train for an epoch, or load a model');
      return capstoneFiles(io.loadSafetensors(s.latest.weights), { epoch: s.latest.epoch, testAccuracy: Number.isFinite(s.latest.testAccuracy) ? s.latest.testAccuracy : null });
    },
    load: (file, tensors) => {
      io.expectModel(file, capstoneConfig(), 'the capstone network');
      o.stop();
      o.setState('idle');
      s.latest = { weights: io.saveSafetensors(tensors), epoch: 0, testAccuracy: NaN };
      s.resumeFrom = s.latest.weights;
      publishTrained(s.latest);
      o.say('loaded from a file: Train continues from these weights');
      return `Loaded the capstone weights${file.source ? ` (from ${file.source})` : ''}; the result below now uses them.`;
    },
  });
  frame.controls.append(files.row, files.status);
}

/** What the worker says, shown: curves and numbers per update, weights per epoch, and the run's end. */
function workerMessages(frame: Frame, s: Session, ui: { curves: ReturnType<typeof trainingCurves>; nums: ReturnType<typeof trainingNumbers>; link: ReturnType<typeof weightsLink>; setState: (r: RunState) => void }) {
  const n = ui.nums.n;
  return (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'progress') {
      ui.curves.push(m.step, m.loss, m.lr, m.totalSteps);
      setLive(n.step, `${m.step} / ${m.totalSteps}`);
      setLive(n.epoch, `${m.epoch} / ${CAPSTONE.epochs}`);
      n.loss.textContent = fmtNum(m.loss, 4);
      n.lr.textContent = m.lr.toExponential(2).replace('-', '−');
      frame.setFormula(...trainingFormula(m.loss, m.lr));
    } else if (m.type === 'epoch') {
      ui.nums.addEpoch(m.meanLoss);
      setLive(n.acc, `${fmtNum(100 * m.testAccuracy, 1)} % after epoch ${m.epoch}`);
      ui.link.set(m.weights, m.epoch);
      s.latest = { weights: m.weights, epoch: m.epoch, testAccuracy: m.testAccuracy };
      publishTrained(s.latest);
    } else if (m.type === 'paused') {
      if (s.state === 'paused') n.status.textContent = `paused after update ${m.step}`;
      n.status.dataset.pausedAt = String(m.step);
    } else if (m.type === 'done') {
      ui.setState('done');
      n.status.textContent = `finished: ${m.step} updates`;
    } else if (m.type === 'error') {
      ui.setState('idle');
      n.status.textContent = `error in the worker: ${m.message}`;
    }
  };
}

export function mountTraining(el: HTMLElement): Widget {
  const frame = widgetFrame(el, {
    id: 'ecgtrain',
    title: 'Training the capstone in a Web Worker',
    branch: 'optimization',
    caption: 'Press Train. The worker reports every update; the page never waits for it.',
    sources: [
      { file: 'models/ecg.ts', name: 'EcgNet' },
      { file: 'optim/schedule.ts', name: 'warmupCosine' },
      { file: 'optim/clip.ts', name: 'clipGradNorm' },
    ],
  });
  const s: Session = { latest: null, resumeFrom: undefined, worker: null, state: 'idle' };
  const ui = trainingControls(frame);
  const setState = (r: RunState) => {
    s.state = r;
    ui.show(r);
  };
  const stop = () => {
    s.worker?.terminate();
    s.worker = null;
  };
  capstoneFileControls(frame, s, { stop, setState, say: (t) => (nums.n.status.textContent = t) });
  const curves = trainingCurves(frame);
  const nums = trainingNumbers(frame);
  const link = weightsLink(ui.download);
  const onMessage = workerMessages(frame, s, { curves, nums, link, setState });
  const send = (m: ToWorker) => s.worker?.postMessage(m);
  const start = () => {
    stop();
    s.worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'ecg-capstone-trainer' });
    s.worker.onmessage = onMessage;
    s.worker.onerror = (e) => (nums.n.status.textContent = `the worker failed: ${e.message}`);
    curves.reset();
    nums.resetEpochs();
    send(s.resumeFrom ? { type: 'start', seed: 0, weights: s.resumeFrom.slice() } : { type: 'start', seed: 0 });
    setState('running');
    nums.n.status.textContent = 'training in the worker';
  };
  ui.trainBtn.addEventListener('click', () => {
    if (s.state === 'idle' || s.state === 'done') return start();
    const pausing = s.state === 'running';
    send({ type: pausing ? 'pause' : 'resume' });
    if (!pausing) delete nums.n.status.dataset.pausedAt;
    nums.n.status.textContent = pausing ? 'paused' : 'training in the worker';
    setState(pausing ? 'paused' : 'running');
  });
  ui.restartBtn.addEventListener('click', () => {
    s.resumeFrom = undefined; // Restart is from random weights, even after a load
    start();
  });
  frame.setFormula(...trainingFormula(null, null));
  frame.setCode(trainingCode());
  // the result widget may mount after an epoch has finished: it asks, this answers
  const answer = () => publishTrained(s.latest);
  document.addEventListener(ASK, answer);
  return {
    update() {},
    destroy() {
      stop();
      link.destroy();
      curves.destroy();
      frame.destroy();
      document.removeEventListener(ASK, answer);
      publishTrained(null);
    },
  };
}
