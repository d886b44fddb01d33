/**
 * The multivariate normal N(μ, Σ) in d dimensions: a bell-shaped cloud whose centre is μ [d] and
 * whose spread and tilt are the covariance matrix Σ [d,d] (symmetric, positive definite).
 *
 * Everything goes through the Cholesky factor Σ = L Lᵀ (L lower-triangular): sampling draws
 * z ~ N(0, I) and returns μ + L z, and the density needs only triangular solves and the diagonal
 * of L (log det Σ = 2 Σᵢ log Lᵢᵢ).
 */
import { record } from '../autograd.js';
import { eye } from '../creation.js';
import { type DType, allocate, promote } from '../dtype.js';
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { sizeOf } from '../shape.js';
import { type DistributionOptions, type Param, type SampleOptions, LOG_2PI, broadcastOrThrow, checkEach, generatorOf, resolveDType, sampleShape, toParam, toValue } from './util.js';

/**
 * The Cholesky factor of a symmetric positive-definite d×d matrix (row-major, float64):
 * $$L_{jj} = \sqrt{S_{jj} - \sum_{k<j} L_{jk}^2}, \qquad L_{ij} = \frac{S_{ij} - \sum_{k<j} L_{ik}L_{jk}}{L_{jj}} \; (i > j)$$
 * Returns the failing column and its pivot instead when S is not (numerically) positive definite.
 */
export function choleskyFactor(S: ArrayLike<number>, d: number): { L: Float64Array } | { failedAt: number; pivot: number } {
  const L = new Float64Array(d * d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Math.abs(S[i * d + i]!));
  // a pivot this small relative to the diagonal means Σ is singular up to rounding
  const floor = 1e-13 * maxDiag;
  for (let j = 0; j < d; j++) {
    let s = S[j * d + j]!;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! ** 2;
    if (!(s > floor)) return { failedAt: j, pivot: s };
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = S[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / ljj;
    }
  }
  return { L };
}

