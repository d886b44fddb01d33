/**
 * Learning-rate schedules: the learning rate as a function of the step number. Each schedule is a
 * plain object with `lrAt(step)` (pure: plot it, test it) and `apply(opt, step)` (set an
 * optimizer's lr for that step). `LRScheduler` wraps one and counts the steps for you.
 *
 *   const sched = new optim.LRScheduler(opt, optim.schedule.warmupCosine({ lr: 1e-3, warmupSteps: 100, totalSteps: 5000 }));
 *   for (…) { opt.zeroGrad(); loss.backward(); opt.step(); sched.step(); }
 *
 * Steps count from 0: `lrAt(0)` is the learning rate of the first update.
 */
import { ValueError, assertInt, fmtValue } from '../errors.js';
import { Optimizer } from './optimizer.js';
import { nonNegative, positive, readOptions } from '../validate.js';
import { knownKeys, oneOf } from './make.js';

export interface Schedule {
  /** 'constant', 'step', 'exponential', 'cosine' or 'warmupCosine'. */
  readonly kind: string;
  /** The learning rate for update number `step` (an integer ≥ 0). */
  lrAt(step: number): number;
  /** Sets `opt.lr = lrAt(step)` and returns it. */
  apply(opt: Optimizer, step: number): number;
}

function make(kind: string, f: (t: number) => number): Schedule {
  const op = `schedule.${kind}`;
  return {
    kind,
    lrAt(step: number): number {
      assertInt(`${op}.lrAt`, 'step', step, 0);
      return f(step);
    },
    apply(opt: Optimizer, step: number): number {
      if (!(opt instanceof Optimizer)) throw new TypeError(`${op}.apply: the first argument must be an optimizer (e.g. new optim.SGD(…)), got ${fmtValue(opt)}`);
      const lr = this.lrAt(step);
      opt.lr = lr;
      return lr;
    },
  };
}

const readOpts = <T extends object>(op: string, o: T): T => readOptions(op, o, '{ lr: 0.1, … }', true);

function minLrOf(op: string, minLr: unknown, lr: number): number {
  const m = nonNegative(op, 'minLr', minLr ?? 0);
  if (m > lr) throw new ValueError(`${op}: minLr (${m}) must not exceed lr (${lr}); the schedule decays from lr down to minLr`);
  return m;
}

/** The same learning rate at every step (what "no schedule" means). */
export function constant(options: { lr: number }): Schedule {
  const op = 'schedule.constant';
  const lr = nonNegative(op, 'lr', readOpts(op, options).lr);
  return make('constant', () => lr);
}

/**
 * Step decay: multiply the learning rate by γ every `stepSize` steps.
 *
 * $$\eta_t = \eta_0 \cdot \gamma^{\lfloor t / \text{stepSize} \rfloor}$$
 */
export function step(options: { lr: number; stepSize: number; gamma?: number }): Schedule {
  const op = 'schedule.step';
  const o = readOpts(op, options);
  const lr = nonNegative(op, 'lr', o.lr);
  assertInt(op, 'stepSize', o.stepSize, 1);
  const stepSize = o.stepSize;
  const gamma = positive(op, 'gamma', o.gamma ?? 0.1);
  return make('step', (t) => lr * gamma ** Math.floor(t / stepSize));
}

/**
 * Exponential decay: multiply by γ after every step.
 *
 * $$\eta_t = \eta_0 \cdot \gamma^{t}$$
 */
export function exponential(options: { lr: number; gamma: number }): Schedule {
  const op = 'schedule.exponential';
  const o = readOpts(op, options);
  const lr = nonNegative(op, 'lr', o.lr);
  const gamma = positive(op, 'gamma', o.gamma);
  return make('exponential', (t) => lr * gamma ** t);
}

/**
 * Cosine annealing from `lr` down to `minLr` over `totalSteps`, then constant at `minLr`:
 *
 * $$\eta_t = \eta_\text{min} + \tfrac12(\eta_0 - \eta_\text{min})\left(1 + \cos\frac{\pi t}{T}\right) \quad (0 \le t \le T), \qquad \eta_t = \eta_\text{min} \quad (t > T)$$
 *
 * It starts flat, falls fastest at the midpoint (where it is exactly halfway) and lands gently.
 */
export function cosine(options: { lr: number; totalSteps: number; minLr?: number }): Schedule {
  const op = 'schedule.cosine';
  const o = readOpts(op, options);
  const lr = nonNegative(op, 'lr', o.lr);
  assertInt(op, 'totalSteps', o.totalSteps, 1);
  const T = o.totalSteps;
  const minLr = minLrOf(op, o.minLr, lr);
  return make('cosine', (t) => (t >= T ? minLr : minLr + 0.5 * (lr - minLr) * (1 + Math.cos((Math.PI * t) / T))));
}

/**
 * Linear warmup, then cosine decay (the schedule of most transformer training runs; warmup keeps
 * Adam's first, poorly estimated steps small). With W = warmupSteps and T = totalSteps:
 *
 * 1. warmup, 0 ≤ t < W: a straight ramp that ends at the peak, $\eta_t = \eta_0 \cdot \frac{t+1}{W}$
 *    (never 0, so no update is wasted; $\eta_{W-1} = \eta_0$);
 * 2. decay, W ≤ t ≤ T: cosine from $\eta_0$ to $\eta_\text{min}$,
 *    $\eta_t = \eta_\text{min} + \tfrac12(\eta_0 - \eta_\text{min})\big(1 + \cos(\pi \frac{t - W}{T - W})\big)$;
 * 3. after, t > T: $\eta_t = \eta_\text{min}$.
 */
