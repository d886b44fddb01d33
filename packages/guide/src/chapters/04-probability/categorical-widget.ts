/**
 * "A classifier's output is a distribution": five logits (one per rhythm class) that the learner
 * edits; the library's Categorical turns them into probabilities by softmax, reports the entropy,
 * and draws seeded labels from them so the frequencies can be compared with the probabilities.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { categoricalView, code, RHYTHM_NAMES, RHYTHMS, type CategoricalView } from './model.js';
import { numberInput, slider, type Slider } from '../../lib/controls.js';
import './ui.js';

const DRAWS = 1000;

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'cat';
  const state = urlState(id, { logits: [2.1, 0.3, 1.2, -0.8, -1.5], seed: 1 }, { logits: { min: -4, max: 4 }, seed: { min: 0, max: 1_000_000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Logits → softmax → a distribution over rhythms',
    branch: 'probability',
    caption: 'Drag a class’s score; watch every probability move, because they must still add up to 1.',
    sources: [
      { file: 'prob/categorical.ts', name: 'Categorical' },
      { file: 'ops/activation.ts', name: 'softmax' },
    ],
  });
  const sliders: Slider[] = RHYTHMS.map((r, k) =>
    slider(`logit z · ${RHYTHM_NAMES[k]}`, `logit-${r}`, { min: -4, max: 4, step: 0.1, value: state.get().logits[k]!, fmt: (v) => fmtNum(v, 1) }, (v) => {
        const logits = [...state.get().logits];
        logits[k] = v;
        state.set({ logits });
        render();
      }),
  );
  const seed = numberInput('seed', 'seed', { value: state.get().seed, min: 0, max: 1_000_000, integer: true }, (v) => {
    state.set({ seed: v });
    render();
  });
  frame.controls.append(...sliders.map((s) => s.row), h('div', { class: 'ctl-buttons' }, seed.row));

  const chart = h('div', { class: 'chart ch4-chart', role: 'img', 'aria-label': 'bars: the probability of each rhythm, and the fraction of 1000 seeded draws that landed on it; the same numbers are in the table' });
  frame.picture.append(chart);
  const rowsCells: HTMLElement[][] = [];
  const table = h(
    'table',
    { 'aria-label': 'logits, probabilities and sampled frequencies per class' },
    h('thead', null, h('tr', null, ...['class', 'logit z', 'p = softmax(z)', 'log p', `share of ${DRAWS} draws`].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      ...RHYTHMS.map((r, k) => {
        const cells = ['z', 'p', 'logp', 'f'].map((c) => h('td', { 'data-cat': `${r}.${c}` }));
        rowsCells.push(cells);
        return h('tr', null, h('th', { scope: 'row' }, RHYTHM_NAMES[k]), ...cells);
      }),
    ),
  );
  const summary = h('p', { class: 'ch4-note' });
  const sum = h('span', { class: 'num', 'data-num': 'sum' });
  const entropy = h('span', { class: 'num', 'data-num': 'entropy' });
  const pred = h('strong', { 'data-num': 'predicted' });
  summary.append('Σ p = ', sum, ' · entropy ', entropy, ' · the model’s answer (largest p): ', pred);
  frame.numbers.append(table, summary);

  let v: CategoricalView = categoricalView(state.get().logits, DRAWS, state.get().seed);
  const xs = RHYTHMS.map((_, k) => k + 1);
  const chartData = (): uPlot.AlignedData => [xs, v.probs, v.sampled];
  const bars = (align: -1 | 1) => uPlot.paths.bars!({ size: [0.36, 44], align, gap: 2 });
  const plot = themedPlot(
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
        { label: 'probability p', fill: t.probability, stroke: t.probability, paths: bars(-1), points: { show: false } },
        { label: `share of ${DRAWS} draws`, fill: t.rule, stroke: t.muted, paths: bars(1), points: { show: false } },
      ],
    }),
    chartData(),
  );

  function render() {
    const s = state.get();
    v = categoricalView(s.logits, DRAWS, s.seed);
    v.probs.forEach((p, k) => {
      setLive(rowsCells[k]![0]!, fmtNum(s.logits[k]!, 1));
      setLive(rowsCells[k]![1]!, fmtNum(p, 4));
      setLive(rowsCells[k]![2]!, fmtNum(v.logProbs[k]!, 4));
      setLive(rowsCells[k]![3]!, fmtNum(v.sampled[k]!, 3));
    });
    setLive(sum, fmtNum(v.probs.reduce((a, b) => a + b, 0), 4));
    setLive(entropy, `${fmtNum(v.entropy, 4)} nats`);
    setLive(pred, RHYTHM_NAMES[v.predicted]!);
    const z = s.logits.map((x) => texNum(x, 1));
    frame.setFormula(
      `\\begin{aligned} p_k &= \\operatorname{softmax}(z)_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}} \\\\` +
        ` p_{\\text{normal}} &= \\frac{e^{${z[0]}}}{${z.map((x) => `e^{${x}}`).join(' + ')}} = ${texNum(v.probs[0]!, 4)} \\\\` +
        ` H(p) &= -\\sum_k p_k \\log p_k = ${texNum(v.entropy, 4)}\\ \\text{nats} \\end{aligned}`,
    );
    frame.setCode(code.categorical(s.logits, DRAWS, s.seed));
    frame.schedule(() => plot.setData(chartData()));
  }
  render();
  return {
    update() {
      const s = state.get();
      sliders.forEach((sl, k) => sl.set(s.logits[k]!));
      seed.input.value = String(s.seed);
      render();
    },
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}
