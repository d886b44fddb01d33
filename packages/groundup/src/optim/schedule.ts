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

export interface Schedule {
  /** 'step', 'exponential', 'cosine' or 'warmupCosine'. */
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
