/**
 * Boosted trees grown one round at a time on two half-moons (trees.GradientBoosting, the logistic
 * loss): each point's gradient and Hessian before the round, the new tree's root split with the
 * numbers of its gain, its leaf weights, the entropy gain of the same cut, and the decision surface
 * after the round; beside it a random forest's vote with a chosen number of trees.
 */
import uPlot from 'uplot';
import { select, slider } from '../../lib/controls.js';
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, cssRgb, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { MAX_ROUNDS, MAX_TREES, boostSurface, entropyRoot, forestVote, grid, moons, round, type BoostSettings } from './boost-model.js';
import { numLine } from './ui.js';

const N = 48; // surface resolution
const classColour = (t: Theme, c: number) => (c === 1 ? t.information : t.linalg);
const axisName = ['x₀', 'x₁'];

const DEFAULTS = { r: 1, lambda: 1, gamma: 0, depth: 2, eta: 0.3, show: 'gradient' as string, k: 10 };
type BoostState = UrlState<typeof DEFAULTS>;
type S = typeof DEFAULTS;
type Moons = ReturnType<typeof moons>;
type Grid = ReturnType<typeof grid>;
type Round = ReturnType<typeof round>;
type Vote = ReturnType<typeof forestVote>;

function boostState(id: string): BoostState {
  return urlState(id, { ...DEFAULTS }, {
    r: { min: 1, max: MAX_ROUNDS, int: true },
    lambda: { min: 0, max: 5 },
    gamma: { min: 0, max: 5 },
    depth: { min: 1, max: 3, int: true },
    eta: { min: 0.1, max: 1 },
    show: { oneOf: ['gradient', 'class'] },
    k: { min: 1, max: MAX_TREES, int: true },
  });
}

function boostControls(frame: Frame, s0: S, on: (patch: Partial<S>) => void): void {
  const rS = slider('round', 'r', { min: 1, max: MAX_ROUNDS, step: 1, value: s0.r }, (v) => on({ r: v }));
  const lS = slider('λ (L2 on leaf weights)', 'lambda', { min: 0, max: 5, step: 0.25, value: s0.lambda }, (v) => on({ lambda: v }));
  const gS = slider('γ (least gain a split must bring)', 'gamma', { min: 0, max: 5, step: 0.25, value: s0.gamma }, (v) => on({ gamma: v }));
  const dS = slider('tree depth', 'depth', { min: 1, max: 3, step: 1, value: s0.depth }, (v) => on({ depth: v }));
  const eS = slider('learning rate η', 'eta', { min: 0.1, max: 1, step: 0.05, value: s0.eta }, (v) => on({ eta: v }));
  const showS = select('point size shows', 'show', [['gradient', '|g|: how wrong the point still is'], ['class', 'nothing (class only)']], s0.show as 'gradient' | 'class', (v) => on({ show: v }));
  const kS = slider('forest: trees voting', 'k', { min: 1, max: MAX_TREES, step: 1, value: s0.k }, (v) => on({ k: v }));
  frame.controls.append(rS.row, lS.row, gS.row, dS.row, eS.row, showS.row, h('p', { class: 'c6-sub' }, 'random forest'), kS.row);
}

/** An N×N probability field as a small image: class colours over the background, stronger where surer. */
function fieldImage(f: number[], t: Theme): HTMLCanvasElement {
  const cv = document.createElement('canvas');
  cv.width = N;
  cv.height = N;
  const c2 = cv.getContext('2d')!;
  const img = c2.createImageData(N, N);
  const bg = cssRgb(t.bg);
  const c0 = cssRgb(classColour(t, 0));
  const c1 = cssRgb(classColour(t, 1));
  for (let j = 0; j < N; j++)
    for (let i = 0; i < N; i++) {
      const p = f[j * N + i]!;
      const k = ((N - 1 - j) * N + i) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const col = c0[ch]! + (c1[ch]! - c0[ch]!) * p;
        img.data[k + ch] = Math.round(bg[ch]! + (col - bg[ch]!) * 0.35 * Math.abs(2 * p - 1) ** 0.7);
      }
      img.data[k + 3] = 255;
    }
  c2.putImageData(img, 0, 0);
  return cv;
}

