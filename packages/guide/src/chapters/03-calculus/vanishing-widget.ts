/**
 * Vanishing gradients, measured with free controls: a stack of `depth` blocks of width 16 (one batch
 * of 8) with the reader's activation, initialisation and skip connections; one backward pass; the
 * norm of each layer's weight gradient on a log scale, first layer on the left (model.ts deepGradNorms).
 */
import { numLine, select, slider, toggle } from '../../lib/controls.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { BATCH, DEEP_ACTS, DEEP_INITS, deepGradNorms, SMALL_STD, vanishingCode, WIDTH, type DeepAct, type DeepInit, type DeepOptions } from './model.js';

/** A number for TeX: plain when moderate, else a × 10^k. */
const sci = (x: number) => {
  if (x === 0) return '0';
  const k = Math.floor(Math.log10(Math.abs(x)));
  return k >= -2 && k <= 3 ? texNum(x, 4) : `${texNum(x / 10 ** k, 3)} \\times 10^{${k}}`;
};

const ACT_TEXT: Record<DeepAct, string> = { sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU' };
const INIT_TEXT: Record<DeepInit, string> = {
  default: 'nn.Linear default: U(±1/√16)',
  small: `small: N(0, ${SMALL_STD}²)`,
  xavier: 'Xavier: N(0, 2/(16+16))',
  he: 'He: N(0, 2/16)',
};
const RULES = { act: { oneOf: DEEP_ACTS }, init: { oneOf: DEEP_INITS }, depth: { min: 1, max: 100, int: true }, seed: { min: 0, max: 9, int: true } } as const;
const DEFAULTS: DeepOptions = { act: 'sigmoid', init: 'default', skip: false, depth: 30, seed: 0 };

function deepControls(frame: Frame, state: ReturnType<typeof urlState<DeepOptions>>, render: () => void): void {
  const s = state.get();
  const on = <K extends keyof DeepOptions>(k: K) => (v: DeepOptions[K]) => {
    state.set({ [k]: v } as Partial<DeepOptions>);
    render();
  };
  frame.controls.append(
    select('activation', 'act', DEEP_ACTS.map((a) => [a, ACT_TEXT[a]] as const), s.act, on('act')).row,
    select('initialisation', 'init', DEEP_INITS.map((i) => [i, INIT_TEXT[i]] as const), s.init, on('init')).row,
    toggle('skip connections: h ← h + W·act(h) + b', 'skip', s.skip, on('skip')).row,
    slider('depth (blocks)', 'depth', { min: 1, max: 100, step: 1, value: s.depth, digits: 0 }, on('depth')).row,
    slider('seed', 'seed', { min: 0, max: 9, step: 1, value: s.seed, digits: 0 }, on('seed')).row,
    h('p', { class: 'w-note' }, `Width ${WIDTH}, one batch of ${BATCH} random inputs, float64, L = sum of the outputs.`),
  );
}

function normsPlot(host: HTMLElement, data: [number[], (number | null)[]]): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 260,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: (_u, _a, b) => [0.5, Math.max(b, 2) + 0.5] }, y: { range: (_u, a, b) => [Math.floor(Math.min(a, -1)), Math.ceil(Math.max(b, 1))] } },
      axes: [
        axis(t, { label: 'layer (1 = nearest the input)', labelSize: 20 }),
        axis(t, { label: '‖∂L/∂W‖ (log scale)', labelSize: 20, size: 56, incrs: [1, 2, 5, 10, 20, 50], values: (_u, vs) => vs.map((v) => `1e${Math.round(v)}`.replace('-', '−')) }),
      ],
      series: [{ label: 'layer' }, { label: '‖∂L/∂W‖', stroke: t.calculus, width: 2, points: { show: true, size: 5, fill: t.calculus } }],
    }),
    data,
  );
}

