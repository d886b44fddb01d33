/**
 * The capstone's four widgets: the data (real and synthetic ECGs), the model (its layers with
 * shapes and map rows), live training (a worker running the loop) and the result (confusion
 * matrix, P(class | ECG), attention strip). Training hands its weights to the result through
 * `store`, as safetensors bytes.
 */
import uPlot from 'uplot';
import { data, io, linalg, noGrad, type Tensor } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { axis, cssRgb, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { MAP, type MapRow } from '../07-map/rows.js';
import { chapterHref } from '../registry.js';
import { CAPSTONE, capstoneData, capstoneNet, type CapstoneData, type FromWorker, type ToWorker } from './model.js';

// ───────────────────────── shared state: the latest weights from the worker ─────────────────────────

interface Trained {
  weights: Uint8Array;
  epoch: number;
  testAccuracy: number;
}
const listeners = new Set<(t: Trained | null) => void>();
let latest: Trained | null = null;
function publish(t: Trained | null) {
  latest = t;
  for (const f of listeners) f(t);
}

let dataCache: CapstoneData | null = null;
const capData = () => (dataCache ??= capstoneData());

const CLASS_BRANCH = ['linalg', 'calculus', 'information', 'optimization', 'probability'] as const;

/** Finds the Chapter 7 map row whose component starts like `name` (case-insensitive). */
export function mapRow(name: string): MapRow | undefined {
  const key = name.toLowerCase().split(' (')[0]!;
  for (const g of MAP) for (const r of g.rows) if (r.component.toLowerCase().startsWith(key) || key.startsWith(r.component.toLowerCase())) return r;
  return undefined;
}
/** One ECG trace against time in seconds, in mV: the options every signal plot here shares. */
function ecgPlotOptions(t: Theme, width: number, o: { height: number; stroke: string; xLabel: string }): uPlot.Options {
  return {
    width,
    height: o.height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [axis(t, { label: o.xLabel, labelSize: 16 }), axis(t, { size: 46, label: 'mV', labelSize: 16 })],
    series: [{}, { stroke: o.stroke, width: 1.25, points: { show: false } }],
  };
}

function sectionLink(r: MapRow, text = r.component): HTMLElement {
  const m = /^ch(\d+)\/(.+)$/.exec(r.section);
  return m ? h('a', { href: chapterHref(Number(m[1]), m[2]) }, text) : h('span', null, text);
}

// ───────────────────────── 1. the data ─────────────────────────

export function mountData(el: HTMLElement): Widget {
  const id = 'ecgdata';
  const state = urlState(id, { cls: 'afib', lead: 'II', seed: 0 });
  const frame = widgetFrame(el, {
    id,
    title: 'A real ECG and synthetic 12-lead ECGs by class',
    branch: 'linalg',
    caption: 'Pick a rhythm class and a lead; “another” draws a new record of that class.',
    sources: [
      { file: 'data/ecg.ts', name: 'record208' },
      { file: 'data/ecg-synthetic.ts', name: 'synthetic' },
    ],
  });
  const classes = [...data.ecg.ECG_CLASSES] as string[];
  const leads = [...data.ecg.LEAD_NAMES] as string[];
  const clsSel = h('select', { 'data-control': 'cls' }, ...classes.map((c) => h('option', { value: c }, c)));
  const leadSel = h('select', { 'data-control': 'lead' }, ...leads.map((c) => h('option', { value: c }, c)));
  const again = h('button', { type: 'button', 'data-action': 'another' }, 'another');
  frame.controls.append(h('label', null, 'class ', clsSel), h('label', null, 'lead ', leadSel), h('div', { class: 'ch8-buttons' }, again));
  const realHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'five seconds of the real MIT-BIH record 208, lead MLII, in millivolts' });
  const synHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'a synthetic ECG of the chosen class and lead, in millivolts' });
  frame.picture.append(h('div', { class: 'ch8-pair' }, h('div', null, h('p', { class: 'ch8-plot-title' }, 'real: MIT-BIH record 208, lead MLII, 360 Hz'), realHost), h('div', null, h('p', { class: 'ch8-plot-title', 'data-syn-title': '' }), synHost)));
  const nums = { shape: h('span', { class: 'num', 'data-ecg': 'shape' }), range: h('span', { class: 'num', 'data-ecg': 'range' }), rr: h('span', { class: 'num', 'data-ecg': 'beats' }) };
  frame.numbers.append(h('dl', { class: 'ch8-kv' }, h('dt', null, 'synthetic record'), h('dd', null, nums.shape), h('dt', null, 'this lead, min … max'), h('dd', null, nums.range)));

  const rec = data.ecg.record208();
  const secs = 5;
  const nReal = rec.fs * secs;
  const realT = Array.from({ length: nReal }, (_, i) => i / rec.fs);
  const realV = Array.from(rec.signal.data.subarray(0, nReal));
  const linePlot = (host: HTMLElement, colour: keyof Theme, d: uPlot.AlignedData) =>
    themedPlot(host, (t, width) => ecgPlotOptions(t, width, { height: 200, stroke: t[colour], xLabel: 'seconds' }), d);
  const realPlot = linePlot(realHost, 'linalg', [realT, realV]);
  let synPlot: ThemedPlot | null = null;

  const render = () => {
    const s = state.get();
    clsSel.value = s.cls;
    leadSel.value = s.lead;
    const fs = 250;
    const d = data.ecg.synthetic({ n: 1, leads: 12, samples: 1000, fs, classes: [s.cls], seed: 1000 + s.seed });
    const li = Math.max(0, leads.indexOf(s.lead));
    const v = Array.from(d.x.select(0, 0).select(0, li).data);
    const t = v.map((_, i) => i / fs);
    if (!synPlot) synPlot = linePlot(synHost, 'calculus', [t, v]);
    else synPlot.setData([t, v]);
    (frame.picture.querySelector('[data-syn-title]') as HTMLElement).textContent = `synthetic: ${s.cls}, lead ${s.lead}, 250 Hz (record ${s.seed + 1})`;
    setLive(nums.shape, `${fmtShape(d.x.shape)} → lead ${s.lead}: [${v.length}]`);
    setLive(nums.range, `${fmtNum(Math.min(...v), 3)} … ${fmtNum(Math.max(...v), 3)} mV`);
    frame.setFormula(
      `x \\in \\mathbb{R}^{N \\times 12 \\times L},\\quad x[0,\\ \\text{${s.lead}},\\ t] \\text{ in mV},\\ t = 0, \\tfrac{1}{${fs}}, \\dots, ${(1000 / fs).toFixed(0)}\\,\\text{s};\\qquad v_\\text{real} = \\frac{c - ${rec.adcZero}}{${rec.adcGain}}`,
    );
    frame.setCode(
      [
        `const d = data.ecg.synthetic({ n: 1, leads: 12, samples: 1000, fs: ${fs}, classes: ['${s.cls}'], seed: ${1000 + s.seed} });`,
        `const lead = d.x.select(0, 0).select(0, ${li});   // lead ${s.lead}`,
        `[d.x.shape, lead.min().item(), lead.max().item()]`,
      ].join('\n'),
    );
  };
  frame.controls.addEventListener('change', () => {
    state.set({ cls: clsSel.value, lead: leadSel.value });
    render();
  });
  again.addEventListener('click', () => {
    state.set({ seed: state.get().seed + 1 });
    render();
  });
  render();
  return {
    update: render,
    destroy() {
      realPlot.destroy();
      synPlot?.destroy();
      frame.destroy();
    },
  };
}

