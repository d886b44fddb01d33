/**
 * x·log y with the convention 0·log y = 0 (even for y = 0), the building block of entropy,
 * cross-entropy and KL divergence: an outcome of probability 0 contributes nothing.
 */
import { where } from '../ops/arithmetic.js';
import type { Tensor } from '../tensor.js';

/**
 * $$\operatorname{xlogy}(x, y) = \begin{cases} 0 & x = 0 \\ x \log y & \text{otherwise} \end{cases}$$
 *
 * Built from `where`, `mul` and `log`, so its gradient comes from the ops it is made of:
 * $\partial/\partial x = \log y$ and $\partial/\partial y = x / y$ where $x \ne 0$, and 0 where $x = 0$
 * (the inner `where` feeds log a harmless 1 there, so no 0·∞ = NaN leaks into the gradient).
 *
 * Shapes: x and y broadcast; the result has the broadcast shape.
 *
 *   xlogy(tensor([0, 0.5]), tensor([0, 0.5]))  // [0, 0.5·ln 0.5]
 */
export function xlogy(x: Tensor, y: Tensor): Tensor {
  const zero = x.eq(0);
  return where(zero, 0, x.mul(where(zero, 1, y).log()));
}
