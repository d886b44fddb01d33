/** Chapter 5 of the spec: optimization. */
import { data, loss, nn, optim, tensor, zeros } from 'groundup';
import type { Claim } from './claim.js';
import { pj } from './ref.js';
import { arr, f64 } from './util.js';

/** w₂·tanh(w₁·x): a one-hidden-unit network, trained on x = [1, 2], y = [0.5, 0.8] from (s, s). */
function tinyTanhNet(start: number): { w: number[]; at: (w1: number, w2: number) => number } {
  const l1 = new nn.Linear(1, 1, { bias: false }).to('float64');
  const l2 = new nn.Linear(1, 1, { bias: false }).to('float64');
  const model = new nn.Sequential(l1, new nn.Tanh(), l2);
  const x = f64([[1], [2]]);
  const y = f64([[0.5], [0.8]]);
  const lossAt = () => loss.mse(model.forward(x), y);
  l1.weight.data[0] = start;
  l2.weight.data[0] = start;
  const opt = new optim.Adam(model.parameters(), { lr: 0.1 });
  for (let i = 0; i < 200; i++) {
    opt.zeroGrad();
    lossAt().backward();
    opt.step();
  }
  const w = [l1.weight.item(), l2.weight.item()];
  const at = (w1: number, w2: number) => {
    l1.weight.data[0] = w1;
    l2.weight.data[0] = w2;
    return lossAt().item();
  };
  return { w, at };
}

/** Regression data for the gradient-noise claim: 256 samples, y = 2x + noise. */
function noiseData() {
  const a = pj.normals(512, 81);
  const x = a.slice(0, 256);
  const y = x.map((v, i) => 2 * v + 0.5 * a[256 + i]!);
  return { x, y, w: 0.5 };
}

/** Reddi, Kale & Kumar's online problem: f_t(x) = C·x when t mod 3 = 1, else −x, on [−1, 1], C = 3. */
function reddi(make: (p: ReturnType<typeof zeros>) => optim.Optimizer, steps = 300): number {
  const x = zeros([1], { dtype: 'float64', requiresGrad: true });
  const opt = make(x);
  const alpha = 0.5;
  for (let t = 1; t <= steps; t++) {
    opt.lr = alpha / Math.sqrt(t);
    opt.zeroGrad();
    x.mul(t % 3 === 1 ? 3 : -1).sum().backward();
    opt.step();
    x.data[0] = Math.min(1, Math.max(-1, x.data[0]!)); // projection onto the feasible set
  }
  return x.item();
}

/** Gradients of mean 0.1: weight 0 gets +1.1, −0.9, +1.1, … (volatile), weight 1 a steady 0.1. */
const volatileGrad = (t: number) => [t % 2 === 0 ? 1.1 : -0.9, 0.1];

