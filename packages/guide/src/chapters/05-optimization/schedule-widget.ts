/**
 * Learning-rate schedules, and what they do to a real run: lrAt(step) from
 * optim.schedule.byName for the four decaying schedules (the chosen one bold), and beside it the
 * loss of the spirals recipe trained with the chosen schedule against the same run at a constant
 * learning rate. The runs train in a Web Worker (train.worker.ts) and are kept per setting.
 */
import uPlot from 'uplot';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { select, slider, type Slider } from '../../lib/controls.js';
import { urlState, type UrlState } from '../../lib/state.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { expGamma, makeSchedule, SCHEDULE_RUN, scheduleCode, scheduleCurve, type ScheduleKind, type ScheduleSettings } from './model.js';
import type { FromTrainer } from './train-protocol.js';
import { trainerClient, type TrainerClient } from './train-client.js';

const KINDS: { kind: ScheduleKind; label: string }[] = [
  { kind: 'step', label: 'step decay' },
  { kind: 'exponential', label: 'exponential' },
  { kind: 'cosine', label: 'cosine' },
  { kind: 'warmupCosine', label: 'warmup + cosine' },
];
/** Updates of the run: 40 epochs of the spirals recipe's 15 batches. */
const TOTAL = 600;
/** The loss curves are means over one epoch's batches. */
const SMOOTH = 15;

type SchedState = { schedule: string; lr: number; warmupSteps: number; stepSize: number; gamma: number; t: number };
type Run = { losses: number[]; lrs: number[] };

function scheduleState(id: string): UrlState<SchedState> {
  return urlState<SchedState>(
    id,
    { schedule: 'warmupCosine', lr: 0.01, warmupSteps: 60, stepSize: 180, gamma: 0.3, t: 50 },
    {
      schedule: { oneOf: KINDS.map((k) => k.kind) },
      lr: { min: 1e-4, max: 0.1 },
      warmupSteps: { min: 0, max: 240, int: true },
      stepSize: { min: 30, max: 300, int: true },
      gamma: { min: 0.1, max: 0.9 },
      t: { min: 0, max: TOTAL + 60, int: true },
    },
  );
}

const kindOf = (s: SchedState): ScheduleKind => (KINDS.some((k) => k.kind === s.schedule) ? (s.schedule as ScheduleKind) : 'warmupCosine');
const settingsOf = (s: SchedState): ScheduleSettings => ({ lr: s.lr, totalSteps: TOTAL, warmupSteps: s.warmupSteps, stepSize: s.stepSize, gamma: s.gamma, minLr: 0 });

/** The schedule picker, the lr select and the sliders, each writing its URL key. */
function scheduleControls(id: string, frame: Frame, state: UrlState<SchedState>, changed: () => void) {
  const picker = h('fieldset', { class: 'ch5-picker' }, h('legend', null, 'schedule'));
  for (const k of KINDS) picker.append(h('label', null, h('input', { type: 'radio', name: `${id}-schedule`, value: k.kind, 'data-ctl': 'schedule' }), ` ${k.label}`));
  picker.addEventListener('input', (e) => (state.set({ schedule: (e.target as HTMLInputElement).value }), changed()));
  const lrs = [0.001, 0.003, 0.01, 0.03, 0.1].map((v) => [String(v), String(v)] as [string, string]);
  const lr = select('peak learning rate η₀ (Adam)', 'lr', lrs, String(state.get().lr), (v) => (state.set({ lr: Number(v) }), changed()));
  frame.controls.append(picker, lr.row);
  const range = (key: 't' | 'warmupSteps' | 'stepSize' | 'gamma', label: string, min: number, max: number, step: number): Slider => {
    const c = slider(label, key, { min, max, step, value: state.get()[key] }, (v) => (state.set({ [key]: v }), changed()));
    frame.controls.append(c.row);
    return c;
  };
  const sliders = {
    t: range('t', 'step t', 0, TOTAL + 60, 1),
    warmupSteps: range('warmupSteps', 'warmup steps W', 0, 240, 10),
    stepSize: range('stepSize', 'step size s (step, exponential)', 30, 300, 30),
    gamma: range('gamma', 'γ, the factor every s steps', 0.1, 0.9, 0.05),
  };
  return {
    /** Puts the controls at the state's values (after a URL or reset). */
    sync(s: SchedState) {
      for (const r of picker.querySelectorAll('input')) r.checked = r.value === kindOf(s);
      lr.set(String(s.lr));
      for (const k of Object.keys(sliders) as (keyof typeof sliders)[]) sliders[k].set(s[k]);
    },
  };
}

/** lr(t) of the four schedules, the chosen one bold, and a marker at step t. */
function lrPlot(host: HTMLElement, kind: ScheduleKind, data: uPlot.AlignedData): ThemedPlot {
  const colors = ['linalg', 'calculus', 'probability', 'optimization'] as const;
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 220,
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
}

