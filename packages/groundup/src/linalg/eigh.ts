/**
 * Eigendecomposition of a symmetric matrix by the cyclic Jacobi method.
 */
import { record } from '../autograd.js';
import { ValueError, fmtShape, fmtValue } from '../errors.js';
import { add, div, mul } from '../ops/arithmetic.js';
import { matmul } from '../ops/matmul.js';
import { reshape, transpose } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { floatOf } from '../dtype.js';
import { assertTensor } from '../validate.js';
import { assertAllFinite, assertSquare, fixColumnSign, fromF64 } from './util.js';

const EPS = 2 ** -52;
/** A full pass over every off-diagonal pair is a sweep; Jacobi converges quadratically, so a handful usually suffice. */
const MAX_SWEEPS = 100;

/** The raw result of {@link jacobiEigh}: float64, ascending values, eigenvectors as the columns of a row-major n×n array. */
export interface JacobiResult {
  values: Float64Array;
  vectors: Float64Array;
  /** Passes over all pairs, counting the last one that found nothing left to rotate (0 for n ≤ 1 or A = 0). */
  sweeps: number;
}

/**
 * The cyclic Jacobi eigenvalue algorithm on a symmetric n×n matrix given row-major in `src`
 * (read only; it is symmetrised as (A + Aᵀ)/2 first).
 *
 * Each step picks an off-diagonal pair (p, q) and applies a plane rotation J that zeroes A_pq:
 *
 * $$\theta = \frac{A_{qq} - A_{pp}}{2A_{pq}},\quad t = \frac{\operatorname{sign}\theta}{|\theta| + \sqrt{\theta^2 + 1}},\quad
 *   c = \frac{1}{\sqrt{t^2+1}},\quad s = tc,\qquad A \leftarrow J^\top A J,\quad V \leftarrow VJ$$
 *
 * Rotations keep the eigenvalues and shrink the off-diagonal mass Σ_{i≠j} A_ij² by 2A_pq² each
 * time, so sweeping over all pairs again and again drives A to the diagonal matrix Λ of
 * eigenvalues while V (the product of all rotations) collects the eigenvectors: A = VΛVᵀ.
 * A pair is skipped once |A_pq| is negligible next to its diagonal entries, and the algorithm stops
 * after a sweep that skips every pair.
 */
export function jacobiEigh(src: ArrayLike<number>, n: number): JacobiResult {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (src[i * n + j]! + src[j * n + i]!) / 2;
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  // Scale so the largest entry is 1: no overflow in θ² or in the rotations, whatever the units of A.
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  if (scale > 0) for (let i = 0; i < a.length; i++) a[i] = a[i]! / scale;
  const floor = 1e-40; // below this (relative to the largest entry) an off-diagonal entry cannot move any eigenvalue

  let sweeps = 0;
  let converged = n <= 1 || scale === 0;
  while (!converged) {
    if (sweeps === MAX_SWEEPS) {
      let off = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += a[i * n + j]! ** 2;
      throw new ValueError(`eigh: Jacobi did not converge in ${MAX_SWEEPS} sweeps (off-diagonal norm ${fmtValue(Math.sqrt(off) * scale)})`);
    }
    sweeps++;
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        if (Math.abs(apq) <= Math.max(EPS * Math.sqrt(Math.abs(app * aqq)), floor)) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t =
          Math.abs(theta) > 1e150
            ? 1 / (2 * theta) // θ² would overflow; t ≈ 1/(2θ) to full precision here
            : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // columns p and q:  A ← A·J
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // rows p and q:  A ← Jᵀ·A
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0; // zero by construction; clear the rounding residue
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          // V ← V·J
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
    converged = !rotated;
  }

  // Sort ascending and reorder the columns of V to match; then fix each column's sign.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src]! * scale;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  for (let j = 0; j < n; j++) fixColumnSign(vectors, n, n, j);
  return { values, vectors, sweeps };
}

export interface EighOptions {
  /**
   * How far from symmetric A may be: max |A_ij − A_ji| ≤ symmetryTol · max |A_ij|.
   * Default 1e-5 for float32 (and int32) input, 1e-10 for float64.
   */
  symmetryTol?: number;
}

