/**
 * KL divergence widgets. (1) Teacher p and student q over the five rhythms, each from logits at a
 * temperature: KL(p‖q) and KL(q‖p) side by side, KL = H(p, q) − H(p), and loss.klDiv as
 * distillation uses it. (2) Asymmetry: a two-mode truth p and a one-bump q(μ, σ); forward KL
 * covers both modes, reverse KL picks one.
 */
import type uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme } from '../../lib/plot.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { asym, bestFits, BINS, klOf, lit, RHYTHMS, TRUE_MODES, trueP, type Unit } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { distChart, numLine, unitOptions } from './ui.js';

const big = (name: string, key: string, accent = false) => {
  const value = h('span', { class: 'num', 'data-n': key });
  return { box: h('div', { class: accent ? 'c6-accent' : '' }, h('span', { class: 'c6-name' }, name), value), value };
};

const KL_DEFAULTS = { zp: [4, 2, 0.5, -1, 1], zq: [2, 0, 0, 0, 0], T: 1, unit: 'nats' as string };
type KlState = UrlState<typeof KL_DEFAULTS>;
type KlView = ReturnType<typeof klOf>;

function klState(id: string): KlState {
  return urlState(id, { ...KL_DEFAULTS, zp: [...KL_DEFAULTS.zp], zq: [...KL_DEFAULTS.zq] }, { zp: { min: -5, max: 5 }, zq: { min: -5, max: 5 }, T: { min: 0.5, max: 5 }, unit: { oneOf: unitOptions.map(([u]) => u) } });
}

/** Teacher and student logits (a fieldset each), the temperature, "student = teacher", the unit. */
function klControls(frame: Frame, state: KlState, render: () => void): void {
  const grid = (key: 'zp' | 'zq', legend: string) => {
    const ss = RHYTHMS.map((r, i) =>
      slider(`${key === 'zp' ? 'teacher' : 'student'} logit ${r}`, `${key}${i}`, { min: -5, max: 5, step: 0.1, value: state.get()[key][i]!, digits: 1 }, (v) => {
        const z = [...state.get()[key]];
        z[i] = v;
        state.set({ [key]: z });
        render();
      }),
    );
    return { ss, box: h('fieldset', null, h('legend', null, legend), ...ss.map((s) => s.row)) };
  };
  const P = grid('zp', 'teacher p (the target)');
  const Q = grid('zq', 'student q (the model)');
  const tS = slider('temperature T', 'T', { min: 0.5, max: 5, step: 0.1, value: state.get().T, digits: 1 }, (v) => {
    state.set({ T: v });
    render();
  });
  const match = h('button', { type: 'button', 'data-action': 'copy' }, 'Student = teacher');
  match.addEventListener('click', () => {
    const z = [...state.get().zp];
    state.set({ zq: z });
    z.forEach((v, i) => Q.ss[i]!.set(v));
    render();
  });
  const uS = select('unit', 'unit', unitOptions, state.get().unit as Unit, (v) => {
    state.set({ unit: v });
    render();
  });
  frame.controls.append(P.box, Q.box, tS.row, h('div', { class: 'w-buttons' }, match), uS.row);
}

function klNumbers(frame: Frame) {
  const bigPQ = big('KL(p ‖ q)', 'kl-pq', true);
  const bigQP = big('KL(q ‖ p)', 'kl-qp');
  const lines = {
    hP: numLine('H(p)', 'hP'),
    ce: numLine('H(p, q)', 'cePQ'),
    diff: numLine('H(p, q) − H(p)', 'diff', true),
    loss: numLine('loss.klDiv(student logits / T, p), nats', 'klDiv'),
    lossR: numLine('loss.klDivReverse(…), nats', 'klDivReverse'),
  };
  frame.numbers.append(...Object.values(lines).map((l) => l.row));
  return { bigPQ, bigQP, lines };
}

function fillKL(n: ReturnType<typeof klNumbers>, k: KlView, u: Unit): void {
  const { bigPQ, bigQP, lines } = n;
  setLive(bigPQ.value, `${fmtNum(k.klPQ, 4)} ${u}`);
  setLive(bigQP.value, `${fmtNum(k.klQP, 4)} ${u}`);
  bigPQ.value.dataset.value = String(k.klPQ);
  bigQP.value.dataset.value = String(k.klQP);
  setLive(lines.hP.value, `${fmtNum(k.hP, 4)} ${u}`);
  setLive(lines.ce.value, `${fmtNum(k.cePQ, 4)} ${u}`);
  setLive(lines.diff.value, `${fmtNum(k.cePQ - k.hP, 4)} ${u}`);
  setLive(lines.loss.value, fmtNum(k.klDivLoss, 4));
  setLive(lines.lossR.value, fmtNum(k.klDivReverseLoss, 4));
  lines.loss.value.dataset.value = String(k.klDivLoss);
}