/** The two runs' losses (means over the last epoch's batches) against the update. */
function lossPlot(host: HTMLElement): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 220,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [0, TOTAL] }, y: { range: (_u, _a, max) => [0, Math.max(1.2, (max || 0) * 1.05)] } },
      axes: [axis(t, { label: 'update', labelSize: 16 }), axis(t, { size: 52, label: 'cross-entropy', labelSize: 16 })],
      series: [{}, { label: 'this schedule', stroke: t.optimization, width: 2.5, points: { show: false } }, { label: 'constant η₀', stroke: t.muted ?? t.text, width: 1, dash: [5, 4], points: { show: false } }],
    }),
    [[], [], []],
  );
}

/** Running means over the last SMOOTH values (fewer at the start). */
function smooth(xs: number[]): number[] {
  let sum = 0;
  return xs.map((v, i) => {
    sum += v - (i >= SMOOTH ? xs[i - SMOOTH]! : 0);
    return sum / Math.min(i + 1, SMOOTH);
  });
}

/** The formula of `kind` at step t, with the numbers in. */
function formulaFor(kind: ScheduleKind, s: SchedState, st: ScheduleSettings, lrT: number): string {
  const F: Record<ScheduleKind, () => string> = {
    step: () => `\\eta_t = \\eta_0\\, \\gamma^{\\lfloor t / s \\rfloor} = ${s.lr} \\cdot ${s.gamma}^{\\lfloor ${s.t} / ${s.stepSize} \\rfloor} = ${s.lr} \\cdot ${s.gamma}^{${Math.floor(s.t / s.stepSize)}}`,
    exponential: () => `\\eta_t = \\eta_0\\, (\\gamma^{1/s})^{t} = ${s.lr} \\cdot ${expGamma(st)}^{${s.t}} \\quad (\\gamma = ${s.gamma},\\ s = ${s.stepSize})`,
    cosine: () => `\\eta_t = \\tfrac12\\,\\eta_0 \\left(1 + \\cos\\tfrac{\\pi t}{T}\\right) = \\tfrac12 \\cdot ${s.lr} \\left(1 + \\cos\\tfrac{\\pi \\cdot ${Math.min(s.t, TOTAL)}}{${TOTAL}}\\right)`,
    warmupCosine: () =>
      s.t < s.warmupSteps
        ? `t < W:\\ \\eta_t = \\eta_0\\, \\tfrac{t + 1}{W} = ${s.lr} \\cdot \\tfrac{${s.t + 1}}{${s.warmupSteps}}`
        : `t \\ge W:\\ \\eta_t = \\tfrac12\\,\\eta_0 \\left(1 + \\cos\\tfrac{\\pi (t - W)}{T - W}\\right) = \\tfrac12 \\cdot ${s.lr} \\left(1 + \\cos\\tfrac{\\pi \\cdot ${Math.min(s.t, TOTAL) - s.warmupSteps}}{${TOTAL - s.warmupSteps}}\\right)`,
  };
  return `${F[kind]()} = ${lrT.toExponential(4).replace('e', '\\times 10^{') + '}'}`;
}

/** The code tab: the schedule, and the same run through the recipe's Trainer. */
function codeFor(kind: ScheduleKind, s: SchedState, st: ScheduleSettings): string {
  return [
    `const sched = ${scheduleCode(kind, st)};`,
    `console.log([0, ${s.t}, ${TOTAL / 2}, ${TOTAL}].map((t) => sched.lrAt(t)));`,
    `// the run beside it: the spirals recipe, Adam, ${SCHEDULE_RUN.hidden} tanh units, batches of ${SCHEDULE_RUN.batchSize}, this schedule`,
    `const rs = recipes.settings('spirals', { optimizer: 'adam', hidden: ${SCHEDULE_RUN.hidden}, activation: 'tanh', batchSize: ${SCHEDULE_RUN.batchSize}, epochs: ${Math.ceil(TOTAL / 15)}, lr: ${s.lr}, seed: 0 });`,
    `const d = recipes.spirals.load();`,
    `manualSeed(rs.seed);`,
    `const t = new recipes.Trainer(recipes.spirals.model(rs), d.xTrain, d.yTrain, recipes.trainSettings(rs), { schedule: sched });`,
    `t.steps(${TOTAL});`,
    `t.losses.slice(-15).reduce((a, b) => a + b) / 15   // the last epoch's mean loss`,
  ].join('\n');
}

/**
 * Runs in the worker, one at a time: while one trains, only the newest request waits (a slider
 * dragged across ten values trains two runs, not ten); finished runs are kept by their settings.
 */
