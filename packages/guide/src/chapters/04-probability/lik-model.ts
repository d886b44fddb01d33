/**
 * "Losses are negative log-likelihoods": a tiny linear model s = w·x + b on ten seeded points, read
 * three ways, every number from the library:
 *
 * - regression: MSE (loss.mse) next to the mean Gaussian NLL −log N(y | s, σ²) (prob.Normal), which
 *   equals MSE/(2σ²) + log σ + ½ log 2π;
 * - classification: the score is the logit of class 1 (class 0's logit is 0); cross-entropy
 *   (loss.crossEntropy) next to the mean categorical NLL (prob.Categorical.logProb);
 * - MAP: the penalty λw² next to −log N(w | 0, σ_p²) with σ_p² = 1/(2λ), which differ by the
 *   constant ½ log(2πσ_p²); fitMap minimises Σ Gaussian NLL + λw² with the library's optimizer.
 *
 * DOM-free: the widget and the Node tests call it.
 */
import { Generator, add, linspace, loss, mul, optim, prob, randn, tensor, zeros, type Tensor } from 'groundup';

export const LIK_RULES = {
  w: { min: -3, max: 3 },
  b: { min: -2, max: 2 },
  sigma: { min: 0.1, max: 3 },
  lambda: { min: 0.01, max: 10 },
  seed: { min: 0, max: 1_000_000, int: true },
} as const;

export const LIK_N = 10;

export interface LikData {
  x: number[];
  /** regression targets y = 1.2x + 0.4 + 0.5ε */
  y: number[];
  /** class labels: 1 where y > 0.4 */
  c: number[];
}

/** Ten seeded points on x ∈ [−1.5, 1.5]. */
export function likData(seed: number, n = LIK_N): LikData {
  const x = Array.from(linspace(-1.5, 1.5, n, { dtype: 'float64' }).data);
  const eps = Array.from(randn([n], { generator: new Generator(seed), dtype: 'float64' }).data);
  const y = x.map((v, i) => 1.2 * v + 0.4 + 0.5 * eps[i]!);
  return { x, y, c: y.map((v) => (v > 0.4 ? 1 : 0)) };
}

export interface LikParams {
  w: number;
  b: number;
  sigma: number;
  lambda: number;
}

export interface LikView {
  pred: number[];
  /** mean squared error, loss.mse */
  mse: number;
  /** mean −log N(yᵢ | ŝᵢ, σ²), prob.Normal */
  gaussNll: number;
  /** MSE/(2σ²) + log σ + ½ log 2π from the library's MSE: equals gaussNll */
  nllFromMse: number;
  /** P(class 1 | xᵢ) = softmax([0, sᵢ])₁ */
  p1: number[];
  /** cross-entropy of the logits [0, sᵢ] against cᵢ, loss.crossEntropy */
  ce: number;
  /** mean −log Categorical(logits [0, sᵢ]).logProb(cᵢ) */
  catNll: number;
  /** λw² */
  penalty: number;
  /** σ_p = √(1/(2λ)) */
  priorStd: number;
  /** −log N(w | 0, σ_p²) */
  negLogPrior: number;
  /** ½ log(2π σ_p²): −log prior − penalty */
  priorConst: number;
  /** Σ Gaussian NLL + λw² (the MAP objective, up to the prior's constant) */
  objective: number;
}

function check(p: LikParams): void {
  for (const k of ['w', 'b', 'sigma', 'lambda'] as const) {
    if (!Number.isFinite(p[k])) throw new RangeError(`likView: ${k} must be a finite number, got ${p[k]}`);
  }
  if (!(p.sigma > 0)) throw new RangeError(`likView: sigma must be > 0, got ${p.sigma}`);
  if (!(p.lambda > 0)) throw new RangeError(`likView: lambda must be > 0 (λ = 0 is a flat prior with no density), got ${p.lambda}`);
}

const f64 = (a: number[]) => tensor(a, { dtype: 'float64' });
const logitsOf = (s: Tensor) => tensor(Array.from(s.data).flatMap((v) => [0, v]), { dtype: 'float64' }).reshape([s.shape[0]!, 2]);