/** The Jacobian of one block, as TeX, for the current settings. */
function blockTex(o: DeepOptions): string {
  const d = o.act === 'relu' ? `\\mathbb{1}[\\mathbf{z}_\\ell > 0]` : o.act === 'sigmoid' ? `\\sigma'(\\mathbf{z}_\\ell)` : `\\tanh'(\\mathbf{z}_\\ell)`;
  const bound = o.act === 'sigmoid' ? `,\\ \\sigma' \\le \\tfrac14` : o.act === 'tanh' ? `,\\ \\tanh' \\le 1` : '';
  const v = o.init === 'he' ? `,\\ \\operatorname{Var}(W) = \\tfrac{2}{${WIDTH}}` : o.init === 'xavier' ? `,\\ \\operatorname{Var}(W) = \\tfrac{2}{${2 * WIDTH}}` : o.init === 'small' ? `,\\ \\operatorname{std}(W) = ${SMALL_STD}` : '';
  const dp = o.act === 'relu' ? `\\mathbb{1}[\\mathbf{h}_{\\ell-1} > 0]` : o.act === 'sigmoid' ? `\\sigma'(\\mathbf{h}_{\\ell-1})` : `\\tanh'(\\mathbf{h}_{\\ell-1})`;
  return o.skip
    ? `\\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}} = I + W_\\ell\\,\\operatorname{diag}(${dp})${v}`
    : `\\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}} = \\operatorname{diag}(${d})\\,W_\\ell${bound}${v}`;
}

function vanishFormula(o: DeepOptions, first: number, last: number): string {
  const ratio = first / last;
  return (
    `\\begin{aligned}\\frac{\\partial L}{\\partial \\mathbf{h}_0} &= \\frac{\\partial L}{\\partial \\mathbf{h}_{${o.depth}}} \\prod_{\\ell=1}^{${o.depth}} \\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}}, \\qquad ${blockTex(o)}` +
    ` \\\\ \\frac{\\live{first}{\\lVert \\partial L / \\partial W_1 \\rVert}}{\\live{last}{\\lVert \\partial L / \\partial W_{${o.depth}} \\rVert}} &= \\frac{${sci(first)}}{${sci(last)}} = ${ratio > 1e-3 && ratio < 1e4 ? texNum(ratio, 4) : `10^{${texNum(Math.log10(ratio), 1)}}`}\\end{aligned}`
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'vanish';
  const state = urlState<DeepOptions>(id, DEFAULTS, RULES);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Gradient norm per layer',
    branch: 'calculus',
    caption: 'Deepen the stack, then change the activation, the initialisation or the skip connections: the y-axis is logarithmic, 1e−10 means 0.0000000001.',
    sources: [
      { file: 'nn/module.ts', name: 'Residual' },
      { file: 'nn/init.ts', name: 'heNormal' },
      { file: 'nn/init.ts', name: 'xavierNormal' },
      { file: 'ops/activation.ts', name: 'sigmoid' },
    ],
  });
  deepControls(frame, state, () => render());
  const lines = { first: numLine('‖∂L/∂W‖, first layer =', 'first'), last: numLine('‖∂L/∂W‖, last layer =', 'last'), ratio: numLine('first / last =', 'ratio'), decades: numLine('orders of magnitude lost =', 'decades'), span: numLine('smallest … largest layer =', 'span') };
  frame.numbers.append(...Object.values(lines).map((l) => l.row));
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'gradient norm of each layer’s weights, log scale, first layer on the left' });
  frame.picture.append(host);
  // (norms are plotted as log10 values on a linear axis: a deep stack spans 80+ decades)
  let norms = deepGradNorms(state.get());
  const plotData = (): [number[], (number | null)[]] => [norms.map((_, i) => i + 1), norms.map((v) => (v > 0 ? Math.log10(v) : null))];
  let plot: ThemedPlot | null = normsPlot(host, plotData());

  let timer = 0;
  function compute(): void {
    const s = state.get();
    norms = deepGradNorms(s);
    const first = norms[0]!;
    const last = norms[norms.length - 1]!;
    const ratio = first / last;
    setLive(lines.first.value, fmtNum(first, 3));
    setLive(lines.last.value, fmtNum(last, 3));
    setLive(lines.ratio.value, fmtNum(ratio, 3));
    setLive(lines.decades.value, ratio >= 1 ? '0' : fmtNum(-Math.log10(ratio), 1));
    setLive(lines.span.value, `${fmtNum(Math.min(...norms), 2)} … ${fmtNum(Math.max(...norms), 2)}`);
    frame.setFormula(vanishFormula(s, first, last), {
      first: { value: first, name: '‖∂L/∂W₁‖', what: 'the first layer’s gradient norm', digits: 4 },
      last: { value: norms, name: '‖∂L/∂Wℓ‖, every layer', what: `first to last; the last is ${fmtNum(last, 3)}`, digits: 3 },
    });
    frame.setCode(vanishingCode(s));
    frame.schedule(() => plot?.setData(plotData()));
  }
  /** Small stacks recompute at once; deep ones wait for the slider to pause. */
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
