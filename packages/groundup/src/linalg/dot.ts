import { ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor.js';
import { sum } from '../ops/reduce.js';
import { mul } from '../ops/arithmetic.js';

/**
 * The dot product a·b = Σᵢ aᵢbᵢ of two vectors of the same length: one number out.
 *
 * Example: `dot(tensor([2,3,1]), tensor([4,1,5])).item()` is 2·4 + 3·1 + 1·5 = 16.
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError('dot: both arguments must be Tensors');
  if (a.ndim !== 1 || b.ndim !== 1 || a.shape[0] !== b.shape[0])
    throw new ShapeError(`dot: needs two vectors of the same length, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return sum(mul(a, b));
}