function klFormula(frame: Frame, k: KlView, T: number, u: Unit): void {
  const U = `\\ \\text{${u}}`;
  frame.setFormula(
    `\\begin{aligned}\\live{kpq}{D_{KL}(p\\,\\|\\,q)} &= \\sum_x \\live{p}{p(x)}\\log\\frac{p(x)}{\\live{q}{q(x)}} = H(p, q) - H(p) = ${texNum(k.cePQ, 4)} - ${texNum(k.hP, 4)} = ${texNum(k.klPQ, 4)}${U} \\\\ \\live{kqp}{D_{KL}(q\\,\\|\\,p)} &= H(q, p) - H(q) = ${texNum(k.ceQP, 4)} - ${texNum(k.hQ, 4)} = ${texNum(k.klQP, 4)}${U} \\\\ p &= \\operatorname{softmax}(z_{\\text{teacher}} / T),\\quad q = \\operatorname{softmax}(z_{\\text{student}} / T),\\quad T = ${texNum(T, 1)}\\end{aligned}`,
    {
      kpq: { value: k.klPQ, name: 'KL(p ‖ q)', what: u, digits: 4 },
      kqp: { value: k.klQP, name: 'KL(q ‖ p)', what: u, digits: 4 },
      p: { value: k.p, name: 'p', what: 'the teacher’s distribution', digits: 3 },
      q: { value: k.q, name: 'q', what: 'the student’s distribution', digits: 3 },
    },
  );
}

function klCode(s: typeof KL_DEFAULTS, u: Unit): string {
  const base = u === 'bits' ? 2 : "'e'";
  return [
    `const T = ${s.T};`,
    `const p = tensor(${lit(s.zp)}).div(T).softmax(-1);   // teacher`,
    `const student = tensor(${lit(s.zq)});`,
    `const q = student.div(T).softmax(-1);`,
    `console.log('KL(p||q)', info.kl(p, q, { base: ${base} }).item());`,
    `console.log('KL(q||p)', info.kl(q, p, { base: ${base} }).item());`,
    `console.log('CE − H  ', info.crossEntropy(p, q, { base: ${base} }).item() - info.entropy(p, { base: ${base} }).item());`,
    `loss.klDiv(student.div(T), p).item()   // distillation's loss, nats`,
  ].join('\n');
}

