/**
 * Backpropagation through one neuron, loss = (σ(w·x + b) − y)². The computation graph, its values
 * and its gradients all come from the library's graph(loss) after loss.backward(); the learner
 * edits w, x, b, y and steps the forward pass (values appear node by node) and then the backward
 * pass (gradients appear from the loss back to the weights), or takes a gradient-descent step.
 */
import { focusableWhenScrolling, h, setLive, svg } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { numberInput, type NumberInput } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { neuron, neuronCode, type NeuronInputs, type NeuronNode } from './model.js';

const NW = 112;
const NH = 60;
const CW = 128;
const RH = 76;
const LR = 0.5;
const paren = (v: number) => (v < 0 ? `(${texNum(v, 2)})` : texNum(v, 2));

/** The neuron's typed inputs: wide enough to saturate the sigmoid, narrow enough to print. */
const IN_RANGE = { min: -100, max: 100 };

type BpState = { w: number; x: number; b: number; y: number; k: number };
type BpUrl = ReturnType<typeof urlState<BpState>>;

/** Where each node sits: ops in a row by depth, w and b above, the data x and y below. */
export function layoutNeuron(nodes: NeuronNode[]): Map<number, { c: number; r: number }> {
  const pos = new Map<number, { c: number; r: number }>();
  const used = new Set<string>();
  for (const n of nodes) if (n.op !== 'leaf') pos.set(n.id, { c: n.depth, r: 1 });
  for (const n of nodes) {
    if (n.op !== 'leaf') continue;
    const consumers = nodes.filter((m) => m.inputs.includes(n.id)).map((m) => m.depth);
    const c = Math.max(0, Math.min(...consumers) - 1);
    const r = used.has(`${c},0`) || n.label === 'x' || n.label === 'y' ? 2 : 0;
    used.add(`${c},${r}`);
    pos.set(n.id, { c, r });
  }
  return pos;
}

