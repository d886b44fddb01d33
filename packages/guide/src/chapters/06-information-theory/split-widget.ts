/**
 * Information gain on iris: two features chosen by the learner, a threshold on one of them, the
 * information gain of that split (info.informationGain) against every candidate threshold, the
 * DecisionTree's own root split on the same two features, and the grown tree at a chosen depth.
 */
import type uPlot from 'uplot';
import type { info } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { candidates, gainCurve, growTree, iris, split } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { numLine } from './ui.js';

const short = (name: string) => name.replace(' (cm)', '');
const classColour = (t: Theme, c: number) => [t.muted, t.information, t.text][c]!;

type Iris = ReturnType<typeof iris>;
type SplitView = ReturnType<typeof split>;
type Grown = ReturnType<typeof growTree>;
type Curve = ReturnType<typeof gainCurve>;

const cnt = (c: number[]) => `[${c.join(', ')}]`;

/** The grown tree as nested lists. */
function drawTree(d: Iris, node: info.TreeNode, names: string[], edge: string): HTMLElement {
  const label = node.leaf
    ? `${d.classNames[node.class]}  n=${node.n} ${cnt(node.counts)}`
    : `${short(names[node.feature]!)} ≤ ${fmtNum(node.threshold, 2)}  gain ${fmtNum(node.gain, 3)} bits  n=${node.n} ${cnt(node.counts)}`;
  const li = h('li', null, h('span', { class: `c6-node ${node.leaf ? 'is-leaf' : 'is-split'}`, 'data-node': '' }, edge ? h('span', { class: 'c6-edge' }, edge) : null, label));
  if (!node.leaf) li.append(h('ul', null, drawTree(d, node.left, names, 'yes'), drawTree(d, node.right, names, 'no')));
  return li;
}

/** The dashed threshold line on the scatter plot (vertical for the x feature, horizontal for y). */
function thresholdHook(t: Theme, th: () => number, onX: () => boolean) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = t.text;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    if (onX()) {
      const x = u.valToPos(th(), 'x', true);
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
    } else {
      const y = u.valToPos(th(), 'y', true);
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
    }
    ctx.stroke();
    ctx.restore();
  };
}

function scatterOptions(d: Iris, fx: number, fy: number, th: () => number, onX: () => boolean) {
  return (t: Theme, width: number): uPlot.Options => ({
    width,
    height: 250,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [axis(t, { label: short(d.featureNames[fx]!) + ' (cm)', labelSize: 18 }), axis(t, { size: 40, label: short(d.featureNames[fy]!) + ' (cm)', labelSize: 18 })],
    series: [
      {},
      ...[0, 1, 2].map((c) => ({
        label: d.classNames[c],
        stroke: classColour(t, c),
        paths: () => null,
        points: { show: true, size: 7, width: 1.5, stroke: classColour(t, c), fill: c === 2 ? 'transparent' : classColour(t, c) },
      })),
    ],
    hooks: { draw: [thresholdHook(t, th, onX)] },
  });
}

function gainOptions(d: Iris, f: number, curve: Curve) {
  return (t: Theme, width: number): uPlot.Options => ({
    width,
    height: 150,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false }, y: { range: [0, Math.max(1, ...curve.gain) * 1.05] } },
    axes: [axis(t, { label: `threshold on ${short(d.featureNames[f]!)}`, labelSize: 18 }), axis(t, { size: 40 })],
    series: [{}, { stroke: t.information, width: 2, points: { show: false } }, { stroke: t.information, paths: () => null, points: { show: true, size: 10, fill: t.information, stroke: t.bg } }],
  });
}

function numberLines(frame: Frame) {
  const lines = {
    parent: numLine('all 150: counts · entropy', 'parent'),
    left: numLine('left (≤ threshold)', 'left'),
    right: numLine('right (> threshold)', 'right'),
    gain: numLine('information gain', 'gain', true),
    best: numLine('best on this feature', 'best'),
    root: numLine('the tree’s root split', 'root'),
    acc: numLine('tree accuracy on the 150', 'acc'),
  };
  const treeHost = h('div', { class: 'c6-tree', 'aria-label': 'the decision tree grown on the two features' });
  frame.numbers.append(...Object.values(lines).map((l) => l.row), h('p', { class: 'c6-sub' }, 'the tree (DecisionTree.tree())'), treeHost);
  return { lines, treeHost };
}

