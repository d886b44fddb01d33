/**
 * The computation graph at tensor level: a batch through 3 → H → 2 with softmax cross-entropy.
 * Every node (its op, shape, first values and the norm of its gradient) is read from the library's
 * graph(L) after L.backward() (graph-model.ts); the reader changes the seed, the batch size, the
 * hidden width and the activation.
 */
import { numLine, select, slider } from '../../lib/controls.js';
import { focusableWhenScrolling, h, setLive, svg } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { MLP_ACTS, mlpCode, mlpGraph, type MlpAct, type MlpGraph, type MlpNode, type MlpOptions } from './graph-model.js';

const NW = 214;
const NH = 52;
const GAP = 44;
const RH = 64;

const RULES = {
  seed: { min: 0, max: 9, int: true },
  batch: { min: 1, max: 16, int: true },
  hidden: { min: 2, max: 8, int: true },
  act: { oneOf: MLP_ACTS },
} as const;

const heads = (v: number[], size: number) => v.map((x) => fmtNum(x, 2)).join(', ') + (size > v.length ? ', …' : '');

/** Rows top to bottom: the data X first, then the ops in forward order (column 1); a parameter sits beside the op that reads it (column 0). */
export function layoutMlp(nodes: MlpNode[]): Map<number, { c: number; r: number }> {
  const pos = new Map<number, { c: number; r: number }>();
  let r = 0;
  for (const n of nodes) if (n.op === 'leaf' && !n.param) pos.set(n.id, { c: 1, r: r++ });
  for (const n of nodes) if (n.op !== 'leaf') pos.set(n.id, { c: 1, r: r++ });
  for (const n of nodes) {
    if (n.op !== 'leaf' || !n.param) continue;
    const consumer = nodes.find((m) => m.inputs.includes(n.id));
    pos.set(n.id, { c: 0, r: consumer ? pos.get(consumer.id)!.r : 0 });
  }
  return pos;
}

/** A bar for ‖grad‖ on a log scale, 1e−4 (empty) … 10 (full). */
const BAR = 96;
const barWidth = (g: number | null) => (g === null || g <= 0 ? 0 : Math.max(2, Math.min(1, Math.max(0, (Math.log10(g) + 4) / 5)) * BAR));

function nodeBox(n: MlpNode, at: { x: number; y: number }): SVGElement {
  const g = svg('g', { class: `c3-node${n.param ? ' is-param' : ''}`, 'data-node': n.label, transform: `translate(${at.x},${at.y})` });
  const title = n.op === 'leaf' ? `${n.label} · ${n.param ? 'parameter' : 'data'}` : `${n.op === 'softmaxCrossEntropy' ? 'cross-entropy' : n.op} · ${n.label.split(' = ')[0]}`;
  g.append(svg('rect', { width: NW, height: NH, rx: 6 }));
  g.append(svg('text', { x: 8, y: 15, class: 'c3-op' }, title));
  g.append(svg('text', { x: NW - 8, y: 15, class: 'c3-role', 'text-anchor': 'end' }, fmtShape(n.shape)));
  g.append(svg('text', { x: 8, y: 31 }, heads(n.head, n.size)));
  g.append(svg('text', { x: 8, y: 46, class: 'c3-grad' }, n.gradNorm === null ? '‖∇‖ —' : `‖∇‖ ${fmtNum(n.gradNorm, 3)}`));
  g.append(svg('rect', { x: NW - 8 - BAR, y: 39, width: barWidth(n.gradNorm), height: 7, rx: 2, class: 'c3-bar' }));
  return g;
}

function edge(a: { x: number; y: number }, b: { x: number; y: number }, marker: string): SVGElement {
  if (a.x === b.x) return svg('path', { d: `M${a.x + NW / 2},${a.y + NH} L${b.x + NW / 2},${b.y - 1}`, 'marker-end': marker });
  return svg('path', { d: `M${a.x + NW},${a.y + NH / 2} L${b.x - 1},${b.y + NH / 2}`, 'marker-end': marker });
}

