/**
 * Cross-entropy: a true distribution p (one-hot, or soft) and a model q = softmax(logits) over
 * the five ECG rhythm classes. Shows H(p), H(p, q) and the gap between them; in the one-hot case
 * H(p, q) = −log q(correct), which is what loss.crossEntropy computes from the logits.
 */
import type uPlot from 'uplot';
import { h } from '../../lib/dom.js';
import { setLive } from '../04-probability/live.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { crossEntropyOf, lit, oneHot, priceCurve, RHYTHMS, softmax, type Unit } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { distChart, numLine, unitOptions } from './ui.js';

const lg = (u: Unit) => (u === 'bits' ? '\\log_2' : '\\ln');

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ce';
  const state = urlState(
    id,
    { mode: 'onehot' as string, y: 1, zp: [2, 1, 0, -1, -1], z: [1.5, 1, 0, -0.5, -1], unit: 'nats' as string },
    { mode: { oneOf: ['onehot', 'soft'] }, y: { min: 0, max: RHYTHMS.length - 1, int: true }, zp: { min: -4, max: 4 }, z: { min: -6, max: 6 }, unit: { oneOf: unitOptions.map(([u]) => u) } },
  );
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
  const pSliders = RHYTHMS.map((r, i) =>
    slider(`truth logit ${r}`, `zp${i}`, { min: -4, max: 4, step: 0.1, value: state.get().zp[i]!, digits: 1 }, (v) => {
      const zp = [...state.get().zp];
      zp[i] = v;
      state.set({ zp });
      render();
    }),
  );
  const pBox = h('fieldset', null, h('legend', null, 'truth p = softmax(these)'), ...pSliders.map((s) => s.row));
  const qSliders = RHYTHMS.map((r, i) =>
    slider(`model logit ${r}`, `z${i}`, { min: -6, max: 6, step: 0.1, value: state.get().z[i]!, digits: 1 }, (v) => {
      const z = [...state.get().z];
      z[i] = v;
      state.set({ z });
      render();
    }),
  );
  const qBox = h('fieldset', null, h('legend', null, 'model q = softmax(logits)'), ...qSliders.map((s) => s.row));
  const presets = h('div', { class: 'w-buttons' });
  const setQ = (z: number[]) => {
    state.set({ z });
    z.forEach((v, i) => qSliders[i]!.set(v));
    render();
  };
  for (const [label, key] of [
    ['confident and right', 'right'],
    ['unsure', 'unsure'],
    ['confident and wrong', 'wrong'],
  ] as const) {
    const b = h('button', { type: 'button', 'data-preset': key }, label);
    b.addEventListener('click', () => {
      const y = onehot() ? state.get().y : softmax(state.get().zp).reduce((b, p, i, a) => (p > a[b]! ? i : b), 0);
      const wrong = (y + 1) % RHYTHMS.length;
      setQ(RHYTHMS.map((_, i) => (key === 'unsure' ? 0 : key === 'right' ? (i === y ? 5 : 0) : i === wrong ? 5 : 0)));
    });
    presets.append(b);
  }
  const uS = select('unit', 'unit', unitOptions, unit(), (v) => {
    state.set({ unit: v });
    price = priceCurve(200, v);
    pricePlot.destroy();
    pricePlot = makePrice();
    render();
  });
  frame.controls.append(modeS.row, yS.row, pBox, qBox, presets, uS.row);

  const barsHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'bars of the true distribution p and the model q over the five rhythm classes' });
  const priceHost = h('div', { class: 'c6-chart', role: 'img', 'aria-label': 'the cost −log q of the probability given to the correct class, with the current model marked' });
  const priceBox = h('div', null, h('p', { class: 'c6-sub' }, 'cost −log q(correct) against q(correct)'), priceHost);
  frame.picture.append(barsHost, priceBox);

  let p: number[] = [];
  let q: number[] = [];
  const plot = distChart(
    barsHost,
    () => RHYTHMS,
    [
      { label: 'truth p', colour: (t) => t.muted, fill: (t) => t.rule },
      { label: 'model q', colour: (t) => t.information },
    ],
    () => [p.length ? p : [0, 0, 0, 0, 0], q.length ? q : [0, 0, 0, 0, 0]],
  );
  let price = priceCurve(200, unit());
  const priceMarker = () => {
    const qy = q[state.get().y] ?? 0;
    let b = 0;
    price.q.forEach((x, i) => Math.abs(x - qy) < Math.abs(price.q[b]! - qy) && (b = i));
    return price.q.map((_, i) => (i === b ? price.cost[i]! : null));
  };
  const makePrice = () =>
    themedPlot(
      priceHost,
      (t, width): uPlot.Options => ({
        width,
        height: 150,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, unit() === 'bits' ? 8 : 5.5] } },
        axes: [axis(t, { label: 'q(correct)', labelSize: 18 }), axis(t, { size: 40, label: unit(), labelSize: 18 })],
        series: [{}, { stroke: t.information, width: 2, points: { show: false } }, { stroke: t.information, paths: () => null, points: { show: true, size: 10, fill: t.information, stroke: t.bg } }],
      }),
      [price.q, price.cost, priceMarker()],
    );
  let pricePlot = makePrice();

  const lines = {
    H: numLine('entropy of the truth H(p)', 'H'),
    CE: numLine('cross-entropy H(p, q)', 'CE', true),
    gap: numLine('gap H(p, q) − H(p)', 'gap'),
    logq: numLine('−log q(correct)', 'minus-log-q'),
    loss: numLine('loss.crossEntropy(logits, y), nats', 'loss'),
  };
  frame.numbers.append(...Object.values(lines).map((l) => l.row));

  function render(): void {
    const s = state.get();
    const u = unit();
    const oh = onehot();
    yS.row.hidden = !oh;
    pBox.hidden = oh;
    priceBox.hidden = !oh;
    lines.logq.row.hidden = !oh;
    lines.loss.row.hidden = !oh;
    q = softmax(s.z);
    p = oh ? q.map((_, i) => (i === s.y ? 1 : 0)) : softmax(s.zp);
    const c = crossEntropyOf(p, q, u);
    setLive(lines.H.value, `${fmtNum(c.h, 4)} ${u}`);
    setLive(lines.CE.value, `${fmtNum(c.ce, 4)} ${u}`);
    setLive(lines.gap.value, `${fmtNum(c.gap, 4)} ${u}`);
    lines.CE.value.dataset.value = String(c.ce);
    lines.H.value.dataset.value = String(c.h);
    let oneHotTex = '';
    if (oh) {
      const o1 = oneHot(s.z, s.y);
      const mlq = u === 'bits' ? o1.minusLogQ / Math.LN2 : o1.minusLogQ;
      setLive(lines.logq.value, `${fmtNum(mlq, 4)} ${u}`);
      setLive(lines.loss.value, fmtNum(o1.lossOnLogits, 4));
      lines.loss.value.dataset.value = String(o1.lossOnLogits);
      oneHotTex = ` \\\\ \\text{one-hot } p:\\quad H(p, q) &= -${lg(u)}\\, q(\\text{${RHYTHMS[s.y]}}) = -${lg(u)}\\, ${texNum(q[s.y]!, 4)} = ${texNum(mlq, 4)}\\ \\text{${u}}`;
    }
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
    const base = u === 'bits' ? 2 : "'e'";
    frame.setCode(
      [
        `const logits = tensor(${lit(s.z)});          // the model's scores for ${RHYTHMS.join(', ')}`,
        `const q = logits.softmax(-1);`,
        oh ? `const p = ${lit(p)};   // one-hot: the ECG is labelled ${RHYTHMS[s.y]}` : `const p = tensor(${lit(s.zp)}).softmax(-1);`,
        `console.log('H(p)   ', info.entropy(p, { base: ${base} }).item());`,
        `console.log('H(p, q)', info.crossEntropy(p, q, { base: ${base} }).item());`,
        oh ? `loss.crossEntropy(logits, tensor(${s.y}, { dtype: 'int32' })).item()   // the same, in nats, from the logits` : `info.kl(p, q, { base: ${base} }).item()   // the gap`,
      ].join('\n'),
    );
    frame.schedule(() => {
      plot.setData([p.map((_, i) => i + 1), p, q]);
      if (oh) pricePlot.setData([price.q, price.cost, priceMarker()]);
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
