import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import { DTypeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { expectClose } from '../testing/helpers.js';
import { Adam, AdamW } from './adam.js';
import { type Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

// A test objective with a gradient that changes from step to step:
//   L(w) = Σ_i c_i w_i⁴/4 + d_i w_i²/2 + e_i w_i,   ∂L/∂w_i = c_i w_i³ + d_i w_i + e_i
const W0 = [0.5, -1.2, 2.0, 0.1];
const C = [0.3, 0.1, 0.05, 1];
const D = [1, 2, 0.5, -0.5];
const E = [0.2, -0.1, 0, 0.7];
const gradJS = (w: number[]) => w.map((v, i) => C[i]! * v ** 3 + D[i]! * v + E[i]!);

function lossOf(w: Tensor): Tensor {
  const c = tensor(C, { dtype: 'float64' });
  const d = tensor(D, { dtype: 'float64' });
  const e = tensor(E, { dtype: 'float64' });
  return w.pow(4).mul(c).div(4).add(w.square().mul(d).div(2)).add(w.mul(e)).sum();
}

/** Runs `steps` real training steps and returns w after each. */
function run(make: (ps: Tensor[]) => Optimizer, steps: number): { traj: number[][]; opt: Optimizer; w: Tensor } {
  const w = tensor(W0, { dtype: 'float64', requiresGrad: true });
  const opt = make([w]);
  const traj: number[][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    lossOf(w).backward();
    opt.step();
    traj.push(Array.from(w.data));
  }
  return { traj, opt, w };
}

function expectTrajectory(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, t) => expectClose(a, expected[t]!, 1e-12));
}

// ── the textbook rules, written out with plain arrays ──

function sgdByHand(steps: number, h: { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number }): number[][] {
  const { lr, momentum: mu = 0, dampening: tau = 0, nesterov = false, weightDecay: wd = 0 } = h;
  let w = W0.slice();
  let b: number[] = [];
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const g = gradJS(w).map((gi, i) => gi + wd * w[i]!);
    let d = g;
    if (mu > 0) {
      b = t === 0 ? g.slice() : b.map((bi, i) => mu * bi + (1 - tau) * g[i]!); // the buffer starts as the first gradient
      d = nesterov ? g.map((gi, i) => gi + mu * b[i]!) : b;
    }
    w = w.map((wi, i) => wi - lr * d[i]!);
    out.push(w);
  }
  return out;
}

function adamByHand(steps: number, h: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean; amsgrad?: boolean }): { traj: number[][]; m: number[]; v: number[] } {
  let w = W0.slice();
  let m = w.map(() => 0);
  let v = w.map(() => 0);
  let vmax = w.map(() => 0);
  const traj: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradJS(w);
    if (h.decoupled) w = w.map((wi) => wi * (1 - h.lr * h.wd));
    else g = g.map((gi, i) => gi + h.wd * w[i]!);
    m = m.map((mi, i) => h.b1 * mi + (1 - h.b1) * g[i]!);
    v = v.map((vi, i) => h.b2 * vi + (1 - h.b2) * g[i]! ** 2);
    vmax = vmax.map((x, i) => Math.max(x, v[i]!));
    const mhat = m.map((mi) => mi / (1 - h.b1 ** t));
    const vhat = (h.amsgrad ? vmax : v).map((vi) => vi / (1 - h.b2 ** t));
    w = w.map((wi, i) => wi - (h.lr * mhat[i]!) / (Math.sqrt(vhat[i]!) + h.eps));
    traj.push(w);
  }
  return { traj, m, v };
}

