/**
 * The outer product and the trace: two small tools the guide uses next to dot and eigh.
 */
import { ShapeError, fmtShape } from '../errors.js';
import { mul } from '../ops/arithmetic.js';
import { sum } from '../ops/reduce.js';
import { unsqueeze } from '../ops/shape.js';
import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { assertTensor } from '../validate.js';

/**
 * The outer product of two vectors: every entry of a times every entry of b.
 *
 * $$(a \otimes b)_{ij} = a_i b_j, \qquad a \otimes b = a\,b^\top$$
 *
 * Shapes: `a` [m], `b` [n] → [m, n]. Gradients: ∂/∂a = G b, ∂/∂b = Gᵀ a (G the upstream gradient).
 *
 * @example
 * outer(tensor([1, 2]), tensor([3, 4, 5])).toArray()   // [[3, 4, 5], [6, 8, 10]]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  assertTensor('outer', a, 'a');
  assertTensor('outer', b, 'b');
  if (a.ndim !== 1 || b.ndim !== 1)
    throw new ShapeError(`outer: needs two vectors (1-D), got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return mul(unsqueeze(a, 1), unsqueeze(b, 0)); // [m, 1] ⊙ [1, n] → [m, n] by broadcasting
}

/**
 * The trace: the sum of the diagonal. For a square matrix it equals the sum of its eigenvalues.
 *
 * $$\operatorname{tr}(A) = \sum_i A_{ii} = \sum_i \lambda_i, \qquad \frac{\partial\,\operatorname{tr}(A)}{\partial A} = I$$
 *
 * Shapes: `A` [m, n] → 0-d (a rectangular matrix sums its min(m, n) diagonal entries).
 *
 * @example
 * trace(tensor([[1, 2], [3, 4]])).item()   // 5
 */
export function trace(A: Tensor): Tensor {
  assertTensor('trace', A, 'A');
  if (A.ndim !== 2) throw new ShapeError(`trace: needs a matrix (2-D), got shape ${fmtShape(A.shape)}`);
  const [m, n] = A.shape as [number, number];
  const mask = allocate(A.dtype, m * n); // the identity pattern I[m, n]: picks the diagonal
  for (let i = 0; i < Math.min(m, n); i++) mask[i * n + i] = 1;
  return sum(mul(A, new Tensor(mask, [m, n], A.dtype)));
}