// ───────────────────────── 2. the model ─────────────────────────

/** Where each row of the map shows up in the capstone (rows a classifier has no use for say so). */
const WHERE: Record<string, string> = {
  'Neuron / dense layer': 'the head: Linear(16 → 3) on the pooled features; attention’s Q, K, V projections too',
  'Activation (ReLU, sigmoid)': 'GELU after each batch norm in the stem',
  'Softmax output': 'P(class | ECG) from the three scores; also every attention row',
  Convolution: 'the two Conv1d layers of the stem',
  'Self-attention': 'the residual MultiheadAttention block over 62 time steps',
  'Positional encoding': 'sines and cosines added to the 62 tokens',
  'Batch normalization': 'after each convolution (running statistics at evaluation)',
  'Mean squared error': 'not in a classifier; it would score a regression such as predicting the heart rate',
  'Cross-entropy': 'the training loss, with label smoothing 0.1',
  'Dice loss': 'not in a classifier; it would score a segmentation such as marking each QRS complex',
  'KL divergence': 'label-smoothed cross-entropy is KL(smoothed target ‖ prediction) plus the target’s entropy, a constant',
  'Contrastive loss': 'not used; it would pretrain the stem on unlabelled ECGs (two augmented views of one record pulled together)',
  Backpropagation: 'loss.backward() every step, clipped to norm 1',
  SGD: 'mini-batches of 16 shuffled ECGs: the stochastic part of the descent',
  Adam: 'AdamW is the update rule',
  'Weight decay / L2': 'AdamW’s decoupled decay, λ = 0.01',
  'Learning-rate schedule': 'linear warmup, then cosine decay (plotted live)',
  PCA: 'the result section projects the 16-number feature vectors of the test ECGs onto their two main axes',
  'Weight initialization': 'He-normal for both convolutions',
  'Data augmentation': 'noise, amplitude scaling and time shift on every batch',
};