/** Paints a field, reusing the image while the field (same array) and the theme are unchanged. */
function fieldPainter(field: () => number[]) {
  let cache: { f: number[]; t: Theme; cv: HTMLCanvasElement } | null = null;
  return (u: uPlot, t: Theme) => {
    const f = field();
    if (f.length !== N * N) return;
    if (cache?.f !== f || cache.t !== t) cache = { f, t, cv: fieldImage(f, t) };
    const { left, top, width, height } = u.bbox;
    u.ctx.imageSmoothingEnabled = true;
    u.ctx.drawImage(cache.cv, left, top, width, height);
  };
}

/** The new tree's root cut as a dashed line. */
function drawCut(ctx: CanvasRenderingContext2D, u: uPlot, t: Theme, s: { feature: number; threshold: number }): void {
  ctx.strokeStyle = t.text;
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.beginPath();
  if (s.feature === 0) {
    const x = u.valToPos(s.threshold, 'x', true);
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
  } else {
    const y = u.valToPos(s.threshold, 'y', true);
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
  }
  ctx.stroke();
}

/** The points (sized by |g| on the boosted surface) and, there, the root cut. */
function drawPoints(u: uPlot, t: Theme, P: Moons, view: Round, sizeByGradient: boolean): void {
  const ctx = u.ctx;
  ctx.save();
  P.X.forEach((row, i) => {
    const x = u.valToPos(row[0]!, 'x', true);
    const y = u.valToPos(row[1]!, 'y', true);
    const r = (sizeByGradient ? 1.5 + 7 * Math.abs(view.g[i]!) : 3.5) * devicePixelRatio;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = classColour(t, P.y[i]!);
    ctx.strokeStyle = t.bg;
    ctx.lineWidth = devicePixelRatio;
    ctx.fill();
    ctx.stroke();
  });
  if (sizeByGradient && view.root) drawCut(ctx, u, t, view.root);
  ctx.restore();
}

function surfacePlot(host: HTMLElement, G: Grid, paint: (u: uPlot, t: Theme) => void, points: (u: uPlot, t: Theme) => void): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: Math.min(260, width),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, auto: false, range: [G.x0, G.x1] }, y: { auto: false, range: [G.y0, G.y1] } },
      axes: [axis(t, { grid: { show: false }, label: axisName[0], labelSize: 16 }), axis(t, { size: 36, grid: { show: false }, label: axisName[1], labelSize: 16 })],
      series: [{}, { show: false }],
      hooks: { drawClear: [(u) => paint(u, t)], draw: [(u) => points(u, t)] },
    }),
    [[G.x0, G.x1], [G.y0, G.y1]],
  );
}

function boostLines(frame: Frame) {
  const lines = {
    G: numLine('all points: G = Σg · H = Σh', 'GH'),
    split: numLine('the new tree’s root split', 'split', true),
    left: numLine('left child (x < cut): G · H', 'left'),
    right: numLine('right child: G · H', 'right'),
    bracket: numLine('gain bracket (XGBoost’s “gain”)', 'bracket'),
    gain: numLine('½ · bracket − γ', 'gain', true),
    leaves: numLine('leaf weights −G/(H+λ)', 'leaves'),
    ent: numLine('entropy gain of the same cut', 'entropy'),
    entBest: numLine('an entropy tree’s first cut', 'entropyBest'),
    acc: numLine('training accuracy after this round', 'acc'),
    forest: numLine('forest: training accuracy of the vote', 'forestAcc'),
  };
  const table = h('table', { class: 'c6-table', 'data-table': 'points' });
  const tableBox = h('div', { class: 'c6-scroll' }, table);
  const unscroll = focusableWhenScrolling(tableBox, 'the five points with the largest gradients');
  frame.numbers.append(...Object.values(lines).map((l) => l.row), h('p', { class: 'c6-sub' }, 'the five points with the largest |g| before this round'), tableBox);
  return { lines, table, unscroll };
}
type Lines = ReturnType<typeof boostLines>['lines'];