function rmspropByHand(steps: number, h: { lr: number; alpha: number; eps: number; momentum: number; centered: boolean; wd: number }): number[][] {
  let w = W0.slice();
  let v = w.map(() => 0);
  let gbar = w.map(() => 0);
  let b = w.map(() => 0);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const g = gradJS(w).map((gi, i) => gi + h.wd * w[i]!);
    v = v.map((vi, i) => h.alpha * vi + (1 - h.alpha) * g[i]! ** 2);
    gbar = gbar.map((x, i) => h.alpha * x + (1 - h.alpha) * g[i]!);
    const denom = v.map((vi, i) => Math.sqrt(h.centered ? vi - gbar[i]! ** 2 : vi) + h.eps);
    if (h.momentum > 0) {
      b = b.map((bi, i) => h.momentum * bi + g[i]! / denom[i]!);
      w = w.map((wi, i) => wi - h.lr * b[i]!);
    } else w = w.map((wi, i) => wi - (h.lr * g[i]!) / denom[i]!);
    out.push(w);
  }
  return out;
}

describe('SGD follows the written-out rule', () => {
  const cases = [
    { lr: 0.1 },
    { lr: 0.05, momentum: 0.9 },
    { lr: 0.05, momentum: 0.8, dampening: 0.3 },
    { lr: 0.05, momentum: 0.9, nesterov: true },
    { lr: 0.1, weightDecay: 0.2 },
    { lr: 0.05, momentum: 0.5, nesterov: true, weightDecay: 0.1 },
  ];
  for (const h of cases)
    it(JSON.stringify(h), () => {
      expectTrajectory(run((ps) => new SGD(ps, h), 6).traj, sgdByHand(6, h));
    });

  it('Nesterov differs from heavy-ball momentum', () => {
    const a = run((ps) => new SGD(ps, { lr: 0.05, momentum: 0.9 }), 3).traj[2]!;
    const b = run((ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true }), 3).traj[2]!;
    expect(Math.abs(a[1]! - b[1]!)).toBeGreaterThan(1e-3);
  });

  it('converges to the minimum of a quadratic ½(w − w*)ᵀA(w − w*)', () => {
    // A = [[3, 1], [1, 2]] (symmetric positive definite), w* = [1, −2]; gradient A(w − w*)
    const A = tensor([[3, 1], [1, 2]], { dtype: 'float64' });
    const wStar = tensor([1, -2], { dtype: 'float64' });
    for (const h of [{ lr: 0.2 }, { lr: 0.1, momentum: 0.9 }, { lr: 0.1, momentum: 0.9, nesterov: true }]) {
      const w = tensor([5, 5], { dtype: 'float64', requiresGrad: true });
      const opt = new SGD([w], h);
      for (let t = 0; t < 600; t++) {
        opt.zeroGrad();
        const r = w.sub(wStar).reshape(2, 1);
        r.T.matmul(A).matmul(r).mul(0.5).sum().backward();
        opt.step();
      }
      expectClose(w.data, [1, -2], 1e-8);
    }
  });

  it('keeps a momentum buffer in its state', () => {
    const { opt } = run((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 }), 2);
    const s = opt.state(0)!;
    expect((s.momentumBuffer as Tensor).shape).toEqual([4]);
  });
});

