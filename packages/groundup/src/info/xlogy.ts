/**
 * x·log y with the convention 0·log y = 0 (even for y = 0), the building block of entropy,
 * cross-entropy and KL divergence: an outcome of probability 0 contributes nothing.
 */
import { record } from '../autograd.js';
import { mul, zip } from '../ops/arithmetic.js';
import { binaryArgs, floatOf } from '../ops/util.js';
import type { Tensor, TensorLike } from '../tensor.js';

/**
 * $$\operatorname{xlogy}(x, y) = \begin{cases} 0 & x = 0 \text{ (and } y \text{ not NaN)} \\ x \log y & \text{otherwise} \end{cases}$$
 *
 * Its own op with a hand-written backward, so that the value convention at x = 0 does not erase
 * the derivative there:
 * - $\partial/\partial x = \log y$ everywhere, x = 0 included: the value is 0 along the whole line
 *   x = 0, but moving x off 0 changes it at rate log y (−∞ where y = 0 too).
 * - $\partial/\partial y = x / y$ where x ≠ 0, and 0 where x = 0 (the value does not depend on y there).
 *
 * PyTorch's `xlogy` agrees except at x = y = 0, where it gives ∂/∂x = 0 and ∂/∂y = NaN (0/0); the
 * README's table of deliberate differences says why groundup does not.
 *
 * Shapes: x and y broadcast; the result has the broadcast shape and a float dtype.
 *
 *   xlogy(tensor([0, 0.5]), tensor([0, 0.5]))  // [0, 0.5·ln 0.5]
 */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  const [a, b, dt] = binaryArgs('xlogy', x, y);
  const out = zip('xlogy', a, b, floatOf(dt), (u, v) => (u === 0 && !Number.isNaN(v) ? 0 : u * Math.log(v)));
  return record(out, 'xlogy', [a, b], (g) => [
    a.requiresGrad ? mul(g, zip('xlogy', a, b, g.dtype, (_u, v) => Math.log(v))) : null,
    b.requiresGrad ? mul(g, zip('xlogy', a, b, g.dtype, (u, v) => (u === 0 ? 0 : u / v))) : null,
  ]);
}
