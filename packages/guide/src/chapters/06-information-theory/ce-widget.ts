/**
 * Cross-entropy: a true distribution p (one-hot, or soft) and a model q = softmax(logits) over
 * the five ECG rhythm classes. Shows H(p), H(p, q) and the gap between them; in the one-hot case
 * H(p, q) = −log q(correct), which is what loss.crossEntropy computes from the logits.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme } from '../../lib/plot.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { crossEntropyOf, lit, oneHot, priceCurve, RHYTHMS, softmax, type Unit } from './model.js';
import { select, slider, type Slider } from '../../lib/controls.js';
import { distChart, numLine, unitOptions } from './ui.js';

const lg = (u: Unit) => (u === 'bits' ? '\\log_2' : '\\ln');

const DEFAULTS = { mode: 'onehot' as string, y: 1, zp: [2, 1, 0, -1, -1], z: [1.5, 1, 0, -0.5, -1], unit: 'nats' as string };
type CeState = UrlState<typeof DEFAULTS>;
type CeOf = ReturnType<typeof crossEntropyOf>;
type Price = ReturnType<typeof priceCurve>;

function ceState(id: string): CeState {
  return urlState(id, { ...DEFAULTS, zp: [...DEFAULTS.zp], z: [...DEFAULTS.z] }, { mode: { oneOf: ['onehot', 'soft'] }, y: { min: 0, max: RHYTHMS.length - 1, int: true }, zp: { min: -4, max: 4 }, z: { min: -6, max: 6 }, unit: { oneOf: unitOptions.map(([u]) => u) } });
}

/** One slider per rhythm for the logits under `key` ('zp': the truth, 'z': the model), in a fieldset. */
function logitSliders(state: CeState, key: 'zp' | 'z', o: { label: string; legend: string; lim: number }, render: () => void): { box: HTMLElement; sliders: Slider[] } {
  const sliders = RHYTHMS.map((r, i) =>
    slider(`${o.label} ${r}`, `${key}${i}`, { min: -o.lim, max: o.lim, step: 0.1, value: state.get()[key][i]!, digits: 1 }, (v) => {
      const z = [...state.get()[key]];
      z[i] = v;
      state.set({ [key]: z });
      render();
    }),
  );
  return { box: h('fieldset', null, h('legend', null, o.legend), ...sliders.map((s) => s.row)), sliders };
}

/** "confident and right", "unsure", "confident and wrong": set the model's logits. */
function presetButtons(state: CeState, setQ: (z: number[]) => void): HTMLElement {
  const presets = h('div', { class: 'w-buttons' });
  for (const [label, key] of [
    ['confident and right', 'right'],
    ['unsure', 'unsure'],
    ['confident and wrong', 'wrong'],
  ] as const) {
    const b = h('button', { type: 'button', 'data-preset': key }, label);
    b.addEventListener('click', () => {
      const s = state.get();
      const y = s.mode === 'onehot' ? s.y : softmax(s.zp).reduce((b, p, i, a) => (p > a[b]! ? i : b), 0);
      const wrong = (y + 1) % RHYTHMS.length;
      setQ(RHYTHMS.map((_, i) => (key === 'unsure' ? 0 : key === 'right' ? (i === y ? 5 : 0) : i === wrong ? 5 : 0)));
    });
    presets.append(b);
  }
  return presets;
}

function priceOptions(u: Unit) {
  return (t: Theme, width: number): uPlot.Options => ({
    width,
    height: 150,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: [0, 1] }, y: { range: [0, u === 'bits' ? 8 : 5.5] } },
    axes: [axis(t, { label: 'q(correct)', labelSize: 18 }), axis(t, { size: 40, label: u, labelSize: 18 })],
    series: [{}, { stroke: t.information, width: 2, points: { show: false } }, { stroke: t.information, paths: () => null, points: { show: true, size: 10, fill: t.information, stroke: t.bg } }],
  });
}