describe('Adam and AdamW follow the written-out rule', () => {
  it('Adam, with bias correction, 6 steps; state holds m and v', () => {
    const h = { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false };
    const ref = adamByHand(6, h);
    const { traj, opt } = run((ps) => new Adam(ps, { lr: 0.01 }), 6);
    expectTrajectory(traj, ref.traj);
    const s = opt.state(0)!;
    expect(s.step).toBe(6);
    expectClose((s.expAvg as Tensor).data, ref.m, 1e-12);
    expectClose((s.expAvgSq as Tensor).data, ref.v, 1e-12);
  });

  it('Adam with L2 weight decay, other betas, amsgrad', () => {
    const h = { lr: 0.02, b1: 0.8, b2: 0.9, eps: 1e-6, wd: 0.1, decoupled: false };
    expectTrajectory(run((ps) => new Adam(ps, { lr: 0.02, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.1 }), 6).traj, adamByHand(6, h).traj);
    expectTrajectory(
      run((ps) => new Adam(ps, { lr: 0.02, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.1, amsgrad: true }), 8).traj,
      adamByHand(8, { ...h, amsgrad: true }).traj,
    );
  });

  it('AdamW (decoupled decay, default λ = 0.01)', () => {
    const h = { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.01, decoupled: true };
    expectTrajectory(run((ps) => new AdamW(ps, { lr: 0.01 }), 6).traj, adamByHand(6, h).traj);
    expectTrajectory(run((ps) => new AdamW(ps, { lr: 0.01, weightDecay: 0.3 }), 6).traj, adamByHand(6, { ...h, wd: 0.3 }).traj);
  });

  it('bias correction: the first Adam step moves every weight by ≈ lr, whatever the gradient’s size', () => {
    const w = tensor([1, 1, 1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1 });
    w.mul(tensor([1e-3, 1, 1e3], { dtype: 'float64' })).sum().backward();
    opt.step();
    expectClose(Array.from(w.data, (v) => 1 - v), [0.1, 0.1, 0.1], 1e-4);
  });

  it('L2 decay (Adam) vs decoupled decay (AdamW) with a zero gradient', () => {
    const lr = 0.01;
    const wd = 0.5;
    const start = [10, 0.1, -3];
    const make = () => tensor(start, { dtype: 'float64', requiresGrad: true });
    const a = make();
    const aw = make();
    const adam = new Adam([a], { lr, weightDecay: wd });
    const adamw = new AdamW([aw], { lr, weightDecay: wd });
    for (let t = 1; t <= 5; t++) {
      a.grad = zeros([3], { dtype: 'float64' });
      aw.grad = zeros([3], { dtype: 'float64' });
      adam.step();
      adamw.step();
      // AdamW: every weight shrinks by exactly (1 − lr·wd) per step, in proportion to its size
      expectClose(aw.data, start.map((v) => v * (1 - lr * wd) ** t), 1e-12);
      // Adam: the decay term λw is normalised like a gradient, so each weight moves by ≈ lr toward 0, big or small
      // (exactly lr on the first step; after that λw itself shrinks a little, so m̂/√v̂ drifts from ±1)
      expectClose(a.data, start.map((v) => v - Math.sign(v) * lr * t), t === 1 ? 1e-8 : 1e-3);
    }
    // after 5 steps: AdamW moved the big weight 0.25 (5 × 10·0.005) and the small one 0.0025; Adam moved both ≈ 0.05
    const moved = (x: Tensor) => start.map((v, i) => Math.abs(v - x.data[i]!));
    expect(moved(aw)[0]! / moved(a)[0]!).toBeGreaterThan(4);
    expect(moved(a)[1]! / moved(aw)[1]!).toBeGreaterThan(15);
  });
});

describe('RMSprop follows the written-out rule', () => {
  const base = { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, wd: 0 };
  const cases = [base, { ...base, momentum: 0.9 }, { ...base, centered: true }, { ...base, alpha: 0.9, wd: 0.05, momentum: 0.5, centered: true }];
  for (const h of cases)
    it(JSON.stringify(h), () => {
      const opt = (ps: Tensor[]) => new RMSprop(ps, { lr: h.lr, alpha: h.alpha, eps: h.eps, momentum: h.momentum, centered: h.centered, weightDecay: h.wd });
      expectTrajectory(run(opt, 6).traj, rmspropByHand(6, h));
    });
});

