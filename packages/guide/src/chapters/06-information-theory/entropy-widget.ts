/**
 * Entropy widgets: (1) a coin with a P(heads) slider and its entropy curve, the current point
 * marked; (2) a classifier's distribution over the five ECG rhythm classes, edited through its
 * logits, with each outcome's surprise and the entropy as their probability-weighted average.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { coinCurve, coinEntropy, distEntropy, lit, RHYTHMS, surprise, type Unit } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { distChart, numLine, unitOptions } from './ui.js';

const lg = (u: Unit) => (u === 'bits' ? '\\log_2' : '\\ln');

function coinPresets(pick: (p: number) => void): HTMLElement {
  const presets = h('div', { class: 'w-buttons' });
  for (const [label, v] of [['fair', 0.5], ['loaded 90/10', 0.9], ['always heads', 1]] as const) {
    const b = h('button', { type: 'button', 'data-preset': String(v) }, label);
    b.addEventListener('click', () => pick(v));
    presets.append(b);
  }
  return presets;
}

function coinOptions(u: Unit) {
  return (t: Theme, width: number): uPlot.Options => ({
    width,
    height: 210,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: [0, 1] }, y: { range: [0, u === 'bits' ? 1.05 : 0.75] } },
    axes: [axis(t, { label: 'P(heads)', labelSize: 18 }), axis(t, { size: 44, label: `H (${u})`, labelSize: 18 })],
    series: [{}, { stroke: t.information, width: 2, points: { show: false } }, { stroke: t.information, points: { show: true, size: 11, fill: t.information, stroke: t.bg }, paths: () => null }],
  });
}

function coinFormula(frame: Frame, p: number, H: number, u: Unit): void {
  const term = (x: number) => (x === 0 ? '0' : `${texNum(x, 2)}\\,${lg(u)} ${texNum(x, 2)}`);
  frame.setFormula(
    `\\live{hc}{H(p)} = -\\sum_x p(x)\\,${lg(u)}\\,p(x) = -\\big(${term(p)} + ${term(1 - p)}\\big) = ${H.toFixed(4)}\\ \\text{${u}}` + (p === 0 || p === 1 ? `\\quad (0 ${lg(u)} 0 = 0)` : ''),
    { hc: { value: H, name: 'H(p)', what: `the coin’s entropy (${u}), p(heads) = ${p}`, digits: 4 } },
  );
}

const coinCode = (p: number, u: Unit) =>
  [`// entropy of a coin with P(heads) = ${p}`, `const p = [${p}, ${+(1 - p).toFixed(10)}];`, `console.log('surprise', tensor(p).log().neg()${u === 'bits' ? '.div(Math.LN2)' : ''});`, `info.entropy(p, { base: ${u === 'bits' ? 2 : "'e'"} }).item()`].join('\n');

export function mountCoin(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'coin';
  const state = urlState(id, { p: 0.5, unit: 'bits' as string }, { p: { min: 0, max: 1 }, unit: { oneOf: unitOptions.map(([u]) => u) } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Entropy of a coin',
    branch: 'information',
    caption: 'Slide P(heads): a fair coin is the most uncertain one; a coin that always lands heads holds no surprise at all.',
    sources: [
      { file: 'info/entropy.ts', name: 'entropy' },
      { file: 'info/xlogy.ts', name: 'xlogy' },
    ],
  });
  const unit = () => state.get().unit as Unit;
  const pS = slider('P(heads)', 'p', { min: 0, max: 1, step: 0.01, value: state.get().p }, (v) => {
    state.set({ p: v });
    render();
  });
  const uS = select('unit', 'unit', unitOptions, unit(), (v) => {
    state.set({ unit: v });
    curve = coinCurve(101, v);
    plot.destroy();
    plot = makePlot();
    render();
  });
  const presets = coinPresets((v) => {
    state.set({ p: v });
    pS.set(v);
    render();
  });
  frame.controls.append(pS.row, presets, uS.row);

  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'entropy of a coin plotted against P(heads), with the current coin marked; its value is in the numbers below' });
  frame.picture.append(host);
  let curve = coinCurve(101, unit());
  const marker = () => {
    const i = Math.round(state.get().p * 100);
    return curve.p.map((_, j) => (j === i ? curve.h[i]! : null));
  };
  const makePlot = () => themedPlot(host, coinOptions(unit()), [curve.p, curve.h, marker()]);
  let plot = makePlot();

  const lines = {
    heads: numLine('P(heads)', 'heads'),
    tails: numLine('P(tails)', 'tails'),
    sH: numLine('surprise of heads', 'surprise-heads'),
    sT: numLine('surprise of tails', 'surprise-tails'),
    H: numLine('entropy H', 'H', true),
  };
  frame.numbers.append(...Object.values(lines).map((l) => l.row));

  function render(): void {
    const { p } = state.get();
    const u = unit();
    const H = coinEntropy(p, u);
    const [sh, st] = surprise([p, 1 - p], u);
    setLive(lines.heads.value, fmtNum(p, 2));
    setLive(lines.tails.value, fmtNum(1 - p, 2));
    setLive(lines.sH.value, `${fmtNum(sh!, 3)} ${u}`);
    setLive(lines.sT.value, `${fmtNum(st!, 3)} ${u}`);
    setLive(lines.H.value, `${fmtNum(H, 4)} ${u}`);
    lines.H.value.dataset.value = String(H);
    coinFormula(frame, p, H, u);
    frame.setCode(coinCode(p, u));
    frame.schedule(() => plot.setData([curve.p, curve.h, marker()]));
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}

const DEFAULT_Z = [2.5, 0.5, 0, -1, 0];

function rhythmPresets(pick: (z: readonly number[]) => void): HTMLElement {
  const presets = h('div', { class: 'w-buttons' });
  for (const [label, z] of [
    ['sure: normal', [6, 0, 0, 0, 0]],
    ['afib or normal?', [2, 2, -2, -2, -2]],
    ['no idea', [0, 0, 0, 0, 0]],
  ] as const) {
    const b = h('button', { type: 'button' }, label);
    b.addEventListener('click', () => pick(z));
    presets.append(b);
  }
  return presets;
}

/** Per class: p, surprise, p × surprise (cells carry data-cell="i,j"). */
function rhythmTable() {
  const cells = RHYTHMS.map(() => [h('td'), h('td'), h('td')]);
  const table = h(
    'table',
    { class: 'c6-table', 'aria-label': 'probability, surprise and contribution to entropy of each rhythm class' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'class'), h('th', { scope: 'col' }, 'p'), h('th', { scope: 'col' }, 'surprise'), h('th', { scope: 'col' }, 'p × surprise'))),
    h('tbody', null, ...RHYTHMS.map((r, i) => h('tr', null, h('th', { scope: 'row' }, r), ...cells[i]!.map((c, j) => (c.setAttribute('data-cell', `${i},${j}`), c))))),
  );
  return { cells, table };
}

