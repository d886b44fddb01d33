/**
 * "A classifier's output is a distribution": five logits (one per rhythm class) that the learner
 * edits and a softmax temperature T; the library's Categorical turns z / T into probabilities,
 * reports the entropy, and draws seeded labels from them so the frequencies can be compared with
 * the probabilities. Hover a symbol of the formula above the bars to read its current value.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { categoricalView, code, RHYTHM_NAMES, RHYTHMS, TEMPERATURE, type CategoricalView } from './model.js';
import { logSlider, numberInput, slider, type Control, type Slider } from '../../lib/controls.js';
import { liveTex, type LiveSymbols } from '../../lib/live-formula.js';
import './ui.js';

const DRAWS = 1000;
const DEFAULTS = { logits: [2.1, 0.3, 1.2, -0.8, -1.5], T: 1, seed: 1 };
type CatState = UrlState<typeof DEFAULTS>;

const fmtT = (v: number) => fmtNum(v, v < 1 ? 2 : 1);

/** The controls: one slider per logit, the temperature, the seed. */
function controls(frame: Frame, state: CatState, render: () => void): { sliders: Slider[]; temp: Slider; seed: Control<number> } {
  const sliders = RHYTHMS.map((r, k) =>
    slider(`logit z · ${RHYTHM_NAMES[k]}`, `logit-${r}`, { min: -4, max: 4, step: 0.1, value: state.get().logits[k]!, fmt: (v) => fmtNum(v, 1) }, (v) => {
      const logits = [...state.get().logits];
      logits[k] = v;
      state.set({ logits });
      render();
    }),
  );
  const temp = logSlider('temperature T', 'T', { ...TEMPERATURE, value: state.get().T, perDecade: 24, fmt: fmtT }, (v) => {
    state.set({ T: v });
    render();
  });
  const seed = numberInput('seed', 'seed', { value: state.get().seed, min: 0, max: 1_000_000, integer: true }, (v) => {
    state.set({ seed: v });
    render();
  });
  frame.controls.append(...sliders.map((s) => s.row), temp.row, h('div', { class: 'ctl-buttons' }, seed.row));
  return { sliders, temp, seed };
}

/** The numbers: a table per class and a summary line; returns a function that fills them. */
function numbers(frame: Frame): (z: number[], v: CategoricalView) => void {
  const rowsCells: HTMLElement[][] = [];
  const head = ['class', 'logit z', 'z / T', 'p', 'log p', `share of draws`];
  const table = h(
    'table',
    { 'aria-label': 'logits, scaled logits, probabilities and sampled frequencies per class' },
    h('thead', null, h('tr', null, ...head.map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      ...RHYTHMS.map((r, k) => {
        const cells = ['z', 'zt', 'p', 'logp', 'f'].map((c) => h('td', { 'data-cat': `${r}.${c}` }));
        rowsCells.push(cells);
        return h('tr', null, h('th', { scope: 'row' }, RHYTHM_NAMES[k]), ...cells);
      }),
    ),
  );
  const sum = h('span', { class: 'num', 'data-num': 'sum' });
  const entropy = h('span', { class: 'num', 'data-num': 'entropy' });
  const pred = h('strong', { 'data-num': 'predicted' });
  const temp = h('span', { class: 'num', 'data-num': 'T' });
  frame.numbers.append(table, h('p', { class: 'ch4-note' }, 'T = ', temp, ' · Σ p = ', sum, ' · entropy ', entropy, ' · the model’s answer (largest p): ', pred));
  return (z, v) => {
    v.probs.forEach((p, k) => {
      const c = rowsCells[k]!;
      setLive(c[0]!, fmtNum(z[k]!, 1));
      setLive(c[1]!, fmtNum(v.scaled[k]!, 2));
      setLive(c[2]!, fmtNum(p, 4));
      setLive(c[3]!, fmtNum(v.logProbs[k]!, 4));
      setLive(c[4]!, fmtNum(v.sampled[k]!, 3));
    });
    setLive(temp, fmtT(v.temperature));
    setLive(sum, fmtNum(v.probs.reduce((a, b) => a + b, 0), 4));
    setLive(entropy, `${fmtNum(v.entropy, 4)} nats`);
    setLive(pred, RHYTHM_NAMES[v.predicted]!);
  };
}

/** The bars: probability and sampled share per class. */
function bars(host: HTMLElement, data: () => uPlot.AlignedData): ThemedPlot {
  const chart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'bars: the probability of each rhythm, and the fraction of 1000 seeded draws that landed on it; the same numbers are in the table' });
  host.append(chart);
  const paths = (align: -1 | 1) => uPlot.paths.bars!({ size: [0.36, 44], align, gap: 2 });
  return themedPlot(
    chart,
    (t, width) => ({
      width,
      height: 230,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [0.4, RHYTHMS.length + 0.6] }, y: { range: [0, 1] } },
      axes: [axis(t, { values: (_u, vals) => vals.map((x) => (Number.isInteger(x) && x >= 1 && x <= RHYTHMS.length ? RHYTHMS[x - 1]! : '')), grid: { show: false } }), axis(t, { size: 40 })],
      series: [
        { label: 'class' },
        { label: 'probability p', fill: t.probability, stroke: t.probability, paths: paths(-1), points: { show: false } },
        { label: `share of ${DRAWS} draws`, fill: t.rule, stroke: t.muted, paths: paths(1), points: { show: false } },
      ],
    }),
    data(),
  );
}

