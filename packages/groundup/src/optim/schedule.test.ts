import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { expectClose } from '../testing/helpers.js';
import { clipGradNorm, clipGradValue } from './clip.js';
import { SGD } from './sgd.js';
import * as schedule from './schedule.js';
import { LRScheduler } from './schedule.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('clipGradNorm', () => {
  it('rescales to exactly maxNorm, keeps the direction, returns the norm before clipping', () => {
    const a = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
    const b = tensor([0], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([3, 4], { dtype: 'float64' });
    b.grad = tensor([12], { dtype: 'float64' });
    // ‖(3, 4, 12)‖ = 13
    expect(clipGradNorm([a, b], 6.5)).toBe(13);
    expectClose([...a.grad.data, ...b.grad!.data], [1.5, 2, 6], 1e-15);
    const norm = Math.hypot(...a.grad.data, ...b.grad!.data);
    expect(norm).toBeCloseTo(6.5, 14);
    // below the limit: untouched, and the norm is still reported
    expect(clipGradNorm([a, b], 100)).toBeCloseTo(6.5, 14);
    expectClose([...a.grad.data, ...b.grad!.data], [1.5, 2, 6], 1e-15);
  });

  it('the 1-norm and ∞-norm; parameters without a gradient are skipped', () => {
    const a = tensor([0, 0, 0], { requiresGrad: true });
    const none = tensor([0], { requiresGrad: true });
    a.grad = tensor([1, -3, 2]);
    expect(clipGradNorm([a, none], 100, 1)).toBe(6);
    expect(clipGradNorm([a, none], 1.5, Infinity)).toBe(3);
    expectClose(a.grad.data, [0.5, -1.5, 1], 1e-7);
    expect(none.grad).toBeNull();
  });

  it('two parameters that received the very same gradient tensor are each clipped once', () => {
    const a = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    a.add(b).mul(tensor([3, 4], { dtype: 'float64' })).sum().backward(); // both grads (3, 4): total norm √50
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(Math.sqrt(50), 12);
    expect(Math.hypot(...a.grad!.data, ...b.grad!.data)).toBeCloseTo(1, 12);
  });

  it('clipGradValue clamps each entry', () => {
    const a = tensor([0, 0, 0], { requiresGrad: true });
    a.grad = tensor([5, -0.5, -7]);
    clipGradValue(a, 1);
    expect(Array.from(a.grad.data)).toEqual([1, -0.5, -1]);
  });

  it('bad input', () => {
    const a = tensor([0], { requiresGrad: true });
    a.grad = tensor([NaN]);
    expect(() => clipGradNorm([a], 1)).toThrow(/clipGradNorm: the total gradient norm is NaN/);
    expect(() => clipGradNorm([a], 0)).toThrow(/maxNorm must be a finite number > 0, got 0/);
    expect(() => clipGradNorm([a], 1, 0.5)).toThrow(ValueError);
    expect(() => clipGradNorm([1] as never, 1)).toThrow(TypeError);
    expect(() => clipGradValue([a], -1)).toThrow(ValueError);
  });
});