function neuronSvg(id: string, nodes: NeuronNode[], shownValues: Set<number>, shownGrads: Set<number>, active: number | null): SVGElement {
  const pos = layoutNeuron(nodes);
  const cols = Math.max(...[...pos.values()].map((p) => p.c)) + 1;
  const xy = (nid: number) => ({ x: 8 + pos.get(nid)!.c * CW, y: 6 + pos.get(nid)!.r * RH });
  const root = svg('svg', { viewBox: `0 0 ${cols * CW + 10} ${3 * RH + 6}`, role: 'img', 'aria-label': 'computation graph of the neuron: leaves w, x, b, y; ops mul, add, sigmoid, sub, square' });
  root.append(svg('defs', {}, svg('marker', { id: `${id}-arrow`, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto' }, svg('path', { d: 'M0,0 L8,4 L0,8 z' }))));
  for (const n of nodes)
    for (const i of n.inputs) {
      const a = xy(i);
      const b = xy(n.id);
      const [x0, y0, x1, y1] = [a.x + NW, a.y + NH / 2, b.x, b.y + NH / 2];
      const mx = (x0 + x1) / 2;
      root.append(svg('path', { d: `M${x0},${y0} C${mx},${y0} ${mx},${y1} ${x1 - 1},${y1}`, 'marker-end': `url(#${id}-arrow)` }));
    }
  for (const n of nodes) {
    const { x, y } = xy(n.id);
    const param = n.op === 'leaf' && n.grad !== null;
    const g = svg('g', { class: `c3-node${param ? ' is-param' : ''}${active === n.id ? ' is-active' : ''}`, 'data-node': n.label, transform: `translate(${x},${y})` });
    g.append(svg('rect', { width: NW, height: NH, rx: 6 }));
    g.append(svg('text', { x: 8, y: 16, class: 'c3-op' }, n.op === 'leaf' ? `${n.label} (leaf)` : `${n.op}: ${n.label.split(' = ')[0]}`));
    g.append(svg('text', { x: 8, y: 34 }, `value ${shownValues.has(n.id) ? fmtNum(n.value, 4) : '?'}`));
    g.append(svg('text', { x: 8, y: 51, class: 'c3-grad' }, `grad ${shownGrads.has(n.id) ? (n.grad === null ? '—' : fmtNum(n.grad, 4)) : '?'}`));
    root.append(g);
  }
  return root;
}

function nodeRows(nodes: NeuronNode[], shownValues: Set<number>, shownGrads: Set<number>, active: number | null): HTMLElement[] {
  return nodes.map((n) =>
    h(
      'tr',
      { class: n.id === active ? 'is-active' : '' },
      h('th', { scope: 'row' }, n.label),
      h('td', null, n.op),
      h('td', null, fmtShape(n.shape)),
      h('td', { 'data-node-value': n.label }, shownValues.has(n.id) ? fmtNum(n.value, 4) : '?'),
      h('td', { 'data-node-grad': n.label }, shownGrads.has(n.id) ? (n.grad === null ? '—' : fmtNum(n.grad, 4)) : '?'),
    ),
  );
}

const stageText = (k: number, N: number, loss: number) =>
  k === 0 ? 'Nothing computed yet: step forward.' : k < N ? `Forward pass: ${k} of ${N} nodes computed.` : k === N ? `Forward pass done: loss = ${fmtNum(loss, 4)}. Now step backward.` : k < 2 * N ? `Backward pass: ${k - N} of ${N} nodes have their gradient.` : `Backward pass done: every gradient is known.`;

function neuronFormula(v: BpState, result: { nodes: NeuronNode[]; loss: number }): [string, LiveSymbols] {
  const get = (name: string) => result.nodes.find((n) => n.label === name)!;
  const z = get('z = w·x + b').value;
  const a = get('a = σ(z)').value;
  return [
    `\\begin{aligned}\\live{z}{z} &= \\live{w}{w} \\live{x}{x} + \\live{b}{b} = ${paren(v.w)}\\cdot${paren(v.x)} + ${paren(v.b)} = ${texNum(z, 4)},\\quad \\live{a}{a} = \\sigma(z) = ${texNum(a, 4)},\\quad \\live{L}{L} = (a - \\live{y}{y})^2 = ${texNum(result.loss, 4)} \\\\` +
        ` \\frac{\\partial L}{\\partial e} &= 2e = ${texNum(get('e = a − y').grad ?? 0, 4)},\\quad \\frac{\\partial L}{\\partial z} = \\frac{\\partial L}{\\partial a}\\,\\sigma(z)(1 - \\sigma(z)) = ${texNum(get('z = w·x + b').grad ?? 0, 4)} \\\\` +
        ` \\frac{\\partial L}{\\partial w} &= \\frac{\\partial L}{\\partial z}\\, x = ${texNum(get('w').grad ?? 0, 4)},\\qquad \\frac{\\partial L}{\\partial b} = \\frac{\\partial L}{\\partial z} = ${texNum(get('b').grad ?? 0, 4)}\\end{aligned}`,
    {
      w: { value: v.w, what: `the weight; ∂L/∂w = ${fmtNum(get('w').grad ?? 0, 4)}` },
      x: { value: v.x, what: 'the input (data: no gradient kept)' },
      b: { value: v.b, what: `the bias; ∂L/∂b = ${fmtNum(get('b').grad ?? 0, 4)}` },
      y: { value: v.y, what: 'the target' },
      z: { value: z, what: `the pre-activation; ∂L/∂z = ${fmtNum(get('z = w·x + b').grad ?? 0, 4)}`, digits: 4 },
      a: { value: a, what: 'the neuron’s output σ(z)', digits: 4 },
      L: { value: result.loss, what: 'the squared error', digits: 4 },
    },
  ];
}

/** The four typed numbers; returns them so an update step can write w and b back. */
function neuronInputs(frame: Frame, state: BpUrl, render: () => void): Map<keyof NeuronInputs, NumberInput> {
  const inputs = new Map<keyof NeuronInputs, NumberInput>();
  const grid = h('div', { class: 'c3-inputs' });
  const labels: Record<keyof NeuronInputs, string> = { w: 'w (weight)', x: 'x (input)', b: 'b (bias)', y: 'y (target)' };
  for (const k of ['w', 'x', 'b', 'y'] as const) {
    const inp = numberInput(labels[k], k, { value: state.get()[k], ...IN_RANGE, step: 0.1 }, (v) => {
      state.set({ [k]: v });
      render();
    });
    inputs.set(k, inp);
    grid.append(inp.row);
  }
  frame.controls.append(h('fieldset', null, h('legend', null, 'the numbers'), grid));
  return inputs;
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'backprop';
  const state = urlState<BpState>(id, { w: 0.8, x: 1.5, b: -0.3, y: 1, k: -1 }, { w: IN_RANGE, x: IN_RANGE, b: IN_RANGE, y: IN_RANGE, k: { min: -1, max: 100, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Backpropagation through one neuron',
    branch: 'calculus',
    caption: 'Step forward to compute each value, then backward to pass the gradient from the loss to w and b.',
    sources: [
      { file: 'graph.ts', name: 'graph' },
      { file: 'autograd.ts', name: 'backward' },
      { file: 'ops/activation.ts', name: 'sigmoid' },
    ],
  });
  const inputs = neuronInputs(frame, state, () => render());
  const btn = (act: string, text: string, onClick: () => void) => {
    const b = h('button', { type: 'button', 'data-act': act }, text);
    b.addEventListener('click', onClick);
    return b;
  };
  let result = neuron(state.get());
  const total = () => 2 * result.nodes.length;
  const kNow = () => (state.get().k < 0 || state.get().k > total() ? total() : state.get().k);
  const setK = (k: number) => {
    state.set({ k: k >= total() ? -1 : Math.max(0, k) });
    render();
  };
  const step = () => {
    const s = state.get();
    const g = (name: string) => result.nodes.find((n) => n.label === name)!.grad ?? 0;
    const w = Math.round((s.w - LR * g('w')) * 1e4) / 1e4;
    const b = Math.round((s.b - LR * g('b')) * 1e4) / 1e4;
    state.set({ w, b, k: -1 });
    inputs.get('w')!.set(w);
    inputs.get('b')!.set(b);
    render();
  };
  const bFwd = btn('forward', 'Forward ▸', () => setK(Math.min(kNow() + 1, total())));
  const bBwd = btn('backward', '◂ Backward', () => setK(Math.min(Math.max(kNow(), result.nodes.length) + 1, total())));
  frame.controls.append(
    h('div', { class: 'w-buttons' }, bFwd, bBwd, btn('all', 'Run both', () => setK(total())), btn('reset', 'Clear', () => setK(0))),
    h('div', { class: 'w-buttons' }, btn('sgd', `Update: w, b −= ${LR} × grad`, step)),
    h('p', { class: 'w-note' }, 'x and y are data (no gradient is kept for them); w and b are the parameters being learned.'),
  );
  const stage = h('p', { class: 'w-note', 'data-stage': '' });
  const graphBox = h('div', { class: 'c3-graph' });
  frame.picture.append(stage, graphBox);
  const stopScroll = focusableWhenScrolling(graphBox, 'the computation graph');
  const body = h('tbody');
  frame.numbers.append(h('table', { 'aria-label': 'the graph’s nodes in the order the forward pass computed them' }, h('thead', null, h('tr', null, ...['node', 'op', 'shape', 'value', '∂L/∂node'].map((c) => h('th', { scope: 'col' }, c)))), body));

  function render(): void {
    const v = state.get();
    result = neuron(v);
    const nodes = result.nodes;
    const k = kNow();
    const N = nodes.length;
    const shownValues = new Set(nodes.slice(0, Math.min(k, N)).map((n) => n.id));
    const backOrder = [...nodes].reverse();
    const shownGrads = new Set(backOrder.slice(0, Math.max(0, k - N)).map((n) => n.id));
    const active = k === 0 ? null : k <= N ? nodes[k - 1]!.id : backOrder[k - N - 1]!.id;
    setLive(stage, stageText(k, N, result.loss));
    bFwd.disabled = k >= N;
    bBwd.disabled = k < N || k >= 2 * N;
    graphBox.replaceChildren(neuronSvg(id, nodes, shownValues, shownGrads, active));
    body.replaceChildren(...nodeRows(nodes, shownValues, shownGrads, active));
    frame.setFormula(...neuronFormula(v, result));
    frame.setCode(neuronCode(v));
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