describe('Optimizer behaviour', () => {
  it('skips parameters whose grad is null, and zeroGrad clears grads', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.1 });
    a.sum().backward();
    opt.step();
    expect(Array.from(b.data)).toEqual([3]);
    expect(opt.state(b)).toBeUndefined();
    expect(opt.state(a)!.step).toBe(1);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    expect(opt.stepCount).toBe(1);
  });

  it('a NaN or infinite gradient: ValueError naming the parameter, and no weight changes', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const opt = new SGD([a, ['head.bias', b]], { lr: 0.1 });
    a.grad = tensor([1, 1]);
    b.grad = tensor([0, NaN]);
    expect(() => opt.step()).toThrow(ValueError);
    expect(() => opt.step()).toThrow(/SGD\.step: the gradient of parameter 1 \('head\.bias'\) of shape \[2\] is NaN at element 1; no weight was updated/);
    expect(Array.from(a.data)).toEqual([1, 2]);
    expect(Array.from(b.data)).toEqual([3, 4]);
    b.grad = tensor([Infinity, 0]);
    expect(() => new Adam([a, b]).step()).toThrow(/Adam\.step: the gradient of parameter 1 of shape \[2\] is Infinity at element 0/);
  });

  it('finds a single non-finite entry anywhere in a large gradient (float32 and float64), before any update', () => {
    for (const dtype of ['float32', 'float64'] as const)
      for (const [at, bad, shown] of [[0, NaN, 'NaN'], [1001, -Infinity, '-Infinity'], [1002, Infinity, 'Infinity'], [517, NaN, 'NaN']] as const) {
        const a = zeros([1003], { dtype, requiresGrad: true });
        a.grad = zeros([1003], { dtype }).add(1e15); // large but finite: must pass
        const gb = new Float64Array(1003);
        gb[at] = bad;
        const c = zeros([1003], { dtype, requiresGrad: true });
        c.grad = new Tensor(dtype === 'float32' ? Float32Array.from(gb) : gb, [1003], dtype);
        const opt = new Adam([a, c]);
        expect(() => opt.step()).toThrow(new RegExp(`Adam\\.step: the gradient of parameter 1 of shape \\[1003\\] is ${shown} at element ${at};`));
        expect(a.data.every((v) => v === 0)).toBe(true);
        expect(c.data.every((v) => v === 0)).toBe(true);
        c.grad = zeros([1003], { dtype });
        opt.step(); // all finite now: steps
        expect(a.data[0]).toBeLessThan(0);
      }
  });

  it('the lr can be read and set (validated); float32 parameters keep float32 state', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const opt = new Adam([w]);
    expect(opt.lr).toBe(1e-3);
    opt.lr = 0.5;
    expect(opt.lr).toBe(0.5);
    expect(() => (opt.lr = -1)).toThrow(/Adam: lr \(the learning rate\) must be a finite number ≥ 0, got -1/);
    w.sum().backward();
    opt.step();
    expect((opt.state(0)!.expAvg as Tensor).dtype).toBe('float32');
    // the first step moves each weight by ≈ lr
    expectClose(w.data, [0.5, 1.5], 1e-6);
  });

  it('accepts any iterable, [name, tensor] pairs, and updates a repeated parameter once', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new SGD(new Set([w]), { lr: 1 });
    expect(opt.params).toEqual([w]);
    const dup = new SGD([w, w], { lr: 1 });
    w.grad = tensor([1]);
    dup.step();
    expect(w.item()).toBe(0);
  });
});

describe('Optimizer: stateDict / loadStateDict', () => {
  it('resuming from a snapshot continues exactly as the uninterrupted run', () => {
    const full = run((ps) => new Adam(ps, { lr: 0.01 }), 6).traj;
    const first = run((ps) => new Adam(ps, { lr: 0.01 }), 3);
    const sd = first.opt.stateDict();
    const w = tensor(first.traj[2]!, { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: 0.5 });
    opt.loadStateDict(sd);
    expect(opt.lr).toBe(0.01);
    expect(opt.stepCount).toBe(3);
    const rest: number[][] = [];
    for (let t = 0; t < 3; t++) {
      opt.zeroGrad();
      lossOf(w).backward();
      opt.step();
      rest.push(Array.from(w.data));
    }
    expectTrajectory(rest, full.slice(3));
    // the snapshot is a copy: stepping on did not change it
    expect(sd.state[0]!.step).toBe(3);
  });
  it('rejects a snapshot that does not fit', () => {
    const sd = run((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 }), 1).opt.stateDict();
    expect(() => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 }).loadStateDict(sd)).toThrow(/state 'momentumBuffer' of parameter 0 has shape \[4\] but the parameter has \[1\]/);
    expect(() => new SGD([tensor([1], { requiresGrad: true }), tensor([1], { requiresGrad: true })], { lr: 0.1 }).loadStateDict(sd)).toThrow(/state for 1 parameters but this optimizer has 2/);
    expect(() => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 }).loadStateDict({} as never)).toThrow(TypeError);
  });
});