export const chapter5: Claim[] = [
  {
    id: 'gradient-descent-step',
    chapter: 5,
    section: 'ch3/gradient-descent',
    mapRow: 'SGD',
    statement: 'one step of w ← w − η·∇L on L = (w − 3)² from w = 0 with η = 0.1 lands at 0.6',
    compute() {
      const w = tensor([0], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([w], { lr: 0.1 });
      w.sub(3).square().sum().backward();
      opt.step();
      return w.item();
    },
    expected: 0.6,
    source: 'by hand: ∇L = 2(0 − 3) = −6; 0 − 0.1·(−6)',
  },
  {
    id: 'convex-same-bottom',
    chapter: 5,
    section: 'ch5/convexity',
    statement: "linear regression's loss is convex: gradient descent from two different starts reaches the same least-squares solution",
    compute() {
      const x = f64([[-1], [-0.5], [0], [0.5], [1]]);
      const y = f64([-1.8, -0.4, 1.1, 1.9, 3.2]);
      const fit = (w0: number, b0: number) => {
        const w = tensor([[w0]], { dtype: 'float64', requiresGrad: true });
        const b = tensor([b0], { dtype: 'float64', requiresGrad: true });
        const opt = new optim.SGD([w, b], { lr: 0.3 });
        for (let i = 0; i < 150; i++) {
          opt.zeroGrad();
          loss.mse(x.matmul(w).add(b).reshape(5), y).backward();
          opt.step();
        }
        return [w.item(), b.item()];
      };
      return [...fit(5, -5), ...fit(-3, 4)];
    },
    expected() {
      const x = [-1, -0.5, 0, 0.5, 1];
      const y = [-1.8, -0.4, 1.1, 1.9, 3.2];
      const mx = pj.mean(x);
      const my = pj.mean(y);
      const w = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / x.reduce((s, v) => s + (v - mx) ** 2, 0);
      const b = my - w * mx;
      return [w, b, w, b];
    },
    tolerance: 1e-8,
    source: 'closed form in plain JS: w = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², b = ȳ − w·x̄',
  },
  {
    id: 'network-loss-non-convex',
    chapter: 5,
    section: 'ch5/convexity',
    statement:
      "a neural network's loss is not convex: the net w₂·tanh(w₁x) trained from two starts ends in two different minima, (atanh ½, 1) and its mirror, both of loss 0, while the point halfway between has loss 0.445",
    compute() {
      const a = tinyTanhNet(0.3);
      const b = tinyTanhNet(-0.3);
      return [...a.w, ...b.w, a.at(a.w[0]!, a.w[1]!), b.at(b.w[0]!, b.w[1]!), a.at((a.w[0]! + b.w[0]!) / 2, (a.w[1]! + b.w[1]!) / 2)];
    },
    expected: [Math.atanh(0.5), 1, -Math.atanh(0.5), -1, 0, 0, (0.5 ** 2 + 0.8 ** 2) / 2],
    tolerance: [1e-4, 1e-4, 1e-4, 1e-4, 1e-8, 1e-8, 1e-6],
    source:
      'by hand: w₂tanh(w₁) = 0.5 and w₂tanh(2w₁) = 0.8 give tanh(2w₁)/tanh(w₁) = 2/(1 + tanh²w₁) = 1.6, so tanh w₁ = ½, w₂ = 1; (w₁, w₂) → (−w₁, −w₂) leaves the net unchanged; halfway is (0, 0), where the net outputs 0 and the loss is (0.5² + 0.8²)/2 > 0 = the mean of the ends (convexity would forbid that)',
  },
  {
    id: 'mini-batches',
    chapter: 5,
    section: 'ch5/sgd-variants',
    statement: 'mini-batches of 32 from 100 samples give 4 batches (32, 32, 32, 4) that visit every sample once per epoch',
    compute() {
      const x = f64(Array.from({ length: 100 }, (_, i) => i));
      const loader = new data.DataLoader(x, x, { batchSize: 32, shuffle: true, seed: 5 });
      const sizes: number[] = [];
      const seen = new Set<number>();
      for (const [xb] of loader) {
        sizes.push(xb.shape[0]!);
        for (const v of xb.data) seen.add(v);
      }
      return [sizes.length, ...sizes, seen.size];
    },
    expected: [4, 32, 32, 32, 4, 100],
    source: 'by hand: ⌈100/32⌉ = 4; 100 − 3·32 = 4',
  },
  {
    id: 'minibatch-noise',
    chapter: 5,
    section: 'ch5/sgd-variants',
    statement: "a mini-batch gradient's variance shrinks as 1/batch size: B·Var(gradient of a batch of B) is the same for B = 1, 4 and 16",
    compute() {
      const { x, y, w } = noiseData();
      const rnd = pj.uniforms(82);
      const K = 300;
      const full = pj.mean(x.map((v, i) => 2 * (w * v - y[i]!) * v));
      return [1, 4, 16].map((B) => {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const idx = Array.from({ length: B }, () => Math.floor(rnd() * 256));
          const wt = tensor([w], { dtype: 'float64', requiresGrad: true });
          const xb = f64(idx.map((i) => x[i]!));
          loss.mse(xb.mul(wt), f64(idx.map((i) => y[i]!))).backward();
          s += (wt.grad!.item() - full) ** 2;
        }
        return (B * (s / K)) / perSampleVariance();
      });
    },
    expected: [1, 1, 1],
    tolerance: 0.25,
    source:
      'by hand: a batch of B draws (with replacement) averages B independent per-sample gradients, so its variance is σ²/B; σ² from the per-sample gradients 2(wx − y)x in plain JS; 300 batches per size, so the estimate is good to about ±15%',
  },
  {
    id: 'learning-rate-extremes',
    chapter: 5,
    section: 'ch5/learning-rate',
    statement: 'on L = (w − 3)² from w = 0, a learning rate of 1.1 overshoots and diverges, 0.001 crawls, and 0.4 converges: after 20 steps the distance to the minimum is 115, 2.88 and 3·10⁻¹⁴',
    compute: () =>
      [1.1, 0.001, 0.4].map((lr) => {
        const w = tensor([0], { dtype: 'float64', requiresGrad: true });
        const opt = new optim.SGD([w], { lr });
        for (let i = 0; i < 20; i++) {
          opt.zeroGrad();
          w.sub(3).square().sum().backward();
          opt.step();
        }
        return Math.abs(w.item() - 3);
      }),
    expected: [1.1, 0.001, 0.4].map((lr) => 3 * Math.abs(1 - 2 * lr) ** 20),
    compare: ['relative', 'relative', 'close'],
    tolerance: [1e-9, 1e-9, 1e-12],
    source: 'by hand: w − 3 ← (w − 3) − 2η(w − 3) = (1 − 2η)(w − 3), so after 20 steps |w − 3| = 3·|1 − 2η|²⁰: 3·1.2²⁰, 3·0.998²⁰, 3·0.2²⁰',
  },
  {
    id: 'momentum',
    chapter: 5,
    section: 'ch5/momentum',
    statement: 'with momentum 0.9 and a constant gradient of 1, the velocity grows 1, 1.9, 2.71: w = −0.1, −0.29, −0.561 at η = 0.1',
    compute() {
      const w = tensor([0], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        opt.zeroGrad();
        w.sum().backward(); // dL/dw = 1
        opt.step();
        out.push(w.item());
      }
      return out;
    },
    expected: [-0.1, -0.29, -0.561],
    tolerance: 1e-12,
    source: 'by hand: v = 0.9v + g: 1, 1.9, 2.71; w −= 0.1·v',
  },
  {
    id: 'momentum-is-a-running-sum',
    chapter: 5,
    section: 'ch5/momentum',
    statement: 'with v = βv + g the velocity under a steady gradient settles at g/(1 − β): after 100 steps of g = 1 at β = 0.9 each step moves the weight 10× as far as plain SGD would',
    simplification:
      'the spec calls the velocity a running average of past gradients; in the form v = βv + g it is a discounted sum, which settles at g/(1 − β) (ten times g for β = 0.9), so momentum also enlarges the effective learning rate; an average, as in Adam\'s first moment, would settle at g',
    compute() {
      const w = tensor([0], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([w], { lr: 0.01, momentum: 0.9 });
      let before = 0;
      for (let i = 0; i < 100; i++) {
        before = w.item();
        opt.zeroGrad();
        w.sum().backward(); // g = 1
        opt.step();
      }
      return (before - w.item()) / 0.01; // the last step, in units of η·g
    },
    expected: (1 - 0.9 ** 100) / (1 - 0.9),
    tolerance: 1e-9,
    source: 'by hand: v_k = 1 + β + … + β^(k−1) = (1 − β^k)/(1 − β), which tends to 1/(1 − β) = 10',
  },
  {
    id: 'adam-bias-correction',
    chapter: 5,
    section: 'ch5/adam',
    mapRow: 'Adam',
    statement: "thanks to bias correction, Adam's first step moves every weight by η against its gradient's sign, whatever the gradient's scale",
    compute() {
      const w = tensor([1, 1, 1], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.Adam([w], { lr: 0.01 });
      w.mul(f64([1e-3, 1, -1e3])).sum().backward();
      opt.step();
      return arr(w);
    },
    expected: [0.99, 0.99, 1.01],
    tolerance: 1e-6,
    source: 'by hand: m̂₁ = g, v̂₁ = g², so the step is η·g/|g| = ±0.01 (without the correction it would be η·0.1g/(√0.001·|g|) ≈ 3.2η)',
  },
  {
    id: 'adam-per-weight-steps',
    chapter: 5,
    section: 'ch5/adam',
    statement:
      'Adam gives each weight its own step size: of two weights whose gradients have the same mean 0.1, the steady one moves η every step (0.4 in 40 steps) and the volatile one (+1.1, −0.9, …) only 0.056, where SGD moves both by 0.04',
    compute() {
      const run = (make: (w: ReturnType<typeof zeros>) => optim.Optimizer) => {
        const w = zeros([2], { dtype: 'float64', requiresGrad: true });
        const opt = make(w);
        for (let t = 0; t < 40; t++) {
          opt.zeroGrad();
          w.mul(f64(volatileGrad(t))).sum().backward();
          opt.step();
        }
        return arr(w);
      };
      return [...run((w) => new optim.Adam([w], { lr: 0.01 })), ...run((w) => new optim.SGD([w], { lr: 0.01 }))];
    },
    expected() {
      // Adam written out: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η·m̂/(√v̂ + ε)
      const [b1, b2, lr, eps] = [0.9, 0.999, 0.01, 1e-8];
      const w = [0, 0];
      const m = [0, 0];
      const v = [0, 0];
      const sgd = [0, 0];
      for (let t = 0; t < 40; t++) {
        const g = volatileGrad(t);
        for (let i = 0; i < 2; i++) {
          m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
          v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
          const mh = m[i]! / (1 - b1 ** (t + 1));
          const vh = v[i]! / (1 - b2 ** (t + 1));
          w[i]! -= (lr * mh) / (Math.sqrt(vh) + eps);
          sgd[i]! -= lr * g[i]!;
        }
      }
      return [...w, ...sgd];
    },
    tolerance: 1e-12,
    source: "a second implementation of Adam's update (Kingma & Ba, Algorithm 1) in plain JS on the same gradients, and w ← w − ηg for SGD",
  },
  {
    id: 'adam-counterexample',
    chapter: 5,
    section: 'ch5/adam',
    statement:
      "Adam is not always robust: on Reddi, Kale & Kumar's problem (loss 3x one step in three, −x otherwise, x ∈ [−1, 1]) it ends at x = +1, the worst point, while AMSGrad and SGD head to the optimum x = −1",
    simplification: 'the spec presents Adam as robust on most problems with little tuning; it often is, but there are simple problems where it provably converges to the wrong point',
    compute: () => [
      reddi((x) => new optim.Adam([x], { lr: 0.5, betas: [0, 0.1] })),
      reddi((x) => new optim.Adam([x], { lr: 0.5, betas: [0, 0.1], amsgrad: true })),
      reddi((x) => new optim.SGD([x], { lr: 0.5 })),
    ],
    expected: [1, -1, -1],
    tolerance: [1e-12, 0.05, 0.1],
    source:
      'Reddi, Kale & Kumar, "On the Convergence of Adam and Beyond" (ICLR 2018), Theorem 1 (β₁ = 0, β₂ = 1/(1 + C²), η_t = α/√t): Adam ends at +1; the average loss per cycle is (C − 2)x/3 = x/3, minimal at x = −1 (by hand)',
  },
  {
    id: 'weight-decay-shrinks',
    chapter: 5,
    section: 'ch5/weight-decay',
    mapRow: 'Weight Decay / L2',
    statement: 'with no gradient from the data, L2 weight decay shrinks a weight toward zero by (1 − ηλ) each step',
    compute() {
      const w = tensor([2], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([w], { lr: 0.5, weightDecay: 0.1 });
      for (let i = 0; i < 3; i++) {
        opt.zeroGrad();
        w.mul(0).sum().backward(); // zero data gradient
        opt.step();
      }
      return w.item();
    },
    expected: 2 * 0.95 ** 3,
    tolerance: 1e-12,
    source: 'by hand: w ← w − η·λw = 0.95w, three times: 2·0.95³',
  },
  {
    id: 'l2-vs-decoupled',
    chapter: 5,
    section: 'ch5/weight-decay',
    statement: 'L2 decay inside Adam and decoupled decay (AdamW) give different weights from the same step',
    simplification:
      'the spec treats weight decay as the L2 penalty; for plain SGD the two are the same update, but Adam divides the penalty\'s gradient by each weight\'s √v̂, so an L2 penalty inside Adam and decoupled decay (AdamW) are different rules',
    compute() {
      const step = (Opt: typeof optim.Adam) => {
        const w = tensor([2], { dtype: 'float64', requiresGrad: true });
        const opt = new Opt([w], { lr: 0.1, weightDecay: 0.1 });
        w.mul(0.5).sum().backward(); // g = 0.5
        opt.step();
        return w.item();
      };
      return [step(optim.Adam), step(optim.AdamW)];
    },
    expected: [1.9, 1.88],
    tolerance: 1e-6,
    source: 'by hand: Adam: g + λw = 0.7, normalised to 1 ⇒ 2 − 0.1; AdamW: 2·(1 − 0.01) − 0.1 = 1.88',
  },
  {
    id: 'lr-schedule',
    chapter: 5,
    section: 'ch5/schedules',
    mapRow: 'Learning Rate Schedule',
    statement: 'cosine decay from 0.1 over 100 steps is 0.05 halfway and 0 at the end; with 10 warmup steps the rate ramps up to 0.1 first',
    compute() {
      const c = optim.schedule.cosine({ lr: 0.1, totalSteps: 100 });
      const w = optim.schedule.warmupCosine({ lr: 0.1, warmupSteps: 10, totalSteps: 100 });
      return [c.lrAt(0), c.lrAt(50), c.lrAt(100), w.lrAt(0), w.lrAt(4), w.lrAt(9), w.lrAt(55)];
    },
    expected: [0.1, 0.05, 0, 0.01, 0.05, 0.1, 0.05],
    tolerance: 1e-12,
    source: 'by hand: ½·0.1·(1 + cos πt/T) at t = 0, 50, 100; warmup 0.1·(t+1)/10; step 55 is halfway through the 90 cosine steps',
  },
];

/** σ² of the per-sample gradient 2(wx − y)x over the 256 samples (plain JS). */
function perSampleVariance(): number {
  const { x, y, w } = noiseData();
  return pj.variance(x.map((v, i) => 2 * (w * v - y[i]!) * v));
}
