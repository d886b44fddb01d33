/**
 * The argument checks every namespace shares: options objects, numbers in a range, integers,
 * tensors. Each throws the kind of error the README promises (TypeError for the wrong kind of
 * argument, ValueError for a value out of range, DTypeError for a wrong dtype), with a message
 * that starts with the op, names the argument and quotes the value it got.
 *
 * The checks return the value they accept, so a call reads as an assignment:
 *
 *   const lr = positive('SGD', 'lr', o.lr ?? 0.01);
 */
import { isFloat } from './dtype.js';
import { DTypeError, ValueError, fmtValue } from './errors.js';
import { Tensor } from './tensor.js';

export { assertFinite, assertInt } from './errors.js';

/**
 * An options argument: a plain object, or `undefined` (read as `{}`) unless `required`. Anything
 * else (null, an array, a Tensor, a number) is a TypeError whose message shows `example`, e.g.
 * `{ lr: 0.01 }`.
 */
export function readOptions<T extends object>(op: string, options: T | undefined, example = '{ … }', required = false): T {
  if (options === undefined && !required) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options) || options instanceof Tensor)
    throw new TypeError(`${op}: options must be an object like ${example}, got ${fmtValue(options)}`);
  return options;
}

/** A number, else a TypeError naming `what`. */
function numberArg(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${what} must be a number, got ${fmtValue(v)}`);
  return v;
}

/** A finite number > 0 (a learning rate, an eps, a temperature…). */
export function positive(op: string, what: string, v: unknown): number {
  const x = numberArg(op, what, v);
  if (!Number.isFinite(x) || !(x > 0)) throw new ValueError(`${op}: ${what} must be a finite number > 0, got ${fmtValue(x)}`);
  return x;
}

/** A finite number ≥ 0 (a weight decay, a momentum, a noise level…); `hint` is appended to the message. */
export function nonNegative(op: string, what: string, v: unknown, hint = ''): number {
  const x = numberArg(op, what, v);
  if (!Number.isFinite(x) || !(x >= 0)) throw new ValueError(`${op}: ${what} must be a finite number ≥ 0${hint}, got ${fmtValue(x)}`);
  return x;
}

/** A number in [0, 1) (a decay rate β, a dropout probability…). */
export function unitInterval(op: string, what: string, v: unknown): number {
  const x = numberArg(op, what, v);
  if (!(x >= 0 && x < 1)) throw new ValueError(`${op}: ${what} must be in [0, 1), got ${fmtValue(x)}`);
  return x;
}

/** An integer ≥ `min` (0 by default): a TypeError for a non-number, a ValueError for a fraction or a smaller value. */
export function integer(op: string, what: string, v: unknown, min = 0): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${what} must be an integer, got ${fmtValue(v)}`);
  if (!Number.isInteger(v) || v < min) throw new ValueError(`${op}: ${what} must be an integer ≥ ${min}, got ${fmtValue(v)}`);
  return v;
}

/** A Tensor, else a TypeError: `${op}: ${what} must be a Tensor, got …`. */
export function tensorArg(op: string, x: unknown, what = 'argument'): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: ${what} must be a Tensor, got ${fmtValue(x)}`);
  return x;
}

/** The same check as {@link tensorArg}, as an assertion, for arguments already typed as Tensor. */
export function assertTensor(op: string, x: unknown, what = 'argument'): asserts x is Tensor {
  tensorArg(op, x, what);
}

/** A float Tensor: a TypeError for anything else, a DTypeError (with the fix) for an int32 tensor. */
export function floatTensorArg(op: string, x: unknown, what = 'input'): Tensor {
  const t = tensorArg(op, x, what);
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: ${what} must be a float tensor, got ${t.dtype} (convert with .float())`);
  return t;
}
