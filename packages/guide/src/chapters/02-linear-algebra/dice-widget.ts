/** Dice overlap of a predicted and a true mask over 40 time steps of an ECG (e.g. "where is the QRS complex?"). */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { DICE_CELLS, diceOf, mask } from './model.js';
import { slider } from '../../lib/controls.js';
import './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'dice';
  const state = urlState(id, { ts: 14, te: 24, ps: 18, pe: 30, conf: 1 }, {
    ts: { min: 0, max: DICE_CELLS - 1, int: true },
    te: { min: (s) => s.ts + 1, max: DICE_CELLS, int: true },
    ps: { min: 0, max: DICE_CELLS - 1, int: true },
    pe: { min: (s) => s.ps + 1, max: DICE_CELLS, int: true },
    conf: { min: 0.1, max: 1 },
  });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Dice: how much two masks overlap',
    branch: 'linalg',
    caption: 'Move the predicted segment over the true one; lower the confidence to make the prediction soft.',
    sources: [{ file: 'loss/dice.ts', name: 'dice' }],
  });
  // a mask starts before it ends: moving one end past the other pushes the other along
  const partner = { ts: 'te', te: 'ts', ps: 'pe', pe: 'ps' } as const;
  const sliders = {} as Record<'ts' | 'te' | 'ps' | 'pe', ReturnType<typeof slider>>;
  const sl = (label: string, key: 'ts' | 'te' | 'ps' | 'pe') => {
    const isStart = key === 'ts' || key === 'ps';
    sliders[key] = slider(label, key, { min: isStart ? 0 : 1, max: isStart ? DICE_CELLS - 1 : DICE_CELLS, step: 1, value: state.get()[key] }, (v) => {
      const other = partner[key];
      const o = state.get()[other];
      const fixed = isStart ? Math.max(o, v + 1) : Math.min(o, v - 1);
      state.set({ [key]: v, [other]: fixed });
      sliders[other]?.set(fixed);
      render();
    });
    return sliders[key];
  };
  const conf = slider('prediction confidence p inside', 'conf', { min: 0.1, max: 1, step: 0.05, value: state.get().conf, fmt: (v) => fmtNum(v, 2) }, (v) => (state.set({ conf: v }), render()));
  frame.controls.append(
    h('fieldset', null, h('legend', null, 'true mask t'), sl('starts at', 'ts').row, sl('ends before', 'te').row),
    h('fieldset', null, h('legend', null, 'predicted mask p'), sl('starts at', 'ps').row, sl('ends before', 'pe').row, conf.row),
  );
  const strips = h('div', { 'aria-label': 'the true mask, the predicted mask and their overlap as three rows of 40 cells', role: 'img' });
  frame.picture.append(strips);
  const scoreOut = h('strong', { class: 'num', 'data-dice': '' });
  const lossOut = h('span', { class: 'num', 'data-loss': '' });
  const parts = h('span', { class: 'num', 'data-parts': '' });
  frame.numbers.append(h('p', null, 'Dice = ', scoreOut, ' · loss.dice (ε = 1) = ', lossOut), h('p', null, parts));

  function render(): void {
    const s = state.get();
    const t = mask(s.ts, s.te);
    const p = mask(s.ps, s.pe, s.conf);
    const r = diceOf(p, t);
    const row = (label: string, on: (k: number) => string, style?: (k: number) => string | undefined) =>
      h('div', null, h('div', { class: 'la-strip-label' }, label), h('div', { class: 'la-strip' }, ...Array.from({ length: DICE_CELLS }, (_, k) => h('span', { class: on(k), style: style?.(k) }))));
    strips.textContent = '';
    strips.append(
      row('true mask t', (k) => (t[k] ? 'on' : '')),
      row('predicted p (shade = probability)', (k) => (p[k] ? 'on' : ''), (k) => (p[k] ? `opacity: ${0.25 + 0.75 * p[k]!}` : undefined)),
      row('overlap p · t', (k) => (p[k]! * t[k]! > 0 ? 'both' : '')),
    );
    setLive(scoreOut, fmtNum(r.score, 4));
    setLive(lossOut, fmtNum(r.lossEps1, 4));
    setLive(parts, `Σ p·t = ${fmtNum(r.inter, 2)}, Σ p = ${fmtNum(r.sumP, 2)}, Σ t = ${fmtNum(r.sumT, 2)}`);
    frame.setFormula(`\\text{Dice} = \\frac{2\\sum_i \\live{p}{p_i} \\live{t}{t_i}}{\\sum_i p_i + \\sum_i t_i} = \\frac{2 \\times ${texNum(r.inter, 2)}}{${texNum(r.sumP, 2)} + ${texNum(r.sumT, 2)}} = ${texNum(r.score, 4)}, \\qquad \\mathcal{L} = 1 - \\frac{2\\sum p t + \\varepsilon}{\\sum p + \\sum t + \\varepsilon}`, {
      p: { value: p, name: 'p (predicted)', what: 'the predicted probability of each cell', digits: 2 },
      t: { value: t, name: 't (true mask)', what: '1 inside the true region, 0 outside', digits: 0 },
    });
    frame.setCode(`const p = tensor(${JSON.stringify(p)});\nconst t = tensor(${JSON.stringify(t)});\nconsole.log('dice score', 1 - loss.dice(p, t, { eps: 1e-9 }).item());\nloss.dice(p, t).item()   // the loss, eps = 1`);
  }
  render();
  return { update: render, destroy: () => frame.destroy() };
}