/** The price curve's marker: the grid point nearest to q(correct). */
function priceMarker(price: Price, qy: number): (number | null)[] {
  let b = 0;
  price.q.forEach((x, i) => Math.abs(x - qy) < Math.abs(price.q[b]! - qy) && (b = i));
  return price.q.map((_, i) => (i === b ? price.cost[i]! : null));
}

function numberLines(frame: Frame) {
  const lines = {
    H: numLine('entropy of the truth H(p)', 'H'),
    CE: numLine('cross-entropy H(p, q)', 'CE', true),
    gap: numLine('gap H(p, q) − H(p)', 'gap'),
    logq: numLine('−log q(correct)', 'minus-log-q'),
    loss: numLine('loss.crossEntropy(logits, y), nats', 'loss'),
  };
  frame.numbers.append(...Object.values(lines).map((l) => l.row));
  return lines;
}

/** Fills the lines; in the one-hot case also −log q(correct) and the loss, and returns that formula line. */
function fillNumbers(lines: ReturnType<typeof numberLines>, c: CeOf, s: typeof DEFAULTS, q: number[], u: Unit): string {
  setLive(lines.H.value, `${fmtNum(c.h, 4)} ${u}`);
  setLive(lines.CE.value, `${fmtNum(c.ce, 4)} ${u}`);
  setLive(lines.gap.value, `${fmtNum(c.gap, 4)} ${u}`);
  lines.CE.value.dataset.value = String(c.ce);
  lines.H.value.dataset.value = String(c.h);
  if (s.mode !== 'onehot') return '';
  const o1 = oneHot(s.z, s.y);
  const mlq = u === 'bits' ? o1.minusLogQ / Math.LN2 : o1.minusLogQ;
  setLive(lines.logq.value, `${fmtNum(mlq, 4)} ${u}`);
  setLive(lines.loss.value, fmtNum(o1.lossOnLogits, 4));
  lines.loss.value.dataset.value = String(o1.lossOnLogits);
  return ` \\\\ \\text{one-hot } p:\\quad H(p, q) &= -${lg(u)}\\, q(\\text{${RHYTHMS[s.y]}}) = -${lg(u)}\\, ${texNum(q[s.y]!, 4)} = ${texNum(mlq, 4)}\\ \\text{${u}}`;
}

function formula(frame: Frame, p: number[], q: number[], c: CeOf, u: Unit, oneHotTex: string): void {
  const terms = p.map((x, i) => (x === 0 ? null : `${texNum(x, 3)}\\,${lg(u)}\\,${texNum(q[i]!, 3)}`)).filter(Boolean);
  frame.setFormula(
    `\\begin{aligned}\\live{ce}{H(p, q)} &= -\\sum_x \\live{p}{p(x)}\\,${lg(u)}\\,\\live{q}{q(x)} = -\\big(${terms.join(' + ')}\\big) = ${texNum(c.ce, 4)} \\\\ \\live{h}{H(p)} &= ${texNum(c.h, 4)}, \\qquad H(p, q) - H(p) = ${texNum(c.gap, 4)}\\ \\text{${u}} \\ge 0${oneHotTex}\\end{aligned}`,
    {
      ce: { value: c.ce, name: 'H(p, q)', what: `the cross-entropy (${u})`, digits: 4 },
      p: { value: p, name: 'p', what: 'the true distribution', digits: 3 },
      q: { value: q, name: 'q', what: 'the model’s distribution softmax(z)', digits: 3 },
      h: { value: c.h, name: 'H(p)', what: `the entropy of p (${u})`, digits: 4 },
    },
  );
}