function fillLines(lines: Lines, view: Round, fv: Vote): void {
  setLive(lines.G.value, `${fmtNum(view.G, 3)} · ${fmtNum(view.H, 3)}`);
  const sp = view.root;
  if (sp) {
    setLive(lines.split.value, `${axisName[sp.feature]} < ${fmtNum(sp.threshold, 3)}`);
    setLive(lines.left.value, `${fmtNum(sp.GL, 3)} · ${fmtNum(sp.HL, 3)}`);
    setLive(lines.right.value, `${fmtNum(sp.GR, 3)} · ${fmtNum(sp.HR, 3)}`);
    setLive(lines.bracket.value, fmtNum(sp.bracket, 4));
    setLive(lines.gain.value, fmtNum(sp.gain, 4));
    setLive(lines.ent.value, `${fmtNum(sp.entropyGain, 4)} bits`);
    Object.assign(lines.gain.value.dataset, { value: String(sp.gain), feature: String(sp.feature), threshold: String(sp.threshold) });
    lines.ent.value.dataset.value = String(sp.entropyGain);
  } else {
    for (const k of ['split', 'left', 'right', 'bracket', 'gain', 'ent'] as const) setLive(lines[k].value, k === 'split' ? 'none: pruned to one leaf (every gain < γ)' : '—');
    delete lines.gain.value.dataset.value;
  }
  setLive(lines.leaves.value, view.leaves.map((l) => fmtNum(l.weight, 3)).join(', '));
  lines.leaves.value.dataset.value = JSON.stringify(view.leaves.map((l) => l.weight));
  setLive(lines.acc.value, `${fmtNum(100 * view.accuracy, 1)} %`);
  lines.acc.value.dataset.value = String(view.accuracy);
  setLive(lines.forest.value, `${fmtNum(100 * fv.accuracy, 1)} %`);
  lines.forest.value.dataset.value = String(fv.accuracy);
}

/** The five points with the largest |g| before this round. */
function fillTable(table: HTMLElement, P: Moons, view: Round): void {
  const top = view.g.map((_g, i) => i).sort((a, b) => Math.abs(view.g[b]!) - Math.abs(view.g[a]!) || a - b).slice(0, 5);
  table.replaceChildren(
    h('tr', null, ...['point', 'x₀', 'x₁', 'y', 'p', 'g = p − y', 'h = p(1 − p)'].map((c) => h('th', { scope: 'col' }, c))),
    ...top.map((i) =>
      h('tr', { 'data-point': String(i) }, h('td', null, String(i)), h('td', null, fmtNum(P.X[i]![0]!, 2)), h('td', null, fmtNum(P.X[i]![1]!, 2)), h('td', null, String(P.y[i])), h('td', null, fmtNum(view.p[i]!, 3)), h('td', null, fmtNum(view.g[i]!, 3)), h('td', null, fmtNum(view.h[i]!, 3))),
    ),
  );
}

function formula(frame: Frame, view: Round, set: BoostSettings): void {
  const sp = view.root;
  const lam = texNum(set.lambda, 2);
  frame.setFormula(
    sp
      ? `\\begin{aligned}\\live{gain}{\\text{gain}} &= \\tfrac12\\Big[\\frac{G_L^2}{H_L+\\lambda} + \\frac{G_R^2}{H_R+\\lambda} - \\frac{(G_L+G_R)^2}{H_L+H_R+\\lambda}\\Big] - \\gamma \\\\ &= \\tfrac12\\Big[\\frac{${texNum(sp.GL, 3)}^2}{${texNum(sp.HL, 3)}+${lam}} + \\frac{${texNum(sp.GR, 3)}^2}{${texNum(sp.HR, 3)}+${lam}} - \\frac{${texNum(view.G, 3)}^2}{${texNum(view.H, 3)}+${lam}}\\Big] - ${texNum(set.gamma, 2)} = ${texNum(sp.gain, 4)} \\\\ \\live{w}{w^*} &= -\\frac{\\live{G}{G}}{\\live{H}{H}+\\lambda}\\ \\text{per leaf} = ${view.leaves.map((l) => texNum(l.weight, 3)).join(',\\ ')}\\end{aligned}`
      : `\\text{every split's bracket is below } \\gamma = ${texNum(set.gamma, 2)}: \\text{one leaf } \\live{w}{w^*} = -\\live{G}{G}/(\\live{H}{H}+\\lambda) = ${texNum(view.leaves[0]!.weight, 3)}`,
    {
      ...(sp ? { gain: { value: sp.gain, name: 'gain', what: `G_L = ${fmtNum(sp.GL, 3)}, H_L = ${fmtNum(sp.HL, 3)}, G_R = ${fmtNum(sp.GR, 3)}, H_R = ${fmtNum(sp.HR, 3)}`, digits: 4 } } : {}),
      w: { value: view.leaves.map((l) => l.weight), name: 'w*', what: 'each leaf’s weight', digits: 3 },
      G: { value: view.G, name: 'G', what: 'sum of the gradients at the root', digits: 3 },
      H: { value: view.H, name: 'H', what: 'sum of the hessians at the root', digits: 3 },
    },
  );
}