export function likView(d: LikData, p: LikParams): LikView {
  check(p);
  const n = d.x.length;
  const s = add(mul(f64(d.x), p.w), p.b);
  const y = f64(d.y);
  const mse = loss.mse(s, y).item();
  const gaussNll = -new prob.Normal(s, p.sigma, { dtype: 'float64' }).logProb(y).mean().item();
  const nllFromMse = mse / (2 * p.sigma ** 2) + Math.log(p.sigma) + 0.5 * Math.log(2 * Math.PI);
  const logits = logitsOf(s);
  const c = tensor(d.c, { dtype: 'int32' });
  const ce = loss.crossEntropy(logits, c).item();
  const cat = new prob.Categorical({ logits }, { dtype: 'float64' });
  const catNll = -cat.logProb(c).mean().item();
  const p1 = Array.from(cat.probs.data).filter((_, i) => i % 2 === 1);
  const priorStd = Math.sqrt(1 / (2 * p.lambda));
  const negLogPrior = -new prob.Normal(0, priorStd, { dtype: 'float64' }).logProb(p.w).item();
  const penalty = p.lambda * p.w ** 2;
  return { pred: Array.from(s.data), mse, gaussNll, nllFromMse, p1, ce, catNll, penalty, priorStd, negLogPrior, priorConst: negLogPrior - penalty, objective: n * gaussNll + penalty };
}

/**
 * The two objectives as functions of w (b held): −log p(D | w) = Σ Gaussian NLL, and the MAP
 * objective −log p(D | w) + λw². One batched call: predictions [m, n] for m values of w.
 */
export function objectiveCurves(d: LikData, p: LikParams, m = 61): { ws: number[]; nll: number[]; map: number[] } {
  check(p);
  const ws = linspace(LIK_RULES.w.min, LIK_RULES.w.max, m, { dtype: 'float64' });
  const s = add(mul(ws.reshape([m, 1]), f64(d.x).reshape([1, d.x.length])), p.b);
  const nll = new prob.Normal(s, p.sigma, { dtype: 'float64' }).logProb(f64(d.y).reshape([1, d.x.length])).sum(1).neg();
  const map = add(nll, mul(ws.square(), p.lambda));
  return { ws: Array.from(ws.data), nll: Array.from(nll.data), map: Array.from(map.data) };
}

/**
 * The MAP fit: minimises Σ Gaussian NLL + λw² over (w, b) by full-batch gradient descent with the
 * library's SGD and autograd. The objective is quadratic; its curvature is at most
 * (Σxᵢ² + n)/σ² + 2λ, so a step of one over that bound never overshoots.
 */
export function fitMap(d: LikData, sigma: number, lambda: number, steps = 400): { w: number; b: number } {
  check({ w: 0, b: 0, sigma, lambda });
  const w = zeros([1], { dtype: 'float64', requiresGrad: true });
  const b = zeros([1], { dtype: 'float64', requiresGrad: true });
  const x = f64(d.x);
  const y = f64(d.y);
  const curvature = (d.x.reduce((a, v) => a + v * v, 0) + d.x.length) / sigma ** 2 + 2 * lambda;
  const opt = new optim.SGD([w, b], { lr: 1 / curvature });
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const s = add(mul(x, w), b);
    const obj = add(new prob.Normal(s, sigma, { dtype: 'float64' }).logProb(y).sum().neg(), mul(w.square().sum(), lambda));
    obj.backward();
    opt.step();
  }
  return { w: w.item(), b: b.item() };
}

const list = (a: number[], dg = 3) => `[${a.map((v) => Number(v.toFixed(dg))).join(', ')}]`;

export const likCode = (d: LikData, p: LikParams) =>
  [
    `const x = tensor(${list(d.x)}, { dtype: 'float64' });`,
    `const y = tensor(${list(d.y)}, { dtype: 'float64' });`,
    `const c = tensor(${list(d.c, 0)}, { dtype: 'int32' });   // class 1 where y > 0.4`,
    `const s = x.mul(${p.w}).add(${p.b});   // the model's score`,
    `const sigma = ${p.sigma}, lambda = ${p.lambda};`,
    `const mse = loss.mse(s, y).item();`,
    `const gaussNll = -new prob.Normal(s, sigma).logProb(y).mean().item();`,
    `console.log('MSE', mse, 'Gaussian NLL', gaussNll, 'MSE/(2σ²)+log σ+½log 2π', mse / (2 * sigma ** 2) + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI));`,
    `const logits = stack([zerosLike(s), s], 1);   // class 0 has logit 0`,
    `console.log('CE', loss.crossEntropy(logits, c).item(), 'categorical NLL', -new prob.Categorical({ logits }).logProb(c).mean().item());`,
    `const sp = Math.sqrt(1 / (2 * lambda));   // prior N(0, 1/(2λ))`,
    `console.log('λw²', lambda * ${p.w} ** 2, '−log prior', -new prob.Normal(0, sp).logProb(${p.w}).item(), 'constant', 0.5 * Math.log(2 * Math.PI * sp ** 2));`,
  ].join('\n');
