/**
 * Learning-rate schedules: lrAt(step) from optim.schedule.step / exponential / cosine /
 * warmupCosine, plotted with uPlot; the chosen one bold, the others faint for comparison.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { slider } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { expGamma, makeSchedule, scheduleCode, scheduleCurve, type ScheduleKind, type ScheduleSettings } from './model.js';

const KINDS: { kind: ScheduleKind; label: string }[] = [
  { kind: 'step', label: 'step decay' },
  { kind: 'exponential', label: 'exponential' },
  { kind: 'cosine', label: 'cosine' },
  { kind: 'warmupCosine', label: 'warmup + cosine' },
];
const TOTAL = 1000;

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ch5-sched';
  const state = urlState(
    id,
    { kind: 'warmupCosine', lr: 0.001, warmup: 100, stepSize: 300, gamma: 0.3, t: 50 },
    { kind: { oneOf: KINDS.map((k) => k.kind) }, lr: { min: 1e-6, max: 1 }, warmup: { min: 0, max: 400, int: true }, stepSize: { min: 50, max: 500, int: true }, gamma: { min: 0.1, max: 0.9 }, t: { min: 0, max: TOTAL + 100, int: true } },
  );
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Learning-rate schedules',
    branch: 'optimization',
    caption: 'Pick a schedule and move the step to read its learning rate.',
    sources: [
      { file: 'optim/schedule.ts', name: 'warmupCosine' },
      { file: 'optim/schedule.ts', name: 'cosine' },
      { file: 'optim/schedule.ts', name: 'step' },
      { file: 'optim/schedule.ts', name: 'exponential' },
    ],
  });
  const picker = h('fieldset', { class: 'ch5-picker' }, h('legend', null, 'schedule'));
  for (const k of KINDS) picker.append(h('label', null, h('input', { type: 'radio', name: `${id}-kind`, value: k.kind, 'data-ctl': 'kind' }), ` ${k.label}`));
  frame.controls.append(picker);
  const range = (key: 't' | 'warmup' | 'stepSize' | 'gamma', label: string, min: number, max: number, step: number) => {
    const c = slider(label, key, { min, max, step, value: state.get()[key] }, (v) => (state.set({ [key]: v }), render()));
    frame.controls.append(c.row);
    return c;
  };
  const tIn = range('t', 'step t', 0, TOTAL + 100, 1);
  const warm = range('warmup', 'warmup steps W', 0, 400, 10);
  const size = range('stepSize', 'step size (step decay)', 50, 500, 50);
  const gam = range('gamma', 'γ (decay factor)', 0.1, 0.9, 0.05);

  const host = h('div', { class: 'ch5-schedchart', role: 'img', 'aria-label': 'learning rate against step for the four schedules; the chosen one is drawn bold' });
  frame.picture.append(host);
  const nums = {
    at: h('span', { class: 'num', 'data-lr': 't' }),
    first: h('span', { class: 'num', 'data-lr': '0' }),
    mid: h('span', { class: 'num', 'data-lr': 'mid' }),
    end: h('span', { class: 'num', 'data-lr': 'end' }),
  };
  const tLabel = h('span');
  frame.numbers.append(
    h('dl', { class: 'ch5-kv' }, h('dt', null, tLabel), h('dd', null, nums.at), h('dt', null, 'lrAt(0)'), h('dd', null, nums.first), h('dt', null, `lrAt(${TOTAL / 2})`), h('dd', null, nums.mid), h('dt', null, `lrAt(${TOTAL})`), h('dd', null, nums.end)),
  );

  let plot: ThemedPlot | null = null;
  let kindShown = '';
  const settings = (): ScheduleSettings => {
    const s = state.get();
    return { lr: s.lr, totalSteps: TOTAL, warmupSteps: s.warmup, stepSize: s.stepSize, gamma: s.gamma, minLr: 0 };
  };
  function render(): void {
    const s = state.get();
    const kind = (KINDS.some((k) => k.kind === s.kind) ? s.kind : 'warmupCosine') as ScheduleKind;
    for (const r of picker.querySelectorAll('input')) r.checked = r.value === kind;
    tIn.set(s.t);
    warm.set(s.warmup);
    size.set(s.stepSize);
    gam.set(s.gamma);
    const st = settings();
    const sched = makeSchedule(kind, st);
    tLabel.textContent = `lrAt(${s.t})`;
    setLive(nums.at, fmtNum(sched.lrAt(s.t), 6));
    setLive(nums.first, fmtNum(sched.lrAt(0), 6));
    setLive(nums.mid, fmtNum(sched.lrAt(TOTAL / 2), 6));
    setLive(nums.end, fmtNum(sched.lrAt(TOTAL), 6));
    const curves = KINDS.map((k) => scheduleCurve(k.kind, st));
    const marker = curves[0]!.t.map((t) => (t === s.t ? sched.lrAt(t) : null));
    const data = [curves[0]!.t, ...curves.map((c) => c.lr), marker] as uPlot.AlignedData;
    if (!plot || kindShown !== kind) {
      plot?.destroy();
      host.textContent = '';
      const colors = ['linalg', 'calculus', 'probability', 'optimization'] as const;
      plot = themedPlot(
        host,
        (t, width) => ({
          width,
          height: 240,
          legend: { show: true, live: false },
          cursor: { show: false },
          scales: { x: { time: false }, y: { range: (_u, _a, max) => [0, max * 1.05] } },
          axes: [axis(t, { label: 'step t', labelSize: 16 }), axis(t, { size: 60, label: 'learning rate', labelSize: 16, values: (_u, vs) => vs.map((v) => v.toExponential(1)) })],
          series: [
            {},
            ...KINDS.map((k, i) => ({ label: k.label, stroke: t[colors[i]!], width: k.kind === kind ? 3 : 1, alpha: k.kind === kind ? 1 : 0.45, points: { show: false } })),
            { label: `t = step`, stroke: t.text, width: 0, points: { show: true, size: 10, fill: t.text, stroke: t.bg } },
          ],
        }),
        data,
      );
      kindShown = kind;
    } else plot.setData(data);
    const lrT = sched.lrAt(s.t);
    const F: Record<ScheduleKind, string> = {
      step: `\\eta_t = \\eta_0\\, \\gamma^{\\lfloor t / s \\rfloor} = ${s.lr} \\cdot ${s.gamma}^{\\lfloor ${s.t} / ${s.stepSize} \\rfloor} = ${s.lr} \\cdot ${s.gamma}^{${Math.floor(s.t / s.stepSize)}}`,
      exponential: `\\eta_t = \\eta_0\\, \\gamma^{t} = ${s.lr} \\cdot ${expGamma(st)}^{${s.t}} \\quad (\\gamma = ${s.gamma}^{1/${s.stepSize}})`,
      cosine: `\\eta_t = \\tfrac12\\,\\eta_0 \\left(1 + \\cos\\tfrac{\\pi t}{T}\\right) = \\tfrac12 \\cdot ${s.lr} \\left(1 + \\cos\\tfrac{\\pi \\cdot ${Math.min(s.t, TOTAL)}}{${TOTAL}}\\right)`,
      warmupCosine:
        s.t < s.warmup
          ? `t < W:\\ \\eta_t = \\eta_0\\, \\tfrac{t + 1}{W} = ${s.lr} \\cdot \\tfrac{${s.t + 1}}{${s.warmup}}`
          : `t \\ge W:\\ \\eta_t = \\tfrac12\\,\\eta_0 \\left(1 + \\cos\\tfrac{\\pi (t - W)}{T - W}\\right) = \\tfrac12 \\cdot ${s.lr} \\left(1 + \\cos\\tfrac{\\pi \\cdot ${Math.min(s.t, TOTAL) - s.warmup}}{${TOTAL - s.warmup}}\\right)`,
    };
    frame.setFormula(`${F[kind]} = ${lrT.toExponential(4).replace('e', '\\times 10^{') + '}'}`);
    frame.setCode([`const sched = ${scheduleCode(kind, st)};`, `// inside a training loop: opt.lr = sched.lrAt(step)`, `[0, ${s.t}, ${TOTAL / 2}, ${TOTAL}].map((t) => sched.lrAt(t))`].join('\n'));
  }
  picker.addEventListener('input', (e) => {
    state.set({ kind: (e.target as HTMLInputElement).value });
    render();
  });
  render();
  return {
    update: render,
    destroy() {
      plot?.destroy();
      frame.destroy();
    },
  };
}
