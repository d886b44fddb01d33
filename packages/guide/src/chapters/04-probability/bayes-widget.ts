/**
 * Bayes' rule for an arrhythmia detector: prior (how common arrhythmia is), sensitivity and
 * false-positive rate → P(arrhythmia | flagged) from prob.bayes, shown beside a picture of 1000
 * patients so the base-rate effect is visible: with a rare condition most flags are false alarms.
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { bayesView, code, POPULATION, type BayesView } from './model.js';
import { slider } from '../../lib/controls.js';
import { numberList } from './ui.js';

const pct = (p: number, d = 1) => `${fmtNum(p * 100, d)} %`;

/** The picture: one dot per patient, the colour key, the bar of true and false alarms, its note. */
function patients(frame: Frame) {
  const dots: HTMLElement[] = [];
  const grid = h('div', { class: 'patients', role: 'img' });
  for (let i = 0; i < POPULATION; i++) {
    const d = h('i');
    dots.push(d);
    grid.append(d);
  }
  const key = h(
    'ul',
    { class: 'patient-key' },
    h('li', null, h('i', { class: 'tp' }), 'arrhythmia, flagged'),
    h('li', null, h('i', { class: 'fn' }), 'arrhythmia, missed'),
    h('li', null, h('i', { class: 'fp' }), 'healthy, flagged'),
    h('li', null, h('i'), 'healthy, not flagged'),
  );
  const bar = h('div', { class: 'posterior-bar', 'aria-hidden': 'true' }, h('span', { class: 'tp' }), h('span', { class: 'fp' }));
  const barNote = h('p', { class: 'ch4-note', 'data-num': 'flagged-note' });
  frame.picture.append(h('p', { class: 'ch4-note' }, `${POPULATION} patients, one dot each`), grid, key, bar, barNote);
  return { dots, grid, bar, barNote };
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'bayes';
  const state = urlState(id, { prior: 0.02, sensitivity: 0.95, fpr: 0.05 }, { prior: { min: 0.001, max: 0.3 }, sensitivity: { min: 0.5, max: 1 }, fpr: { min: 0, max: 0.3 } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'P(arrhythmia | the detector says yes)',
    branch: 'probability',
    caption: 'Make arrhythmia rarer and watch the share of true alarms among all alarms fall, even with the detector unchanged.',
    sources: [{ file: 'prob/stats.ts', name: 'bayes' }],
  });
  const mk = (key: 'prior' | 'sensitivity' | 'fpr', label: string, min: number, max: number, step: number) =>
    slider(label, key, { min, max, step, value: state.get()[key], fmt: (v) => pct(v, step < 0.01 ? 1 : 0) }, (v) => (state.set({ [key]: v }), render()));
  const prior = mk('prior', 'prior P(arrhythmia)', 0.001, 0.3, 0.001);
  const sens = mk('sensitivity', 'sensitivity P(yes | arrhythmia)', 0.5, 1, 0.01);
  const fpr = mk('fpr', 'false-positive rate P(yes | healthy)', 0, 0.3, 0.005);
  frame.controls.append(prior.row, sens.row, fpr.row);

  // ---- picture: 1000 patients ----
  const { dots, grid, bar, barNote } = patients(frame);

  const big = h('span', { class: 'big-num', 'data-num': 'posterior' });
  frame.numbers.append(h('p', null, 'P(arrhythmia | yes) = ', big));
  const cells = numberList(frame.numbers, [
    ['evidence', 'P(yes), all flags'],
    ['sick', 'patients with arrhythmia'],
    ['tp', 'flagged and ill'],
    ['fp', 'flagged but healthy'],
    ['fn', 'missed'],
  ]);

  function render() {
    const s = state.get();
    const v: BayesView = bayesView(s);
    const order: string[] = [];
    for (let i = 0; i < v.truePos; i++) order.push('tp');
    for (let i = 0; i < v.falseNeg; i++) order.push('fn');
    for (let i = 0; i < v.falsePos; i++) order.push('fp');
    dots.forEach((d, i) => (d.className = order[i] ?? ''));
    grid.setAttribute('aria-label', `${v.population} patients: ${v.truePos} with arrhythmia flagged, ${v.falseNeg} missed, ${v.falsePos} healthy but flagged, ${v.trueNeg} healthy and not flagged`);
    const flagged = v.truePos + v.falsePos;
    const share = flagged ? v.truePos / flagged : 0;
    (bar.children[0] as HTMLElement).style.width = `${share * 100}%`;
    (bar.children[1] as HTMLElement).style.width = `${flagged ? (1 - share) * 100 : 0}%`;
    setLive(barNote, `Of the ${flagged} patients flagged, ${v.truePos} have arrhythmia: ${flagged ? pct(share) : '—'} (rounded to whole patients).`);
    setLive(big, pct(v.posterior, 2));
    setLive(cells.evidence!, pct(v.evidence, 2));
    setLive(cells.sick!, `${v.sick} of ${v.population}`);
    setLive(cells.tp!, String(v.truePos));
    setLive(cells.fp!, String(v.falsePos));
    setLive(cells.fn!, String(v.falseNeg));
    const [P, L, F] = [texNum(s.prior, 3), texNum(s.sensitivity, 2), texNum(s.fpr, 3)];
    frame.setFormula(
      `\\live{post}{P(A \\mid \\text{yes})} = \\frac{\\live{sens}{P(\\text{yes} \\mid A)}\\,\\live{prior}{P(A)}}{P(\\text{yes} \\mid A)\\,P(A) + \\live{fpr}{P(\\text{yes} \\mid \\neg A)}\\,(1 - P(A))} = \\frac{${L} \\times ${P}}{${L} \\times ${P} + ${F} \\times ${texNum(1 - s.prior, 3)}} = ${texNum(v.posterior, 4)}`,
      {
        post: { value: v.posterior, name: 'P(A | yes)', what: 'the posterior', digits: 4 },
        sens: { value: s.sensitivity, name: 'P(yes | A)', what: 'the sensitivity' },
        prior: { value: s.prior, name: 'P(A)', what: 'the prior (prevalence)', digits: 4 },
        fpr: { value: s.fpr, name: 'P(yes | ¬A)', what: 'the false-positive rate' },
      },
    );
    frame.setCode(code.bayes(s));
  }
  render();
  return {
    update() {
      const s = state.get();
      prior.set(s.prior);
      sens.set(s.sensitivity);
      fpr.set(s.fpr);
      render();
    },
    destroy: () => frame.destroy(),
  };
}