describe('Optimizer: hyperparameters validated in the constructor', () => {
  const w = () => tensor([1, 2], { requiresGrad: true });
  it('learning rate', () => {
    expect(() => new SGD([w()], { lr: -0.1 })).toThrow(ValueError);
    expect(() => new SGD([w()], { lr: -0.1 })).toThrow(/SGD: lr \(the learning rate\) must be a finite number ≥ 0, got -0\.1/);
    expect(() => new Adam([w()], { lr: NaN })).toThrow(/Adam: lr .* got NaN/);
    expect(() => new SGD([w()], {} as never)).toThrow(/SGD: a learning rate is required/);
    expect(() => new SGD([w()], { lr: '0.1' as never })).toThrow(TypeError);
  });
  it('betas, eps, momentum, nesterov, dampening, alpha, weight decay', () => {
    expect(() => new Adam([w()], { betas: [1, 0.999] })).toThrow(/Adam: betas\[0\] \(β₁\) must be in \[0, 1\), got 1/);
    expect(() => new AdamW([w()], { betas: [0.9, -0.1] })).toThrow(/AdamW: betas\[1\] \(β₂\) must be in \[0, 1\), got -0\.1/);
    expect(() => new Adam([w()], { betas: [0.9] as never })).toThrow(TypeError);
    expect(() => new Adam([w()], { eps: -1 })).toThrow(/eps must be a finite number ≥ 0, got -1/);
    expect(() => new SGD([w()], { lr: 0.1, momentum: -0.5 })).toThrow(/SGD: momentum must be a finite number ≥ 0, got -0\.5/);
    expect(() => new SGD([w()], { lr: 0.1, nesterov: true })).toThrow(/SGD: nesterov: true needs momentum > 0 and dampening 0 \(got momentum 0, dampening 0\)/);
    expect(() => new SGD([w()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(ValueError);
    expect(() => new SGD([w()], { lr: 0.1, dampening: 2 })).toThrow(/dampening must be in \[0, 1\], got 2/);
    expect(() => new RMSprop([w()], { alpha: 1 })).toThrow(/RMSprop: alpha must be in \[0, 1\), got 1/);
    expect(() => new RMSprop([w()], { momentum: NaN })).toThrow(/RMSprop: momentum must be a finite number ≥ 0, got NaN/);
    expect(() => new AdamW([w()], { weightDecay: -0.01 })).toThrow(/AdamW: weightDecay must be a finite number ≥ 0, got -0\.01/);
  });
  it('parameters', () => {
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/SGD: got an empty list of parameters/);
    expect(() => new Adam([tensor([1, 2])])).toThrow(/Adam: parameter 0 of shape \[2\] does not require a gradient.*requiresGrad: true/);
    expect(() => new Adam([w(), zeros([2], { dtype: 'int32' })])).toThrow(/Adam: parameter 1 is an int32 tensor/);
    expect(() => new Adam([w(), [1, 2] as never])).toThrow(TypeError);
    expect(() => new Adam(w() as never)).toThrow(/params must be an array \(or iterable\) of Tensors/);
    expect(() => new Adam([w().mul(2)])).toThrow(/is the result of an op \('mul'\), not a leaf tensor/);
    expect(() => new Adam([['enc.w', tensor([1])]])).toThrow(/parameter 0 \('enc\.w'\)/);
    // an int32 tensor can never require grad: the engine refuses first
    expect(() => zeros([2], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
  });
});