/** The picture's formula p = softmax(z / T), H(p): hover a symbol to read its current value. */
const HOVER_TEX = '\\live{p}{p} = \\operatorname{softmax}\\big(\\live{zt}{z / T}\\big),\\quad \\live{z}{z},\\; \\live{T}{T},\\quad \\live{H}{H(p)}';

function hoverValues(z: number[], v: CategoricalView): LiveSymbols {
  return {
    p: { value: v.probs, name: 'p', what: 'the probabilities softmax(z / T)', digits: 4 },
    zt: { value: v.scaled, name: 'z / T', what: 'the logits divided by the temperature', digits: 2 },
    z: { value: z, name: 'z', what: 'the logits', digits: 1 },
    T: { value: v.temperature, name: 'T', what: 'the temperature', digits: 2 },
    H: { value: v.entropy, name: 'H(p)', what: 'the entropy in nats', digits: 4 },
  };
}

function formulaTex(z: number[], v: CategoricalView): string {
  const T = texNum(v.temperature, 2);
  const zt = v.scaled.map((x) => texNum(x, 2));
  return (
    `\\begin{aligned} \\live{pk}{p_k} &= \\operatorname{softmax}(\\live{zz}{z}/T)_k = \\frac{e^{z_k/T}}{\\sum_j e^{z_j/T}},\\quad \\live{T}{T} = ${T} \\\\` +
    ` \\live{pn}{p_{\\text{normal}}} &= \\frac{e^{${texNum(z[0]!, 1)}/${T}}}{${zt.map((x) => `e^{${x}}`).join(' + ')}} = ${texNum(v.probs[0]!, 4)} \\\\` +
    ` \\live{H}{H(p)} &= -\\sum_k p_k \\log p_k = ${texNum(v.entropy, 4)}\\ \\text{nats} \\end{aligned}`
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'cat';
  const state = urlState(id, { ...DEFAULTS, logits: [...DEFAULTS.logits] }, { logits: { min: -4, max: 4 }, T: TEMPERATURE, seed: { min: 0, max: 1_000_000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Logits → softmax(z / T) → a distribution over rhythms',
    branch: 'probability',
    caption: 'Drag a class’s score or the temperature; every probability moves, because they must still add up to 1.',
    sources: [
      { file: 'prob/categorical.ts', name: 'Categorical' },
      { file: 'ops/activation.ts', name: 'softmax' },
    ],
  });
  let v: CategoricalView = categoricalView(state.get().logits, DRAWS, state.get().seed, state.get().T);
  const ctl = controls(frame, state, () => render());
  const hoverHost = h('div', { class: 'ch4-hover' });
  frame.picture.append(hoverHost);
  const hover = liveTex(hoverHost, HOVER_TEX, hoverValues(state.get().logits, v));
  const xs = RHYTHMS.map((_, k) => k + 1);
  const chartData = (): uPlot.AlignedData => [xs, v.probs, v.sampled];
  const plot = bars(frame.picture, chartData);
  const fill = numbers(frame);

  function render() {
    const s = state.get();
    v = categoricalView(s.logits, DRAWS, s.seed, s.T);
    fill(s.logits, v);
    hover.update(hoverValues(s.logits, v));
    frame.setFormula(formulaTex(s.logits, v), { pk: { value: v.probs, name: 'p', digits: 4 }, zz: { value: s.logits, name: 'z', digits: 1 }, T: v.temperature, H: { value: v.entropy, name: 'H(p)', digits: 4 }, pn: { value: v.probs[0]!, name: 'p_normal', digits: 4 } });
    frame.setCode(code.categorical(s.logits, DRAWS, s.seed, s.T));
    frame.schedule(() => plot.setData(chartData()));
  }
  render();
  return {
    update() {
      const s = state.get();
      ctl.sliders.forEach((sl, k) => sl.set(s.logits[k]!));
      ctl.temp.set(s.T);
      ctl.seed.set(s.seed);
      render();
    },
    destroy() {
      plot.destroy();
      hover.destroy();
      frame.destroy();
    },
  };
}
