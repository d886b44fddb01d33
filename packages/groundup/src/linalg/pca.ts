/**
 * Principal component analysis: the directions along which data varies most.
 */
import { noGrad } from '../autograd.js';
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { add, sub } from '../ops/arithmetic.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { cov } from './cov.js';
import { jacobiEigh } from './eigh.js';
import { floatOf } from '../dtype.js';
import { assertTensor } from '../validate.js';
import { asFloat, assertAllFinite, assertMatrix, fromF64 } from './util.js';

export interface PCAResult {
  /** The k principal axes as unit rows, shape [k, d], most variance first; each row's largest-magnitude entry is positive. */
  components: Tensor;
  /** The variance of the data along each axis (the covariance eigenvalues λ₁ ≥ … ≥ λ_k), shape [k]. */
  explainedVariance: Tensor;
  /** Each axis's share of the total variance, λᵢ / Σⱼ λⱼ over all d eigenvalues, shape [k]; sums to 1 when k = d. */
  explainedVarianceRatio: Tensor;
  /** The column means μ that were subtracted before fitting, shape [d]. */
  mean: Tensor;
  /** Coordinates of new rows along the axes: Z = (X − μ) Wᵀ, [m, d] → [m, k]. Differentiable in X. */
  transform(X: Tensor): Tensor;
  /** Back to the original space: X̂ = Z W + μ, [m, k] → [m, d]. Exact when k = d. Differentiable in Z. */
  inverseTransform(Z: Tensor): Tensor;
}

/**
 * Fits PCA with k components to the rows of X (rows = observations, columns = features).
 *
 * $$\mu = \tfrac{1}{n}\textstyle\sum_i x_i, \qquad C = \frac{(X-\mu)^\top (X-\mu)}{n-1} = V\Lambda V^\top, \qquad
 *   W = [v_1, \dots, v_k]^\top, \qquad \text{ratio}_i = \frac{\lambda_i}{\sum_{j=1}^{d} \lambda_j}$$
 *
 * The eigenvectors of the covariance matrix C (from {@link cov} and the Jacobi {@link eigh}) are
 * the directions of greatest variation; the eigenvalue of each is the variance of the data along
 * it. Keeping the k largest keeps as much of the variance as any k directions can. Tiny negative
 * eigenvalues from rounding are read as 0, since a covariance matrix has none. Computed in float64;
 * the results take X's float dtype. The fit itself carries no gradient.
 *
 * Shapes: `X` [n, d] with n ≥ 2, 1 ≤ k ≤ d → components [k, d], explainedVariance [k],
 * explainedVarianceRatio [k], mean [d].
 *
 * Errors: TypeError (not a tensor, k not a number), ShapeError (not 2-D, empty, wrong width in
 * transform), ValueError (fewer than 2 rows, k out of 1…d, NaN/∞ entries, no variance at all).
 *
 * @example
 * const p = pca(tensor([[2, 0], [0, 0], [-2, 0], [0, 1], [0, -1]]), 1);
 * p.components.toArray()                 // [[1, 0]]: the spread is widest along the first feature
 * p.explainedVarianceRatio.toArray()     // [0.8]  (variances 2 and 0.5)
 * p.transform(tensor([[3, 5]])).toArray() // [[3]]
 */
export function pca(X: Tensor, k: number): PCAResult {
  assertTensor('pca', X, 'X');
  const rows = X.ndim === 2 ? X.shape[0]! : -1;
  if (rows >= 0 && rows < 2)
    throw new ValueError(`pca: X ${fmtShape(X.shape)} has ${rows} row${rows === 1 ? '' : 's'}; a covariance needs at least 2 observations`);
  const [, d] = assertMatrix('pca', X, 'X (rows = observations, columns = features)');
  if (typeof k !== 'number') throw new TypeError(`pca: k (the number of components) must be a number, got ${fmtValue(k)}`);
  if (!Number.isInteger(k) || k < 1 || k > d)
    throw new ValueError(`pca: k must be a whole number from 1 to d = ${d} (the number of columns of X ${fmtShape(X.shape)}), got ${fmtValue(k)}`);
  assertAllFinite('pca', X, 'X');
  const dtype = floatOf(X.dtype);

  // 1. centre and take the covariance, in float64
  const X64 = noGrad(() => X.detach().double());
  const C = noGrad(() => cov(X64)); //                 [d, d]
  const mu = new Float64Array(d);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) mu[j] = mu[j]! + X64.data[i * d + j]! / rows;

  // 2. eigendecomposition; Jacobi returns ascending values, PCA wants the largest first
  const { values, vectors } = jacobiEigh(C.data, d);
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(values[j]!, 0);
  if (!(total > 0))
    throw new ValueError(`pca: every row of X ${fmtShape(X.shape)} is the same, so there is no variance to explain`);
  const W = new Float64Array(k * d); //                  [k, d], row i = eigenvector i
  const ev = new Float64Array(k);
  const ratio = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const col = d - 1 - i;
    ev[i] = Math.max(values[col]!, 0);
    ratio[i] = ev[i]! / total;
    for (let j = 0; j < d; j++) W[i * d + j] = vectors[j * d + col]!;
  }

  const components = fromF64(W, [k, d], dtype);
  const mean = fromF64(mu, [d], dtype);
  return {
    components,
    explainedVariance: fromF64(ev, [k], dtype),
    explainedVarianceRatio: fromF64(ratio, [k], dtype),
    mean,
    transform(Y: Tensor): Tensor {
      assertTensor('pca.transform', Y, 'X');
      if (Y.ndim !== 2 || Y.shape[1] !== d)
        throw new ShapeError(`pca.transform: expected rows of ${d} features, shape [m, ${d}], got ${fmtShape(Y.shape)}`);
      return matmul(sub(asFloat(Y), mean), transpose(components, 0, 1)); // [m, d] @ [d, k] → [m, k]
    },
    inverseTransform(Z: Tensor): Tensor {
      assertTensor('pca.inverseTransform', Z, 'Z');
      if (Z.ndim !== 2 || Z.shape[1] !== k)
        throw new ShapeError(`pca.inverseTransform: expected ${k} coordinates per row, shape [m, ${k}], got ${fmtShape(Z.shape)}`);
      return add(matmul(asFloat(Z), components), mean); //                 [m, k] @ [k, d] → [m, d]
    },
  };
}
