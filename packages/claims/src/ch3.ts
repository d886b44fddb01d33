/** Chapter 3 of the spec: calculus, the chain rule, backpropagation, vanishing gradients. */
import { Generator, graph, manualSeed, nn, noGrad, optim, randn, tensor } from 'groundup';
import type { Claim } from './claim.js';
import { once } from './memo.js';
import { pj } from './ref.js';
import { arr, f64, gradNorm } from './util.js';

// ─── deep stacks of width 32: the library's input gradient and a plain-JS chain of Jacobians ──

interface Stack {
  ratio: number;
  /** Each layer's weight rows [out][in] and bias, as plain numbers. */
  weights: number[][][];
  biases: number[][];
  input: number[];
}

/** Linear layers of width 32 with `act` after each; ‖∂L/∂x‖ / ‖∂L/∂y‖ for L = Σ y. */
function inputGradientRatio(depth: number, act: 'sigmoid' | 'relu'): Stack {
  manualSeed(1);
  const width = 32;
  const layers: nn.Linear[] = [];
  const mods: nn.Module[] = [];
  for (let i = 0; i < depth; i++) {
    const l = new nn.Linear(width, width);
    if (act === 'relu') {
      nn.init.heNormal(l.weight);
      nn.init.zeros(l.bias!);
    }
    layers.push(l);
    mods.push(l, act === 'relu' ? new nn.ReLU() : new nn.Sigmoid());
  }
  const model = new nn.Sequential(...mods).to('float64');
  const x = randn([1, width], { dtype: 'float64', requiresGrad: true });
  model.forward(x).sum().backward(); // ∂L/∂y = ones, of norm √width
  return {
    ratio: gradNorm(x) / Math.sqrt(width),
    weights: layers.map((l) => pj.rows(l.weight.data, width, width)),
    biases: layers.map((l) => arr(l.bias!)),
    input: arr(x),
  };
}

/**
 * The same ratio by the chain rule written out: a plain-JS forward pass keeps each layer's
 * pre-activation z, then v ← Wᵀ·(act′(z) ⊙ v) from the output back, starting from v = ones.
 * `slope` replaces act′ (the tests use it to build the wrong answers a weaker check let through).
 */
export function jacobianChainRatio(s: Stack, act: 'sigmoid' | 'relu', slope?: (z: number) => number): number {
  const zs: number[][] = [];
  let a = s.input;
  for (let l = 0; l < s.weights.length; l++) {
    const z = pj.matvec(s.weights[l]!, a).map((v, o) => v + s.biases[l]![o]!);
    zs.push(z);
    a = z.map((v) => (act === 'relu' ? Math.max(v, 0) : pj.sigmoid(v)));
  }
  let v = new Array<number>(a.length).fill(1);
  for (let l = s.weights.length - 1; l >= 0; l--) {
    const d = zs[l]!.map((z) => (slope ? slope(z) : act === 'relu' ? (z > 0 ? 1 : 0) : pj.sigmoid(z) * (1 - pj.sigmoid(z))));
    const u = v.map((x, o) => x * d[o]!);
    v = pj.matvec(pj.transpose(s.weights[l]!), u);
  }
  return Math.sqrt(pj.dot(v, v)) / Math.sqrt(v.length);
}

export const sigmoidStack = once(() => inputGradientRatio(24, 'sigmoid'));
const reluStack = once(() => inputGradientRatio(24, 'relu'));

/** A chain of 100 scalar sigmoid layers, plain or each wrapped in a skip connection; dy/dx by the library. */
const plainChain = once(() => chain100(false));
const skipChain = once(() => chain100(true));

function chain100(skip: boolean): { grad: number; w: number[]; b: number[] } {
  manualSeed(21);
  const blocks: nn.Module[] = [];
  const lins: nn.Linear[] = [];
  for (let i = 0; i < 100; i++) {
    const l = new nn.Linear(1, 1);
    lins.push(l);
    const f = new nn.Sequential(l, new nn.Sigmoid());
    blocks.push(skip ? new nn.Residual(f) : f);
  }
  const model = new nn.Sequential(...blocks).to('float64');
  const x = tensor([[0.3]], { dtype: 'float64', requiresGrad: true });
  model.forward(x).sum().backward();
  return { grad: x.grad!.item(), w: lins.map((l) => l.weight.item()), b: lins.map((l) => l.bias!.item()) };
}