function runQueue(worker: TrainerClient, done: () => void) {
  const runs = new Map<string, Run>();
  let busy = false;
  let wanted: { key: string; kind: ScheduleKind | 'constant'; st: ScheduleSettings }[] = [];
  const pump = () => {
    const next = wanted.find((w) => !runs.has(w.key));
    if (busy || !next) return;
    busy = true;
    worker
      .request<Extract<FromTrainer, { type: 'schedule-ran' }>>({ type: 'schedule-run', kind: next.kind, settings: next.st })
      .then((r) => runs.set(next.key, { losses: r.losses, lrs: r.lrs }))
      .catch(() => runs.set(next.key, { losses: [], lrs: [] }))
      .finally(() => ((busy = false), done(), pump()));
  };
  const keyOf = (kind: string, st: ScheduleSettings) => (kind === 'constant' ? `constant|${st.lr}` : `${kind}|${JSON.stringify(st)}`);
  return {
    /** The runs for (kind, st) and for a constant lr, or null while they train. */
    get(kind: ScheduleKind, st: ScheduleSettings): { run: Run | null; constant: Run | null } {
      wanted = [
        { key: keyOf(kind, st), kind, st },
        { key: keyOf('constant', st), kind: 'constant', st },
      ];
      pump();
      return { run: runs.get(wanted[0]!.key) ?? null, constant: runs.get(wanted[1]!.key) ?? null };
    },
  };
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ch5-sched';
  const state = scheduleState(id);
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Learning-rate schedules, and a run that follows one',
    branch: 'optimization',
    caption: 'Pick a schedule: the right plot trains the spirals with it, against the same run at a constant rate.',
    sources: [
      { file: 'optim/schedule.ts', name: 'byName' },
      { file: 'optim/schedule.ts', name: 'warmupCosine' },
      { file: 'recipes/trainer.ts', name: 'Trainer' },
    ],
  });
  const controls = scheduleControls(id, frame, state, () => render());
  const lrHost = h('div', { class: 'ch5-schedchart', role: 'img', 'aria-label': 'learning rate against step for the four schedules; the chosen one is drawn bold' });
  const lossHost = h('div', { class: 'ch5-schedchart', role: 'img', 'aria-label': 'training loss against update, with the chosen schedule and with a constant learning rate' });
  frame.picture.append(h('div', { class: 'ch5-pair' }, lrHost, lossHost));
  const nums = numbersView(frame);
  const view = { lrPlot: null as ThemedPlot | null, kindShown: '', lossPlot: lossPlot(lossHost) };
  const worker = trainerClient('ch5-schedule-runs', () => {});
  const queue = runQueue(worker, () => frame.schedule(render));

  function render(): void {
    const s = state.get();
    const kind = kindOf(s);
    const st = settingsOf(s);
    controls.sync(s);
    const sched = makeSchedule(kind, st);
    const curves = KINDS.map((k) => scheduleCurve(k.kind, st));
    const marker = curves[0]!.t.map((t) => (t === s.t ? sched.lrAt(t) : null));
    const data = [curves[0]!.t, ...curves.map((c) => c.lr), marker] as uPlot.AlignedData;
    if (!view.lrPlot || view.kindShown !== kind) {
      view.lrPlot?.destroy();
      lrHost.textContent = '';
      view.lrPlot = lrPlot(lrHost, kind, data);
      view.kindShown = kind;
    } else view.lrPlot.setData(data);
    const runs = queue.get(kind, st);
    const steps = Array.from({ length: TOTAL }, (_, i) => i + 1);
    view.lossPlot.setData([steps, runs.run ? smooth(runs.run.losses) : [], runs.constant ? smooth(runs.constant.losses) : []] as uPlot.AlignedData);
    nums.show(s, sched, runs);
    frame.setFormula(formulaFor(kind, s, st, sched.lrAt(s.t)));
    frame.setCode(codeFor(kind, s, st));
  }
  render();
  return {
    update: render,
    destroy() {
      worker.terminate();
      view.lrPlot?.destroy();
      view.lossPlot.destroy();
      frame.destroy();
    },
  };
}

/** lrAt at t, 0, T/2 and T; the two runs' last-epoch mean losses. */
function numbersView(frame: Frame) {
  const num = (attr: string, v: string) => h('span', { class: 'num', [attr]: v });
  const n = { at: num('data-lr', 't'), first: num('data-lr', '0'), mid: num('data-lr', 'mid'), end: num('data-lr', 'end'), run: num('data-run', 'final'), constant: num('data-run', 'constant') };
  const tLabel = h('span');
  const row = (dt: string | HTMLElement, dd: HTMLElement) => [h('dt', null, dt), h('dd', null, dd)];
  frame.numbers.append(
    h(
      'dl',
      { class: 'ch5-kv' },
      ...row(tLabel, n.at),
      ...row('lrAt(0)', n.first),
      ...row(`lrAt(${TOTAL / 2})`, n.mid),
      ...row(`lrAt(${TOTAL})`, n.end),
      ...row('final loss, this schedule', n.run),
      ...row('final loss, constant η₀', n.constant),
    ),
  );
  const last = (r: Run | null) => (r ? (r.losses.length ? fmtNum(r.losses.slice(-SMOOTH).reduce((a, b) => a + b, 0) / SMOOTH, 4) : 'failed') : 'training…');
  return {
    show(s: SchedState, sched: { lrAt(t: number): number }, runs: { run: Run | null; constant: Run | null }) {
      tLabel.textContent = `lrAt(${s.t})`;
      setLive(n.at, fmtNum(sched.lrAt(s.t), 6));
      setLive(n.first, fmtNum(sched.lrAt(0), 6));
      setLive(n.mid, fmtNum(sched.lrAt(TOTAL / 2), 6));
      setLive(n.end, fmtNum(sched.lrAt(TOTAL), 6));
      setLive(n.run, last(runs.run));
      setLive(n.constant, last(runs.constant));
    },
  };
}