/** Solves L y = b (forward substitution) in place in `b`, at offset `o`. */
function solveLower(L: Float64Array, d: number, b: Float64Array, o = 0): void {
  for (let i = 0; i < d; i++) {
    let s = b[o + i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * b[o + k]!;
    b[o + i] = s / L[i * d + i]!;
  }
}

/** Solves Lᵀ x = y (back substitution) in place in `y`, at offset `o`. */
function solveUpperT(L: Float64Array, d: number, y: Float64Array, o = 0): void {
  for (let i = d - 1; i >= 0; i--) {
    let s = y[o + i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * y[o + k]!;
    y[o + i] = s / L[i * d + i]!;
  }
}

/** S⁻¹ from its Cholesky factor, one column at a time (d is small: this is for gradients). */
function inverseFromCholesky(L: Float64Array, d: number): Float64Array {
  const inv = new Float64Array(d * d);
  const col = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    col.fill(0);
    col[j] = 1;
    solveLower(L, d, col);
    solveUpperT(L, d, col);
    for (let i = 0; i < d; i++) inv[i * d + j] = col[i]!;
  }
  return inv;
}

/**
 * The squared Mahalanobis length of each row of r [..., d]: $q = r^\top \Sigma^{-1} r$ → [...].
 * Backward: $\partial q/\partial r = 2\Sigma^{-1} r$ and $\partial q/\partial \Sigma = -\Sigma^{-1} r r^\top \Sigma^{-1}$
 * (symmetric, which is also the gradient with respect to the unsymmetrised input that Σ was read from).
 */
function quadForm(r: Tensor, cov: Tensor, L: Float64Array, d: number): Tensor {
  const rows = r.size / d;
  const w = Float64Array.from(r.data); // becomes Σ⁻¹ r, row by row
  const out = allocate(promote(r.dtype, cov.dtype), rows);
  for (let n = 0; n < rows; n++) {
    const o = n * d;
    solveLower(L, d, w, o); // w = L⁻¹ r
    let q = 0;
    for (let i = 0; i < d; i++) q += w[o + i]! ** 2;
    out[n] = q;
    solveUpperT(L, d, w, o); // w = L⁻ᵀ L⁻¹ r = Σ⁻¹ r
  }
  const res = new Tensor(out, r.shape.slice(0, -1), promote(r.dtype, cov.dtype));
  return record(res, 'mvnQuadForm', [r, cov], (g) => {
    const gd = g.data;
    const dr = allocate(g.dtype, r.size);
    const dc = allocate(g.dtype, d * d);
    for (let n = 0; n < rows; n++) {
      const o = n * d;
      const gn = gd[n]!;
      for (let i = 0; i < d; i++) {
        dr[o + i] = 2 * gn * w[o + i]!;
        for (let j = 0; j < d; j++) dc[i * d + j] -= gn * w[o + i]! * w[o + j]!;
      }
    }
    return [new Tensor(dr, r.shape, g.dtype), new Tensor(dc, [d, d], g.dtype)];
  });
}

/** $\log\det\Sigma = 2\sum_i \log L_{ii}$ → 0-d. Backward: $\partial/\partial\Sigma = \Sigma^{-1}$. */
function logDet(cov: Tensor, L: Float64Array, d: number): Tensor {
  let s = 0;
  for (let i = 0; i < d; i++) s += 2 * Math.log(L[i * d + i]!);
  const out = allocate(cov.dtype, 1);
  out[0] = s;
  return record(new Tensor(out, [], cov.dtype), 'logDet', [cov], (g) => {
    const inv = inverseFromCholesky(L, d);
    const gv = g.data[0]!;
    const dc = allocate(g.dtype, d * d);
    for (let i = 0; i < d * d; i++) dc[i] = gv * inv[i]!;
    return [new Tensor(dc, [d, d], g.dtype)];
  });
}

export class MultivariateNormal {
  /** μ [..., d] as given. */
  readonly loc: Tensor;
  /** Σ [d,d] as given. */
  readonly covarianceMatrix: Tensor;
  /** The Cholesky factor L [d,d] of Σ (float64, no gradient). */
  readonly scaleTril: Tensor;
  /** The dimension d. */
  readonly dim: number;
  /** Leading axes of μ: a batch of distributions sharing one Σ. */
  readonly batchShape: readonly number[];
  readonly dtype: DType;
  private readonly L: Float64Array;

  /**
   * @param mean μ [d] (or a batch [..., d]).
   * @param cov Σ [d,d]: symmetric and positive definite.
   *
   *   const mvn = new prob.MultivariateNormal([0, 0], [[1, 0.8], [0.8, 1]]);
   *   mvn.sample([1000])   // [1000,2], correlated pairs
   */
  constructor(mean: Param, cov: Param, options?: DistributionOptions) {
    const op = 'prob.MultivariateNormal';
    this.dtype = resolveDType(op, [mean, cov], options);
    this.loc = toParam(op, 'mean', mean, this.dtype);
    this.covarianceMatrix = toParam(op, 'cov', cov, this.dtype);
    const S = this.covarianceMatrix;
    if (this.loc.ndim === 0) throw new ShapeError(`${op}: mean must be a vector [d] (or a batch [..., d]), got a 0-d value ${fmtValue(this.loc.data[0])}`);
    const d = this.loc.shape[this.loc.ndim - 1]!;
    if (S.ndim !== 2 || S.shape[0] !== S.shape[1])
      throw new ShapeError(`${op}: cov must be a square matrix [d,d], got shape ${fmtShape(S.shape)}`);
    if (S.shape[0] !== d) throw new ShapeError(`${op}: mean ${fmtShape(this.loc.shape)} has d = ${d} but cov is ${fmtShape(S.shape)}; cov must be [${d},${d}]`);
    if (d === 0) throw new ShapeError(`${op}: the dimension d must be at least 1`);
    checkEach(op, 'mean', this.loc, Number.isFinite, 'finite');
    checkEach(op, 'cov', S, Number.isFinite, 'finite');
    // symmetric up to rounding: |Σij − Σji| ≤ tol · max(1, max|Σ|)
    let scale = 1;
    for (let i = 0; i < S.size; i++) scale = Math.max(scale, Math.abs(S.data[i]!));
    const tol = (this.dtype === 'float32' ? 1e-5 : 1e-6) * scale;
    const sym = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        const a = S.data[i * d + j]!;
        const b = S.data[j * d + i]!;
        if (Math.abs(a - b) > tol)
          throw new ValueError(
            `${op}: cov must be symmetric, but cov[${i},${j}] = ${fmtValue(a)} and cov[${j},${i}] = ${fmtValue(b)}; ` +
              'a covariance matrix has Cov(xᵢ, xⱼ) = Cov(xⱼ, xᵢ) (use (cov + covᵀ)/2)',
          );
        sym[i * d + j] = (a + b) / 2;
      }
    const f = choleskyFactor(sym, d);
    if ('failedAt' in f)
      throw new ValueError(
        `${op}: cov must be positive definite, but cov = ${fmtValue(S.toArray())} is not: its Cholesky factorisation fails at column ${f.failedAt} ` +
          `(pivot ${fmtValue(f.pivot)} ≤ 0), so some direction has zero or negative variance`,
      );
    this.L = f.L;
    this.dim = d;
    this.scaleTril = new Tensor(Float64Array.from(f.L), [d, d], 'float64');
    this.batchShape = this.loc.shape.slice(0, -1);
  }

  /** E[X] = μ, shape [...batchShape, d]. */
  get mean(): Tensor {
    return this.loc;
  }

  /** The marginal variances diag(Σ), shape [...batchShape, d]. */
  get variance(): Tensor {
    const diag = this.covarianceMatrix.mul(eye(this.dim, { dtype: this.dtype })).sum(-1); // [d]
    return diag.expand([...this.batchShape, this.dim]);
  }

  /** Draws μ + L z with z ~ N(0, I) from the generator, shape [...shape, ...batchShape, d] (no gradient). */
  sample(shape?: number | number[], options?: SampleOptions): Tensor {
    const op = 'MultivariateNormal.sample';
    const s = [...sampleShape(op, shape), ...this.batchShape, this.dim];
    const g = generatorOf(op, options);
    const d = this.dim;
    const L = this.L;
    const mu = this.loc.data;
    const out = allocate(this.dtype, sizeOf(s));
    const z = new Float64Array(d);
    for (let o = 0; o < out.length; o += d) {
      for (let i = 0; i < d; i++) z[i] = g.normal();
      const m = o % mu.length;
      for (let i = 0; i < d; i++) {
        let v = mu[m + i]!;
        for (let k = 0; k <= i; k++) v += L[i * d + k]! * z[k]!;
        out[o + i] = v;
      }
    }
    return new Tensor(out, s, this.dtype);
  }

  /**
   * $$\log p(x) = -\tfrac12\left(d\log 2\pi + \log\det\Sigma + (x-\mu)^\top\Sigma^{-1}(x-\mu)\right)$$
   * Shape: x [..., d] (broadcast with μ) → [...]. Differentiable in x, μ and Σ.
   */
  logProb(x: Param): Tensor {
    const op = 'MultivariateNormal.logProb';
    const v = toValue(op, x, this.dtype);
    if (v.ndim === 0 || v.shape[v.ndim - 1] !== this.dim)
      throw new ShapeError(`${op}: x must be [..., ${this.dim}] (one point of dimension d = ${this.dim} per row), got shape ${fmtShape(v.shape)}`);
    broadcastOrThrow(op, v.shape, this.loc.shape, 'x and mean');
    const r = v.sub(this.loc); // [..., d]
    const q = quadForm(r, this.covarianceMatrix, this.L, this.dim); // [...]
    return q.add(logDet(this.covarianceMatrix, this.L, this.dim)).add(this.dim * LOG_2PI).mul(-0.5);
  }

  /** $H = \tfrac d2(1 + \log 2\pi) + \tfrac12\log\det\Sigma$ nats, shape batchShape. */
  entropy(): Tensor {
    const h = logDet(this.covarianceMatrix, this.L, this.dim).mul(0.5).add(0.5 * this.dim * (1 + LOG_2PI));
    return h.expand(this.batchShape.slice());
  }
}
