/**
 * The guide's claims as data. Each claim states one fact of the math behind ML, computes it with
 * the library (`compute`), and compares it with an `expected` value obtained another way: worked
 * out by hand (a constant, with the arithmetic in `how`), or computed inside the claim by a few
 * lines of plain JavaScript that share no code with the library. `groundup verify` prints them as
 * a table; the guide can show them beside its sections.
 *
 * Chapters follow the spec: 1 why math, 2 linear algebra, 3 calculus, 4 probability, 5
 * optimization, 6 information theory, 7 the map (one claim per row of its table, `mapRow`).
 */
import type { NestedArray } from 'groundup';
import {
  Generator,
  ShapeError,
  Tensor,
  data,
  info,
  linalg,
  loss,
  manualSeed,
  nn,
  optim,
  prob,
  randn,
  tensor,
  zeros,
} from 'groundup';

export type Value = number | number[] | string | boolean;

export interface Claim {
  /** Stable name, e.g. 'dot-product'. */
  id: string;
  /** Chapter of the guide (1 … 7). */
  chapter: number;
  /** The section it belongs to. */
  topic: string;
  /** For chapter-7 claims: the row of the map ("ML component") it checks. */
  mapRow?: string;
  /** The claim, in a sentence. */
  claim: string;
  /** The value computed by the library. */
  compute: () => Value;
  /** The value it must match, derived independently (a hand-worked constant or plain JS). */
  expected: Value | (() => Value);
  /** How `expected` was obtained. */
  how: string;
  /** 'close' (default): equal within `tolerance`; 'atMost': value ≤ expected; 'between': expected = [lo, hi]. */
  compare?: 'close' | 'atMost' | 'between';
  /** Largest allowed absolute difference for 'close' on numbers (default 1e-9). */
  tolerance?: number;
}

export interface ClaimResult {
  id: string;
  chapter: number;
  claim: string;
  value: Value | null;
  expected: Value;
  pass: boolean;
  /** Set when compute() threw. */
  error?: string;
}

// ─── plain-JavaScript references (no library code) ───────────────────────────────────────────

const pj = {
  dot: (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0),
  softmax(z: number[]): number[] {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  },
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
  /** Rows of a row-major [r, c] array. */
  rows(d: ArrayLike<number>, r: number, c: number): number[][] {
    return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => d[i * c + j]!));
  },
  matmul(a: number[][], b: number[][]): number[][] {
    return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
  },
  transpose: (a: number[][]) => a[0]!.map((_, j) => a.map((row) => row[j]!)),
  mean: (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length,
  /** Σ p log(p) with 0 log 0 = 0. */
  plogp: (p: number[], q: number[] = p) => p.reduce((s, v, i) => (v > 0 ? s + v * Math.log(q[i]!) : s), 0),
  maxAbsDiff: (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    return m;
  },
  /** Seeded normal samples from our own Box–Muller on a tiny LCG, independent of the library's PRNG. */
  normals(n: number, seed: number): number[] {
    let s = seed >>> 0 || 1;
    const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
  },
};

const f64 = (v: NestedArray) => tensor(v, { dtype: 'float64' });
const arr = (t: Tensor) => Array.from(t.data, Number);

/** Norm of a tensor's gradient. */
function gradNorm(t: Tensor): number {
  return Math.sqrt(Array.from(t.grad!.data).reduce((s, v) => s + v * v, 0));
}

/** A deep stack of Linear layers of width 32, with `act` after each; returns ‖∂L/∂x‖ / ‖∂L/∂y‖ for L = Σ y and the layers. */
function inputGradientRatio(depth: number, act: 'sigmoid' | 'relu'): { ratio: number; layers: nn.Linear[] } {
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
  return { ratio: gradNorm(x) / Math.sqrt(width), layers };
}

// ─── the claims ─────────────────────────────────────────────────────────────────────────────