const boostCode = (s: S, set: BoostSettings) =>
  [
    `const { x, y } = data.moons({ n: 120, noise: 0.3, seed: 3 });`,
    `const gb = new trees.GradientBoosting({ objective: 'binary:logistic', nEstimators: ${MAX_ROUNDS}, maxDepth: ${set.depth}, learningRate: ${set.eta}, lambda: ${set.lambda}, gamma: ${set.gamma} }).fit(x, y);`,
    `const p = gb.predictProba(x, { rounds: ${s.r - 1} });   // before round ${s.r}: g = p − y, h = p(1 − p)`,
    `const tree = gb.trees()[${s.r - 1}];                    // the tree round ${s.r} added`,
    `console.log(tree.feature, tree.threshold, tree.gain, tree.left.G, tree.left.H);`,
    `const rf = new trees.RandomForest({ nEstimators: ${MAX_TREES}, seed: 0 }).fit(x, y);`,
    `rf.predictProba(x, { trees: ${s.k} })`,
  ].join('\n');

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'boost';
  const P = moons();
  const G = grid(P, N);
  const state = boostState(id);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Boosted trees, one round at a time, and a forest’s vote',
    branch: 'information',
    caption: 'Step through the rounds: each tree is fitted to the gradients left by the trees before it. Raise λ or γ and watch the leaves shrink or the splits disappear.',
    sources: [
      { file: 'trees/boosting.ts', name: 'GradientBoosting' },
      { file: 'trees/forest.ts', name: 'RandomForest' },
    ],
  });
  const settings = (): BoostSettings => ({ lambda: state.get().lambda, gamma: state.get().gamma, depth: state.get().depth, eta: state.get().eta });
  boostControls(frame, state.get(), (patch) => (state.set(patch), render()));

  // ---- pictures: the boosted surface and the forest's vote ----
  const boostHost = h('div', { class: 'c6-surface', role: 'img', 'aria-label': 'the 120 moon points coloured by class over the boosted model’s probability of class 1 after the chosen round; point size shows the size of each point’s gradient' });
  const forestHost = h('div', { class: 'c6-surface', role: 'img', 'aria-label': 'the same points over the share of the first k forest trees voting for class 1' });
  const boostCap = h('p', { class: 'c6-sub', 'data-caption': 'boost' });
  const forestCap = h('p', { class: 'c6-sub', 'data-caption': 'forest' });
  frame.picture.append(h('div', { class: 'c6-pair' }, h('div', null, boostCap, boostHost), h('div', null, forestCap, forestHost)));
  let view = round(P, settings(), state.get().r);
  let boostField: number[] = [];
  // the forest's vote depends on k only: computed once per k (its painted image is then reused too)
  let vote: { k: number; v: Vote } | null = null;
  const forest = (k: number): Vote => (vote?.k === k ? vote.v : (vote = { k, v: forestVote(P, k, G.X) }).v);
  const boostPlot = surfacePlot(boostHost, G, fieldPainter(() => boostField), (u, t) => drawPoints(u, t, P, view, state.get().show === 'gradient'));
  const forestPlot = surfacePlot(forestHost, G, fieldPainter(() => vote?.v.share ?? []), (u, t) => drawPoints(u, t, P, view, false));

  // ---- numbers ----
  const { lines, table, unscroll } = boostLines(frame);
  const eRoot = entropyRoot(P);
  setLive(lines.entBest.value, `${axisName[eRoot.feature]} ≤ ${fmtNum(eRoot.threshold, 3)} · ${fmtNum(eRoot.gain, 4)} bits`);

  function render(): void {
    const s = state.get();
    const set = settings();
    view = round(P, set, s.r);
    boostField = boostSurface(P, set, s.r, G.X);
    const fv = forest(s.k);
    boostCap.textContent = `boosted: P(class 1) after round ${s.r}`;
    forestCap.textContent = `forest: share of ${s.k} tree${s.k === 1 ? '' : 's'} voting class 1`;
    fillLines(lines, view, fv);
    fillTable(table, P, view);
    formula(frame, view, set);
    frame.setCode(boostCode(s, set));
    frame.schedule(() => {
      boostPlot.plot.redraw();
      forestPlot.plot.redraw();
    });
  }
  render();
  return {
    update: render,
    destroy() {
      unscroll();
      boostPlot.destroy();
      forestPlot.destroy();
      frame.destroy();
    },
  };
}