function ceCode(s: typeof DEFAULTS, p: number[], u: Unit): string {
  const oh = s.mode === 'onehot';
  const base = u === 'bits' ? 2 : "'e'";
  return [
    `const logits = tensor(${lit(s.z)});          // the model's scores for ${RHYTHMS.join(', ')}`,
    `const q = logits.softmax(-1);`,
    oh ? `const p = ${lit(p)};   // one-hot: the ECG is labelled ${RHYTHMS[s.y]}` : `const p = tensor(${lit(s.zp)}).softmax(-1);`,
    `console.log('H(p)   ', info.entropy(p, { base: ${base} }).item());`,
    `console.log('H(p, q)', info.crossEntropy(p, q, { base: ${base} }).item());`,
    oh ? `loss.crossEntropy(logits, tensor(${s.y}, { dtype: 'int32' })).item()   // the same, in nats, from the logits` : `info.kl(p, q, { base: ${base} }).item()   // the gap`,
  ].join('\n');
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ce';
  const state = ceState(id);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Cross-entropy of a rhythm prediction',
    branch: 'information',
    caption: 'The truth p against the model q: move q towards p and H(p, q) falls to H(p); try “confident and wrong”.',
    sources: [
      { file: 'info/entropy.ts', name: 'crossEntropy' },
      { file: 'loss/crossEntropy.ts', name: 'crossEntropy' },
    ],
  });
  const unit = () => state.get().unit as Unit;
  const onehot = () => state.get().mode === 'onehot';
  const modeS = select('the truth p', 'mode', [['onehot', 'one-hot: the labelled rhythm'], ['soft', 'soft: a distribution (edit below)']], state.get().mode as 'onehot' | 'soft', (v) => {
    state.set({ mode: v });
    render();
  });
  const yS = select('labelled rhythm (correct class)', 'y', RHYTHMS.map((r, i) => [String(i), r] as [string, string]), String(state.get().y), (v) => {
    state.set({ y: Number(v) });
    render();
  });
  const pS = logitSliders(state, 'zp', { label: 'truth logit', legend: 'truth p = softmax(these)', lim: 4 }, () => render());
  const qS = logitSliders(state, 'z', { label: 'model logit', legend: 'model q = softmax(logits)', lim: 6 }, () => render());
  const presets = presetButtons(state, (z) => {
    state.set({ z });
    z.forEach((v, i) => qS.sliders[i]!.set(v));
    render();
  });
  const uS = select('unit', 'unit', unitOptions, unit(), (v) => {
    state.set({ unit: v });
    price = priceCurve(200, v);
    pricePlot.destroy();
    pricePlot = makePrice();
    render();
  });
  frame.controls.append(modeS.row, yS.row, pS.box, qS.box, presets, uS.row);

  const barsHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'bars of the true distribution p and the model q over the five rhythm classes' });
  const priceHost = h('div', { class: 'c6-chart', role: 'img', 'aria-label': 'the cost −log q of the probability given to the correct class, with the current model marked' });
  const priceBox = h('div', null, h('p', { class: 'c6-sub' }, 'cost −log q(correct) against q(correct)'), priceHost);
  frame.picture.append(barsHost, priceBox);

  let p: number[] = [];
  let q: number[] = [];
  const plot = distChart(barsHost, () => RHYTHMS, [{ label: 'truth p', colour: (t) => t.muted, fill: (t) => t.rule }, { label: 'model q', colour: (t) => t.information }], () => [p.length ? p : [0, 0, 0, 0, 0], q.length ? q : [0, 0, 0, 0, 0]]);
  let price = priceCurve(200, unit());
  const priceData = (): uPlot.AlignedData => [price.q, price.cost, priceMarker(price, q[state.get().y] ?? 0)];
  const makePrice = () => themedPlot(priceHost, priceOptions(unit()), priceData());
  let pricePlot = makePrice();
  const lines = numberLines(frame);

  function render(): void {
    const s = state.get();
    const u = unit();
    const oh = onehot();
    yS.row.hidden = !oh;
    pS.box.hidden = oh;
    priceBox.hidden = !oh;
    lines.logq.row.hidden = !oh;
    lines.loss.row.hidden = !oh;
    q = softmax(s.z);
    p = oh ? q.map((_, i) => (i === s.y ? 1 : 0)) : softmax(s.zp);
    const c = crossEntropyOf(p, q, u);
    formula(frame, p, q, c, u, fillNumbers(lines, c, s, q, u));
    frame.setCode(ceCode(s, p, u));
    frame.schedule(() => {
      plot.setData([p.map((_, i) => i + 1), p, q]);
      if (oh) pricePlot.setData(priceData());
    });
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      pricePlot.destroy();
      frame.destroy();
    },
  };
}
