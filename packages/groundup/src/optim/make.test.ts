/**
 * optim.make and optim.schedule.byName: each name's first updates against the update rule written
 * out by hand on plain numbers, the defaults, and the errors for unknown names and bad settings.
 */
import { describe, expect, it } from 'vitest';
import { ValueError, optim, tensor } from '../index.js';

/** Two steps of `name` on w = [1, −2] with gradient g = 2w (loss Σw²), as plain numbers. */
function twoSteps(name: optim.OptimizerName, s: optim.OptimizerSettings): number[] {
  const w = tensor([1, -2], { requiresGrad: true, dtype: 'float64' });
  const opt = optim.make(name, [w], s);
  for (let t = 0; t < 2; t++) {
    opt.zeroGrad();
    w.square().sum().backward();
    opt.step();
  }
  return Array.from(w.data);
}

/** The same two steps by the textbook rules, written independently of the library. */
function byHand(name: optim.OptimizerName, s: Required<Pick<optim.OptimizerSettings, 'lr' | 'weightDecay'>> & optim.OptimizerSettings): number[] {
  return [1, -2].map((w0) => {
    let w = w0;
    let b = 0, m = 0, v = 0;
    const mu = s.momentum ?? 0.9;
    const [b1, b2, eps, alpha] = [s.beta1 ?? 0.9, s.beta2 ?? 0.999, 1e-8, s.alpha ?? 0.99];
    for (let t = 1; t <= 2; t++) {
      let g = 2 * w;
      if (name !== 'adamw') g += s.weightDecay * w;
      if (name === 'sgd') w -= s.lr * g;
      else if (name === 'momentum' || name === 'nesterov') {
        b = t === 1 ? g : mu * b + g;
        w -= s.lr * (name === 'nesterov' ? g + mu * b : b);
      } else if (name === 'rmsprop') {
        v = alpha * v + (1 - alpha) * g * g;
        w -= (s.lr * g) / (Math.sqrt(v) + eps);
      } else {
        if (name === 'adamw') w -= s.lr * s.weightDecay * w;
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        w -= (s.lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
      }
    }
    return w;
  });
}

describe('optim.make', () => {
  const cases: [optim.OptimizerName, optim.OptimizerSettings & { lr: number; weightDecay: number }][] = [
    ['sgd', { lr: 0.1, weightDecay: 0 }],
    ['sgd', { lr: 0.05, weightDecay: 0.3 }],
    ['momentum', { lr: 0.1, momentum: 0.5, weightDecay: 0 }],
    ['nesterov', { lr: 0.1, momentum: 0.8, weightDecay: 0.1 }],
    ['rmsprop', { lr: 0.01, alpha: 0.9, weightDecay: 0 }],
    ['adam', { lr: 0.1, beta1: 0.8, beta2: 0.99, weightDecay: 0 }],
    ['adam', { lr: 0.1, weightDecay: 0.5 }],
    ['adamw', { lr: 0.1, weightDecay: 0.5 }],
  ];
  it.each(cases)('%s %o: two steps match the rule written by hand', (name, s) => {
    const got = twoSteps(name, s);
    const want = byHand(name, s);
    for (let i = 0; i < 2; i++) expect(got[i]).toBeCloseTo(want[i]!, 10);
  });

  it("'sgd' is plain SGD and 'momentum' has μ = 0.9 by default; adamw decays 0.01 by default", () => {
    const sgd = optim.make('sgd', [tensor([1], { requiresGrad: true })], { lr: 0.1 }) as optim.SGD;
    expect(sgd.momentum).toBe(0);
    expect((optim.make('momentum', [tensor([1], { requiresGrad: true })], { lr: 0.1 }) as optim.SGD).momentum).toBe(0.9);
    expect((optim.make('adamw', [tensor([1], { requiresGrad: true })]) as optim.AdamW).weightDecay).toBe(0.01);
    expect(optim.make('adam', [tensor([1], { requiresGrad: true })]).lr).toBe(1e-3);
  });

  it('unknown names and settings are ValueErrors that list the choices; bad values quote them', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => optim.make('adagrad' as optim.OptimizerName, p)).toThrow(ValueError);
    expect(() => optim.make('adagrad' as optim.OptimizerName, p)).toThrow(/unknown optimizer "adagrad".*sgd, momentum, nesterov, rmsprop, adam, adamw/);
    expect(() => optim.make('sgd', p, { weight_decay: 0.1 } as optim.OptimizerSettings)).toThrow(/unknown setting "weight_decay".*weightDecay/);
    expect(() => optim.make('adam', p, { lr: -1 })).toThrow(/lr must be a finite number > 0, got -1/);
    expect(() => optim.make('momentum', p, { lr: 0.1, momentum: 1.5 })).toThrow(/momentum must be in \[0, 1\), got 1.5/);
    expect(() => optim.make('nesterov', p, { lr: 0.1, momentum: 0 })).toThrow(/choose sgd/);
    expect(() => optim.make(3 as unknown as optim.OptimizerName, p)).toThrow(TypeError);
  });

  it('code() writes the call that builds the same optimizer, with the settings the rule reads', () => {
    expect(optim.code('momentum', { lr: 0.1, momentum: 0.5, beta1: 0.3 }, '[x, y]')).toBe("optim.make('momentum', [x, y], { lr: 0.1, momentum: 0.5 })");
  });
});