export function mountKL(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'kl';
  const state = klState(id);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'KL divergence between a teacher and a student',
    branch: 'information',
    caption: 'Edit the two models’ logits: KL(p‖q) and KL(q‖p) are both zero only when the two agree, and otherwise they differ.',
    sources: [
      { file: 'info/entropy.ts', name: 'kl' },
      { file: 'loss/kl.ts', name: 'klDiv' },
    ],
  });
  const unit = () => state.get().unit as Unit;
  klControls(frame, state, () => render());
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'bars of the teacher distribution p and the student distribution q over the five rhythms' });
  const nums = klNumbers(frame);
  frame.picture.append(h('div', { class: 'c6-big' }, nums.bigPQ.box, nums.bigQP.box), host);
  let k = klOf(state.get().zp, state.get().zq, state.get().T, unit());
  const plot = distChart(host, () => RHYTHMS, [{ label: 'teacher p', colour: (t) => t.muted, fill: (t) => t.rule }, { label: 'student q', colour: (t) => t.information }], () => [k.p, k.q]);

  function render(): void {
    const s = state.get();
    const u = unit();
    k = klOf(s.zp, s.zq, s.T, u);
    fillKL(nums, k, u);
    klFormula(frame, k, s.T, u);
    frame.setCode(klCode(s, u));
    frame.schedule(() => plot.setData([k.p.map((_, i) => i + 1), k.p, k.q]));
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

type AsymState = UrlState<{ mu: number; sigma: number; unit: string }>;
type Fits = ReturnType<typeof bestFits>;

function asymControls(frame: Frame, state: AsymState, fitsFor: (u: Unit) => Fits, render: () => void): void {
  const muS = slider('centre μ of q (bpm)', 'mu', { min: 40, max: 200, step: 2, value: state.get().mu, digits: 0 }, (v) => {
    state.set({ mu: v });
    render();
  });
  const sS = slider('width σ of q (bpm)', 'sigma', { min: 4, max: 60, step: 1, value: state.get().sigma, digits: 0 }, (v) => {
    state.set({ sigma: v });
    render();
  });
  const fitBtn = (label: string, dir: 'forward' | 'reverse') => {
    const b = h('button', { type: 'button', 'data-fit': dir }, label);
    b.addEventListener('click', () => {
      const f = fitsFor(state.get().unit as Unit)[dir];
      state.set({ mu: f.mu, sigma: f.sigma });
      muS.set(f.mu);
      sS.set(f.sigma);
      render();
    });
    return b;
  };
  const uS = select('unit', 'unit', unitOptions, state.get().unit as Unit, (v) => {
    state.set({ unit: v });
    render();
  });
  frame.controls.append(muS.row, sS.row, h('div', { class: 'w-buttons' }, fitBtn('Best q for KL(p‖q)', 'forward'), fitBtn('Best q for KL(q‖p)', 'reverse')), uS.row);
}

function densityOptions(yMax: () => number) {
  return (t: Theme, width: number): uPlot.Options => ({
    width,
    height: 200,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: { x: { time: false }, y: { range: () => [0, yMax()] } },
    axes: [axis(t, { label: 'heart rate (bpm)', labelSize: 18 }), axis(t, { size: 44 })],
    series: [{}, { label: 'truth p', stroke: t.muted, fill: t.rule, width: 2, points: { show: false } }, { label: 'model q', stroke: t.information, width: 2.5, points: { show: false } }],
  });
}

function scanOptions(t: Theme, width: number): uPlot.Options {
  return {
    width,
    height: 160,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: { x: { time: false }, y: { range: (_u, _a, mx) => [0, Math.min(mx, 12)] } },
    axes: [axis(t, { label: 'μ (bpm)', labelSize: 18 }), axis(t, { size: 40 })],
    series: [
      {},
      { label: 'KL(p‖q)', stroke: t.information, width: 2, points: { show: false } },
      { label: 'KL(q‖p)', stroke: t.muted, width: 2, dash: [6, 4], points: { show: false } },
      { label: 'current μ', stroke: t.information, paths: () => null, points: { show: true, size: 9, fill: t.information, stroke: t.bg } },
    ],
  };
}

/** Both KL directions at every position of the μ slider; depends on σ and the unit only, so it is kept until those change. */
function scanner(p: number[]) {
  const mus = Array.from({ length: 81 }, (_, i) => 40 + 2 * i); // the μ slider's positions
  let memo: { key: string; fwd: number[]; rev: number[] } | null = null;
  return (mu: number, sigma: number, u: Unit): uPlot.AlignedData => {
    const key = `${sigma},${u}`;
    if (memo?.key !== key) {
      const rows = mus.map((m) => asym(p, m, sigma, u));
      memo = { key, fwd: rows.map((r) => r.forward), rev: rows.map((r) => r.reverse) };
    }
    const m = memo;
    return [mus, m.fwd, m.rev, mus.map((x, i) => (x === mu ? m.fwd[i]! : null))];
  };
}

function asymFormula(frame: Frame, a: ReturnType<typeof asym>, mu: number, sigma: number, u: Unit): void {
  frame.setFormula(
    `\\begin{aligned}\\live{fw}{D_{KL}(p\\,\\|\\,q)} &= \\sum_x p(x)\\log\\frac{p(x)}{q(x)} = ${texNum(a.forward, 4)} \\\\ \\live{rv}{D_{KL}(q\\,\\|\\,p)} &= \\sum_x q(x)\\log\\frac{q(x)}{p(x)} = ${texNum(a.reverse, 4)}\\end{aligned}`,
    {
      fw: { value: a.forward, name: 'KL(p ‖ q)', what: `forward, mass-covering (${u}); q = N(${mu}, ${sigma}²)`, digits: 4 },
      rv: { value: a.reverse, name: 'KL(q ‖ p)', what: `reverse, mode-seeking (${u})`, digits: 4 },
    },
  );
}

function asymCode(mu: number, sigma: number, u: Unit): string {
  const base = u === 'bits' ? 2 : "'e'";
  return [
    `// heart-rate bins (bpm) and two bumps: ${TRUE_MODES.map((m) => `${m.w} × N(${m.mu}, ${m.sigma}²)`).join(' + ')}`,
    `const x = tensor(${lit(BINS)}, { dtype: 'float64' });`,
    `const bump = (mu, s) => x.sub(mu).div(s).square().mul(-0.5).sub(Math.log(s));   // log density`,
    `const p = stack([bump(${TRUE_MODES[0]!.mu}, ${TRUE_MODES[0]!.sigma}).add(Math.log(${TRUE_MODES[0]!.w})), bump(${TRUE_MODES[1]!.mu}, ${TRUE_MODES[1]!.sigma}).add(Math.log(${TRUE_MODES[1]!.w}))]).logsumexp(0).softmax(-1);`,
    `const q = bump(${mu}, ${sigma}).softmax(-1);`,
    `console.log('KL(p||q)', info.kl(p, q, { base: ${base} }).item());`,
    `info.kl(q, p, { base: ${base} }).item()`,
  ].join('\n');
}

export function mountAsym(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'klasym';
  const state = urlState(id, { mu: 100, sigma: 20, unit: 'nats' as string }, { mu: { min: 40, max: 200 }, sigma: { min: 4, max: 60 }, unit: { oneOf: unitOptions.map(([u]) => u) } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'One bump for a two-humped truth',
    branch: 'information',
    caption: 'Fit a single bump q to heart rates with two modes: minimising KL(p‖q) spreads q over both, minimising KL(q‖p) settles on one.',
    sources: [{ file: 'info/entropy.ts', name: 'kl' }],
  });
  const unit = () => state.get().unit as Unit;
  const p = trueP();
  const fitCache: Partial<Record<Unit, Fits>> = {};
  const fitsFor = (u: Unit) => (fitCache[u] ??= bestFits(p, u));
  asymControls(frame, state, fitsFor, () => render());

  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'the two-mode truth p and the one-bump model q over heart rate' });
  const scanHost = h('div', { class: 'c6-chart', role: 'img', 'aria-label': 'both KL directions as the centre of q moves, at the current width' });
  const bigF = big('KL(p ‖ q)  forward', 'fwd', true);
  const bigR = big('KL(q ‖ p)  reverse', 'rev');
  frame.picture.append(h('div', { class: 'c6-big' }, bigF.box, bigR.box), host, h('p', { class: 'c6-sub' }, 'both directions as μ moves (σ fixed)'), scanHost);

  let a = asym(p, state.get().mu, state.get().sigma, unit());
  const plot = themedPlot(host, densityOptions(() => Math.max(...p, ...a.q) * 1.25), [BINS, p, a.q]);
  const scanAt = scanner(p);
  const scanData = () => scanAt(state.get().mu, state.get().sigma, unit());
  const scan = themedPlot(scanHost, scanOptions, scanData());
  const lines = {
    fwd: numLine('best q for KL(p‖q)', 'best-forward'),
    rev: numLine('best q for KL(q‖p)', 'best-reverse'),
  };
  frame.numbers.append(
    ...Object.values(lines).map((l) => l.row),
    h('p', { class: 'w-note' }, 'KL(p‖q) weighs each bin by p: q must cover wherever p lives. KL(q‖p) weighs by q: q must stay away from where p is rare.'),
  );

  function render(): void {
    const s = state.get();
    const u = unit();
    a = asym(p, s.mu, s.sigma, u);
    setLive(bigF.value, `${fmtNum(a.forward, 3)} ${u}`);
    setLive(bigR.value, `${fmtNum(a.reverse, 3)} ${u}`);
    bigF.value.dataset.value = String(a.forward);
    bigR.value.dataset.value = String(a.reverse);
    const f = fitsFor(u);
    setLive(lines.fwd.value, `μ ${f.forward.mu}, σ ${f.forward.sigma} · ${fmtNum(f.forward.kl, 3)} ${u}`);
    setLive(lines.rev.value, `μ ${f.reverse.mu}, σ ${f.reverse.sigma} · ${fmtNum(f.reverse.kl, 3)} ${u}`);
    asymFormula(frame, a, s.mu, s.sigma, u);
    frame.setCode(asymCode(s.mu, s.sigma, u));
    frame.schedule(() => {
      plot.setData([BINS, p, a.q]);
      scan.setData(scanData());
    });
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      scan.destroy();
      frame.destroy();
    },
  };
}