export function mountModel(el: HTMLElement): Widget {
  const net = capstoneNet();
  const steps = net.describe(1);
  const table = h(
    'table',
    { class: 'ch8-layers', 'aria-label': 'the capstone network, layer by layer' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'step'), h('th', { scope: 'col' }, 'output shape'), h('th', { scope: 'col' }, 'map row'), h('th', { scope: 'col' }, 'library source'))),
  );
  const tbody = h('tbody');
  for (const s of steps) {
    const row = s.mapRow ? mapRow(s.mapRow) : undefined;
    tbody.append(
      h(
        'tr',
        { 'data-layer': s.name || s.layer },
        h('td', null, s.name ? h('code', null, s.name) : null, s.name ? ' ' : null, s.layer),
        h('td', { class: 'num', 'data-shape': '' }, fmtShape(s.shape)),
        h('td', null, row ? sectionLink(row) : '—'),
        h('td', null, h('a', { href: `#/source/${s.source}` }, s.source)),
      ),
    );
  }
  table.append(tbody);
  const count = h('p', { class: 'ch8-note' }, `${net.numParameters().toLocaleString('en')} trainable numbers; `, h('a', { href: '#/source/models/ecg.ts' }, 'models/ecg.ts'), ' builds it.');

  const cover = h('tbody');
  for (const g of MAP)
    for (const r of g.rows) cover.append(h('tr', null, h('td', null, sectionLink(r)), h('td', null, WHERE[r.component] ?? '—')));
  const coverTable = h(
    'table',
    { class: 'ch8-layers ch8-cover', 'aria-label': 'where each row of the map appears in the capstone' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'map row'), h('th', { scope: 'col' }, 'where it is in this chapter'))),
    cover,
  );
  const wrap = h('div', { class: 'ch8-scroll' }, table);
  el.append(wrap, count, h('h3', null, 'Every row of the map, and where it is'), h('div', { class: 'ch8-scroll' }, coverTable));
  return { update() {}, destroy: () => wrap.remove() };
}

// ───────────────────────── 3. training, live in a worker ─────────────────────────