/** The product of the 100 local derivatives, by a plain-JS forward pass: σ′(z)·w, or 1 + σ′(z)·w with the skip. */
function chain100Product(w: number[], b: number[], skip: boolean): number {
  let y = 0.3;
  let p = 1;
  for (let i = 0; i < w.length; i++) {
    const s = pj.sigmoid(w[i]! * y + b[i]!);
    const local = s * (1 - s) * w[i]!;
    p *= skip ? 1 + local : local;
    y = skip ? y + s : s;
  }
  return p;
}

/** f(w₁, w₂) = w₁²·w₂ + 3w₂ on a batch of points [n, 2], with the library's ops. */
const fBatch = (W: ReturnType<typeof f64>) => {
  const w1 = W.select(1, 0);
  const w2 = W.select(1, 1);
  return w1.square().mul(w2).add(w2.mul(3));
};

/** A dense layer's pieces for the backward-cost claim. */
function denseLayer(n: number, i: number, o: number, dtype: 'float32' | 'float64') {
  manualSeed(31);
  const layer = new nn.Linear(i, o).to(dtype);
  const x = randn([n, i], { dtype, requiresGrad: true });
  const R = randn([n, o], { dtype }); // L = Σ y ⊙ R, so ∂L/∂y = R
  return { layer, x, R };
}