function drawGraph(box: HTMLElement, id: string, r: MlpGraph): void {
  const pos = layoutMlp(r.nodes);
  const rows = Math.max(...[...pos.values()].map((p) => p.r)) + 1;
  const xy = (nid: number) => ({ x: 4 + pos.get(nid)!.c * (NW + GAP), y: 4 + pos.get(nid)!.r * RH });
  const root = svg('svg', { viewBox: `0 0 ${2 * NW + GAP + 8} ${rows * RH - RH + NH + 8}`, class: 'c3-mlp' });
  root.append(svg('defs', {}, svg('marker', { id: `${id}-arrow`, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto' }, svg('path', { d: 'M0,0 L8,4 L0,8 z' }))));
  for (const n of r.nodes) for (const i of n.inputs) root.append(edge(xy(i), xy(n.id), `url(#${id}-arrow)`));
  for (const n of r.nodes) root.append(nodeBox(n, xy(n.id)));
  box.replaceChildren(root);
}

function nodeTable(): { table: HTMLElement; fill(r: MlpGraph): void } {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'c3-mlp-table', 'aria-label': 'every node of the graph, in the order the forward pass computed them' },
    h('thead', null, h('tr', null, ...['node', 'op', 'shape', 'first values', '‖∂L/∂node‖'].map((c) => h('th', { scope: 'col' }, c)))),
    body,
  );
  const fill = (r: MlpGraph) =>
    body.replaceChildren(
      ...r.nodes.map((n) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, n.label),
          h('td', null, n.op),
          h('td', { 'data-node-shape': n.label }, fmtShape(n.shape)),
          h('td', null, heads(n.head.slice(0, 2), n.size)),
          h('td', { 'data-node-grad': n.label }, n.gradNorm === null ? '—' : fmtNum(n.gradNorm, 4)),
        ),
      ),
    );
  return { table, fill };
}

/** Hover values for the formula's symbols: each node's tensor, named by its role. */
function mlpSymbols(r: MlpGraph, act: string): LiveSymbols {
  const node = (label: string) => r.nodes.find((n) => n.label === label)!;
  const sym = (label: string, what: string) => ({ value: node(label).value, name: label.split(' = ')[0], what });
  const grad = (label: string, what: string) => ({ value: node(label).grad ?? 0, name: `∂L/∂${label.split(' = ')[0]}`, what });
  return {
    X: sym('X', 'the batch, one example per row'),
    W1: sym('W₁', 'first layer weights [in, out]'),
    b1: sym('b₁', 'first layer bias, added to every row'),
    z1: sym('z₁ = XW₁ + b₁', 'pre-activations of the hidden layer'),
    h: sym(`h = ${act}(z₁)`, 'the hidden layer'),
    W2: sym('W₂', 'second layer weights'),
    b2: sym('b₂', 'second layer bias'),
    z2: sym('z₂ = hW₂ + b₂', 'the logits, one row per example'),
    gz2: grad('z₂ = hW₂ + b₂', '(softmax − onehot) / B'),
    gW2: grad('W₂', 'the gradient of W₂: same shape as W₂'),
    gz1: grad('z₁ = XW₁ + b₁', 'the gradient reaching the hidden pre-activations'),
    gW1: grad('W₁', 'the gradient of W₁: same shape as W₁'),
  };
}

