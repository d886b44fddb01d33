/**
 * Live training: an MLP (2 → h → h → 3, tanh) learns the three spirals in the page. Training runs
 * a few full-batch updates per animation frame, so the page keeps answering; the loss curve and
 * the decision regions are redrawn as it goes.
 */
import uPlot from 'uplot';
import { h, prefersReducedMotion, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { select } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { io } from 'groundup';
import { modelFileControls } from '../../lib/model-files.js';
import { SPIRALS, SpiralTrainer, spiralNet } from './model.js';

const STEPS_PER_FRAME = 4;
const MAX_STEPS = 1500;
const LIM = 1.3;
const G = 60;
const CLASS_COLORS = ['linalg', 'calculus', 'information'] as const;

function rgb(c: string): [number, number, number] {
  const n = parseInt(c.trim().replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ch5-train';
  const state = urlState(id, { opt: 'adam', lr: 0.02, hidden: 32, seed: 0 }, { opt: { oneOf: ['adam', 'momentum'] }, lr: { min: 0.003, max: 0.3 }, hidden: { min: 8, max: 64, int: true }, seed: { min: 0, max: 1_000_000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Training an MLP on three spirals, live',
    branch: 'optimization',
    caption: 'Press Train. Each animation frame runs a few updates, then the picture catches up.',
    sources: [
      { file: 'optim/adam.ts', name: 'AdamBase' },
      { file: 'data/synthetic.ts', name: 'spirals' },
    ],
  });
  const s0 = state.get();
  const choose = (patch: Partial<typeof s0>) => (state.set(patch), reset());
  const optSel = select('optimizer', 'opt', [['adam', 'Adam'], ['momentum', 'SGD + momentum 0.9']], s0.opt, (v) => choose({ opt: v }));
  const lrSel = select('learning rate', 'lr', [0.003, 0.01, 0.02, 0.05, 0.1, 0.3].map((v) => [String(v), String(v)] as [string, string]), String(s0.lr), (v) => choose({ lr: Number(v) }));
  const hidSel = select('hidden units', 'hidden', [8, 16, 32, 64].map((v) => [String(v), String(v)] as [string, string]), String(s0.hidden), (v) => choose({ hidden: Number(v) }));
  const trainBtn = h('button', { type: 'button', 'data-action': 'train', 'aria-pressed': 'false' }, 'Train');
  const stepBtn = h('button', { type: 'button', 'data-action': 'step50' }, '+50 steps');
  const resetBtn = h('button', { type: 'button', 'data-action': 'reset' }, 'Reset');
  frame.controls.append(optSel.row, lrSel.row, hidSel.row, h('div', { class: 'ch5-buttons' }, trainBtn, stepBtn, resetBtn));
  // the trained net as the CLI's files, and such files back in (then evaluate, or train on from them)
  const files = modelFileControls({
    name: 'groundup-spirals-page',
    save: () => trainer.save(),
    load: (file, tensors) => {
      const hidden = Number(file.model.hidden);
      io.expectModel(file, { ...spiralNet(hidden), hidden: [8, 16, 32, 64].includes(hidden) ? hidden : 'one of 8, 16, 32, 64' }, "this widget's MLP");
      if (hidden !== state.get().hidden) {
        state.set({ hidden });
        hidSel.set(String(hidden));
      }
      reset();
      trainer.load(file, tensors);
      refreshRegions();
      draw();
      return `Loaded the weights (${hidden} hidden units${file.source ? `, from ${file.source}` : ''}); training accuracy ${fmtNum(100 * trainer.accuracy(), 1)} %. Train continues from them with a fresh optimizer.`;
    },
  });
  frame.controls.append(files.row, files.status);

  const regionHost = h('div', { class: 'ch5-regions', role: 'img', 'aria-label': 'the 300 spiral points coloured by class over the regions the network assigns to each class' });
  const lossHost = h('div', { class: 'ch5-losschart', role: 'img', 'aria-label': 'training loss against step' });
  frame.picture.append(h('div', { class: 'ch5-pair' }, regionHost, lossHost));
  const n = { step: h('span', { class: 'num', 'data-train': 'step' }), loss: h('span', { class: 'num', 'data-train': 'loss' }), acc: h('span', { class: 'num', 'data-train': 'acc' }) };
  frame.numbers.append(h('dl', { class: 'ch5-kv' }, h('dt', null, 'updates'), h('dd', null, n.step), h('dt', null, 'cross-entropy loss'), h('dd', null, n.loss), h('dt', null, 'training accuracy'), h('dd', null, n.acc)));

  let trainer!: SpiralTrainer;
  let regions: Int32Array = new Int32Array(G * G);
  const pointsData = (): [number[], number[]][] => {
    const xs = trainer.x.data;
    const ys = trainer.y.data;
    const out: [number[], number[]][] = [[[], []], [[], []], [[], []]];
    for (let i = 0; i < ys.length; i++) {
      out[ys[i]!]![0].push(xs[2 * i]!);
      out[ys[i]!]![1].push(xs[2 * i + 1]!);
    }
    return out;
  };
  const paintRegions = (u: uPlot, t: Theme) => {
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
  };
  let regionPlot: ThemedPlot | null = null;
  let lossPlot: ThemedPlot | null = null;
  const buildPlots = () => {
    regionPlot?.destroy();
    lossPlot?.destroy();
    regionHost.textContent = '';
    lossHost.textContent = '';
    regionPlot = themedPlot(
      regionHost,
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
            facets: [
              { scale: 'x', auto: false },
              { scale: 'y', auto: false },
            ],
            paths: uPlot.paths.points!(),
            points: { show: false, size: 7, width: 1 },
          })),
        ] as uPlot.Series[],
        hooks: { drawClear: [(u) => paintRegions(u, t)] },
      }),
      [null, ...pointsData()] as unknown as uPlot.AlignedData,
    );
    lossPlot = themedPlot(
      lossHost,
      (t, width) => ({
        width,
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: (_u, lo, hi) => (hi > 0 ? [0, hi] : [0, 100]) }, y: { range: (_u, lo, hi) => (hi > 0 ? [0, Math.max(1.2, hi * 1.05)] : [0, 1.2]) } },
        axes: [axis(t, { label: 'update', labelSize: 16 }), axis(t, { size: 52, label: 'cross-entropy', labelSize: 16 })],
        series: [{}, { stroke: t.optimization, width: 2, points: { show: false } }],
      }),
      [[], []],
    );
  };

  const reset = () => {
    stop();
    const s = state.get();
    trainer = new SpiralTrainer({ optimizer: s.opt === 'momentum' ? 'momentum' : 'adam', lr: s.lr, hidden: s.hidden, seed: s.seed });
    regions = trainer.boundary(G, LIM);
    buildPlots();
    draw();
  };
  const draw = () => {
    setLive(n.step, String(trainer.steps));
    setLive(n.loss, trainer.losses.length ? fmtNum(trainer.losses.at(-1)!, 4) : '—');
    setLive(n.acc, `${fmtNum(100 * trainer.accuracy(), 1)} %`);
    lossPlot?.setData([trainer.losses.map((_, i) => i + 1), trainer.losses.slice()]);
    regionPlot?.plot.redraw(false, false);
    const s = state.get();
    frame.setFormula(
      `\\begin{aligned}&\\text{model: } \\operatorname{Linear}(2, ${s.hidden}) \\to \\tanh \\to \\operatorname{Linear}(${s.hidden}, ${s.hidden}) \\to \\tanh \\to \\operatorname{Linear}(${s.hidden}, 3) \\\\` +
        `&L = -\\tfrac{1}{300} \\textstyle\\sum_i \\log \\operatorname{softmax}(f(x_i))_{y_i} = ${trainer.losses.length ? `${trainer.losses.at(-1)!.toFixed(4)} \\text{ before update } ${trainer.steps}` : '\\ ?\\ \\text{(press Train)}'} \\\\` +
        `&\\text{${s.opt === 'adam' ? 'Adam' : 'SGD + momentum'}}, \\ \\eta = ${s.lr}, \\text{ full batch of 300 points}\\end{aligned}`,
    );
    frame.setCode(
      [
        `const { x, y } = data.spirals({ n: ${SPIRALS.n}, classes: ${SPIRALS.classes}, noise: ${SPIRALS.noise}, seed: ${SPIRALS.seed} });`,
        `manualSeed(${s.seed});`,
        `const model = new nn.Sequential(new nn.Linear(2, ${s.hidden}), new nn.Tanh(), new nn.Linear(${s.hidden}, ${s.hidden}), new nn.Tanh(), new nn.Linear(${s.hidden}, 3));`,
        s.opt === 'adam' ? `const opt = new optim.Adam(model.parameters(), { lr: ${s.lr} });` : `const opt = new optim.SGD(model.parameters(), { lr: ${s.lr}, momentum: 0.9 });`,
        `let L;`,
        `for (let step = 0; step < ${Math.max(trainer.steps, 1)}; step++) {`,
        `  opt.zeroGrad();`,
        `  L = loss.crossEntropy(model.forward(x), y);`,
        `  L.backward();`,
        `  opt.step();`,
        `}`,
        `L.item()   // the loss before the last update`,
      ].join('\n'),
    );
  };
  const refreshRegions = () => {
    regions = trainer.boundary(G, LIM);
  };

  let raf = 0;
  let frames = 0;
  const stop = () => {
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    trainBtn.setAttribute('aria-pressed', 'false');
    trainBtn.textContent = 'Train';
  };
  const tick = () => {
    trainer.train(STEPS_PER_FRAME);
    frames++;
    // the regions cost a 3600-point forward pass: every few frames (less often under reduced motion)
    if (frames % (prefersReducedMotion() ? 30 : 5) === 0) refreshRegions();
    if (!prefersReducedMotion() || frames % 30 === 0) draw();
    if (trainer.steps >= MAX_STEPS || !frame.visible) {
      refreshRegions();
      draw();
      return stop();
    }
    raf = requestAnimationFrame(tick);
  };
  trainBtn.addEventListener('click', () => {
    if (raf) return stop();
    trainBtn.setAttribute('aria-pressed', 'true');
    trainBtn.textContent = 'Pause';
    raf = requestAnimationFrame(tick);
  });
  stepBtn.addEventListener('click', () => {
    stop();
    trainer.train(50);
    refreshRegions();
    draw();
  });
  resetBtn.addEventListener('click', reset);
  frame.onVisibility((v) => {
    if (!v) stop();
  });
  reset();
  return {
    update: reset,
    destroy() {
      stop();
      regionPlot?.destroy();
      lossPlot?.destroy();
      frame.destroy();
    },
  };
}