describe('optim.schedule.byName', () => {
  it('each name gives the closed form at a hand-worked step', () => {
    const by = optim.schedule.byName;
    expect(by('constant', { lr: 0.3 }).lrAt(999)).toBe(0.3);
    expect(by('step', { lr: 1, totalSteps: 90 }).lrAt(30)).toBeCloseTo(0.1, 12); // stepSize ⌈90/3⌉ = 30, γ 0.1
    expect(by('step', { lr: 1, stepSize: 10, gamma: 0.5 }).lrAt(25)).toBe(0.25);
    expect(by('exponential', { lr: 1, stepSize: 10 }).lrAt(10)).toBeCloseTo(0.1, 12); // γ = 0.1^(1/10) per step
    expect(by('exponential', { lr: 1, stepSize: 10, gamma: 0.5 }).lrAt(15)).toBeCloseTo(0.5 ** 1.5, 12); // agrees with step at multiples of stepSize, smooth between
    expect(by('cosine', { lr: 1, totalSteps: 100 }).lrAt(50)).toBeCloseTo(0.5, 12);
    const wc = by('warmupCosine', { lr: 1, totalSteps: 105 }); // warmup round(5.25) = 5 steps, then 100 of decay
    expect(wc.lrAt(0)).toBeCloseTo(0.2, 12);
    expect(wc.lrAt(4)).toBeCloseTo(1, 12);
    expect(wc.lrAt(55)).toBeCloseTo(0.5, 12);
    expect(by('warmupCosine', { lr: 1, totalSteps: 1 }).lrAt(0)).toBe(1); // no room for a warmup
  });

  it('unknown names, unknown settings and a missing totalSteps are ValueErrors naming what is valid', () => {
    expect(() => optim.schedule.byName('warmup-cosine' as optim.ScheduleName, { lr: 1 })).toThrow(/unknown schedule "warmup-cosine".*constant, step, exponential, cosine, warmupCosine/);
    expect(() => optim.schedule.byName('cosine', { lr: 1 })).toThrow(/needs totalSteps/);
    expect(() => optim.schedule.byName('cosine', { lr: 1, totalSteps: 10, min_lr: 0 } as optim.ScheduleSettings)).toThrow(/unknown setting "min_lr"/);
    expect(() => optim.schedule.byName('cosine', { lr: 1, totalSteps: 10, minLr: 2 })).toThrow(/minLr \(2\) must not exceed lr/);
  });
});