export function warmupCosine(options: { lr: number; warmupSteps: number; totalSteps: number; minLr?: number }): Schedule {
  const op = 'schedule.warmupCosine';
  const o = readOpts(op, options);
  const lr = nonNegative(op, 'lr', o.lr);
  assertInt(op, 'warmupSteps', o.warmupSteps, 0);
  assertInt(op, 'totalSteps', o.totalSteps, 1);
  const W = o.warmupSteps;
  const T = o.totalSteps;
  if (W >= T) throw new ValueError(`${op}: warmupSteps (${W}) must be less than totalSteps (${T}); the cosine phase needs at least one step`);
  const minLr = minLrOf(op, o.minLr, lr);
  return make('warmupCosine', (t) => {
    if (t < W) return (lr * (t + 1)) / W; // (1) warmup
    if (t > T) return minLr; // (3) after the schedule
    return minLr + 0.5 * (lr - minLr) * (1 + Math.cos((Math.PI * (t - W)) / (T - W))); // (2) cosine decay
  });
}

/**
 * Drives an optimizer by a schedule: sets `opt.lr = schedule.lrAt(0)` at once, then each
 * `step()` (call it after `opt.step()`) advances the count and sets the next learning rate.
 */
export class LRScheduler {
  /** The number of the update the optimizer's current lr is for. */
  lastStep = 0;

  constructor(
    readonly optimizer: Optimizer,
    readonly schedule: Schedule,
  ) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`LRScheduler: the first argument must be an optimizer, got ${fmtValue(optimizer)}`);
    if (!schedule || typeof (schedule as Schedule).lrAt !== 'function')
      throw new TypeError(`LRScheduler: the second argument must be a schedule such as optim.schedule.cosine({ … }), got ${fmtValue(schedule)}`);
    optimizer.lr = schedule.lrAt(0);
  }

  /** Moves to the next step and returns its learning rate. */
  step(): number {
    this.lastStep++;
    const lr = this.schedule.lrAt(this.lastStep);
    this.optimizer.lr = lr;
    return lr;
  }

  /** The optimizer's current learning rate. */
  get lr(): number {
    return this.optimizer.lr;
  }
}

// ---------------------------------------------------------------------------------------------
// Schedules by name: the factory the CLI (--schedule) and the guide (?schedule=) share
// ---------------------------------------------------------------------------------------------

export const NAMES = ['constant', 'step', 'exponential', 'cosine', 'warmupCosine'] as const;
export type ScheduleName = (typeof NAMES)[number];

/**
 * Settings of {@link byName}, one name each everywhere (CLI flags are the kebab-case spelling:
 * --min-lr, --warmup-steps, --step-size, --gamma).
 */
export interface ScheduleSettings {
  /** The peak (starting) learning rate η₀ (required). */
  lr: number;
  /** Updates in the whole run: cosine and warmupCosine reach minLr there (required by those two). */
  totalSteps?: number;
  /** Floor of cosine and warmupCosine (default 0). */
  minLr?: number;
  /** warmupCosine's ramp (default 5% of totalSteps, at least 1). */
  warmupSteps?: number;
  /** step: multiply by gamma every stepSize steps (default ⌈totalSteps / 3⌉, or 100 without totalSteps). */
  stepSize?: number;
  /** The factor every stepSize steps (default 0.1): step drops by it at once, exponential spreads it over the stepSize steps (γ^(1/stepSize) per step). */
  gamma?: number;
}

export const SCHEDULE_SETTINGS = ['lr', 'totalSteps', 'minLr', 'warmupSteps', 'stepSize', 'gamma'] as const;

function needTotal(op: string, name: string, s: ScheduleSettings): number {
  if (s.totalSteps === undefined) throw new ValueError(`${op}: the ${name} schedule needs totalSteps (the number of updates of the run)`);
  assertInt(op, 'totalSteps', s.totalSteps, 1);
  return s.totalSteps;
}

/** The default warmup of warmupCosine: 5% of the run, at least 1 step, leaving at least 1 for the decay. */
export function defaultWarmup(totalSteps: number): number {
  return Math.min(totalSteps - 1, Math.max(1, Math.round(totalSteps * 0.05)));
}

/**
 * The schedule `name` with `settings`. step and exponential read gamma the same way, as the factor
 * per stepSize steps (default 0.1 per a third of the run): step multiplies by γ at once every
 * stepSize steps, exponential by γ^(1/stepSize) after every step, so the two agree at multiples of
 * stepSize.
 * warmupCosine over a run of a single step is plain cosine (there is no room for a warmup).
 */
export function byName(name: ScheduleName, settings: ScheduleSettings): Schedule {
  const op = 'optim.schedule.byName';
  const id = oneOf(op, 'schedule', name, NAMES);
  const s = readOpts(op, settings);
  knownKeys(op, s, SCHEDULE_SETTINGS);
  const lr = s.lr;
  const stepSize = s.stepSize ?? (s.totalSteps !== undefined ? Math.max(1, Math.ceil(s.totalSteps / 3)) : 100);
  switch (id) {
    case 'constant':
      return constant({ lr });
    case 'step':
      return step({ lr, stepSize, gamma: s.gamma ?? 0.1 });
    case 'exponential': {
      assertInt(op, 'stepSize', stepSize, 1);
      return exponential({ lr, gamma: positive(op, 'gamma', s.gamma ?? 0.1) ** (1 / stepSize) });
    }
    case 'cosine':
      return cosine({ lr, totalSteps: needTotal(op, id, s), minLr: s.minLr });
    case 'warmupCosine': {
      const T = needTotal(op, id, s);
      if (T < 2 && s.warmupSteps === undefined) return cosine({ lr, totalSteps: T, minLr: s.minLr });
      return warmupCosine({ lr, warmupSteps: s.warmupSteps ?? defaultWarmup(T), totalSteps: T, minLr: s.minLr });
    }
  }
}
export { byName as make };
