/**
 * Chapter 5's model against independent computations: plain-JavaScript gradient descent, momentum,
 * Adam and AdamW written out here from their formulas, closed-form eigenvalues, hand-evaluated
 * schedules, and the numbers quoted in the prose.
 */
import { describe, expect, it } from 'vitest';
import { Generator, optim } from 'groundup';
import {
  LANDSCAPES,
  REG_N,
  SpiralTrainer,
  SPIRAL_DEFAULTS,
  scheduleRun,
  spiralCommand,
  VARIANT_START,
  bowlCurvature,
  bowlMinimum,
  l2Minimum,
  landscapeGrid,
  lossAndGradient,
  makeSchedule,
  pathCode,
  regressionData,
  runPath,
  scheduleCurve,
  spreadStarts,
  trainVariant,
  type OptSettings,
} from './model.js';

const X = Array.from(regressionData().x.data);
const Y = Array.from(regressionData().y.data);

/** Loss and gradient of the line fit by plain loops. */
function bowl(w: number, b: number): { L: number; gw: number; gb: number } {
  let L = 0;
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < X.length; i++) {
    const r = w * X[i]! + b - Y[i]!;
    L += r * r;
    gw += 2 * r * X[i]!;
    gb += 2 * r;
  }
  return { L: L / X.length, gw: gw / X.length, gb: gb / X.length };
}

type Grad = (x: number, y: number) => [number, number];
const rosenGrad: Grad = (x, y) => [-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)];
const ravineGrad: Grad = (x, y) => [20 * (x - 1), y - 1];