export const chapter3: Claim[] = [
  {
    id: 'derivative',
    chapter: 3,
    section: 'ch3/derivatives',
    statement: 'the derivative of x² at x = 3 is 6: nudging x up by 0.001 raises x² by about 6 times that',
    compute() {
      const x = f64(3);
      x.requiresGrad = true;
      x.mul(x).backward();
      const nudged = f64(3 + 1e-3).square().sub(f64(3).square()).item() / 1e-3;
      return [x.grad!.item(), nudged];
    },
    expected: [6, 6.001],
    tolerance: [0, 1e-9],
    source: 'by hand: d(x²)/dx = 2x = 6; ((3 + h)² − 3²)/h = 6 + h = 6.001',
  },
  {
    id: 'partial-derivatives',
    chapter: 3,
    section: 'ch3/gradient',
    statement: 'the gradient of L = w₁²·w₂ + 3w₂ at (2, 5) is the list of partial derivatives (20, 7)',
    compute() {
      const w = tensor([2, 5], { dtype: 'float64', requiresGrad: true });
      const [w1, w2] = [w.select(0, 0), w.select(0, 1)];
      w1.square().mul(w2).add(w2.mul(3)).backward();
      return arr(w.grad!);
    },
    expected: [20, 7],
    source: 'by hand: ∂L/∂w₁ = 2w₁w₂ = 20; ∂L/∂w₂ = w₁² + 3 = 7',
  },
  {
    id: 'gradient-steepest-ascent',
    chapter: 3,
    section: 'ch3/gradient',
    statement: 'the gradient is the direction of steepest increase: of 1,440 directions, the slope of L = w₁²·w₂ + 3w₂ at (2, 5) is largest along (20, 7), and that slope is ‖∇L‖ = √449',
    compute() {
      const n = 1440;
      const h = 1e-5;
      const dirs = Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * k) / n), Math.sin((2 * Math.PI * k) / n)]);
      const plus = fBatch(f64(dirs.map(([c, s]) => [2 + h * c!, 5 + h * s!])));
      const minus = fBatch(f64(dirs.map(([c, s]) => [2 - h * c!, 5 - h * s!])));
      const slopes = arr(plus.sub(minus).div(2 * h)); // central differences of the library's forward
      let best = 0;
      for (let k = 1; k < n; k++) if (slopes[k]! > slopes[best]!) best = k;
      const w = tensor([2, 5], { dtype: 'float64', requiresGrad: true });
      fBatch(w.reshape([1, 2])).sum().backward();
      const g = arr(w.grad!);
      return [(360 * best) / n, slopes[best]!, Math.hypot(g[0]!, g[1]!)];
    },
    expected: [(Math.atan2(7, 20) * 180) / Math.PI, Math.sqrt(449), Math.sqrt(449)],
    tolerance: [0.125, 1e-4, 1e-9],
    source: 'by hand: ∇L(2, 5) = (20, 7), at atan2(7, 20) = 19.29°, of length √(400 + 49); the directions are 0.25° apart, so the best one is within 0.125°',
  },
  {
    id: 'activation-slopes',
    chapter: 3,
    section: 'ch3/activations',
    statement: "sigmoid's slope is at most ¼ (at 0) and tanh's at most 1 (only at 0); ReLU's is exactly 1 for every positive input and 0 for every negative one",
    compute() {
      const grid = Array.from({ length: 1201 }, (_, i) => (i - 600) / 100);
      const slope = (f: (t: ReturnType<typeof f64>) => ReturnType<typeof f64>) => {
        const x = tensor(grid, { dtype: 'float64', requiresGrad: true });
        f(x).sum().backward();
        return arr(x.grad!);
      };
      const s = slope((x) => x.sigmoid());
      const t = slope((x) => x.tanh());
      const r = slope((x) => x.relu());
      const argmax = (a: number[]) => grid[a.indexOf(Math.max(...a))]!;
      const pos = r.filter((_, i) => grid[i]! > 0);
      const neg = r.filter((_, i) => grid[i]! < 0);
      return [Math.max(...s), argmax(s), Math.max(...t), argmax(t), t.filter((v) => v < 1).length, Math.min(...pos), Math.max(...pos), Math.max(...neg.map(Math.abs))];
    },
    expected: [0.25, 0, 1, 0, 1200, 1, 1, 0],
    tolerance: 1e-12,
    source: "by hand: σ′ = σ(1 − σ) peaks at σ = ½ (x = 0) with ¼; tanh′ = 1 − tanh², which is 1 only where tanh = 0 (1,200 of the 1,201 grid points are below 1); ReLU′ = 1 for x > 0, 0 for x < 0",
  },
  {
    id: 'chain-rule',
    chapter: 3,
    section: 'ch3/chain-rule',
    statement: 'the derivative of sin(x²) at x = 1.5 is cos(x²)·2x',
    compute() {
      const x = tensor(1.5, { dtype: 'float64', requiresGrad: true });
      x.square().sin().backward();
      return x.grad!.item();
    },
    expected: Math.cos(2.25) * 3,
    source: "by hand: f'(g(x))·g'(x) = cos(2.25)·3",
  },
  {
    id: 'chain-100-layers',
    chapter: 3,
    section: 'ch3/chain-rule',
    statement:
      'through a chain of 100 sigmoid layers the derivative of output by input is the product of the 100 local derivatives σ′(z)·w, below 4⁻¹⁰⁰; with a skip connection around each layer every factor becomes 1 + σ′(z)·w and the product stays above (¾)¹⁰⁰',
    compute() {
      const plain = plainChain();
      const res = skipChain();
      return [Math.log10(Math.abs(plain.grad)), Math.log10(Math.abs(res.grad)), Math.log10(Math.abs(plain.grad)), Math.log10(Math.abs(res.grad)), Math.sign(plain.grad), Math.sign(res.grad)];
    },
    expected() {
      const plain = plainChain();
      const res = skipChain();
      const p = chain100Product(plain.w, plain.b, false);
      const r = chain100Product(res.w, res.b, true);
      // σ′ ≤ ¼ and |w| ≤ 1 (Linear(1, 1) draws w from U(−1, 1)): |σ′w| ≤ |w|/4 and 1 + σ′w ≥ 1 − |w|/4
      const upper = plain.w.reduce((s, w) => s + Math.log10(Math.abs(w) / 4), 0);
      const lower = res.w.reduce((s, w) => s + Math.log10(1 - Math.abs(w) / 4), 0);
      return [Math.log10(Math.abs(p)), Math.log10(Math.abs(r)), upper, lower, Math.sign(p), Math.sign(r)];
    },
    compare: ['close', 'close', 'atMost', 'atLeast', 'close', 'close'],
    tolerance: 1e-9,
    source: "a plain-JS forward pass through the same 100 weights multiplying the local derivatives (log₁₀ of the product); bounds by hand from σ′ ≤ ¼ and |w| ≤ 1: Π|w|/4 ≤ 4⁻¹⁰⁰, Π(1 − |w|/4) ≥ (¾)¹⁰⁰",
  },
  {
    id: 'backprop',
    chapter: 3,
    section: 'ch3/backpropagation',
    mapRow: 'Backpropagation',
    statement: 'backpropagation gives the same gradient as nudging every weight by hand (central differences)',
    compute() {
      const { W1, W2, x } = tinyNet();
      const w1 = f64(W1);
      const w2 = f64(W2);
      w1.requiresGrad = w2.requiresGrad = true;
      f64(x).matmul(w1).tanh().matmul(w2).square().sum().backward();
      return [...arr(w1.grad!), ...arr(w2.grad!)];
    },
    expected() {
      const { W1, W2, x } = tinyNet();
      const f = (a: number[][], b: number[][]) =>
        pj
          .matmul(pj.matmul(x, a).map((r) => r.map(Math.tanh)), b)
          .flat()
          .reduce((s, v) => s + v * v, 0);
      const h = 1e-6;
      const grads: number[] = [];
      for (const which of [0, 1])
        for (const [i, row] of (which === 0 ? W1 : W2).entries())
          for (let j = 0; j < row.length; j++) {
            const plus = structuredClone([W1, W2]);
            const minus = structuredClone([W1, W2]);
            plus[which]![i]![j]! += h;
            minus[which]![i]![j]! -= h;
            grads.push((f(plus[0]!, plus[1]!) - f(minus[0]!, minus[1]!)) / (2 * h));
          }
      return grads;
    },
    tolerance: 1e-6,
    source: 'finite differences: a plain-JS forward pass of the same 2-layer tanh net, (L(w+h) − L(w−h))/2h for every weight, h = 1e-6',
  },
  {
    id: 'backprop-cost',
    chapter: 3,
    section: 'ch3/backpropagation',
    statement:
      "a dense layer's backward pass needs two matrix products (∂X = ∂Y·W and ∂W = ∂Yᵀ·X) to the forward's one, so it costs about 2× the forward's FLOPs: a training step is about three forward passes",
    simplification:
      'the spec puts the whole backward sweep at "roughly the same time" as a forward pass; counted in FLOPs the backward is about twice the forward (the same order of cost, not the same time)',
    compute() {
      const n = 16;
      const i = 48;
      const o = 24;
      const { layer, x, R } = denseLayer(n, i, o, 'float64');
      const y = layer.forward(x);
      y.mul(R).sum().backward();
      // each entry of a product is a dot product: 2·(its length) FLOPs
      const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
      const forward = 2 * size(y.shape) * x.shape[1]!; //               Y [n,o], each a dot over i
      const backward = 2 * size(x.grad!.shape) * y.shape[1]! + 2 * size(layer.weight.grad!.shape) * x.shape[0]!; // ∂X [n,i] over o; ∂W [o,i] over n
      const W = pj.rows(layer.weight.data, o, i);
      const X = pj.rows(x.data, n, i);
      const dY = pj.rows(R.data, n, o);
      const dX = pj.matmul(dY, W).flat(); //                  y = x·Wᵀ + b ⇒ ∂X = ∂Y·W
      const dW = pj.matmul(pj.transpose(dY), X).flat(); //    ∂W = ∂Yᵀ·X
      return [backward / forward, pj.maxAbsDiff(x.grad!.data, dX), pj.maxAbsDiff(layer.weight.grad!.data, dW)];
    },
    expected: [2, 0, 0],
    tolerance: [0, 1e-12, 1e-12],
    source: 'FLOP count by hand: forward n·o dot products of length i, backward n·i of length o plus o·i of length n, ratio 2; both gradients against plain-JS products ∂Y·W and ∂Yᵀ·X',
    measure() {
      const { layer, x, R } = denseLayer(128, 256, 256, 'float32');
      const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
      const fw: number[] = [];
      const bw: number[] = [];
      for (let rep = 0; rep < 9; rep++) {
        x.grad = null;
        layer.zeroGrad();
        const t0 = now();
        const y = layer.forward(x);
        const t1 = now();
        const L = y.mul(R).sum();
        const t2 = now();
        L.backward();
        const t3 = now();
        if (rep > 1) fw.push(t1 - t0), bw.push(t3 - t2);
      }
      const med = (a: number[]) => a.sort((p, q) => p - q)[a.length >> 1]!;
      return `measured on a 128×256 → 256 layer: backward ${(med(bw) / med(fw)).toFixed(1)}× the forward (${med(fw).toFixed(2)} ms vs ${med(bw).toFixed(2)} ms, medians of 7; timing, not asserted)`;
    },
  },
  {
    id: 'vanishing-gradient-sigmoid',
    chapter: 3,
    section: 'ch3/vanishing-gradients',
    statement: "through 24 sigmoid layers the gradient reaching the input is the product of the layers' Jacobians diag(σ′)·W, and shrinks to about 10⁻²⁰ of the output's",
    compute: () => sigmoidStack().ratio,
    expected: () => jacobianChainRatio(sigmoidStack(), 'sigmoid'),
    compare: 'relative',
    tolerance: 1e-9,
    source: "the chain rule in plain JS: a forward pass through the same weights, then v ← Wᵀ(σ′(z) ⊙ v) layer by layer from v = ones; ‖v‖/√32",
  },
  {
    id: 'vanishing-gradient-relu',
    chapter: 3,
    section: 'ch3/vanishing-gradients',
    statement: "through 24 ReLU layers with He init the gradient reaching the input is the product of the Jacobians diag(ReLU′)·W, and keeps its order of magnitude",
    compute: () => reluStack().ratio,
    expected: () => jacobianChainRatio(reluStack(), 'relu'),
    compare: 'relative',
    tolerance: 1e-9,
    source: "the chain rule in plain JS: v ← Wᵀ(1[z > 0] ⊙ v) through the same weights; He init makes E‖Jv‖² = ‖v‖², so the ratio stays near 1",
  },
  {
    id: 'autodiff-records-the-graph',
    chapter: 3,
    section: 'ch3/autodiff',
    statement: 'automatic differentiation records each operation of the forward pass: y = sin(x²)·x leaves the graph x → square → sin → mul, and backward() applies the chain rule along it',
    compute() {
      const x = tensor(1.5, { dtype: 'float64', requiresGrad: true });
      const y = x.square().sin().mul(x);
      const ops = graph(y).map((n) => n.op);
      y.backward();
      return `${ops.join(' → ')}; dy/dx = ${x.grad!.item().toFixed(12)}`;
    },
    expected: `leaf → square → sin → mul; dy/dx = ${(Math.cos(2.25) * 3 * 1.5 + Math.sin(2.25)).toFixed(12)}`,
    source: 'by hand: the operations as written; the product and chain rules give dy/dx = cos(x²)·2x·x + sin(x²) at x = 1.5 (to 12 decimals)',
  },
  {
    id: 'dead-relu',
    chapter: 3,
    section: 'ch3/activations',
    statement: 'after training with too large a step, some ReLU units are negative on every input ("dead"): their weights get exactly zero gradient, while the live units still get some',
    simplification:
      "the spec credits ReLU's slope of exactly 1 for positive inputs; its slope is exactly 0 for negative ones, so a unit pushed negative on every input stops learning for good",
    compute() {
      const { model, X, y, first } = trainedReluNet();
      const z = pj.rows(first.forward(X).data, X.shape[0]!, 32);
      const dead = Array.from({ length: 32 }, (_, j) => z.every((row) => row[j]! < 0));
      model.zeroGrad();
      model.forward(X).sub(y).square().mean().backward();
      const g = pj.rows(first.weight.grad!.data, 32, 2);
      const gb = arr(first.bias!.grad!);
      const mass = (keep: boolean) => g.reduce((s, row, j) => (dead[j] === keep ? s + Math.abs(row[0]!) + Math.abs(row[1]!) + Math.abs(gb[j]!) : s), 0);
      return [dead.filter(Boolean).length, mass(true), mass(false)];
    },
    expected: [1, 0, 1e-6],
    compare: ['atLeast', 'close', 'atLeast'],
    tolerance: 0,
    source: "by hand: ReLU′(z) = 0 for z < 0, so a unit negative on every input passes back 0 to its weights and bias; which units are dead is read off the pre-activations in plain JS",
  },
];

function tinyNet(): { W1: number[][]; W2: number[][]; x: number[][] } {
  const g = new Generator(8);
  const m = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, () => g.normal() * 0.7));
  return { x: m(4, 3), W1: m(3, 5), W2: m(5, 2) };
}

/** A 2 → 32 → 1 ReLU net trained for 30 steps of SGD at a learning rate far too large. */
function trainedReluNet() {
  manualSeed(41);
  const first = new nn.Linear(2, 32);
  const model = new nn.Sequential(first, new nn.ReLU(), new nn.Linear(32, 1));
  const pts = pj.normals(128, 42);
  const X = tensor(Array.from({ length: 64 }, (_, i) => [pts[2 * i]!, pts[2 * i + 1]!]));
  const y = tensor(Array.from({ length: 64 }, (_, i) => [Math.sin(3 * pts[2 * i]!) + pts[2 * i + 1]!]));
  const opt = new optim.SGD(model.parameters(), { lr: 0.5 });
  for (let step = 0; step < 30; step++) {
    opt.zeroGrad();
    model.forward(X).sub(y).square().mean().backward();
    noGrad(() => opt.step());
  }
  return { model, X, y, first };
}