export function mountTraining(el: HTMLElement): Widget {
  const id = 'ecgtrain';
  const frame = widgetFrame(el, {
    id,
    title: 'Training the capstone in a Web Worker',
    branch: 'optimization',
    caption: 'Press Train. The worker reports every update; the page never waits for it.',
    sources: [
      { file: 'models/ecg.ts', name: 'EcgNet' },
      { file: 'optim/schedule.ts', name: 'warmupCosine' },
      { file: 'optim/clip.ts', name: 'clipGradNorm' },
    ],
  });
  const c = CAPSTONE;
  const trainBtn = h('button', { type: 'button', 'data-action': 'train', 'aria-pressed': 'false' }, 'Train');
  const restartBtn = h('button', { type: 'button', 'data-action': 'restart', disabled: true }, 'Restart');
  const download = h('a', { class: 'ch8-download', download: 'ecg-capstone.safetensors', hidden: true, 'data-action': 'download' }, 'weights (.safetensors)');
  frame.controls.append(
    h('div', { class: 'ch8-buttons' }, trainBtn, restartBtn),
    h('p', { class: 'ch8-note' }, `${c.nTrain} training ECGs, batches of ${c.batchSize}, ${c.epochs} epochs, AdamW η = ${c.lr}, warmup + cosine.`),
    download,
  );
  const lossHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'training loss against update' });
  const lrHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'learning rate against update' });
  frame.picture.append(h('div', { class: 'ch8-pair' }, lossHost, lrHost));
  const n = {
    status: h('span', { 'data-train': 'status' }, 'not started: the network has random weights'),
    step: h('span', { class: 'num', 'data-train': 'step' }, '0'),
    epoch: h('span', { class: 'num', 'data-train': 'epoch' }, '0'),
    loss: h('span', { class: 'num', 'data-train': 'loss' }, '—'),
    lr: h('span', { class: 'num', 'data-train': 'lr' }, '—'),
    acc: h('span', { class: 'num', 'data-train': 'acc' }, '—'),
  };
  const kv = h(
    'dl',
    { class: 'ch8-kv', 'data-epoch-losses': '[]' },
    h('dt', null, 'status'),
    h('dd', null, n.status),
    h('dt', null, 'update'),
    h('dd', null, n.step),
    h('dt', null, 'epoch'),
    h('dd', null, n.epoch),
    h('dt', null, 'loss (this batch)'),
    h('dd', null, n.loss),
    h('dt', null, 'learning rate'),
    h('dd', null, n.lr),
    h('dt', null, 'held-out accuracy'),
    h('dd', null, n.acc),
  );
  frame.numbers.append(kv);

  const steps: number[] = [];
  const losses: number[] = [];
  const lrs: number[] = [];
  const epochLosses: number[] = [];
  let total = 0;
  const plot = (host: HTMLElement, colour: keyof Theme, label: string, yMin?: number) =>
    themedPlot(
      host,
      (t, width) => ({
        width,
        height: 200,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: (_u, _lo, hi) => [0, Math.max(total, hi, 10)] }, y: { range: (_u, lo, hi) => [yMin ?? Math.min(0, lo), hi > 0 ? hi * 1.05 : 1] } },
        axes: [axis(t, { label: 'update', labelSize: 16 }), axis(t, { size: 58, label, labelSize: 16 })],
        series: [{}, { stroke: t[colour], width: 1.5, points: { show: false } }],
      }),
      [[], []],
    );
  const lossPlot = plot(lossHost, 'optimization', 'cross-entropy', 0);
  const lrPlot = plot(lrHost, 'calculus', 'learning rate', 0);

  let worker: Worker | null = null;
  let state: 'idle' | 'running' | 'paused' | 'done' = 'idle';
  let dirty = false;
  let url: string | null = null;
  const setButton = () => {
    trainBtn.textContent = state === 'running' ? 'Pause' : state === 'paused' ? 'Resume' : state === 'done' ? 'Train again' : 'Train';
    trainBtn.setAttribute('aria-pressed', String(state === 'running'));
    restartBtn.disabled = state === 'idle';
  };
  const draw = () => {
    if (!dirty) return;
    dirty = false;
    lossPlot.setData([steps.slice(), losses.slice()]);
    lrPlot.setData([steps.slice(), lrs.slice()]);
  };
  let raf = 0;
  const loop = () => {
    draw();
    raf = state === 'running' ? requestAnimationFrame(loop) : 0;
  };
  const onMessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'progress') {
      total = m.totalSteps;
      steps.push(m.step);
      losses.push(m.loss);
      lrs.push(m.lr);
      dirty = true;
      setLive(n.step, `${m.step} / ${m.totalSteps}`);
      setLive(n.epoch, `${m.epoch} / ${c.epochs}`);
      n.loss.textContent = fmtNum(m.loss, 4);
      n.lr.textContent = m.lr.toExponential(2).replace('-', '−');
      if (!raf && frame.visible) raf = requestAnimationFrame(loop);
      else if (!frame.visible) draw();
    } else if (m.type === 'epoch') {
      epochLosses.push(m.meanLoss);
      kv.dataset.epochLosses = JSON.stringify(epochLosses);
      setLive(n.acc, `${fmtNum(100 * m.testAccuracy, 1)} % after epoch ${m.epoch}`);
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([m.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      download.href = url;
      download.hidden = false;
      download.dataset.epoch = String(m.epoch);
      publish({ weights: m.weights, epoch: m.epoch, testAccuracy: m.testAccuracy });
    } else if (m.type === 'paused') {
      if (state === 'paused') n.status.textContent = `paused after update ${m.step}`;
      n.status.dataset.pausedAt = String(m.step);
    } else if (m.type === 'done') {
      state = 'done';
      n.status.textContent = `finished: ${m.step} updates`;
      setButton();
      draw();
    } else if (m.type === 'error') {
      state = 'idle';
      n.status.textContent = `error in the worker: ${m.message}`;
      setButton();
    }
  };
  const send = (m: ToWorker) => worker?.postMessage(m);
  const start = () => {
    worker?.terminate();
    worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'ecg-capstone-trainer' });
    worker.onmessage = onMessage;
    worker.onerror = (e) => {
      n.status.textContent = `the worker failed: ${e.message}`;
    };
    steps.length = losses.length = lrs.length = epochLosses.length = 0;
    kv.dataset.epochLosses = '[]';
    dirty = true;
    draw();
    send({ type: 'start', seed: 0 });
    state = 'running';
    n.status.textContent = 'training in the worker';
    setButton();
  };
  trainBtn.addEventListener('click', () => {
    if (state === 'idle' || state === 'done') start();
    else if (state === 'running') {
      send({ type: 'pause' });
      state = 'paused';
      n.status.textContent = 'paused';
      draw();
    } else {
      send({ type: 'resume' });
      delete n.status.dataset.pausedAt;
      state = 'running';
      n.status.textContent = 'training in the worker';
      if (!raf) raf = requestAnimationFrame(loop);
    }
    setButton();
  });
  restartBtn.addEventListener('click', start);
  frame.setFormula(
    `\\begin{aligned}&L = \\tfrac{1}{16}\\textstyle\\sum_i \\big[-\\sum_k q_{ik} \\log \\operatorname{softmax}(f(\\tilde x_i))_k\\big],\\quad q_{ik} = 0.9\\,[k = y_i] + \\tfrac{0.1}{3} \\\\` +
      `&g \\leftarrow g \\cdot \\min\\!\\big(1, 1/\\lVert g \\rVert\\big),\\qquad \\theta \\leftarrow \\theta - \\eta_t\\big(\\hat m/(\\sqrt{\\hat v} + \\epsilon) + \\lambda\\theta\\big) \\\\` +
      `&\\eta_t = \\eta_\\text{min} + \\tfrac12(\\eta_0 - \\eta_\\text{min})\\big(1 + \\cos \\pi\\tfrac{t - W}{T - W}\\big),\\ \\eta_0 = ${c.lr}\\end{aligned}`,
  );
  frame.setCode(
    [
      `const c = { samples: ${c.samples}, fs: ${c.fs}, classes: ${JSON.stringify(c.classes)} };`,
      `const d = data.ecg.synthetic({ n: 48, leads: 12, samples: c.samples, fs: c.fs, classes: c.classes, seed: 1 });`,
      `const x = d.x.sub(d.x.mean(2, true)).div(d.x.std(2, { keepdim: true, unbiased: false }).add(1e-6));`,
      `manualSeed(0);`,
      `const net = models.ecgNet({ leads: 12, samples: c.samples, classes: 3, width: ${c.width}, heads: ${c.heads} });`,
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
    ].join('\n'),
  );
  frame.onVisibility((v) => {
    if (v) draw();
  });
  setButton();
  return {
    update() {},
    destroy() {
      if (raf) cancelAnimationFrame(raf);
      worker?.terminate();
      worker = null;
      if (url) URL.revokeObjectURL(url);
      lossPlot.destroy();
      lrPlot.destroy();
      frame.destroy();
      publish(null);
    },
  };
}

