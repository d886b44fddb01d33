/**
 * Norms: how long a vector is, or how large a matrix is, as one number.
 */
import { noGrad, record } from '../autograd.js';
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { gt, mul, div, where } from '../ops/arithmetic.js';
import { abs, sqrt, square } from '../ops/math.js';
import { amax, reduceAxes, sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from '../validate.js';
import { asFloat } from './util.js';

/** Which norm: `1` (sum of magnitudes), `2` (Euclidean length), `Infinity` (largest magnitude), `'fro'` (Frobenius, for matrices). */
export type NormOrd = 1 | 2 | 'fro' | number;

const ORDS = "1, 2, Infinity or 'fro'";

/**
 * The norm of a vector, of each vector along one axis, or the Frobenius norm of a matrix.
 *
 * $$\|x\|_1 = \sum_i |x_i| \qquad \|x\|_2 = \sqrt{\sum_i x_i^2} \qquad \|x\|_\infty = \max_i |x_i| \qquad \|A\|_F = \sqrt{\sum_{i,j} A_{ij}^2}$$
 *
 * Shapes:
 * - `ord` 1, 2 or `Infinity` without `axis`: `x` is a vector `[n]` (or a 0-d number) → a 0-d result.
 *   A matrix without `axis` is refused: "the 2-norm of a matrix" means different things in
 *   different libraries, so say `axis` (one norm per row or column) or use `'fro'`.
 * - with `axis = k`: one vector norm per slice along dimension k, e.g. `[N, D]` with `axis = 1` → `[N]`
 *   (or `[N, 1]` with `keepdim`).
 * - `'fro'`: `x` is a matrix `[m, n]` → 0-d; with `axis = [i, j]`, one Frobenius norm per matrix
 *   spanned by dimensions i and j of a batch.
 *
 * Gradients: ∂‖x‖₂/∂x = x / ‖x‖₂ (taken as 0 at x = 0, where the norm has a corner),
 * ∂‖x‖₁/∂x = sign(x), and the ∞-norm sends the gradient to its largest entry.
 * int32 input is treated as float32; the result keeps the input's float dtype.
 *
 * @example
 * norm(tensor([3, 4])).item()               // 5
 * norm(tensor([3, -4]), 1).item()           // 7
 * norm(tensor([[1, 2], [3, 4]]), 'fro')      // √30 ≈ 5.477
 * norm(tensor([[3, 4], [6, 8]]), 2, 1)       // [5, 10]: one length per row
 */
export function norm(x: Tensor, ord: NormOrd = 2, axis?: number | readonly number[] | null, keepdim = false): Tensor {
  assertTensor('norm', x);
  if (ord !== 1 && ord !== 2 && ord !== 'fro' && ord !== Infinity)
    throw new ValueError(`norm: unknown ord ${fmtValue(ord)}; use ${ORDS}`);
  if (typeof keepdim !== 'boolean') throw new TypeError(`norm: keepdim must be true or false, got ${fmtValue(keepdim)}`);
  const xf = asFloat(x);
  const noAxis = axis === undefined || axis === null;

  if (ord === 'fro') {
    let axes: number[];
    if (noAxis) {
      if (x.ndim !== 2)
        throw new ShapeError(
          `norm: the Frobenius norm is for a matrix (2-D), got shape ${fmtShape(x.shape)}; ` +
            (x.ndim === 1 ? 'for a vector use ord 2, which is the same number' : 'pass axis: [i, j] to take it over two dimensions of a batch'),
        );
      axes = [0, 1];
    } else {
      if (!Array.isArray(axis) || axis.length !== 2)
        throw new ValueError(`norm: ord 'fro' needs two axes (the rows and columns of the matrices), got axis ${fmtValue(axis)}`);
      axes = reduceAxes('norm', x, axis as number[]);
    }
    return euclidean(xf, axes, keepdim);
  }

  let axes: number[];
  if (noAxis) {
    if (x.ndim >= 2)
      throw new ShapeError(
        `norm: ord ${fmtValue(ord)} is a vector norm, but x has shape ${fmtShape(x.shape)}; ` +
          `pass axis (axis: 1 gives one norm per row) or use ord 'fro' for the whole matrix`,
      );
    axes = [...x.shape.keys()];
  } else {
    if (Array.isArray(axis))
      throw new ValueError(`norm: ord ${fmtValue(ord)} is a vector norm and takes a single axis, got ${fmtValue(axis)}; for two axes use ord 'fro'`);
    axes = [normAxis('norm', axis as number, x.ndim, x.shape)];
  }

  if (ord === 1) return sum(abs(xf), axes, keepdim); //        Σ|xᵢ|
  if (ord === Infinity) {
    if (xf.size === 0) throw new ValueError(`norm: the ∞-norm (largest |xᵢ|) of an empty tensor ${fmtShape(x.shape)} is undefined`);
    return amax(abs(xf), x.ndim === 0 ? null : axes[0]!, keepdim); // max|xᵢ|; ties share the gradient, as in PyTorch
  }
  return euclidean(xf, axes, keepdim); //                         √Σxᵢ²
}

/**
 * √(Σ xᵢ²) over `axes`, with a hand-written backward so that a zero vector gets the gradient 0
 * (the composite sqrt(sum(square(x))) would give 0·∞ = NaN there). The forward pass sums in
 * float64, so float32 entries up to 3.4e38 do not overflow when squared.
 */
function euclidean(x: Tensor, axes: number[], keepdim: boolean): Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d)); // the result's shape with the reduced axes kept as 1
  const out = noGrad(() => sqrt(sum(square(x.double()), axes, keepdim)).to(x.dtype));
  return record(out, 'norm', [x], (g) => {
    const n = reshape(out, kept);
    const safe = where(gt(n, 0), n, 1); // x / ‖x‖, and 0 where ‖x‖ = 0 (x itself is 0 there)
    return [mul(reshape(g, kept), div(x, safe))];
  });
}