describe('schedules: lrAt at key steps, by hand', () => {
  it('step decay: γ every stepSize steps', () => {
    const s = schedule.step({ lr: 1, stepSize: 3, gamma: 0.5 });
    expect(range(8).map((t) => s.lrAt(t))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('exponential: lr·γᵗ', () => {
    const s = schedule.exponential({ lr: 0.1, gamma: 0.9 });
    expectClose(range(5).map((t) => s.lrAt(t)), [0.1, 0.09, 0.081, 0.0729, 0.06561], 1e-14);
  });

  it('cosine: lr at 0, halfway at T/2, minLr at T and after; non-increasing', () => {
    const s = schedule.cosine({ lr: 1, totalSteps: 100, minLr: 0.1 });
    expect(s.lrAt(0)).toBe(1);
    expect(s.lrAt(50)).toBeCloseTo(0.55, 14);
    expect(s.lrAt(25)).toBeCloseTo(0.1 + 0.45 * (1 + Math.SQRT1_2), 14);
    expect(s.lrAt(100)).toBeCloseTo(0.1, 14);
    expect(s.lrAt(150)).toBe(0.1);
    const lrs = range(120).map((t) => s.lrAt(t));
    lrs.slice(1).forEach((v, i) => expect(v).toBeLessThanOrEqual(lrs[i]!));
    expect(schedule.cosine({ lr: 2, totalSteps: 10 }).lrAt(10)).toBeCloseTo(0, 14);
  });

  it('warmupCosine: (1) linear ramp to the peak, (2) cosine down, (3) minLr', () => {
    const s = schedule.warmupCosine({ lr: 1, warmupSteps: 4, totalSteps: 24, minLr: 0 });
    expect(range(4).map((t) => s.lrAt(t))).toEqual([0.25, 0.5, 0.75, 1]); // (1) lr·(t+1)/W
    expect(s.lrAt(4)).toBe(1); // (2) starts at the peak …
    expect(s.lrAt(14)).toBeCloseTo(0.5, 14); // … is halfway at the midpoint of the decay …
    expect(s.lrAt(24)).toBeCloseTo(0, 14); // … and ends at minLr
    expect(s.lrAt(1000)).toBe(0); // (3)
    const lrs = range(30).map((t) => s.lrAt(t));
    for (let t = 1; t < 4; t++) expect(lrs[t]!).toBeGreaterThan(lrs[t - 1]!);
    for (let t = 5; t < 30; t++) expect(lrs[t]!).toBeLessThanOrEqual(lrs[t - 1]!);
    // with a floor and no warmup it is the plain cosine
    const c = schedule.cosine({ lr: 0.3, totalSteps: 20, minLr: 0.01 });
    const w0 = schedule.warmupCosine({ lr: 0.3, warmupSteps: 0, totalSteps: 20, minLr: 0.01 });
    expectClose(range(25).map((t) => w0.lrAt(t)), range(25).map((t) => c.lrAt(t)), 1e-15);
  });
});

describe('schedules drive an optimizer', () => {
  it('apply(opt, step) sets the optimizer’s lr', () => {
    const w = tensor([0], { requiresGrad: true });
    const opt = new SGD([w], { lr: 1 });
    const s = schedule.step({ lr: 0.4, stepSize: 2, gamma: 0.5 });
    expect(s.apply(opt, 3)).toBe(0.2);
    expect(opt.lr).toBe(0.2);
  });

  it('LRScheduler: lr of step 0 at once, the next one after each step(); the updates use them', () => {
    const w = tensor([0], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 123 });
    const s = schedule.warmupCosine({ lr: 0.1, warmupSteps: 2, totalSteps: 6 });
    const sched = new LRScheduler(opt, s);
    expect(opt.lr).toBeCloseTo(0.05, 15);
    let expectedW = 0;
    for (let t = 0; t < 8; t++) {
      expect(opt.lr).toBe(s.lrAt(t));
      opt.zeroGrad();
      w.sum().backward(); // gradient 1: each step moves w by −lr
      opt.step();
      expectedW -= s.lrAt(t);
      sched.step();
    }
    expect(w.item()).toBeCloseTo(expectedW, 14);
    expect(sched.lastStep).toBe(8);
    expect(sched.lr).toBe(s.lrAt(8));
  });
});

describe('schedules: bad input', () => {
  it('arguments are validated with their names', () => {
    expect(() => schedule.step({ lr: 1, stepSize: 0, gamma: 0.5 })).toThrow(/schedule\.step: stepSize must be an integer ≥ 1, got 0/);
    expect(() => schedule.step({ lr: -1, stepSize: 2, gamma: 0.5 })).toThrow(/schedule\.step: lr must be a finite number ≥ 0, got -1/);
    expect(() => schedule.exponential({ lr: 1, gamma: 0 })).toThrow(/gamma must be a finite number > 0, got 0/);
    expect(() => schedule.cosine({ lr: 1, totalSteps: 0 })).toThrow(/totalSteps must be an integer ≥ 1/);
    expect(() => schedule.cosine({ lr: 0.1, totalSteps: 10, minLr: 0.2 })).toThrow(/minLr \(0\.2\) must not exceed lr \(0\.1\)/);
    expect(() => schedule.warmupCosine({ lr: 1, warmupSteps: 10, totalSteps: 10 })).toThrow(/warmupSteps \(10\) must be less than totalSteps \(10\)/);
    expect(() => schedule.warmupCosine({ lr: 1, warmupSteps: -1, totalSteps: 10 })).toThrow(ValueError);
    expect(() => schedule.cosine(undefined as never)).toThrow(TypeError);
  });
  it('lrAt needs an integer step ≥ 0; apply and LRScheduler need an optimizer', () => {
    const s = schedule.cosine({ lr: 1, totalSteps: 10 });
    expect(() => s.lrAt(-1)).toThrow(/schedule\.cosine\.lrAt: step must be an integer ≥ 0, got -1/);
    expect(() => s.lrAt(1.5)).toThrow(ValueError);
    expect(() => s.apply({} as never, 0)).toThrow(/apply: the first argument must be an optimizer/);
    expect(() => new LRScheduler({} as never, s)).toThrow(TypeError);
    const w = tensor([0], { requiresGrad: true });
    expect(() => new LRScheduler(new SGD([w], { lr: 1 }), {} as never)).toThrow(/must be a schedule/);
  });
});