function rhythmFormula(frame: Frame, d: ReturnType<typeof distEntropy>, z: number[], u: Unit): void {
  const terms = d.p.map((p, i) => `${texNum(p, 3)}\\cdot${texNum(d.surprise[i]!, 2)}`);
  frame.setFormula(
    `\\begin{aligned}\\live{p}{p} &= \\operatorname{softmax}(\\live{z}{z}),\\quad \\live{h}{H(p)} = \\sum_x p(x)\\,\\big(-${lg(u)}\\,p(x)\\big) \\\\ &= ${terms.join(' + ')} \\\\ &= ${texNum(d.h, 4)}\\ \\text{${u}} \\;\\le\\; ${lg(u)} 5 = ${texNum(d.hMax, 3)}\\end{aligned}`,
    {
      p: { value: d.p, name: 'p', what: 'the rhythm probabilities', digits: 3 },
      z: { value: z, name: 'z', what: 'the logits', digits: 1 },
      h: { value: d.h, name: 'H(p)', what: `the entropy (${u})`, digits: 4 },
    },
  );
}

const rhythmCode = (z: number[], u: Unit) =>
  [`// an ECG classifier's logits over ${RHYTHMS.join(', ')}`, `const p = tensor(${lit(z)}).softmax(-1);`, `console.log('p', p);`, `info.entropy(p, { base: ${u === 'bits' ? 2 : "'e'"} }).item()`].join('\n');

export function mountRhythm(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'rhythm';
  const state = urlState(id, { z: DEFAULT_Z, unit: 'bits' as string }, { z: { min: -4, max: 4 }, unit: { oneOf: unitOptions.map(([u]) => u) } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Entropy of a prediction over five rhythms',
    branch: 'information',
    caption: 'Edit the logits of an ECG classifier: a peaked prediction has low entropy, a flat one reaches log₂ 5 ≈ 2.32 bits.',
    sources: [
      { file: 'info/entropy.ts', name: 'entropy' },
      { file: 'ops/activation.ts', name: 'softmax' },
    ],
  });
  const unit = () => state.get().unit as Unit;
  const sliders = RHYTHMS.map((r, i) =>
    slider(`logit ${r}`, `z${i}`, { min: -4, max: 4, step: 0.1, value: state.get().z[i]!, digits: 1 }, (v) => {
      const z = [...state.get().z];
      z[i] = v;
      state.set({ z });
      render();
    }),
  );
  const presets = rhythmPresets((z) => {
    state.set({ z: [...z] });
    z.forEach((v, i) => sliders[i]!.set(v));
    render();
  });
  const uS = select('unit', 'unit', unitOptions, unit(), (v) => {
    state.set({ unit: v });
    render();
  });
  frame.controls.append(...sliders.map((s) => s.row), presets, uS.row);

  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'bar chart of the predicted probability of each rhythm class; the numbers are in the table below' });
  frame.picture.append(host);
  let d = distEntropy(state.get().z, unit());
  const plot = distChart(host, () => RHYTHMS, [{ label: 'P(class)', colour: (t) => t.information }], () => [d.p]);

  const { cells, table } = rhythmTable();
  const H = numLine('entropy H = Σ p × surprise', 'H', true);
  const Hmax = numLine('most possible with 5 classes', 'Hmax');
  frame.numbers.append(table, H.row, Hmax.row);

  function render(): void {
    const u = unit();
    d = distEntropy(state.get().z, u);
    d.p.forEach((p, i) => {
      setLive(cells[i]![0]!, fmtNum(p, 3));
      setLive(cells[i]![1]!, fmtNum(d.surprise[i]!, 3));
      setLive(cells[i]![2]!, fmtNum(p * d.surprise[i]!, 3));
    });
    setLive(H.value, `${fmtNum(d.h, 4)} ${u}`);
    H.value.dataset.value = String(d.h);
    setLive(Hmax.value, `${fmtNum(d.hMax, 4)} ${u}`);
    rhythmFormula(frame, d, state.get().z, u);
    frame.setCode(rhythmCode(state.get().z, u));
    frame.schedule(() => plot.setData([d.p.map((_, i) => i + 1), d.p]));
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}