/** Adam by its formulas; decoupled = AdamW. */
function adamByHand(grad: Grad, start: [number, number], steps: number, lr: number, wd: number, decoupled: boolean, b1 = 0.9, b2 = 0.999): { x: number; y: number; m1: number; v1: number } {
  const w = [...start];
  const m = [0, 0];
  const v = [0, 0];
  let m1 = 0;
  let v1 = 0;
  for (let t = 1; t <= steps; t++) {
    const g = grad(w[0]!, w[1]!);
    for (let i = 0; i < 2; i++) {
      let gi = g[i]!;
      if (decoupled) w[i] = w[i]! * (1 - lr * wd);
      else gi += wd * w[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      const mh = m[i]! / (1 - b1 ** t);
      const vh = v[i]! / (1 - b2 ** t);
      w[i] = w[i]! - (lr * mh) / (Math.sqrt(vh) + 1e-8);
    }
    if (t === 1) [m1, v1] = [m[0]!, v[0]!];
  }
  return { x: w[0]!, y: w[1]!, m1, v1 };
}

const S = (o: Partial<OptSettings>): OptSettings => ({ lr: 0.1, lrAdaptive: 0.05, beta: 0.9, weightDecay: 0, ...o });

describe('the bowl (a line fitted to 64 seeded points)', () => {
  it('loss, gradient and the first step match plain loops and the numbers in the prose', () => {
    const { loss, grad } = lossAndGradient(LANDSCAPES.bowl, [-0.5, 2.5]);
    const hand = bowl(-0.5, 2.5);
    expect(loss).toBeCloseTo(hand.L, 4);
    expect(grad[0]).toBeCloseTo(hand.gw, 4);
    expect(grad[1]).toBeCloseTo(hand.gb, 4);
    // prose: loss 7.810, gradient (−3.357, 1.945), one step of 0.1 → (−0.164, 2.305), loss 6.443
    expect(loss).toBeCloseTo(7.81, 3);
    expect(grad[0]).toBeCloseTo(-3.357, 3);
    expect(grad[1]).toBeCloseTo(1.945, 3);
    const p = runPath(LANDSCAPES.bowl, 'sgd', [-0.5, 2.5], 1, S({ lr: 0.1 }));
    expect(p.xs[1]).toBeCloseTo(-0.5 - 0.1 * hand.gw, 5);
    expect(p.ys[1]).toBeCloseTo(2.5 - 0.1 * hand.gb, 5);
    expect(p.xs[1]).toBeCloseTo(-0.164, 3);
    expect(p.ys[1]).toBeCloseTo(2.305, 3);
    expect(p.losses[1]).toBeCloseTo(6.443, 3);
  });

  it('sixty SGD steps follow a plain-JS gradient descent and end near least squares', () => {
    const p = runPath(LANDSCAPES.bowl, 'sgd', [-0.5, 2.5], 60, S({ lr: 0.1 }));
    let [w, b] = [-0.5, 2.5];
    for (let t = 0; t < 60; t++) {
      const g = bowl(w, b);
      [w, b] = [w - 0.1 * g.gw, b - 0.1 * g.gb];
      expect(p.xs[t + 1]).toBeCloseTo(w, 4);
      expect(p.ys[t + 1]).toBeCloseTo(b, 4);
    }
    // least squares by the textbook formulas
    const mx = X.reduce((a, v) => a + v, 0) / REG_N;
    const my = Y.reduce((a, v) => a + v, 0) / REG_N;
    let sxy = 0;
    let sxx = 0;
    X.forEach((x, i) => {
      sxy += (x - mx) * (Y[i]! - my);
      sxx += (x - mx) ** 2;
    });
    const [lw, lb] = bowlMinimum();
    expect(lw).toBeCloseTo(sxy / sxx, 4);
    expect(lb).toBeCloseTo(my - (sxy / sxx) * mx, 4);
    expect(lw).toBeCloseTo(2.013, 3);
    expect(lb).toBeCloseTo(-0.981, 3);
  });

  it('the Hessian eigenvalues match the 2×2 closed form; 2/λmax is the edge of stability', () => {
    const { eigenvalues, criticalLr, hessian } = bowlCurvature();
    const [[a, b], [, d]] = hessian as [[number, number], [number, number]];
    const mean = (a + d) / 2;
    const r = Math.sqrt(((a - d) / 2) ** 2 + b * b);
    expect(Math.min(...eigenvalues)).toBeCloseTo(mean - r, 4);
    expect(Math.max(...eigenvalues)).toBeCloseTo(mean + r, 4);
    expect(Math.min(...eigenvalues)).toBeCloseTo(0.795, 3);
    expect(Math.max(...eigenvalues)).toBeCloseTo(5.306, 3);
    expect(criticalLr).toBeCloseTo(0.377, 3);
    // below the edge: converges; above: the library throws a ValueError, caught into path.error
    const ok = runPath(LANDSCAPES.bowl, 'sgd', LANDSCAPES.bowl.start, 300, S({ lr: 0.3 }));
    expect(ok.error).toBeNull();
    expect(ok.losses.at(-1)).toBeCloseTo(bowl(lw(), lb()).L, 4);
    const bad = runPath(LANDSCAPES.bowl, 'sgd', LANDSCAPES.bowl.start, 300, S({ lr: 0.42 }));
    expect(bad.error?.name).toBe('ValueError');
    expect(bad.error?.message).toMatch(/^backward: the loss is Infinity/);
    expect(bad.error!.step).toBeGreaterThan(100);
    expect(bad.error!.step).toBeLessThan(300);
    // the loss grows by about (1 − ηλmax)² per step once the steep direction dominates
    const k = bad.error!.step - 20;
    expect(bad.losses[k + 1]! / bad.losses[k]!).toBeCloseTo((1 - 0.42 * 5.306) ** 2, 1);
  });
});
const lw = () => bowlMinimum()[0];
const lb = () => bowlMinimum()[1];

describe('landscapes and paths', () => {
  it('the heatmap grid is the landscape evaluated at cell centres', () => {
    const g = landscapeGrid(LANDSCAPES.rosenbrock, 20);
    const [x0, x1] = LANDSCAPES.rosenbrock.xRange;
    const [y0, y1] = LANDSCAPES.rosenbrock.yRange;
    for (const [i, j] of [[0, 0], [7, 13], [19, 19]] as const) {
      const x = x0 + ((i + 0.5) / 20) * (x1 - x0);
      const y = y0 + ((j + 0.5) / 20) * (y1 - y0);
      expect(g.z[j * 20 + i]).toBeCloseTo((1 - x) ** 2 + 10 * (y - x * x) ** 2, 3);
    }
  });

  it('momentum follows the heavy-ball recursion v = βv + g, θ −= ηv', () => {
    const p = runPath(LANDSCAPES.rosenbrock, 'momentum', [-1.5, 2.5], 200, S({ lr: 0.004, beta: 0.9 }));
    let [x, y] = [-1.5, 2.5];
    let v = [0, 0];
    for (let t = 0; t < 200; t++) {
      const g = rosenGrad(x, y);
      v = t === 0 ? g : [0.9 * v[0]! + g[0], 0.9 * v[1]! + g[1]];
      [x, y] = [x - 0.004 * v[0]!, y - 0.004 * v[1]!];
    }
    expect(p.xs.at(-1)).toBeCloseTo(x, 2);
    expect(p.ys.at(-1)).toBeCloseTo(y, 2);
    // prose: momentum arrives near (1, 1), plain SGD at the same η does not
    expect(Math.hypot(x - 1, y - 1)).toBeLessThan(0.1);
    const sgd = runPath(LANDSCAPES.rosenbrock, 'sgd', [-1.5, 2.5], 200, S({ lr: 0.004 }));
    expect(Math.hypot(sgd.xs.at(-1)! - 1, sgd.ys.at(-1)! - 1)).toBeGreaterThan(1);
  });

  it('Adam matches its formulas; the first step is exactly η; the state holds m and v', () => {
    const p = runPath(LANDSCAPES.rosenbrock, 'adam', [-1.5, 2.5], 200, S({ lrAdaptive: 0.05 }));
    const hand = adamByHand(rosenGrad, [-1.5, 2.5], 200, 0.05, 0, false);
    expect(p.xs.at(-1)).toBeCloseTo(hand.x, 2);
    expect(p.ys.at(-1)).toBeCloseTo(hand.y, 2);
    // prose: g₁ = 10, m₁ = 1, v₁ = 0.1, step = η
    expect(p.adam!.g[0]).toBeCloseTo(10, 4);
    expect(p.adam!.m[0]).toBeCloseTo(1, 5);
    expect(p.adam!.v[0]).toBeCloseTo(0.1, 5);
    expect(p.xs[1]).toBeCloseTo(-1.55, 6);
    // RMSprop has no bias correction: its first step is 10η
    const r = runPath(LANDSCAPES.rosenbrock, 'rmsprop', [-1.5, 2.5], 1, S({ lrAdaptive: 0.05 }));
    expect(r.xs[1]! - -1.5).toBeCloseTo(-0.5, 4);
  });

  it('Adam + L2 and AdamW settle at different points; Adam + L2 reaches the L2-penalised minimum', () => {
    const s = S({ lrAdaptive: 0.05, weightDecay: 1 });
    const l2 = runPath(LANDSCAPES.ravine, 'adam-l2', LANDSCAPES.ravine.start, 400, s);
    const w = runPath(LANDSCAPES.ravine, 'adamw', LANDSCAPES.ravine.start, 400, s);
    const hl2 = adamByHand(ravineGrad, [-0.2, -0.2], 400, 0.05, 1, false);
    const hw = adamByHand(ravineGrad, [-0.2, -0.2], 400, 0.05, 1, true);
    expect(l2.xs.at(-1)).toBeCloseTo(hl2.x, 3);
    expect(l2.ys.at(-1)).toBeCloseTo(hl2.y, 3);
    expect(w.xs.at(-1)).toBeCloseTo(hw.x, 3);
    expect(w.ys.at(-1)).toBeCloseTo(hw.y, 3);
    // the penalised minimum of 10(x−1)² + 0.5(y−1)² + ½λ(x² + y²): x = 20/(20+λ), y = 1/(1+λ)
    const [mx, my] = l2Minimum(LANDSCAPES.ravine, 1);
    expect(mx).toBeCloseTo(20 / 21, 3);
    expect(my).toBeCloseTo(0.5, 3);
    expect(hl2.x).toBeCloseTo(20 / 21, 2);
    expect(hl2.y).toBeCloseTo(0.5, 2);
    // prose: AdamW near (0.75, 0.75)
    expect(hw.x).toBeCloseTo(0.75, 1);
    expect(hw.y).toBeCloseTo(0.75, 1);
    expect(Math.hypot(hl2.x - hw.x, hl2.y - hw.y)).toBeGreaterThan(0.2);
  });

  it('two valleys: starts on the left reach the global minimum, starts on the right the local one', () => {
    // roots of 4x³ − 4x + 0.3 = 0 by bisection
    const root = (a: number, b: number) => {
      const f = (x: number) => 4 * x ** 3 - 4 * x + 0.3;
      for (let i = 0; i < 60; i++) {
        const m = (a + b) / 2;
        if (f(a) * f(m) <= 0) b = m;
        else a = m;
      }
      return (a + b) / 2;
    };
    const left = root(-2, -0.5);
    const right = root(0.5, 2);
    const saddle = root(-0.3, 0.5);
    expect(left).toBeCloseTo(-1.036, 3);
    expect(right).toBeCloseTo(0.96, 2);
    expect(saddle).toBeCloseTo(0.08, 2);
    const L = (x: number) => (x * x - 1) ** 2 + 0.3 * x;
    expect(L(left)).toBeCloseTo(-0.31, 2); // prose: −0.31
    expect(L(right)).toBeCloseTo(0.29, 2);
    for (const st of spreadStarts(LANDSCAPES.wells, 6)) {
      const p = runPath(LANDSCAPES.wells, 'sgd', st, 150, S({ lr: 0.05 }));
      expect(p.xs.at(-1)).toBeCloseTo(st[0] < saddle ? left : right, 3);
      expect(p.ys.at(-1)).toBeCloseTo(0, 3);
    }
  });

  it('the code cell program names the same landscape, optimizer and steps', () => {
    const code = pathCode(LANDSCAPES.rosenbrock, 'adam', [-1.5, 2.5], 7, S({}));
    expect(code).toContain("const opt = optim.make('adam', [x, y], { lr: 0.05, beta1: 0.9 })");
    expect(code).toContain('t < 7');
    expect(code).toContain('y.sub(x.square()).square().mul(10)');
  });
});

describe('batch, mini-batch and stochastic', () => {
  it('mini-batch SGD through the DataLoader matches plain loops over the same shuffled order', () => {
    for (const bs of [1, 8, 64]) {
      const run = trainVariant(bs, 0.1, 3, 1);
      expect(run.updatesPerEpoch).toBe(Math.ceil(64 / bs));
      expect(run.ws.length).toBe(1 + 3 * Math.ceil(64 / bs));
      const gen = new Generator(1);
      let [w, b] = VARIANT_START;
      for (let e = 0; e < 3; e++) {
        const order = gen.permutation(64);
        for (let s = 0; s < 64; s += bs) {
          const idx = Array.from(order.slice(s, s + bs));
          let gw = 0;
          let gb = 0;
          for (const i of idx) {
            const r = w * X[i]! + b - Y[i]!;
            gw += (2 * r * X[i]!) / idx.length;
            gb += (2 * r) / idx.length;
          }
          [w, b] = [w - 0.1 * gw, b - 0.1 * gb];
        }
      }
      expect(run.ws.at(-1)).toBeCloseTo(w, 3);
      expect(run.bs.at(-1)).toBeCloseTo(b, 3);
      expect(run.losses.at(-1)).toBeCloseTo(bowl(w, b).L, 3);
    }
  });

  it('prose: after 10 epochs at η = 0.1, full batch is still far off, mini-batches of 8 arrive', () => {
    const full = trainVariant(64, 0.1, 10, 1);
    const mini = trainVariant(8, 0.1, 10, 1);
    const one = trainVariant(1, 0.1, 10, 1);
    const best = bowl(lw(), lb()).L;
    expect(full.losses.at(-1)!).toBeGreaterThan(5 * best);
    expect(full.losses.at(-1)!).toBeLessThan(full.losses[0]! / 2);
    expect(mini.losses.at(-1)!).toBeLessThan(1.1 * best);
    // stochastic: near the bottom but jittering — its last epoch's losses vary more than mini-batch's
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(spread(one.losses.slice(-64))).toBeGreaterThan(spread(mini.losses.slice(-8)));
  });
});

describe('schedules', () => {
  it('lrAt matches the formulas evaluated by hand', () => {
    const s = { lr: 1e-3, totalSteps: 1000, warmupSteps: 100, stepSize: 300, gamma: 0.3, minLr: 0 };
    const wc = makeSchedule('warmupCosine', s);
    expect(wc.lrAt(0)).toBeCloseTo(1e-5, 12);
    expect(wc.lrAt(50)).toBeCloseTo(5.1e-4, 12);
    expect(wc.lrAt(99)).toBeCloseTo(1e-3, 12);
    expect(wc.lrAt(550)).toBeCloseTo(5e-4, 12);
    expect(wc.lrAt(1000)).toBeCloseTo(0, 12);
    expect(makeSchedule('step', s).lrAt(650)).toBeCloseTo(1e-3 * 0.3 ** 2, 12);
    expect(makeSchedule('cosine', s).lrAt(250)).toBeCloseTo(0.5e-3 * (1 + Math.cos(Math.PI / 4)), 12);
    expect(makeSchedule('exponential', s).lrAt(300)).toBeCloseTo(1e-3 * 0.3, 6);
    const c = scheduleCurve('cosine', s);
    expect(c.t.length).toBe(1101);
    expect(c.lr[500]).toBeCloseTo(5e-4, 12);
    expect(optim.schedule.cosine({ lr: 1, totalSteps: 10 }).lrAt(5)).toBeCloseTo(0.5, 12);
  });
});

describe('live training on spirals (the recipe the CLI trains)', () => {
  it('the loss falls, the held-out points are classified, and the regions cover all three classes', () => {
    const t = new SpiralTrainer({ ...SPIRAL_DEFAULTS });
    t.train(1);
    const first = t.losses[0]!;
    expect(first).toBeGreaterThan(0.9); // about ln 3 at the start
    expect(first).toBeLessThan(1.3);
    t.train(449); // 30 epochs of 15 batches
    expect(t.trainer.epochLosses).toHaveLength(30);
    expect(t.trainer.epochLosses.at(-1)!).toBeLessThan(first / 4);
    expect(t.accs.at(-1)!).toBeGreaterThan(0.9);
    expect(t.accuracy('test')).toBeGreaterThan(0.85);
    const r = t.boundary(30);
    expect(r.length).toBe(900);
    expect(new Set(r).size).toBe(3);
    // same seed, same run
    const u = new SpiralTrainer({ ...SPIRAL_DEFAULTS });
    u.train(5);
    expect(u.losses).toEqual(t.losses.slice(0, 5));
  });

  it('spiralCommand names only the flags that differ from the CLI defaults', () => {
    expect(spiralCommand(SPIRAL_DEFAULTS)).toBe('groundup train spirals --activation tanh --lr 0.02 --hidden 32');
    expect(spiralCommand({ ...SPIRAL_DEFAULTS, batchSize: 480, schedule: 'warmupCosine' })).toBe(
      'groundup train spirals --activation tanh --lr 0.02 --hidden 32 --batch-size 480 --schedule warmupCosine',
    );
  });
});

describe('a schedule driving a real run', () => {
  it('scheduleRun trains with lrAt(t) at update t: the lr list is the closed form, the losses are finite and fall', () => {
    const s = { lr: 0.02, totalSteps: 120, warmupSteps: 12, stepSize: 40, gamma: 0.3, minLr: 0 };
    const r = scheduleRun('warmupCosine', s);
    expect(r.lrs).toHaveLength(120);
    expect(r.lrs[0]).toBeCloseTo(0.02 / 12, 12);
    expect(r.lrs[11]).toBeCloseTo(0.02, 12);
    expect(r.lrs[12 + 54]).toBeCloseTo(0.01, 12); // halfway through the cosine (108 steps)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(r.losses.slice(-15))).toBeLessThan(mean(r.losses.slice(0, 15)));
    const st = scheduleRun('step', s);
    expect(st.lrs[39]).toBeCloseTo(0.02, 12);
    expect(st.lrs[40]).toBeCloseTo(0.006, 12);
    expect(scheduleRun('constant', s).lrs.every((v) => v === 0.02)).toBe(true);
  });
});