function mlpFormula(o: MlpOptions, r: MlpGraph): string {
  const g = (label: string) => texNum(r.nodes.find((n) => n.label === label)?.gradNorm ?? 0, 3);
  const B = o.batch;
  const H = o.hidden;
  const act = o.act === 'relu' ? '\\operatorname{ReLU}' : o.act === 'tanh' ? '\\tanh' : '\\sigma';
  return (
    `\\begin{aligned}` +
    `\\underbrace{\\live{z1}{z_1}}_{[${B},${H}]} &= \\underbrace{\\live{X}{X}}_{[${B},3]}\\,\\underbrace{\\live{W1}{W_1}}_{[3,${H}]} + \\live{b1}{b_1},\\quad \\live{h}{h} = ${act}(z_1),\\quad \\underbrace{\\live{z2}{z_2}}_{[${B},2]} = h \\live{W2}{W_2} + \\live{b2}{b_2},\\quad L = -\\tfrac{1}{${B}}\\textstyle\\sum_n \\log \\operatorname{softmax}(z_2)_{n, y_n} = ${texNum(r.loss, 4)} \\\\` +
    `\\live{gz2}{\\frac{\\partial L}{\\partial z_2}} &= \\tfrac{1}{${B}}\\big(\\operatorname{softmax}(z_2) - \\operatorname{onehot}(y)\\big),\\ \\lVert\\cdot\\rVert = ${g('z₂ = hW₂ + b₂')},\\qquad \\live{gW2}{\\frac{\\partial L}{\\partial W_2}} = h^\\top \\frac{\\partial L}{\\partial z_2},\\ \\lVert\\cdot\\rVert = ${g('W₂')} \\\\` +
    `\\live{gz1}{\\frac{\\partial L}{\\partial z_1}} &= \\Big(\\frac{\\partial L}{\\partial z_2} W_2^\\top\\Big) \\odot ${act}'(z_1),\\ \\lVert\\cdot\\rVert = ${g('z₁ = XW₁ + b₁')},\\qquad \\live{gW1}{\\frac{\\partial L}{\\partial W_1}} = X^\\top \\frac{\\partial L}{\\partial z_1},\\ \\lVert\\cdot\\rVert = ${g('W₁')}` +
    `\\end{aligned}`
  );
}

function mlpControls(frame: Frame, state: ReturnType<typeof urlState<MlpOptions>>, render: () => void): void {
  const s = state.get();
  const on = (k: keyof MlpOptions) => (v: number | string) => {
    state.set({ [k]: v } as Partial<MlpOptions>);
    render();
  };
  frame.controls.append(
    select('activation', 'act', MLP_ACTS.map((a) => [a, a === 'relu' ? 'ReLU' : a] as const), s.act, on('act')).row,
    slider('batch size B', 'batch', { min: 1, max: 16, step: 1, value: s.batch }, on('batch')).row,
    slider('hidden width H', 'hidden', { min: 2, max: 8, step: 1, value: s.hidden }, on('hidden')).row,
    slider('seed (data and initial weights)', 'seed', { min: 0, max: 9, step: 1, value: s.seed }, on('seed')).row,
    h('p', { class: 'w-note' }, 'X ~ N(0, 1) with label y = 1 when x₀ + x₁ > 0; W ~ N(0, 1/fan-in); float64. Outlined boxes are the parameters L is differentiated with respect to; the bar under each node is ‖∂L/∂node‖ on a log scale (1e−4 to 10).'),
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'mlpgraph';
  const state = urlState<MlpOptions>(id, { seed: 0, batch: 4, hidden: 4, act: 'relu' as MlpAct }, RULES);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'A batch through a small MLP: the graph autograd recorded',
    branch: 'calculus',
    caption: 'Change the batch or the hidden width and watch every shape follow; change the activation and watch the gradient norms.',
    sources: [
      { file: 'graph.ts', name: 'graph' },
      { file: 'loss/crossEntropy.ts', name: 'crossEntropy' },
      { file: 'ops/matmul.ts', name: 'matmul' },
    ],
  });
  mlpControls(frame, state, () => render());
  const lossL = numLine('L =', 'loss');
  const labelsL = numLine('labels y =', 'labels');
  const box = h('div', { class: 'c3-graph', role: 'img', 'aria-label': 'computation graph of the MLP: X and W₁ into matmul, + b₁, activation, matmul with W₂, + b₂, cross-entropy' });
  const stopScroll = focusableWhenScrolling(box, 'the MLP’s computation graph');
  const { table, fill } = nodeTable();
  frame.picture.append(box);
  frame.numbers.append(lossL.row, labelsL.row, table);

  function render(): void {
    const s = state.get();
    const r = mlpGraph(s);
    setLive(lossL.value, fmtNum(r.loss, 4));
    setLive(labelsL.value, `[${r.labels.join(', ')}]`);
    fill(r);
    frame.setFormula(mlpFormula(s, r), mlpSymbols(r, s.act));
    frame.setCode(mlpCode(s));
    frame.schedule(() => drawGraph(box, id, r));
  }
  render();
  return {
    update: render,
    destroy() {
      stopScroll();
      frame.destroy();
    },
  };
}