// ───────────────────────── 4. the result ─────────────────────────

export function mountResult(el: HTMLElement): Widget {
  const id = 'ecgresult';
  const state = urlState(id, { i: 0, lead: 'II' });
  const frame = widgetFrame(el, {
    id,
    title: 'What the trained network says about a held-out ECG',
    branch: 'probability',
    caption: 'Pick a test ECG. Probabilities, confusion matrix and attention update after every epoch of training above.',
    sources: [
      { file: 'models/ecg.ts', name: 'EcgNet' },
      { file: 'nn/attention.ts', name: 'scaledDotProductAttention' },
      { file: 'linalg/pca.ts', name: 'pca' },
    ],
  });
  const d = capData();
  const nTest = d.xTest.shape[0]!;
  const leads = d.leadNames;
  const pick = h('input', { type: 'number', min: 0, max: nTest - 1, step: 1, 'data-control': 'i', style: 'width: 5em' });
  const leadSel = h('select', { 'data-control': 'lead' }, ...leads.map((l) => h('option', { value: l }, l)));
  frame.controls.append(h('label', null, `test ECG (0–${nTest - 1}) `, pick), h('label', null, 'lead ', leadSel));
  const status = h('p', { class: 'ch8-status', 'data-result': 'status' });
  const sigHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'the chosen test ECG with a strip below showing how much attention each moment received' });
  const bars = h('div', { class: 'ch8-bars', role: 'list', 'aria-label': 'P(class | this ECG)' });
  const conf = h('div', { class: 'ch8-scroll' });
  const pcaHost = h('div', { class: 'ch8-chart ch8-pca', role: 'img', 'aria-label': 'the test ECGs’ feature vectors projected onto their first two principal components, coloured by true class' });
  frame.picture.append(status, sigHost, h('div', { class: 'ch8-pair' }, h('div', null, h('h3', { class: 'ch8-plot-title' }, 'P(class | this ECG)'), bars, h('h3', { class: 'ch8-plot-title' }, 'confusion matrix (held-out)'), conf), h('div', null, h('h3', { class: 'ch8-plot-title' }, 'features of the test ECGs, PCA'), pcaHost)));
  const truth = h('span', { class: 'num', 'data-result': 'truth' });
  const predicted = h('span', { class: 'num', 'data-result': 'pred' });
  const acc = h('span', { class: 'num', 'data-result': 'acc' });
  frame.numbers.append(h('dl', { class: 'ch8-kv' }, h('dt', null, 'true class'), h('dd', null, truth), h('dt', null, 'predicted'), h('dd', null, predicted), h('dt', null, 'held-out accuracy'), h('dd', null, acc)));

  const net = capstoneNet().eval();
  let trained: Trained | null = null;
  let attn: number[] = [];
  let sigPlot: ThemedPlot | null = null;
  let pcaPlot: ThemedPlot | null = null;
  const T = net.tokens;

  const paintStrip = (u: uPlot, t: Theme) => {
    if (!attn.length) return;
    const { left, top, width, height } = u.bbox;
    const stripH = Math.round(height * 0.12);
    const y = top + height - stripH;
    const max = Math.max(...attn);
    const [r, g, b] = cssRgb(t.probability);
    const ctx = u.ctx;
    for (let k = 0; k < T; k++) {
      const a = max > 0 ? attn[k]! / max : 0;
      ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${0.08 + 0.92 * a})`;
      ctx.fillRect(left + (k / T) * width, y, Math.ceil(width / T), stripH);
    }
  };
  const buildSig = (tv: number[], v: number[]) => {
    sigPlot?.destroy();
    sigHost.textContent = '';
    sigPlot = themedPlot(
      sigHost,
      (t, width) => ({
        ...ecgPlotOptions(t, width, { height: 230, stroke: t.linalg, xLabel: 'seconds (strip: attention received)' }),
        hooks: { draw: [(u: uPlot) => paintStrip(u, t)] },
      }),
      [tv, v],
    );
  };

  const render = () => {
    const s = state.get();
    const i = Math.min(nTest - 1, Math.max(0, Math.round(s.i)));
    pick.value = String(i);
    leadSel.value = s.lead;
    const li = Math.max(0, leads.indexOf(s.lead));
    const raw = d.raw.select(0, CAPSTONE.nTrain + i).select(0, li);
    const v = Array.from(raw.data);
    const tv = v.map((_, k) => k / CAPSTONE.fs);

    const x1 = d.xTest.narrow(0, i, 1);
    const probs = noGrad(() => net.predictProba(x1));
    const A = net.lastAttention!; // [1, h, T, T]
    const received = noGrad(() => A.mean(1).mean(1)); // [1, T]: per key, averaged over heads and queries
    attn = Array.from(received.data);
    const p = Array.from(probs.data);
    const y = d.yTest.data[i]!;
    const best = p.indexOf(Math.max(...p));
    status.textContent = trained
      ? `Weights from epoch ${trained.epoch} of training (held-out accuracy ${fmtNum(100 * trained.testAccuracy, 1)} %).`
      : 'The network is untrained: these are the answers of random weights. Press Train above.';
    status.dataset.trained = String(!!trained);
    status.dataset.epoch = String(trained?.epoch ?? 0);
    bars.textContent = '';
    p.forEach((q, k) => {
      bars.append(
        h(
          'div',
          { class: `ch8-bar b-${CLASS_BRANCH[k]}`, role: 'listitem', 'data-class': d.classNames[k]!, 'data-prob': String(q) },
          h('span', { class: 'ch8-bar-label' }, d.classNames[k]!),
          h('span', { class: 'ch8-bar-track' }, h('span', { class: 'ch8-bar-fill', style: `width: ${(100 * q).toFixed(1)}%` })),
          h('span', { class: 'num' }, fmtNum(q, 3)),
        ),
      );
    });
    truth.dataset.index = String(i);
    setLive(truth, d.classNames[y]!);
    setLive(predicted, `${d.classNames[best]!} (${fmtNum(100 * p[best]!, 1)} %)`);
    if (!sigPlot) buildSig(tv, v);
    else {
      sigPlot.setData([tv, v]);
    }
    frame.setFormula(
      `P(k \\mid x) = \\frac{e^{z_k}}{\\sum_j e^{z_j}}:\\quad ` +
        p.map((q, k) => `P(\\text{${d.classNames[k]}}) = ${q.toFixed(3)}`).join(',\\ ') +
        `;\\qquad a_s = \\tfrac{1}{hT}\\textstyle\\sum_{\\text{head}}\\sum_t \\operatorname{softmax}_s\\!\\big(q_t k_s^\\top/\\sqrt{d}\\big)`,
    );
    frame.setCode(
      [
        `// the network with random weights (load the trained ones with net.loadStateDict(io.loadSafetensors(bytes)))`,
        `const d = data.ecg.synthetic({ n: ${CAPSTONE.n}, leads: 12, samples: ${CAPSTONE.samples}, fs: ${CAPSTONE.fs}, classes: ${JSON.stringify(CAPSTONE.classes)}, seed: ${CAPSTONE.seed} });`,
        `const x = d.x.narrow(0, ${CAPSTONE.nTrain + i}, 1);`,
        `const xs = x.sub(x.mean(2, true)).div(x.std(2, { keepdim: true, unbiased: false }).add(1e-6));`,
        `const net = models.ecgNet({ leads: 12, samples: ${CAPSTONE.samples}, classes: 3, width: ${CAPSTONE.width}, heads: ${CAPSTONE.heads} }).eval();`,
        `const p = net.predictProba(xs);`,
        `[p.toArray(), net.lastAttention.shape]`,
      ].join('\n'),
    );
  };

  /** Confusion matrix and PCA of the features over the whole test set (after each new set of weights). */
  const evaluateAll = () => {
    const { logits, feats } = noGrad(() => {
      const f = net.features(d.xTest);
      return { feats: f, logits: net.head.forward(f) };
    });
    const pred = logits.argmax(-1).data;
    const K = d.classNames.length;
    const M = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    let right = 0;
    for (let r = 0; r < nTest; r++) {
      const y = d.yTest.data[r]!;
      M[y]![pred[r]!]!++;
      if (y === pred[r]) right++;
    }
    setLive(acc, `${fmtNum((100 * right) / nTest, 1)} % of ${nTest}`);
    conf.textContent = '';
    conf.append(
      h(
        'table',
        { class: 'ch8-confusion', 'aria-label': 'confusion matrix: rows are true classes, columns predicted classes' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'true \\ predicted'), ...d.classNames.map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          null,
          ...M.map((row, r) =>
            h('tr', null, h('th', { scope: 'row' }, d.classNames[r]!), ...row.map((v, k) => h('td', { class: `num${r === k ? ' diag' : ''}`, 'data-cell': `${r},${k}`, style: `--w: ${(v / Math.max(1, ...row)).toFixed(2)}` }, String(v)))),
          ),
        ),
      ),
    );
    // PCA of the 16-number feature vectors: two axes of largest variance
    const z = linalg.pca(feats.double(), 2).transform(feats.double()) as Tensor; // [nTest, 2]
    const series: [number[], number[]][] = d.classNames.map(() => [[], []]);
    for (let r = 0; r < nTest; r++) {
      const y = d.yTest.data[r]!;
      series[y]![0].push(z.data[2 * r]!);
      series[y]![1].push(z.data[2 * r + 1]!);
    }
    pcaPlot?.destroy();
    pcaHost.textContent = '';
    pcaPlot = themedPlot(
      pcaHost,
      (t, width) => ({
        mode: 2,
        width,
        height: Math.min(260, width),
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [axis(t, { label: 'PC 1', labelSize: 16 }), axis(t, { size: 44, label: 'PC 2', labelSize: 16 })],
        series: [
          {},
          ...d.classNames.map((c, k) => ({
            label: c,
            stroke: t[CLASS_BRANCH[k]!],
            fill: t[CLASS_BRANCH[k]!],
            facets: [
              { scale: 'x', auto: true },
              { scale: 'y', auto: true },
            ],
            paths: uPlot.paths.points!(),
            points: { show: false, size: 7 },
          })),
        ] as uPlot.Series[],
      }),
      [null, ...series] as unknown as uPlot.AlignedData,
    );
  };

  const onWeights = (t: Trained | null) => {
    trained = t;
    if (t) net.loadStateDict(io.loadSafetensors(t.weights));
    net.eval();
    evaluateAll();
    render();
  };
  listeners.add(onWeights);
  frame.controls.addEventListener('change', () => {
    state.set({ i: Number(pick.value) || 0, lead: leadSel.value });
    render();
  });
  onWeights(latest);
  return {
    update: render,
    destroy() {
      listeners.delete(onWeights);
      sigPlot?.destroy();
      pcaPlot?.destroy();
      frame.destroy();
    },
  };
}
