/**
 * Activation functions and their slopes: the chosen activation and its derivative (from autograd:
 * sum the outputs, backward, read x.grad), and at a point x the slope of all four side by side.
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import type { ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { ACT_IDS, ACTIVATIONS, activationAt, activationCurve, type ActId } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { curvePlot } from './curve-plot.js';

/** Every activation's value and slope at x, one row each; returns the cells to fill. */
function slopeTable(frame: Frame): Map<ActId, [HTMLElement, HTMLElement]> {
  const cells = new Map<ActId, [HTMLElement, HTMLElement]>();
  frame.numbers.append(
    h(
      'table',
      { 'aria-label': 'each activation and its slope at x' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'activation'), h('th', { scope: 'col' }, 'f(x)'), h('th', { scope: 'col' }, 'slope f′(x)'))),
      h(
        'tbody',
        null,
        ...ACT_IDS.map((a) => {
          const c: [HTMLElement, HTMLElement] = [h('td', { 'data-act-y': a }), h('td', { 'data-act-dy': a })];
          cells.set(a, c);
          return h('tr', null, h('th', { scope: 'row' }, ACTIVATIONS[a].label), ...c);
        }),
      ),
    ),
  );
  return cells;
}

const DERIV: Record<ActId, string> = {
  sigmoid: `\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))`,
  tanh: `\\tanh'(x) = 1 - \\tanh^2 x`,
  relu: `\\operatorname{ReLU}'(x) = \\begin{cases}1 & x > 0\\\\ 0 & x \\le 0\\end{cases}`,
  gelu: `\\operatorname{GELU}'(x) = \\Phi(x) + x\\,\\varphi(x)`,
};

/** The activation, its derivative, and both at x, the symbols carrying their values. */
function actFormula(a: ActId, x: number, at: { y: number; dy: number }): [string, LiveSymbols] {
  return [
    `\\begin{aligned}&${ACTIVATIONS[a].tex} \\\\ &${DERIV[a]} \\\\ &\\live{f}{f}(\\live{x}{${texNum(x, 2)}}) = ${texNum(at.y, 4)},\\quad \\live{df}{f'}(${texNum(x, 2)}) = ${texNum(at.dy, 4)}\\end{aligned}`,
    {
      f: { value: at.y, name: `f(x), ${a}`, what: 'the activation at the chosen x', digits: 4 },
      x: { value: x, name: 'x', what: 'the input to the activation' },
      df: { value: at.dy, name: `f′(x), ${a}`, what: 'its slope there, from autograd', digits: 4 },
    },
  ];
}

function actCode(a: ActId, x: number): string {
  return [
    `// f and its slope at every x at once: sum the outputs, then backward`,
    `const x = linspace(-5, 5, 11, { requiresGrad: true });`,
    `const y = x.${a}();`,
    `y.sum().backward();`,
    `console.log('f(x) ', y.toArray().map((v) => v.toFixed(3)).join(' '));`,
    `console.log("f′(x)", x.grad.toArray().map((v) => v.toFixed(3)).join(' '));`,
    `const at = tensor(${x}, { requiresGrad: true }); at.${a}().backward();`,
    `at.grad.item()   // the slope at x = ${x}`,
  ].join('\n');
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'act';
  const state = urlState(id, { act: 'sigmoid', x: 1 }, { act: { oneOf: ACT_IDS }, x: { min: -5, max: 5 } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Activations and their slopes',
    branch: 'calculus',
    caption: 'Pick an activation and move x: the dashed curve is its derivative, computed by autograd.',
    sources: [
      { file: 'ops/activation.ts', name: 'sigmoid' },
      { file: 'ops/activation.ts', name: 'relu' },
      { file: 'ops/activation.ts', name: 'tanh' },
    ],
  });
  const act = (): ActId => (ACT_IDS.includes(state.get().act as ActId) ? (state.get().act as ActId) : 'sigmoid');
  const sel = select('activation', 'act', ACT_IDS.map((a) => [a, ACTIVATIONS[a].label] as [ActId, string]), act(), (v) => {
    state.set({ act: v });
    curveData = activationCurve(v);
    render();
  });
  const xs = slider('x', 'x', { min: -5, max: 5, step: 0.05, value: state.get().x }, (v) => {
    state.set({ x: v });
    render();
  });
  frame.controls.append(sel.row, xs.row);

  const cells = slopeTable(frame);

  let curveData = activationCurve(act());
  let at = activationAt(act(), state.get().x);
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'the activation (solid) and its derivative (dashed)' });
  frame.picture.append(host);
  let plot: ThemedPlot | null = curvePlot(
    host,
    {
      height: 240,
      yRange: [-1.2, 2],
      series: [
        { label: 'f(x)', colour: (t) => t.text },
        { label: "f′(x) (autograd)", colour: (t) => t.calculus, dash: [6, 4] },
      ],
      dots: () => [
        { x: state.get().x, y: at.y, colour: (t) => t.text },
        { x: state.get().x, y: at.dy, colour: (t) => t.calculus },
      ],
    },
    [curveData.xs, curveData.ys, curveData.dys],
  );

  function render(): void {
    const { x } = state.get();
    const a = act();
    at = activationAt(a, x);
    for (const k of ACT_IDS) {
      const v = activationAt(k, x);
      setLive(cells.get(k)![0], fmtNum(v.y, 4));
      setLive(cells.get(k)![1], fmtNum(v.dy, 4));
    }
    frame.setFormula(...actFormula(a, x, at));
    frame.setCode(actCode(a, x));
    frame.schedule(() => plot?.setData([curveData.xs, curveData.ys, curveData.dys]));
  }
  render();
  return {
    update: render,
    destroy() {
      plot?.destroy();
      plot = null;
      frame.destroy();
    },
  };
}
