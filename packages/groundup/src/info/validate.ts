/**
 * Argument checks shared by the information-theory functions and the probability distributions:
 * turning arrays into tensors, and making sure a tensor really holds probability distributions.
 */
import { tensor } from '../creation.js';
import { type DType, isFloat } from '../dtype.js';
import { DTypeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { fmtIndex } from '../shape.js';
import { Tensor, type NestedArray } from '../tensor.js';

/** Float64 machine epsilon and float32 machine epsilon, by dtype. */
function epsOf(dtype: DType): number {
  return dtype === 'float32' ? 2 ** -23 : 2 ** -52;
}

/**
 * A Tensor from a Tensor (kept as it is, so gradients flow), a number or a nested array
 * (copied into float64 by default, so that hand-typed probabilities keep full precision).
 */
export function asFloatTensor(op: string, what: string, v: unknown, dtype: DType = 'float64'): Tensor {
  if (v instanceof Tensor) {
    if (!isFloat(v.dtype)) return v.to('float32');
    return v;
  }
  if (typeof v === 'number' || Array.isArray(v) || ArrayBuffer.isView(v)) {
    try {
      return tensor(v as NestedArray, { dtype });
    } catch (e) {
      if (e instanceof Error) e.message = `${op}: ${what}: ${e.message}`;
      throw e;
    }
  }
  throw new TypeError(`${op}: ${what} must be a Tensor, a number or an array of numbers, got ${fmtValue(v)}`);
}

/** An int32 tensor of class labels from an int32 Tensor or an array of whole numbers. */
export function asLabels(op: string, what: string, v: unknown): Tensor {
  if (v instanceof Tensor) {
    if (v.dtype !== 'int32') throw new DTypeError(`${op}: ${what} must be an int32 tensor of class indices, got ${v.dtype} (convert with .int())`);
    return v;
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const arr = v as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      if (typeof x !== 'number' || !Number.isInteger(x))
        throw new ValueError(`${op}: ${what} must hold whole-number class indices, but ${what}[${i}] = ${fmtValue(x)}`);
    }
    return tensor(Array.from(arr as ArrayLike<number>), { dtype: 'int32' });
  }
  throw new TypeError(`${op}: ${what} must be an int32 Tensor or an array of class indices, got ${fmtValue(v)}`);
}

/**
 * The tolerance on |Σp − 1|: 1e-6 (PyTorch's simplex check) plus 4 rounding units of the dtype
 * per summed entry, so float32 rows of many classes that came out of a softmax still pass.
 */
export function simplexTolerance(k: number, dtype: DType): number {
  return 1e-6 + 4 * k * epsOf(dtype);
}

/**
 * Checks that every row along the last axis of `p` is a probability distribution: entries finite
 * and ≥ 0, summing to 1 within {@link simplexTolerance}. Throws a ValueError naming `what`.
 */
export function checkSimplex(op: string, what: string, p: Tensor): void {
  if (p.ndim === 0) throw new ValueError(`${op}: ${what} must have at least one axis (the outcomes), got a 0-d tensor ${fmtValue(p.data[0])}`);
  const k = p.shape[p.ndim - 1]!;
  if (k === 0) throw new ValueError(`${op}: ${what} has shape ${fmtShape(p.shape)}: a distribution needs at least one outcome`);
  const d = p.data;
  const tol = simplexTolerance(k, p.dtype);
  for (let r = 0; r < d.length / k; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const v = d[r * k + j]!;
      if (!(v >= 0) || !Number.isFinite(v))
        throw new ValueError(
          `${op}: ${what} must hold probabilities ≥ 0, but ${what}${fmtIndex(r * k + j, p.shape)} = ${fmtValue(v)}` +
            ' (if these are scores, turn them into probabilities with softmax)',
        );
      s += v;
    }
    if (Math.abs(s - 1) > tol) {
      const row = Array.from(d.subarray(r * k, r * k + k));
      const where = p.ndim > 1 ? ` row ${fmtIndex(r, p.shape.slice(0, -1))}` : '';
      throw new ValueError(
        `${op}: ${what} must sum to 1 over its last axis, but${where || ' it'} sums to ${Number(s.toPrecision(7))} (${fmtValue(row)}, tolerance ${tol.toExponential(1)}); ` +
          `divide by the sum to normalise it, or use softmax on scores`,
      );
    }
  }
}
