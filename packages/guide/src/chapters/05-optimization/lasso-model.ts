/**
 * The Lasso path, DOM-free (the widget and its tests call this). A small regression — 60 rows, 8
 * features, of which only 3 matter — fitted at every λ of a log grid two ways, with the library's
 * tensors doing the arithmetic:
 *
 *   L1 (the Lasso):  min_w (1/2n)‖y − Xw‖² + λ‖w‖₁      by ISTA, proximal gradient:
 *                    w ← S_{ηλ}(w − η(Gw − c)),  S_t(z) = sign(z)·max(|z| − t, 0),  G = XᵀX/n, c = Xᵀy/n
 *   L2 (ridge):      min_w (1/2n)‖y − Xw‖² + (λ/2)‖w‖²   in closed form: w = (G + λI)⁻¹c = V diag(1/(λᵢ + λ)) Vᵀc
 *
 * The soft threshold sets a weight to exactly 0 whenever |z| ≤ ηλ; ridge's division only shrinks.
 */
import { Generator, linalg, maximum, minimum, randn, tensor, type Tensor } from 'groundup';

export const N = 60;
export const D = 8;
/** The weights the data were made from: three that matter, five that do not. */
export const TRUE_W = [3, -2, 0, 0, 1.5, 0, 0, 0] as const;
export const NOISE = 0.5;
/** λ grid: 10^LOG_MIN … 10^LOG_MAX, STEPS_PER_DECADE points per decade. */
export const LOG_MIN = -3;
export const LOG_MAX = 1;
export const STEPS_PER_DECADE = 10;
export const LAMBDAS = Array.from({ length: (LOG_MAX - LOG_MIN) * STEPS_PER_DECADE + 1 }, (_, i) => +(10 ** (LOG_MIN + i / STEPS_PER_DECADE)).toPrecision(6));

export interface Problem {
  X: Tensor; // [N, D] float64
  y: Tensor; // [N]
  G: Tensor; // XᵀX / n  [D, D]
  c: Tensor; // Xᵀy / n  [D]
  /** largest eigenvalue of G: ISTA's step is 1 / this */
  lipschitz: number;
  eig: { values: number[]; vectors: Tensor };
}

/** The data set, drawn by the library from a seed: X ~ N(0, 1), y = X·w_true + N(0, 0.5²). */
export function problem(seed = 7): Problem {
  const g = new Generator(seed);
  const X = randn([N, D], { generator: g, dtype: 'float64' });
  const y = X.matmul(tensor([...TRUE_W], { dtype: 'float64' })).add(randn([N], { generator: g, dtype: 'float64' }).mul(NOISE));
  const Xt = X.transpose(0, 1);
  const G = Xt.matmul(X).div(N);
  const c = Xt.matmul(y).div(N);
  const e = linalg.eigh(G);
  const values = Array.from(e.values.data as Float64Array);
  return { X, y, G, c, lipschitz: Math.max(...values), eig: { values, vectors: e.vectors } };
}

/** S_t(z) = sign(z)·max(|z| − t, 0), written as max(z − t, 0) + min(z + t, 0). */
export function softThreshold(z: Tensor, t: number): Tensor {
  return maximum(z.sub(t), 0).add(minimum(z.add(t), 0));
}

export interface LassoFit {
  w: number[];
  iterations: number;
}

/** ISTA from a starting point until no weight moves more than tol (or maxIter steps). */
export function lasso(p: Problem, lambda: number, start?: number[], tol = 1e-10, maxIter = 5000): LassoFit {
  const eta = 1 / p.lipschitz;
  let w = tensor(start ?? new Array(D).fill(0), { dtype: 'float64' });
  let k = 0;
  for (; k < maxIter; k++) {
    const grad = p.G.matmul(w).sub(p.c); //           ∇ of (1/2n)‖y − Xw‖²
    const next = softThreshold(w.sub(grad.mul(eta)), eta * lambda);
    const moved = next.sub(w).abs().max().item();
    w = next;
    if (moved < tol) break;
  }
  return { w: Array.from(w.data as Float64Array), iterations: k + 1 };
}

/** Ridge in closed form through the eigendecomposition of G. */
export function ridge(p: Problem, lambda: number): number[] {
  const V = p.eig.vectors;
  const scale = tensor(p.eig.values.map((v) => 1 / (v + lambda)), { dtype: 'float64' });
  const w = V.matmul(V.transpose(0, 1).matmul(p.c).mul(scale));
  return Array.from(w.data as Float64Array);
}

export interface PathPoint {
  lambda: number;
  l1: number[];
  l2: number[];
  zeros: number; // weights of the L1 fit that are exactly 0
  iterations: number;
}

/** The whole path, largest λ first so that each ISTA run starts from its neighbour's answer. */
export function lassoPath(p: Problem = problem()): PathPoint[] {
  const out: PathPoint[] = [];
  let start: number[] | undefined;
  for (let i = LAMBDAS.length - 1; i >= 0; i--) {
    const lambda = LAMBDAS[i]!;
    const f = lasso(p, lambda, start);
    start = f.w;
    out.push({ lambda, l1: f.w, l2: ridge(p, lambda), zeros: f.w.filter((v) => v === 0).length, iterations: f.iterations });
  }
  return out.reverse();
}

/** The smallest λ at which the Lasso answer is all zeros: max_j |c_j|. */
export function lambdaMax(p: Problem): number {
  return p.c.abs().max().item();
}