export interface EighResult {
  /** The eigenvalues λ₁ ≤ λ₂ ≤ … ≤ λₙ, shape [n]. */
  values: Tensor;
  /** The unit eigenvectors as columns, shape [n, n]: column j belongs to values[j]. */
  vectors: Tensor;
}

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix.
 *
 * $$A = V \Lambda V^\top, \qquad A v_j = \lambda_j v_j, \qquad V^\top V = I, \qquad \lambda_1 \le \dots \le \lambda_n$$
 *
 * A symmetric matrix always has n real eigenvalues and an orthonormal set of eigenvectors: the
 * directions that A only stretches, by the factor λ. Computed by the cyclic Jacobi method
 * ({@link jacobiEigh}) in float64; the results take A's float dtype (float32 for int32 input).
 * Each eigenvector is only defined up to sign, so its entry of largest magnitude is made positive.
 * With repeated eigenvalues any orthonormal basis of the shared eigenspace is a valid answer.
 *
 * Shapes: `A` [n, n] → `values` [n], `vectors` [n, n] (eigenvectors in the columns).
 *
 * Gradients (A = VΛVᵀ, with λ̄ and V̄ the gradients arriving at the outputs):
 *
 * $$\bar A = \operatorname{sym}\Big(V\big(\operatorname{diag}(\bar\lambda) + F \circ (V^\top \bar V)\big)V^\top\Big),
 *   \qquad F_{ij} = \frac{1}{\lambda_j - \lambda_i}\ (i \ne j),\quad F_{ii} = 0,\qquad \operatorname{sym}(M) = \tfrac12(M + M^\top)$$
 *
 * so ∂λⱼ/∂A = vⱼvⱼᵀ. The eigenvector part needs distinct eigenvalues (a ValueError in backward
 * otherwise); the eigenvalue part is always defined.
 *
 * Errors: TypeError for a non-tensor, ShapeError for a non-square or empty matrix, ValueError for
 * NaN/±Infinity entries or a matrix that is not symmetric (up to `symmetryTol`).
 *
 * @example
 * const { values, vectors } = eigh(tensor([[2, 1], [1, 2]]));
 * values.toArray()    // [1, 3]
 * vectors.toArray()   // [[0.7071, 0.7071], [-0.7071, 0.7071]]: columns (1,−1)/√2 for λ = 1 and (1,1)/√2 for λ = 3
 */
export function eigh(A: Tensor, options: EighOptions = {}): EighResult {
  assertTensor('eigh', A, 'A');
  const n = assertSquare('eigh', A);
  assertAllFinite('eigh', A, 'A');
  const dtype = floatOf(A.dtype);
  const tol = options.symmetryTol ?? (dtype === 'float64' ? 1e-10 : 1e-5);
  if (typeof tol !== 'number' || !(tol >= 0)) throw new ValueError(`eigh: symmetryTol must be a number ≥ 0, got ${fmtValue(tol)}`);
  assertSymmetric('eigh', A, n, tol);
  const { values, vectors } = jacobiEigh(A.data, n);
  const valuesT = fromF64(values, [n], dtype);
  const vectorsT = fromF64(vectors, [n, n], dtype);
  const V = fromF64(vectors, [n, n], dtype); // a constant copy for the backward passes
  const symmetrize = (g: Tensor) => div(add(g, transpose(g, 0, 1)), 2); // the forward pass read (A + Aᵀ)/2
  // ∂L/∂A through the eigenvalues: V diag(λ̄) Vᵀ
  record(valuesT, 'eigh.values', [A], (g) => [symmetrize(matmul(mul(V, reshape(g, [1, n])), transpose(V, 0, 1)))]);
  // ∂L/∂A through the eigenvectors: V (F ∘ VᵀV̄) Vᵀ with F_ij = 1/(λ_j − λ_i), 0 on the diagonal
  record(vectorsT, 'eigh.vectors', [A], (g) => {
    const f = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const gap = values[j]! - values[i]!;
        if (gap === 0)
          throw new ValueError(
            `eigh: the eigenvectors have no gradient here because eigenvalues ${i} and ${j} are equal (${fmtValue(values[i])}); ` +
              'any rotation inside their shared eigenspace is an equally valid answer. Gradients through the eigenvalues alone are fine',
          );
        f[i * n + j] = 1 / gap;
      }
    const inner = mul(fromF64(f, [n, n], dtype), matmul(transpose(V, 0, 1), g)); // [n, n]
    return [symmetrize(matmul(matmul(V, inner), transpose(V, 0, 1)))];
  });
  return { values: valuesT, vectors: vectorsT };
}

/** Throws a ValueError at the worst asymmetric pair when max |A_ij − A_ji| > tol · max |A|. */
export function assertSymmetric(op: string, A: Tensor, n: number, tol: number): void {
  const d = A.data;
  let big = 0;
  for (let i = 0; i < d.length; i++) big = Math.max(big, Math.abs(d[i]!));
  let worst = 0;
  let wi = 0;
  let wj = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const gap = Math.abs(d[i * n + j]! - d[j * n + i]!);
      if (gap > worst) [worst, wi, wj] = [gap, i, j];
    }
  if (worst > tol * big)
    throw new ValueError(
      `${op}: A ${fmtShape(A.shape)} is not symmetric: A[${wi},${wj}] = ${fmtValue(d[wi * n + wj])} but A[${wj},${wi}] = ${fmtValue(d[wj * n + wi])}; ` +
        `eigh is for symmetric matrices (a covariance matrix, or (A + Aᵀ)/2)`,
    );
}
