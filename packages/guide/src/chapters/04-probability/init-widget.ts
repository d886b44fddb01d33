/**
 * Weight initialization: a batch of inputs through a stack of ReLU layers whose weights come from
 * the library's initializers; the standard deviation of the activations after each layer, on a log
 * scale, for four choices of the weights' variance.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, logAxis, logRange, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { Generator } from 'groundup';
import { activationStds, code, initWeight, INIT_NAMES, INITS, type InitName } from './model.js';
import { select as selectControl, slider } from '../../lib/controls.js';
import { numberList } from './ui.js';

const WIDTH = 128;

const MAX_DEPTH = 20;

const colours = (t: Theme) => [t.calculus, t.optimization, t.information, t.probability];

/** Activation std per layer on a log axis, one line per initialization; the chosen one drawn thick. */
function stdPlot(host: HTMLElement, data: () => uPlot.AlignedData, chosen: () => string): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 240,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { distr: 3, range: logRange() } },
      axes: [axis(t, { label: 'layer (0 = the input)', labelSize: 18 }), logAxis(t, { size: 60, label: 'activation std', labelSize: 18 })],
      series: [{ label: 'layer' }, ...INITS.map((k, i) => ({ label: INIT_NAMES[k], stroke: colours(t)[i]!, width: k === chosen() ? 3.5 : 1.2, points: { show: true, size: 4 } }))],
    }),
    data(),
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'init';
  const state = urlState(id, { init: 'he', depth: 10 }, { init: { oneOf: INITS }, depth: { min: 1, max: MAX_DEPTH, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Activations through 128-unit ReLU layers',
    branch: 'probability',
    caption: 'Pick how the weights are drawn and how deep the stack is; the curve shows whether the signal keeps its size.',
    sources: [
      { file: 'nn/init.ts', name: 'heNormal' },
      { file: 'nn/init.ts', name: 'xavierNormal' },
    ],
  });
  const initSel = selectControl('weights drawn from', 'init', INITS.map((k) => [k, INIT_NAMES[k]] as [string, string]), state.get().init, (v) => (state.set({ init: v }), render()));
  const depth = slider('layers', 'depth', { min: 1, max: MAX_DEPTH, step: 1, value: state.get().depth, fmt: (v) => String(v) }, (v) => (state.set({ depth: v }), render()));
  frame.controls.append(initSel.row, depth.row);

  const chart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'standard deviation of the activations after each layer, log scale, for four initializations' });
  frame.picture.append(chart);
  const cells = numberList(frame.numbers, [
    ['wstd', 'std of a drawn weight matrix'],
    ['first', 'activation std after layer 1'],
    ['last', 'activation std after the last layer'],
  ]);

  // one run to the deepest setting at mount; a depth is a prefix of it (the same generator draws the
  // same layers in the same order), so moving the depth slider computes nothing
  const full = INITS.map((k) => activationStds(k, MAX_DEPTH, WIDTH));
  const wstds = new Map<string, number>();
  let series: number[][] = [];
  const compute = () => (series = full.map((f) => f.slice(0, Number(state.get().depth) + 1)));
  compute();
  const chartData = (): uPlot.AlignedData => [series[0]!.map((_, i) => i), ...series];
  const plot = stdPlot(chart, chartData, () => state.get().init);
  let shownInit = state.get().init;

  function render() {
    const s = state.get();
    const kind = s.init as InitName;
    compute();
    const mine = series[INITS.indexOf(kind)]!;
    if (!wstds.has(kind)) wstds.set(kind, initWeight(kind, WIDTH, WIDTH, new Generator(0)).std().item()); // measured on a drawn [128, 128] matrix
    const wstd = wstds.get(kind)!;
    setLive(cells.wstd!, fmtNum(wstd, 4));
    setLive(cells.first!, fmtNum(mine[1]!, 4));
    setLive(cells.last!, fmtNum(mine[mine.length - 1]!, 4));
    frame.setFormula(
      `\\live{vh}{\\operatorname{Var}[h_{\\ell+1}]} \\approx n_\\text{in}\\,\\operatorname{Var}[w]\\;\\tfrac12 E[h_\\ell^2] \\qquad n_\\text{in} = ${WIDTH},\\ \\live{vw}{\\operatorname{Var}[w]} \\approx ${texNum(wstd ** 2, 5)} \\ \\Rightarrow\\ n_\\text{in}\\operatorname{Var}[w]\\,/\\,2 = ${texNum((WIDTH * wstd ** 2) / 2, 3)}\\ \\text{per layer}`,
      {
        vh: { value: mine.slice(1), name: 'std of h per layer', what: `the activations’ spread after each layer (${kind})`, digits: 4 },
        vw: { value: wstd ** 2, name: 'Var[w]', what: 'measured on a drawn [128, 128] matrix', digits: 5 },
      },
    );
    frame.setCode(code.init(kind, Number(s.depth)));
    frame.schedule(() => {
      if (shownInit !== s.init) {
        // the highlighted line changes: rebuild the series widths
        shownInit = s.init;
        INITS.forEach((k, i) => {
          const sr = plot.plot.series[i + 1] as uPlot.Series & { width?: number };
          sr.width = k === s.init ? 3.5 : 1.2;
        });
      }
      plot.setData(chartData());
    });
  }
  render();
  return {
    update() {
      initSel.set(state.get().init);
      depth.set(Number(state.get().depth));
      render();
    },
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}
