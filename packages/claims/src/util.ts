/** Small conveniences for writing claims with the library. */
import type { NestedArray, Tensor } from 'groundup';
import { tensor } from 'groundup';

/** A float64 tensor. */
export const f64 = (v: NestedArray) => tensor(v, { dtype: 'float64' });

/** A tensor's values as a plain array. */
export const arr = (t: Tensor) => Array.from(t.data, Number);

/** Euclidean norm of a tensor's gradient. */
export function gradNorm(t: Tensor): number {
  return Math.sqrt(Array.from(t.grad!.data).reduce((s, v) => s + v * v, 0));
}