export const claims: Claim[] = [
  // Chapter 1
  {
    id: 'softmax-xwb',
    chapter: 1,
    topic: 'output = softmax(X @ W + b)',
    claim: 'softmax(X @ W + b) turns a batch of feature rows into one probability distribution per row',
    compute() {
      manualSeed(10);
      const X = randn([4, 5], { dtype: 'float64' });
      const W = randn([5, 3], { dtype: 'float64' });
      const b = randn([3], { dtype: 'float64' });
      const out = X.matmul(W).add(b).softmax(-1);
      return [...out.shape, ...arr(out.sum(-1)), ...arr(out).slice(0, 3)];
    },
    expected() {
      manualSeed(10);
      const X = pj.rows(randn([4, 5], { dtype: 'float64' }).data, 4, 5);
      const W = pj.rows(randn([5, 3], { dtype: 'float64' }).data, 5, 3);
      const b = arr(randn([3], { dtype: 'float64' }));
      const row0 = pj.softmax(pj.matmul(X, W)[0]!.map((v, j) => v + b[j]!));
      return [4, 3, 1, 1, 1, 1, ...row0];
    },
    how: 'shape [4,3], every row sums to 1, first row = plain-JS loops over the same X, W, b',
  },

  // Chapter 2
  {
    id: 'tensor-rank',
    chapter: 2,
    topic: 'Scalars, vectors, matrices, tensors',
    claim: 'a scalar is 0-D, a vector 1-D, a batch of 32 signals 2-D, and 32 ECGs × 12 leads × 1000 samples a 3-D tensor',
    compute: () => [tensor(7).ndim, tensor([3, 1, 4, 1, 5]).ndim, zeros([32, 1000]).ndim, zeros([32, 12, 1000]).ndim],
    expected: [0, 1, 2, 3],
    how: 'count the axes',
  },
  {
    id: 'dot-product',
    chapter: 2,
    topic: 'The dot product',
    claim: 'dot([2,3,1], [4,1,5]) = 16',
    compute: () => linalg.dot(tensor([2, 3, 1]), tensor([4, 1, 5])).item(),
    expected: 16,
    how: '2·4 + 3·1 + 1·5 = 8 + 3 + 5',
  },
  {
    id: 'matmul-shape',
    chapter: 2,
    topic: 'Matrix multiplication',
    claim: '(32×1000) @ (1000×256) is 32×256, and each entry is a row-by-column dot product',
    compute() {
      manualSeed(2);
      const X = randn([32, 1000]);
      const W = randn([1000, 256]);
      const Y = X.matmul(W);
      return [...Y.shape, Y.data[0]!, Y.data[31 * 256 + 255]!];
    },
    expected() {
      manualSeed(2);
      const X = randn([32, 1000]).data;
      const W = randn([1000, 256]).data;
      let a = 0;
      let b = 0;
      for (let k = 0; k < 1000; k++) {
        a += X[k]! * W[k * 256]!;
        b += X[31 * 1000 + k]! * W[k * 256 + 255]!;
      }
      return [32, 256, a, b];
    },
    tolerance: 1e-3,
    how: 'shape rule (rows of the left, columns of the right); entries [0,0] and [31,255] by a plain-JS loop (float32 rounding: tolerance 1e-3)',
  },
  {
    id: 'matmul-shape-error',
    chapter: 2,
    topic: 'Matrix multiplication',
    claim: 'multiplying (32×1000) by (256×1000) fails with a ShapeError that names both shapes',
    compute() {
      try {
        zeros([32, 1000]).matmul(zeros([256, 1000]));
        return 'no error';
      } catch (e) {
        const m = e instanceof Error ? e.message : '';
        const named = ['[32,1000]', '[256,1000]'].filter((s) => m.includes(s));
        return `${e instanceof ShapeError ? 'ShapeError' : 'other error'} naming ${named.join(' and ')}`;
      }
    },
    expected: 'ShapeError naming [32,1000] and [256,1000]',
    how: 'inner dimensions 1000 and 256 differ',
  },
  {
    id: 'transpose',
    chapter: 2,
    topic: 'Transpose',
    claim: 'the transpose of a 3×5 matrix is 5×3, with Aᵀ[j][i] = A[i][j]',
    compute() {
      const A = arange15();
      const T = A.T;
      return [...T.shape, ...arr(T.clone())];
    },
    expected: () => [5, 3, ...pj.transpose(pj.rows(Array.from({ length: 15 }, (_, i) => i), 3, 5)).flat()],
    how: 'plain-JS transpose of [[0..4],[5..9],[10..14]]',
  },
  {
    id: 'norms',
    chapter: 2,
    topic: 'Norms',
    claim: '‖[3,4]‖₂ = 5, ‖[3,−4]‖₁ = 7, and the Frobenius norm of [[1,2],[3,4]] is √30',
    compute: () => [linalg.norm(f64([3, 4]), 2).item(), linalg.norm(f64([3, -4]), 1).item(), linalg.norm(f64([[1, 2], [3, 4]]), 'fro').item()],
    expected: [5, 7, Math.sqrt(30)],
    how: '√(9+16); 3+4; √(1+4+9+16)',
  },
  {
    id: 'eigenvectors',
    chapter: 2,
    topic: 'Eigenvalues and eigenvectors',
    claim: '[[2,1],[1,2]] has eigenvalues 1 and 3, and each eigenvector is only stretched: Av = λv',
    compute() {
      const A = f64([[2, 1], [1, 2]]);
      const { values, vectors } = linalg.eigh(A);
      const AV = A.matmul(vectors);
      const VL = vectors.mul(values); // column j scaled by λ_j
      return [...arr(values), pj.maxAbsDiff(AV.data, VL.data)];
    },
    expected: [1, 3, 0],
    how: 'det(A − λI) = (2−λ)² − 1 = 0 ⇒ λ = 1, 3; residual ‖Av − λv‖ = 0',
  },
  {
    id: 'pca-axis',
    chapter: 2,
    topic: 'Eigenvalues and eigenvectors (PCA)',
    mapRow: 'PCA',
    claim: "PCA's first component points along the direction of maximum variance",
    compute() {
      const X = f64(pcaData());
      const c = arr(linalg.pca(X, 1).components);
      let deg = (Math.atan2(c[1]!, c[0]!) * 180) / Math.PI;
      deg = ((deg % 180) + 180) % 180; // a direction, not an arrow
      return deg;
    },
    expected() {
      const pts = pcaData();
      const mx = pj.mean(pts.map((p) => p[0]!));
      const my = pj.mean(pts.map((p) => p[1]!));
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (const [x, y] of pts) {
        sxx += (x! - mx) ** 2;
        syy += (y! - my) ** 2;
        sxy += (x! - mx) * (y! - my);
      }
      const deg = (0.5 * Math.atan2(2 * sxy, sxx - syy) * 180) / Math.PI; // maximiser of the variance along (cos θ, sin θ)
      return ((deg % 180) + 180) % 180;
    },
    tolerance: 1e-6,
    how: 'variance along (cos θ, sin θ) is Sxx cos²θ + 2Sxy sinθ cosθ + Syy sin²θ, maximal at θ = ½·atan2(2Sxy, Sxx − Syy) (plain JS)',
  },

  // Chapter 3
  {
    id: 'derivative',
    chapter: 3,
    topic: 'Derivatives',
    claim: 'the derivative of x² at x = 3 is 6',
    compute() {
      const x = f64(3);
      x.requiresGrad = true;
      x.mul(x).backward();
      return x.grad!.item();
    },
    expected: 6,
    how: 'd(x²)/dx = 2x = 6',
  },
  {
    id: 'partial-derivatives',
    chapter: 3,
    topic: 'Partial derivatives',
    claim: 'the gradient of L = w₁²·w₂ + 3w₂ at (2, 5) is the list of partial derivatives (20, 7)',
    compute() {
      const w = tensor([2, 5], { dtype: 'float64', requiresGrad: true });
      const [w1, w2] = [w.select(0, 0), w.select(0, 1)];
      w1.square().mul(w2).add(w2.mul(3)).backward();
      return arr(w.grad!);
    },
    expected: [20, 7],
    how: '∂L/∂w₁ = 2w₁w₂ = 20; ∂L/∂w₂ = w₁² + 3 = 7',
  },
  {
    id: 'chain-rule',
    chapter: 3,
    topic: 'The chain rule',
    claim: 'the derivative of sin(x²) at x = 1.5 is cos(x²)·2x',
    compute() {
      const x = tensor(1.5, { dtype: 'float64', requiresGrad: true });
      x.square().sin().backward();
      return x.grad!.item();
    },
    expected: Math.cos(2.25) * 3,
    how: "f'(g(x))·g'(x) = cos(2.25)·3",
  },
  {
    id: 'backprop',
    chapter: 3,
    topic: 'Backpropagation',
    mapRow: 'Backpropagation',
    claim: 'backpropagation gives the same gradient as nudging every weight by hand (central differences)',
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
    how: 'a plain-JS forward pass of the same 2-layer tanh net, (L(w+h) − L(w−h))/2h for every weight, h = 1e-6',
  },
  {
    id: 'vanishing-gradient-sigmoid',
    chapter: 3,
    topic: 'The vanishing gradient problem',
    claim: "through 24 sigmoid layers the gradient reaching the input shrinks by at least ¼·‖W‖ per layer (σ' ≤ ¼)",
    compute: () => inputGradientRatio(24, 'sigmoid').ratio,
    expected() {
      // ‖∂L/∂x‖ ≤ Π_l ‖diag(σ')·W_l‖₂ · ‖∂L/∂y‖ ≤ Π_l (¼·‖W_l‖_F) · ‖∂L/∂y‖, with the weights' own numbers
      const { layers } = inputGradientRatio(24, 'sigmoid');
      return layers.reduce((p, l) => p * 0.25 * Math.sqrt(Array.from(l.weight.data).reduce((s, v) => s + v * v, 0)), 1);
    },
    compare: 'atMost',
    how: "chain rule bound in plain JS: Π over layers of ¼·‖W‖_F (Frobenius ≥ spectral norm; σ' ≤ ¼)",
  },
  {
    id: 'vanishing-gradient-relu',
    chapter: 3,
    topic: 'The vanishing gradient problem',
    claim: 'through 24 ReLU layers with He init the gradient reaching the input keeps its order of magnitude (within 100× either way)',
    compute: () => inputGradientRatio(24, 'relu').ratio,
    expected: [0.01, 100],
    compare: 'between',
    how: "He init makes E‖Jv‖² = ‖v‖² per layer (ReLU' = 1 on half the units, Var(W) = 2/fan_in), so the ratio stays near 1",
  },

  // Chapter 4
  {
    id: 'softmax-stable',
    chapter: 4,
    topic: 'Probability distributions',
    mapRow: 'Softmax output',
    claim: 'softmax gives a distribution (non-negative, sums to 1) and stays finite for scores of ±10⁴',
    compute: () => [...arr(f64([1e4, 0, -1e4]).softmax()), ...arr(f64([2, 1, 0.1]).softmax())],
    expected: () => [1, 0, 0, ...pj.softmax([2, 1, 0.1])],
    tolerance: 1e-12,
    how: 'e^(z − max z) / Σ e^(z − max z) in plain JS; e^(−10⁴) underflows to 0',
  },
  {
    id: 'bayes-ecg',
    chapter: 4,
    topic: "Conditional probability and Bayes' theorem",
    claim: 'a test that flags 90% of arrhythmias with 5% false alarms, on a 2% prevalence, gives P(arrhythmia | flagged) = 18/67 ≈ 0.269',
    compute: () => prob.bayes({ prior: 0.02, likelihood: 0.9, falsePositiveRate: 0.05 }),
    expected: 18 / 67,
    how: '0.9·0.02 / (0.9·0.02 + 0.05·0.98) = 0.018 / 0.067',
  },
  {
    id: 'expectation-variance',
    chapter: 4,
    topic: 'Expectation, variance and covariance',
    claim: 'a fair die has expectation 3.5 and variance 35/12',
    compute: () => {
      const v = [1, 2, 3, 4, 5, 6];
      const p = v.map(() => 1 / 6);
      return [prob.expectation(v, p).item(), prob.variance(v, p).item()];
    },
    expected: [3.5, 35 / 12],
    tolerance: 1e-6,
    how: '21/6; (1+4+9+16+25+36)/6 − 3.5² = 91/6 − 49/4',
  },
  {
    id: 'covariance',
    chapter: 4,
    topic: 'Expectation, variance and covariance',
    claim: 'when y = 2x + 1 the covariance of x and y is positive: twice the variance of x',
    compute: () => arr(linalg.cov(f64([[1, 3], [2, 5], [4, 9], [7, 15]]))),
    expected() {
      const x = [1, 2, 4, 7];
      const m = pj.mean(x);
      const v = x.reduce((s, a) => s + (a - m) ** 2, 0) / (x.length - 1);
      return [v, 2 * v, 2 * v, 4 * v];
    },
    tolerance: 1e-12,
    how: 'Var(x) with n − 1 in plain JS; Cov(x, 2x+1) = 2Var(x), Var(2x+1) = 4Var(x)',
  },
  {
    id: 'normal-mle',
    chapter: 4,
    topic: 'Maximum likelihood estimation',
    claim: 'the Normal that makes data most likely has the sample mean and the 1/n standard deviation',
    compute: () => {
      const f = prob.fitNormal([2, 4, 4, 4, 5, 5, 7, 9]);
      return [f.mean, f.std];
    },
    expected: [5, 2],
    how: 'mean 40/8 = 5; Σ(x−5)² = 32, √(32/8) = 2',
  },
  {
    id: 'cross-entropy-is-mle',
    chapter: 4,
    topic: 'Maximum likelihood estimation',
    claim: 'cross-entropy loss is the average negative log-likelihood of the correct labels',
    compute: () => loss.crossEntropy(f64([[2, 1, 0], [0.5, 2.5, -1]]), tensor([0, 2], { dtype: 'int32' })).item(),
    expected: () => -(Math.log(pj.softmax([2, 1, 0])[0]!) + Math.log(pj.softmax([0.5, 2.5, -1])[2]!)) / 2,
    tolerance: 1e-12,
    how: '−½[log softmax(z₁)₀ + log softmax(z₂)₂] in plain JS',
  },
  {
    id: 'mse-gaussian-nll',
    chapter: 4,
    topic: 'Maximum likelihood estimation',
    claim: 'under Gaussian noise (σ = 1) the negative log-likelihood is ½·MSE + ½·log 2π, so minimising MSE is maximum likelihood',
    compute() {
      const pred = f64([0.5, 1.5, 2, -1]);
      const y = f64([1, 1, 3, 0]);
      const nll = new prob.Normal(pred, 1).logProb(y).mean().neg().item();
      return nll - 0.5 * loss.mse(pred, y).item();
    },
    expected: 0.5 * Math.log(2 * Math.PI),
    tolerance: 1e-12,
    how: '−log N(y; ŷ, 1) = ½(y − ŷ)² + ½ log 2π, averaged',
  },
  {
    id: 'mse-minimiser',
    chapter: 4,
    topic: 'Maximum likelihood estimation',
    claim: 'the constant that minimises MSE, found by gradient descent, is the mean: the Gaussian MLE of μ',
    compute() {
      const y = f64([3, 7, 8, 2, 5]);
      const c = tensor([0], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([c], { lr: 0.2 });
      for (let i = 0; i < 200; i++) {
        opt.zeroGrad();
        loss.mse(c.expand([5]), y).backward();
        opt.step();
      }
      return c.item();
    },
    expected: 5,
    tolerance: 1e-9,
    how: 'd/dc Σ(y − c)² = 0 ⇒ c = mean = 25/5',
  },
  {
    id: 'weight-init-variance',
    chapter: 4,
    topic: 'Variance in weight initialization',
    mapRow: 'Weight Initialization',
    claim: 'He init draws weights with variance 2/fan_in, Xavier with 2/(fan_in + fan_out)',
    compute() {
      manualSeed(3);
      const variance = (t: Tensor) => {
        const d = Array.from(t.data);
        const m = pj.mean(d);
        return d.reduce((s, v) => s + (v - m) ** 2, 0) / d.length;
      };
      const he = nn.init.heNormal(zeros([256, 512]));
      const xavier = nn.init.xavierUniform(zeros([256, 512]));
      return [variance(he) * 512, variance(xavier) * (512 + 256)];
    },
    expected: [2, 2],
    tolerance: 0.06,
    how: 'Var·fan_in = 2 (He), Var·(fan_in + fan_out) = 2 (Xavier); 131,072 samples, so sampling error ≈ 0.4%',
  },

  // Chapter 5
  {
    id: 'gradient-descent-step',
    chapter: 5,
    topic: 'Gradient descent',
    mapRow: 'SGD',
    claim: 'one step of w ← w − η·∇L on L = (w − 3)² from w = 0 with η = 0.1 lands at 0.6',
    compute() {
      const w = tensor([0], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([w], { lr: 0.1 });
      w.sub(3).square().sum().backward();
      opt.step();
      return w.item();
    },
    expected: 0.6,
    how: '∇L = 2(0 − 3) = −6; 0 − 0.1·(−6)',
  },
  {
    id: 'convex-same-bottom',
    chapter: 5,
    topic: 'Convex vs. non-convex',
    claim: "linear regression's loss is convex: gradient descent from two different starts reaches the same least-squares solution",
    compute() {
      const x = f64([[-1], [-0.5], [0], [0.5], [1]]);
      const y = f64([-1.8, -0.4, 1.1, 1.9, 3.2]);
      const fit = (w0: number, b0: number) => {
        const w = tensor([[w0]], { dtype: 'float64', requiresGrad: true });
        const b = tensor([b0], { dtype: 'float64', requiresGrad: true });
        const opt = new optim.SGD([w, b], { lr: 0.3 });
        for (let i = 0; i < 300; i++) {
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
    how: 'closed form in plain JS: w = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², b = ȳ − w·x̄',
  },
  {
    id: 'mini-batches',
    chapter: 5,
    topic: 'Gradient descent variants',
    claim: 'mini-batches of 32 from 100 samples give 4 batches (32, 32, 32, 4) that visit every sample once per epoch',
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
    how: '⌈100/32⌉ = 4; 100 − 3·32 = 4',
  },
  {
    id: 'momentum',
    chapter: 5,
    topic: 'Momentum',
    claim: 'with momentum 0.9 and a constant gradient of 1, the velocity grows 1, 1.9, 2.71: w = −0.1, −0.29, −0.561 at η = 0.1',
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
    how: 'v = 0.9v + g: 1, 1.9, 2.71; w −= 0.1·v',
  },
  {
    id: 'adam-bias-correction',
    chapter: 5,
    topic: 'Adam',
    mapRow: 'Adam',
    claim: "thanks to bias correction, Adam's first step moves every weight by η against its gradient's sign, whatever the gradient's scale",
    compute() {
      const w = tensor([1, 1, 1], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.Adam([w], { lr: 0.01 });
      w.mul(f64([1e-3, 1, -1e3])).sum().backward();
      opt.step();
      return arr(w);
    },
    expected: [0.99, 0.99, 1.01],
    tolerance: 1e-6,
    how: 'm̂₁ = g, v̂₁ = g², so the step is η·g/|g| = ±0.01 (without the correction it would be η·0.1g/(√0.001·|g|) ≈ 3.2η)',
  },
  {
    id: 'weight-decay-shrinks',
    chapter: 5,
    topic: 'Weight decay',
    mapRow: 'Weight Decay / L2',
    claim: 'with no gradient from the data, L2 weight decay shrinks a weight toward zero by (1 − ηλ) each step',
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
    how: 'w ← w − η·λw = 0.95w, three times: 2·0.95³',
  },
  {
    id: 'l2-vs-decoupled',
    chapter: 5,
    topic: 'Weight decay',
    claim: 'L2 decay inside Adam and decoupled decay (AdamW) give different weights from the same step',
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
    how: 'Adam: g + λw = 0.7, normalised to 1 ⇒ 2 − 0.1; AdamW: 2·(1 − 0.01) − 0.1 = 1.88',
  },
  {
    id: 'lr-schedule',
    chapter: 5,
    topic: 'Learning rate and scheduling',
    mapRow: 'Learning Rate Schedule',
    claim: 'cosine decay from 0.1 over 100 steps is 0.05 halfway and 0 at the end; with 10 warmup steps the rate ramps up to 0.1 first',
    compute() {
      const c = optim.schedule.cosine({ lr: 0.1, totalSteps: 100 });
      const w = optim.schedule.warmupCosine({ lr: 0.1, warmupSteps: 10, totalSteps: 100 });
      return [c.lrAt(0), c.lrAt(50), c.lrAt(100), w.lrAt(0), w.lrAt(4), w.lrAt(9), w.lrAt(55)];
    },
    expected: [0.1, 0.05, 0, 0.01, 0.05, 0.1, 0.05],
    tolerance: 1e-12,
    how: '½·0.1·(1 + cos πt/T) at t = 0, 50, 100; warmup 0.1·(t+1)/10; step 55 is halfway through the 90 cosine steps',
  },

  // Chapter 6
  {
    id: 'entropy-coin',
    chapter: 6,
    topic: 'Entropy',
    claim: 'a fair coin has 1 bit of entropy, a coin that always lands heads 0 bits, a fair 4-sided die 2 bits',
    compute: () => [info.entropy([0.5, 0.5], { base: 2 }).item(), info.entropy([1, 0], { base: 2 }).item(), info.entropy([0.25, 0.25, 0.25, 0.25], { base: 2 }).item()],
    expected: [1, 0, 2],
    tolerance: 1e-12,
    how: '−2·½·log₂½ = 1; −1·log₂1 = 0; −4·¼·log₂¼ = 2',
  },
  {
    id: 'information-gain',
    chapter: 6,
    topic: 'Entropy (decision trees)',
    claim: 'a split that separates two balanced classes gains 1 bit; a split that leaves both halves mixed gains 0',
    compute: () => [info.informationGain([0, 0, 1, 1], [1, 1, 0, 0]), info.informationGain([0, 0, 1, 1], [1, 0, 1, 0])],
    expected: [1, 0],
    tolerance: 1e-12,
    how: 'H = 1 bit before; after: pure halves (0 bits) or halves with H = 1 each',
  },
  {
    id: 'cross-entropy-one-hot',
    chapter: 6,
    topic: 'Cross-entropy',
    mapRow: 'Cross-Entropy',
    claim: 'with a one-hot target, cross-entropy is −log of the probability given to the correct class',
    compute: () => info.crossEntropy([0, 1, 0], [0.1, 0.7, 0.2]).item(),
    expected: -Math.log(0.7),
    tolerance: 1e-12,
    how: '−(0·log 0.1 + 1·log 0.7 + 0·log 0.2)',
  },
  {
    id: 'kl-is-ce-minus-entropy',
    chapter: 6,
    topic: 'KL divergence',
    claim: 'KL(p‖q) = H(p, q) − H(p)',
    compute: () => info.kl([0.5, 0.3, 0.2], [0.2, 0.5, 0.3]).item(),
    expected: () => {
      const p = [0.5, 0.3, 0.2];
      const q = [0.2, 0.5, 0.3];
      return -pj.plogp(p, q) - -pj.plogp(p);
    },
    tolerance: 1e-12,
    how: 'plain JS: −Σ p log q − (−Σ p log p)',
  },
  {
    id: 'kl-not-symmetric',
    chapter: 6,
    topic: 'KL divergence',
    claim: 'the direction matters: swapping the arguments of KL changes its value',
    compute: () => [info.kl([0.9, 0.1], [0.5, 0.5]).item(), info.kl([0.5, 0.5], [0.9, 0.1]).item()],
    expected: [0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5), 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1)],
    tolerance: 1e-12,
    how: 'by hand: 0.368 nats one way, 0.511 the other',
  },

  // Chapter 7: the map, one row each (the rows not already covered above)
  {
    id: 'dense-layer',
    chapter: 7,
    topic: 'The map: forward pass',
    mapRow: 'Neuron / Dense Layer',
    claim: 'a dense layer computes x·Wᵀ + b: one dot product plus bias per neuron',
    compute() {
      manualSeed(4);
      const layer = new nn.Linear(3, 2).to('float64');
      return arr(layer.forward(f64([[1, -2, 0.5]])));
    },
    expected() {
      manualSeed(4);
      const layer = new nn.Linear(3, 2).to('float64');
      const W = pj.rows(layer.weight.data, 2, 3);
      const b = arr(layer.bias!);
      return W.map((w, o) => pj.dot(w, [1, -2, 0.5]) + b[o]!);
    },
    tolerance: 1e-12,
    how: 'plain-JS dot product of the input with each row of the same weights, plus bias',
  },
  {
    id: 'activations',
    chapter: 7,
    topic: 'The map: forward pass',
    mapRow: 'Activation (ReLU, sigmoid)',
    claim: 'ReLU keeps positives and zeroes negatives; sigmoid maps 0 to ½ and 2 to 1/(1 + e⁻²)',
    compute: () => [...arr(f64([-2, 0, 3]).relu()), ...arr(f64([0, 2]).sigmoid())],
    expected: [0, 0, 3, 0.5, pj.sigmoid(2)],
    tolerance: 1e-12,
    how: 'max(0, x); 1/(1 + e^(−x))',
  },
  {
    id: 'convolution',
    chapter: 7,
    topic: 'The map: forward pass',
    mapRow: 'Convolution',
    claim: 'a 1-D convolution is a sliding dot product of the filter with each window of the signal',
    compute: () => arr(nn.conv1d(f64([[[1, 2, 3, 4, 5]]]), f64([[[1, 0, -1]]]), null)),
    expected: () => {
      const s = [1, 2, 3, 4, 5];
      return [0, 1, 2].map((t) => pj.dot(s.slice(t, t + 3), [1, 0, -1]));
    },
    tolerance: 1e-12,
    how: 'windows [1,2,3], [2,3,4], [3,4,5] · [1,0,−1] = −2 each',
  },
  {
    id: 'self-attention',
    chapter: 7,
    topic: 'The map: forward pass',
    mapRow: 'Self-Attention',
    claim: 'self-attention is softmax(Q·Kᵀ/√d)·V, each row of weights a distribution over positions',
    compute() {
      const [Q, K, V] = attentionData();
      return arr(nn.scaledDotProductAttention(f64(Q), f64(K), f64(V)).output);
    },
    expected() {
      const [Q, K, V] = attentionData();
      const scores = pj.matmul(Q, pj.transpose(K)).map((r) => pj.softmax(r.map((v) => v / Math.sqrt(2))));
      return pj.matmul(scores, V).flat();
    },
    tolerance: 1e-12,
    how: 'plain-JS softmax of the scaled scores times V',
  },
  {
    id: 'positional-encoding',
    chapter: 7,
    topic: 'The map: forward pass',
    mapRow: 'Positional Encoding',
    claim: 'positional encoding writes sin(pos/10000^(2i/d)) and cos(…) into alternate dimensions',
    compute() {
      const pe = new nn.PositionalEncoding(16, 8).forward(zeros([16, 8]));
      return [pe.data[10 * 8 + 0]!, pe.data[10 * 8 + 1]!, pe.data[7 * 8 + 4]!, pe.data[7 * 8 + 5]!];
    },
    expected: [Math.sin(10), Math.cos(10), Math.sin(7 / 10000 ** (4 / 8)), Math.cos(7 / 100)],
    tolerance: 1e-6,
    how: 'd = 8: pos 10, i = 0 → sin 10, cos 10; pos 7, i = 2 → angle 7/10000^½ = 0.07',
  },
  {
    id: 'batch-norm',
    chapter: 7,
    topic: 'The map: forward pass',
    mapRow: 'Batch Normalization',
    claim: 'in training, batch norm gives every channel mean 0 and variance 1 over the batch',
    compute() {
      manualSeed(6);
      const bn = new nn.BatchNorm1d(3).to('float64');
      const x = randn([64, 3], { dtype: 'float64' }).mul(f64([5, 0.1, 2])).add(f64([10, -3, 0]));
      const y = pj.rows(bn.forward(x).data, 64, 3);
      const cols = [0, 1, 2].map((c) => y.map((r) => r[c]!));
      const means = cols.map(pj.mean);
      const vars = cols.map((c, i) => c.reduce((s, v) => s + (v - means[i]!) ** 2, 0) / c.length);
      return [...means, ...vars];
    },
    expected: [0, 0, 0, 1, 1, 1],
    tolerance: 1e-3,
    how: '(x − μ)/√(σ² + ε) has mean 0 and variance σ²/(σ² + ε) ≈ 1; statistics of the output in plain JS',
  },
  {
    id: 'mse',
    chapter: 7,
    topic: 'The map: loss functions',
    mapRow: 'MSE',
    claim: 'MSE averages squared errors, so one error of 2 among three predictions costs 4/3',
    compute: () => loss.mse(f64([1, 2, 3]), f64([1, 2, 5])).item(),
    expected: 4 / 3,
    tolerance: 1e-12,
    how: '(0² + 0² + 2²)/3',
  },
  {
    id: 'dice',
    chapter: 7,
    topic: 'The map: loss functions',
    mapRow: 'Dice Loss',
    claim: 'soft Dice loss is one minus twice the overlap over the total mass of both masks',
    compute: () => loss.dice(f64([0.9, 0.8, 0.1, 0]), f64([1, 1, 0, 0]), { eps: 1 }).item(),
    expected: 1 - 4.4 / 4.8,
    tolerance: 1e-12,
    how: 'overlap 0.9 + 0.8 = 1.7, masses 1.8 + 2: 1 − (2·1.7 + 1)/(3.8 + 1)',
  },
  {
    id: 'kl-loss',
    chapter: 7,
    topic: 'The map: loss functions',
    mapRow: 'KL Divergence',
    claim: 'the KL loss measures how far the predicted distribution softmax(z) is from the target',
    compute: () => loss.klDiv(f64([[1, 2, 0.5]]), f64([[0.2, 0.5, 0.3]])).item(),
    expected: () => {
      const p = [0.2, 0.5, 0.3];
      return pj.plogp(p) - pj.plogp(p, pj.softmax([1, 2, 0.5]));
    },
    tolerance: 1e-12,
    how: 'plain JS: Σ p (log p − log softmax(z))',
  },
  {
    id: 'contrastive',
    chapter: 7,
    topic: 'The map: loss functions',
    mapRow: 'Contrastive Loss',
    claim: 'InfoNCE with three orthogonal, perfectly matched pairs at τ = 1 costs log(1 + 2/e)',
    compute: () => {
      const z = f64([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
      return loss.infoNCE(z, z, { temperature: 1 }).item();
    },
    expected: Math.log(1 + 2 / Math.E),
    tolerance: 1e-12,
    how: 'cosine similarity 1 with the positive, 0 with two negatives: −log(e/(e + 2))',
  },
  {
    id: 'augmentation',
    chapter: 7,
    topic: 'The map: data processing',
    mapRow: 'Data Augmentation',
    claim: 'augmentation by noise adds deviations of the chosen σ; a 90° rotation moves the top-right pixel to the top-left',
    compute() {
      const x = zeros([20000]);
      const noisy = data.augment.noise(x, 0.5, { seed: 7 });
      const d = Array.from(noisy.data);
      const std = Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
      const img = f64([[[0, 0, 1], [0, 0, 0], [0, 0, 0]]]);
      return [std, ...arr(data.augment.affine2d(img, { rotate: 90 }))];
    },
    expected: [0.5, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    tolerance: 0.01,
    how: 'σ = 0.5 (20,000 draws: sampling error ≈ 0.0025); rotating a 3×3 grid a quarter turn counter-clockwise about its centre',
  },
];

// ─── data for the claims above ──────────────────────────────────────────────────────────────

function arange15(): Tensor {
  return f64(pj.rows(Array.from({ length: 15 }, (_, i) => i), 3, 5));
}

/** 200 points stretched along 30° (σ 3) with a little spread across (σ 0.5), from our own generator. */
function pcaData(): number[][] {
  const a = pj.normals(200, 11);
  const b = pj.normals(200, 12);
  const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
  return a.map((u, i) => [3 * u * c - 0.5 * b[i]! * s + 1, 3 * u * s + 0.5 * b[i]! * c - 2]);
}

function tinyNet(): { W1: number[][]; W2: number[][]; x: number[][] } {
  const g = new Generator(8);
  const m = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, () => g.normal() * 0.7));
  return { x: m(4, 3), W1: m(3, 5), W2: m(5, 2) };
}

function attentionData(): [number[][], number[][], number[][]] {
  return [
    [[1, 0], [0, 1], [1, 1]],
    [[1, 2], [0, 1], [-1, 0]],
    [[1, 0, 2], [0, 1, 0], [3, 1, -1]],
  ];
}

// ─── checking ───────────────────────────────────────────────────────────────────────────────

export function expectedOf(c: Claim): Value {
  return typeof c.expected === 'function' ? c.expected() : c.expected;
}

function close(a: Value, b: Value, tol: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tol;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= tol);
  return a === b;
}

/** Runs one claim and compares; never throws (an exception is a failure with its message). */
export function checkClaim(c: Claim): ClaimResult {
  const base = { id: c.id, chapter: c.chapter, claim: c.claim };
  let expected: Value;
  try {
    expected = expectedOf(c);
  } catch (e) {
    return { ...base, value: null, expected: 'error', pass: false, error: `expected value: ${(e as Error).message}` };
  }
  let value: Value;
  try {
    value = c.compute();
  } catch (e) {
    return { ...base, value: null, expected, pass: false, error: (e as Error).message };
  }
  let pass: boolean;
  const cmp = c.compare ?? 'close';
  if (cmp === 'atMost') pass = typeof value === 'number' && typeof expected === 'number' && value <= expected;
  else if (cmp === 'between') pass = typeof value === 'number' && Array.isArray(expected) && value >= expected[0]! && value <= expected[1]!;
  else pass = close(value, expected, c.tolerance ?? 1e-9);
  return { ...base, value, expected, pass };
}

/** A number for a table: up to 6 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

export function formatValue(v: Value | null): string {
  if (v === null) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return `[${v.map(formatNumber).join(', ')}]`;
  return String(v);
}

/** The expected value as shown in the table, with the comparison it stands for. */
export function formatExpected(c: Claim, e: Value): string {
  if (c.compare === 'atMost') return `≤ ${formatValue(e)}`;
  if (c.compare === 'between' && Array.isArray(e)) return `${formatNumber(e[0]!)} … ${formatNumber(e[1]!)}`;
  return formatValue(e);
}
