/**
 * Vanishing gradients, measured: a stack of `depth` layers (width 16, one batch of 8) built from
 * nn.Linear with sigmoid, ReLU + He init, or sigmoid inside residual blocks; one backward pass;
 * the norm of each layer's weight gradient on a log scale, first layer on the left.
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { BATCH, layerGradNorms, vanishingCode, WIDTH, type DeepKind } from './model.js';
import { numLine, select, slider } from '../../lib/controls.js';

/** A number for TeX: plain when moderate, else a × 10^k. */
const sci = (x: number) => {
  if (x === 0) return '0';
  const k = Math.floor(Math.log10(Math.abs(x)));
  return k >= -2 && k <= 3 ? texNum(x, 4) : `${texNum(x / 10 ** k, 3)} \\times 10^{${k}}`;
};

const KINDS: [DeepKind, string][] = [
  ['sigmoid', 'sigmoid (default init)'],
  ['relu', 'ReLU + He init'],
  ['residual', 'sigmoid + residual (x + f(x))'],
];

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'vanish';
  const state = urlState(id, { kind: 'sigmoid', depth: 30, seed: 0 }, { kind: { oneOf: KINDS.map(([k]) => k) }, depth: { min: 1, max: 100, int: true }, seed: { min: 0, max: 9, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Gradient norm per layer',
    branch: 'calculus',
    caption: 'Deepen the stack and switch the activation: the y-axis is logarithmic: 1e−10 means 0.0000000001.',
    sources: [
      { file: 'nn/module.ts', name: 'Residual' },
      { file: 'nn/init.ts', name: 'heNormal' },
      { file: 'ops/activation.ts', name: 'sigmoid' },
    ],
  });
  const kind = (): DeepKind => (KINDS.some(([k]) => k === state.get().kind) ? (state.get().kind as DeepKind) : 'sigmoid');
  const kindSel = select('layers', 'kind', KINDS, kind(), (v) => {
    state.set({ kind: v });
    render();
  });
  const depthS = slider('depth (layers)', 'depth', { min: 1, max: 100, step: 1, value: state.get().depth, digits: 0 }, (v) => {
    state.set({ depth: v });
    render();
  });
  const seedS = slider('seed', 'seed', { min: 0, max: 9, step: 1, value: state.get().seed, digits: 0 }, (v) => {
    state.set({ seed: v });
    render();
  });
  frame.controls.append(kindSel.row, depthS.row, seedS.row, h('p', { class: 'w-note' }, `Width ${WIDTH}, one batch of ${BATCH} random inputs, float64, L = sum of the outputs.`));

  const firstL = numLine('‖∂L/∂W‖, first layer =', 'first');
  const lastL = numLine('‖∂L/∂W‖, last layer =', 'last');
  const ratioL = numLine('first / last =', 'ratio');
  const decL = numLine('orders of magnitude lost =', 'decades');
  frame.numbers.append(firstL.row, lastL.row, ratioL.row, decL.row);

  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'gradient norm of each layer’s weights, log scale, first layer on the left' });
  frame.picture.append(host);
  let norms = layerGradNorms(kind(), state.get().depth, state.get().seed);
  const plotData = (): [number[], (number | null)[]] => [norms.map((_, i) => i + 1), norms.map((v) => (v > 0 ? Math.log10(v) : null))];
  let plot: ThemedPlot | null = themedPlot(
    host,
    (t, width) => ({
      width,
      height: 260,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: (_u, a, b) => [0.5, Math.max(b, 2) + 0.5] }, y: { range: (_u, a, b) => [Math.floor(Math.min(a, -1)), Math.ceil(Math.max(b, 1))] } },
      axes: [axis(t, { label: 'layer (1 = nearest the input)', labelSize: 20 }), axis(t, { size: 56, incrs: [1, 2, 5, 10, 20, 50], values: (_u, vs) => vs.map((v) => `1e${Math.round(v)}`.replace('-', '−')) })],
      series: [{ label: 'layer' }, { label: '‖∂L/∂W‖', stroke: t.calculus, width: 2, points: { show: true, size: 5, fill: t.calculus } }],
    }),
    plotData(),
  );

  let timer = 0;
  function compute(): void {
    const { depth, seed } = state.get();
    norms = layerGradNorms(kind(), depth, seed);
    const first = norms[0]!;
    const last = norms[norms.length - 1]!;
    const ratio = first / last;
    setLive(firstL.value, fmtNum(first, 3));
    setLive(lastL.value, fmtNum(last, 3));
    setLive(ratioL.value, fmtNum(ratio, 3));
    setLive(decL.value, ratio >= 1 ? '0' : fmtNum(-Math.log10(ratio), 1));
    frame.setFormula(
      `\\begin{aligned}\\frac{\\partial L}{\\partial \\mathbf{h}_0} &= \\frac{\\partial L}{\\partial \\mathbf{h}_{${depth}}} \\prod_{\\ell=1}^{${depth}} \\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}}, \\qquad ` +
        (kind() === 'sigmoid'
          ? `\\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}} = \\operatorname{diag}(\\sigma'(\\mathbf{z}_\\ell))\\,W_\\ell,\\ \\sigma' \\le \\tfrac14`
          : kind() === 'relu'
            ? `\\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}} = \\operatorname{diag}(\\mathbb{1}[\\mathbf{z}_\\ell > 0])\\,W_\\ell,\\ \\operatorname{Var}(W) = \\tfrac{2}{${WIDTH}}`
            : `\\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}} = I + W_\\ell\\,\\operatorname{diag}(\\sigma'(\\mathbf{h}_{\\ell-1}))`) +
        ` \\\\ \\frac{\\lVert \\partial L / \\partial W_1 \\rVert}{\\lVert \\partial L / \\partial W_{${depth}} \\rVert} &= \\frac{${sci(first)}}{${sci(last)}} = ${ratio > 1e-3 ? texNum(ratio, 4) : `10^{${texNum(Math.log10(ratio), 1)}}`}\\end{aligned}`,
    );
    frame.setCode(vanishingCode(kind(), depth, seed));
    frame.schedule(() => plot?.setData(plotData()));
  }
  // (the norms are plotted as log10 values on a linear axis: uPlot's log axis struggles with 80+ decades)
  /** Small stacks recompute at once; deep ones wait for the slider to pause (one frame's worth of work or less each). */
  function render(): void {
    clearTimeout(timer);
    if (state.get().depth <= 40) compute();
    else timer = window.setTimeout(compute, 60);
  }
  compute();
  return {
    update: render,
    destroy() {
      clearTimeout(timer);
      plot?.destroy();
      plot = null;
      frame.destroy();
    },
  };
}
