/** The capstone training widget: the loop runs in a worker; the page shows loss, accuracy and the pause state, and hands the weights on. */
import { data, io } from 'groundup';
import { modelFileControls } from '../../lib/model-files.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme } from '../../lib/plot.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { CAPSTONE, capstoneConfig, capstoneFiles, type FromWorker, type ToWorker } from './model.js';
import { ASK, publishTrained, type Trained } from './shared.js';


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
  // the latest weights as the CLI's model files, and such files back in: the result widget evaluates
  // them, and Train continues from them
  const files = modelFileControls({
    name: 'groundup-ecg-capstone-page',
    save: () => {
      if (!latest) throw new Error('no weights yet: train for an epoch, or load a model');
      return capstoneFiles(io.loadSafetensors(latest.weights), { epoch: latest.epoch, testAccuracy: Number.isFinite(latest.testAccuracy) ? latest.testAccuracy : null });
    },
    load: (file, tensors) => {
      io.expectModel(file, capstoneConfig(), 'the capstone network');
      worker?.terminate();
      worker = null;
      state = 'idle';
      setButton();
      latest = { weights: io.saveSafetensors(tensors), epoch: 0, testAccuracy: NaN };
      resumeFrom = latest.weights;
      publishTrained(latest);
      n.status.textContent = 'loaded from a file: Train continues from these weights';
      return `Loaded the capstone weights${file.source ? ` (from ${file.source})` : ''}; the result below now uses them.`;
    },
  });
  frame.controls.append(files.row, files.status);
  let resumeFrom: Uint8Array | undefined;
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
      latest = { weights: m.weights, epoch: m.epoch, testAccuracy: m.testAccuracy };
      publishTrained(latest);
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
    send(resumeFrom ? { type: 'start', seed: 0, weights: resumeFrom.slice() } : { type: 'start', seed: 0 });
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
  restartBtn.addEventListener('click', () => {
    resumeFrom = undefined; // Restart is from random weights, even after a load
    start();
  });
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
  // the result widget may mount after an epoch has finished: it asks, this answers
  let latest: Trained | null = null;
  const answer = () => publishTrained(latest);
  document.addEventListener(ASK, answer);
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
      document.removeEventListener(ASK, answer);
      publishTrained(null);
    },
  };
}