/** Fills the number lines: this split, the best threshold on the feature, the tree's root and accuracy. */
function fillNumbers(n: ReturnType<typeof numberLines>, s: SplitView, curve: Curve, g: Grown, fx: number, fy: number): void {
  const { lines } = n;
  setLive(lines.parent.value, `${cnt(s.counts)} · ${fmtNum(s.hParent, 3)} bits`);
  setLive(lines.left.value, `${cnt(s.left)} · ${fmtNum(s.hLeft, 3)} bits`);
  setLive(lines.right.value, `${cnt(s.right)} · ${fmtNum(s.hRight, 3)} bits`);
  setLive(lines.gain.value, `${fmtNum(s.gain, 4)} bits`);
  lines.gain.value.dataset.value = String(s.gain);
  const bi = curve.gain.indexOf(Math.max(...curve.gain));
  setLive(lines.best.value, `≤ ${fmtNum(curve.t[bi]!, 2)} · ${fmtNum(curve.gain[bi]!, 4)} bits`);
  const root = g.tree;
  setLive(lines.root.value, root.leaf ? 'none' : `${short(g.names[root.feature]!)} ≤ ${fmtNum(root.threshold, 2)} · ${fmtNum(root.gain, 4)} bits`);
  if (!root.leaf) {
    lines.root.value.dataset.feature = String(root.feature === 0 ? fx : fy);
    lines.root.value.dataset.threshold = String(root.threshold);
    lines.root.value.dataset.gain = String(root.gain);
  }
  setLive(lines.acc.value, `${fmtNum(g.accuracy * 100, 1)} %`);
}

function formula(frame: Frame, s: SplitView): void {
  const n = 150;
  const nl = s.left.reduce((a, b) => a + b, 0);
  frame.setFormula(
    `\\begin{aligned}\\live{ig}{IG} &= \\live{hy}{H(Y)} - \\tfrac{\\live{nl}{n_L}}{n} \\live{hl}{H(Y_L)} - \\tfrac{n_R}{n} \\live{hr}{H(Y_R)} \\\\ &= ${texNum(s.hParent, 3)} - \\tfrac{${nl}}{${n}}\\cdot ${texNum(s.hLeft, 3)} - \\tfrac{${n - nl}}{${n}}\\cdot ${texNum(s.hRight, 3)} = ${texNum(s.gain, 4)}\\ \\text{bits}\\end{aligned}`,
    {
      ig: { value: s.gain, name: 'IG', what: 'information gain of this split (bits)', digits: 4 },
      hy: { value: s.hParent, name: 'H(Y)', what: `class counts ${s.counts.join(', ')} (bits)`, digits: 3 },
      nl: { value: s.left, name: 'n_L', what: 'class counts on the left (x ≤ t)', digits: 0 },
      hl: { value: s.hLeft, name: 'H(Y_L)', what: 'bits', digits: 3 },
      hr: { value: s.hRight, name: 'H(Y_R)', what: `bits; right counts ${s.right.join(', ')}`, digits: 3 },
    },
  );
}

const splitCode = (d: Iris, f: number, t: number, fx: number, fy: number, depth: number) =>
  [
    `const { x, y, featureNames } = data.iris();   // x [150, 4], y [150]`,
    `const f = x.toArray().map((r) => r[${f}]);      // ${d.featureNames[f]}`,
    `const gain = info.informationGain(y, f.map((v) => v <= ${+t.toFixed(7)}));`,
    `console.log('gain (bits)', gain);`,
    `const X2 = x.toArray().map((r) => [r[${fx}], r[${fy}]]);`,
    `const tree = new info.DecisionTree({ maxDepth: ${depth} }).fit(X2, y);`,
    `tree.toString([featureNames[${fx}], featureNames[${fy}]])`,
  ].join('\n');

function splitState(id: string, d: Iris) {
  const F = { min: 0, max: d.featureNames.length - 1, int: true };
  return urlState(id, { fx: 2, fy: 3, on: 'x' as string, t: 2.45, depth: 2 }, { fx: F, fy: F, on: { oneOf: ['x', 'y'] }, t: { min: -1000, max: 1000 }, depth: { min: 1, max: 4, int: true } });
}

