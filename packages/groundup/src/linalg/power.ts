/**
 * Power iteration: the dominant eigenpair of a matrix by repeated multiplication.
 */
import { ValueError, fmtValue } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { floatOf } from '../dtype.js';
import { assertTensor, readOptions } from '../validate.js';
import { assertAllFinite, assertSquare, fixColumnSign, fromF64 } from './util.js';

export interface PowerIterationOptions {
  /** The most matrix–vector products to try (default 1000). */
  iters?: number;
  /** Stop once ‖Av − λv‖ ≤ tol · ‖A‖_F (default 1e-10). */
  tol?: number;
  /** Seed of the random starting vector (default 0), so results are reproducible. */
  seed?: number;
}

export interface PowerIterationResult {
  /** The estimate of the eigenvalue of largest magnitude (the Rayleigh quotient vᵀAv). */
  value: number;
  /** Its unit eigenvector, shape [n], in A's float dtype; its largest-magnitude entry is positive. */
  vector: Tensor;
  /** How many products A·v were computed. */
  iterations: number;
  /** Whether the residual fell below tol within `iters` steps. */
  converged: boolean;
  /** The final relative residual ‖Av − λv‖ / ‖A‖_F. */
  residual: number;
}

/**
 * The eigenvalue of largest magnitude and its eigenvector, by power iteration:
 *
 * $$v_{k+1} = \frac{A v_k}{\|A v_k\|_2}, \qquad \lambda_k = v_k^\top A v_k$$
 *
 * Writing the start vector in A's eigenvectors, every product multiplies the component along vᵢ
 * by λᵢ, so the component with the largest |λ| wins, with the others shrinking like |λ₂/λ₁|ᵏ.
 * Iteration stops when the residual ‖Av − λv‖ is below `tol · ‖A‖_F`. When no single eigenvalue
 * dominates (λ and −λ both largest, or a rotation-like non-symmetric A) it never settles: then
 * `converged` is false and the result is the last iterate, returned rather than thrown so that the
 * guide can show the failure. Works in float64 internally; meant for symmetric matrices (where the
 * Rayleigh quotient is most accurate) but accepts any square real matrix.
 *
 * Shapes: `A` [n, n] → `value` a number, `vector` [n]. No gradient.
 *
 * @example
 * const { value, vector } = powerIteration(tensor([[2, 1], [1, 2]]));
 * value                // ≈ 3
 * vector.toArray()     // ≈ [0.7071, 0.7071]
 */
export function powerIteration(A: Tensor, options: PowerIterationOptions = {}): PowerIterationResult {
  assertTensor('powerIteration', A, 'A');
  const n = assertSquare('powerIteration', A);
  assertAllFinite('powerIteration', A, 'A');
  const { iters = 1000, tol = 1e-10, seed = 0 } = readOptions('powerIteration', options, '{ iters: 1000, tol: 1e-10 }', true);
  if (typeof iters !== 'number' || !Number.isInteger(iters) || iters < 1)
    throw new ValueError(`powerIteration: iters must be a whole number ≥ 1, got ${fmtValue(iters)}`);
  if (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0) throw new ValueError(`powerIteration: tol must be a finite number ≥ 0, got ${fmtValue(tol)}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ValueError(`powerIteration: seed must be a finite number, got ${fmtValue(seed)}`);

  const a = Float64Array.from(A.data);
  let fro = 0;
  for (let i = 0; i < a.length; i++) fro += a[i]! * a[i]!;
  fro = Math.sqrt(fro);

  // 1. a random unit start vector (almost surely not orthogonal to the dominant eigenvector)
  const g = new Generator(seed);
  let v = Float64Array.from({ length: n }, () => g.normal());
  normalize(v);
  let w = new Float64Array(n);
  let value = 0;
  let residual = Infinity;
  let iterations = 0;
  let converged = false;
  if (fro === 0) {
    // the zero matrix: every vector is an eigenvector with λ = 0
    residual = 0;
    converged = true;
  }
  while (!converged) {
    // 2. w = A v and the Rayleigh quotient λ = vᵀw
    matvec(a, v, w, n);
    iterations++;
    value = 0;
    for (let i = 0; i < n; i++) value += v[i]! * w[i]!;
    // 3. the residual ‖Av − λv‖, relative to the size of A
    let r = 0;
    for (let i = 0; i < n; i++) r += (w[i]! - value * v[i]!) ** 2;
    residual = Math.sqrt(r) / fro;
    if (residual <= tol) {
      converged = true;
      break;
    }
    if (iterations === iters) break; // out of steps: keep v, so that value and vector belong together
    // 4. v ← w / ‖w‖ (w ≠ 0 here: w = 0 would have made the residual 0)
    [v, w] = [w, v];
    normalize(v);
  }
  fixColumnSign(v, n, 1, 0);
  return { value, vector: fromF64(v, [n], floatOf(A.dtype)), iterations, converged, residual };
}

function matvec(a: Float64Array, v: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * v[j]!;
    out[i] = s;
  }
}

function normalize(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  s = Math.sqrt(s);
  if (s > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / s;
}
