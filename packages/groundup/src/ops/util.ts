/** Shared plumbing for the ops: turning arguments into tensors and allocating results. */
import { record } from '../autograd.js';
import { type DType, type TypedArray, allocate, resultType } from '../dtype.js';
import { sizeOf } from '../shape.js';
import { DTypeError, fmtValue } from '../errors.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { floatTensorArg } from '../validate.js';

/** A 0-d tensor holding `v`, of the dtype it will meet (int32 only for whole numbers). */
export function scalar(v: number, like: DType): Tensor {
  const dtype: DType = like === 'int32' && !Number.isInteger(v) ? 'float32' : like;
  const data = allocate(dtype, 1);
  data[0] = v;
  return new Tensor(data, [], dtype);
}

/** Checks that `x` is a tensor (or a number, which becomes a 0-d tensor of dtype `like`). */
export function toTensor(op: string, x: unknown, like: DType = 'float32', what = 'argument'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return scalar(x, like);
  throw new TypeError(`${op}: ${what} must be a Tensor or a number, got ${fmtValue(x)}`);
}

/** Both operands of a binary op as tensors, plus the dtype of the result. */
export function binaryArgs(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor, DType] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    a = toTensor(op, a, 'float32', 'first argument');
  }
  const ta = a instanceof Tensor ? a : toTensor(op, a, (b as Tensor).dtype, 'first argument');
  const tb = b instanceof Tensor ? b : toTensor(op, b, ta.dtype, 'second argument');
  const dt = resultType(ta, tb);
  return [scalarTo(ta, dt), scalarTo(tb, dt), dt];
}

/**
 * A 0-d operand converted to the result dtype before the op runs, as PyTorch does: float32 [3]
 * times a float64 0-d 0.1 multiplies by 0.1 rounded to float32. The conversion is recorded, so a
 * 0-d tensor with requiresGrad still gets its gradient (in its own dtype, by autograd).
 */
function scalarTo(t: Tensor, dt: DType): Tensor {
  if (t.ndim !== 0 || t.dtype === dt) return t;
  const data = allocate(dt, 1);
  data[0] = dt === 'int32' ? Math.trunc(t.data[0]!) : t.data[0]!;
  return record(new Tensor(data, [], dt), 'to', [t], (g) => [g]);
}

export { floatOf } from '../dtype.js';

export function empty(shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape, dtype);
}

/** Applies `f` to every element; the result has dtype `dtype`. */
export function mapData(x: Tensor, dtype: DType, f: (v: number) => number): Tensor {
  const out = allocate(dtype, x.size);
  const src = x.data;
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]!);
  return new Tensor(out, x.shape, dtype);
}

export function requireFloat(op: string, x: Tensor, what = 'input'): void {
  floatTensorArg(op, x, `the ${what}`);
}

export function requireInt(op: string, x: Tensor, what = 'indices'): void {
  if (x.dtype !== 'int32') throw new DTypeError(`${op}: ${what} must be an int32 tensor, got ${x.dtype} (convert with .int())`);
}

export type { TypedArray };