/** The picture's hosts: the scatter plot, its legend, and the gain curve. */
function pictureHosts(frame: Frame) {
  const scatterHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'scatter plot of the 150 iris flowers in the two chosen measurements, coloured by species, with the threshold drawn as a line' });
  const gainHost = h('div', { class: 'c6-chart', role: 'img', 'aria-label': 'information gain of every candidate threshold of the split feature, the current one marked' });
  const legend = h('p', { class: 'w-note' });
  frame.picture.append(scatterHost, legend, h('p', { class: 'c6-sub' }, 'gain (bits) at every candidate threshold'), gainHost);
  return { scatterHost, gainHost, legend };
}

/** The 150 points sorted by the x feature, one y series per species. */
function scatterPoints(d: Iris, fx: number, fy: number): uPlot.AlignedData {
  const order = d.X.map((_, i) => i).sort((a, b) => d.X[a]![fx]! - d.X[b]![fx]!);
  return [order.map((i) => d.X[i]![fx]!), ...[0, 1, 2].map((c) => order.map((i) => (d.y[i] === c ? d.X[i]![fy]! : null)))];
}

interface PlotInputs {
  fx(): number;
  fy(): number;
  feat(): number;
  thr(): number;
  onX(): boolean;
  /** index of the current candidate threshold */
  at(): number;
}

/** The scatter plot and the gain curve: rebuilt when the features change, refreshed on every move. */
function splitPlots(d: Iris, hosts: ReturnType<typeof pictureHosts>, inp: PlotInputs) {
  let points: { key: string; data: uPlot.AlignedData } | null = null; // depends on the features only
  const scatterData = (): uPlot.AlignedData => {
    const key = `${inp.fx()},${inp.fy()}`;
    if (points?.key !== key) points = { key, data: scatterPoints(d, inp.fx(), inp.fy()) };
    return points.data;
  };
  let curve = gainCurve(d, inp.feat());
  const gainData = (): uPlot.AlignedData => [curve.t, curve.gain, curve.t.map((_t, i) => (i === inp.at() ? curve.gain[i]! : null))];
  let scatter: ReturnType<typeof themedPlot> | null = null;
  let gainPlot: ReturnType<typeof themedPlot> | null = null;
  const rebuild = (): void => {
    scatter?.destroy();
    gainPlot?.destroy();
    curve = gainCurve(d, inp.feat());
    scatter = themedPlot(hosts.scatterHost, scatterOptions(d, inp.fx(), inp.fy(), inp.thr, inp.onX), scatterData());
    gainPlot = themedPlot(hosts.gainHost, gainOptions(d, inp.feat(), curve), gainData());
    hosts.legend.textContent = '';
    const css = ['var(--muted)', 'var(--information)', 'var(--text)'];
    d.classNames.forEach((n, c) => hosts.legend.append(h('span', { class: 'c6-swatch', style: `background:${c === 2 ? 'transparent' : css[c]};border:1.5px solid ${css[c]}` }), `${n}  `));
  };
  rebuild();
  return {
    rebuild,
    curve: () => curve,
    refresh: () => {
      scatter?.setData(scatterData());
      gainPlot?.setData(gainData());
    },
    destroy: () => {
      scatter?.destroy();
      gainPlot?.destroy();
    },
  };
}

/** The tree depends on the two features and the depth, not on the threshold: grown (and drawn) once per change of those. */
function treeCache(d: Iris, host: HTMLElement) {
  let grown: { key: string; g: Grown } | null = null;
  return (fx: number, fy: number, depth: number): Grown => {
    const key = `${fx},${fy},${depth}`;
    if (grown?.key !== key) {
      grown = { key, g: growTree(d, fx, fy, depth) };
      host.textContent = '';
      host.append(h('ul', null, drawTree(d, grown.g.tree, grown.g.names, '')));
    }
    return grown.g;
  };
}

type SplitS = ReturnType<ReturnType<typeof splitState>['get']>;

/** The controls: the two features, which one is split, the threshold (a candidate's index), the tree's depth. */
function splitControls(
  frame: Frame,
  d: Iris,
  s: SplitS,
  cands: () => number[],
  nearest: (t: number) => number,
  on: { features(patch: Partial<{ fx: number; fy: number; on: string }>): void; threshold(i: number): void; depth(v: number): void },
) {
  const featOpts = d.featureNames.map((n, i) => [String(i), short(n)] as [string, string]);
  const fxS = select('feature on the x axis', 'fx', featOpts, String(s.fx), (v) => on.features({ fx: Number(v) }));
  const fyS = select('feature on the y axis', 'fy', featOpts, String(s.fy), (v) => on.features({ fy: Number(v) }));
  const onS = select('split on', 'on', [['x', 'the x-axis feature'], ['y', 'the y-axis feature']], s.on as 'x' | 'y', (v) => on.features({ on: v }));
  const tS = slider('threshold', 't', { min: 0, max: cands().length - 1, step: 1, value: nearest(s.t), fmt: (i) => `≤ ${fmtNum(cands()[i] ?? 0, 2)}` }, on.threshold);
  const treeBtn = h('button', { type: 'button', 'data-action': 'tree-split' }, 'Use the tree’s root split');
  const depthS = slider('tree depth', 'depth', { min: 1, max: 4, step: 1, value: s.depth, digits: 0 }, on.depth);
  frame.controls.append(fxS.row, fyS.row, onS.row, tS.row, h('div', { class: 'w-buttons' }, treeBtn), depthS.row);
  return { tS, onS, treeBtn };
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'split';
  const d = iris();
  const state = splitState(id, d);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Information gain of a split on iris',
    branch: 'information',
    caption: 'Pick two measurements and slide the threshold: the gain is how many bits of uncertainty about the species the split removes.',
    sources: [
      { file: 'info/tree.ts', name: 'informationGain' },
      { file: 'info/tree.ts', name: 'bestSplit' },
    ],
  });
  const feat = (): number => (state.get().on === 'x' ? state.get().fx : state.get().fy);
  let cands = candidates(d.X.map((r) => r[feat()]!));
  const nearest = (t: number) => cands.reduce((b, c, i) => (Math.abs(c - t) < Math.abs(cands[b]! - t) ? i : b), 0);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  /** The candidate threshold in use (the URL keeps it rounded to 4 decimals). */
  const thr = () => cands[nearest(state.get().t)]!;

  const { tS, onS, treeBtn } = splitControls(frame, d, state.get(), () => cands, nearest, {
    features: (patch) => changeFeatures(patch),
    threshold: (i) => {
      state.set({ t: r4(cands[i]!) });
      render();
    },
    depth: (v) => {
      state.set({ depth: v });
      render();
    },
  });

  function resetSlider(): void {
    cands = candidates(d.X.map((r) => r[feat()]!));
    tS.input.max = String(cands.length - 1);
    const i = nearest(state.get().t);
    state.set({ t: r4(cands[i]!) });
    tS.set(i);
  }
  function changeFeatures(patch: Partial<{ fx: number; fy: number; on: string }>): void {
    state.set(patch);
    resetSlider();
    rebuildPlots();
    render();
  }
  treeBtn.addEventListener('click', () => {
    const g = growTree(d, state.get().fx, state.get().fy, 1).tree;
    if (g.leaf) return;
    state.set({ on: g.feature === 0 ? 'x' : 'y' });
    onS.input.value = state.get().on as string;
    resetSlider();
    const i = nearest(g.threshold);
    state.set({ t: r4(cands[i]!) });
    tS.set(i);
    rebuildPlots();
    render();
  });

  // ---- picture: scatter with the threshold line, and the gain curve; numbers ----
  const plots = splitPlots(d, pictureHosts(frame), { fx: () => state.get().fx, fy: () => state.get().fy, feat, thr, onX: () => state.get().on === 'x', at: () => nearest(state.get().t) });
  const rebuildPlots = plots.rebuild;
  const nums = numberLines(frame);
  const tree = treeCache(d, nums.treeHost);

  function render(): void {
    const { fx, fy, depth } = state.get();
    const f = feat();
    const t = thr();
    const s = split(d, f, t);
    fillNumbers(nums, s, plots.curve(), tree(fx, fy, depth), fx, fy);
    formula(frame, s);
    frame.setCode(splitCode(d, f, t, fx, fy, depth));
    frame.schedule(plots.refresh);
  }
  render();
  return {
    update: render,
    destroy() {
      plots.destroy();
      frame.destroy();
    },
  };
}
