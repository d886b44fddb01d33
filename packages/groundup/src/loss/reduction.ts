/**
 * What every loss shares: the reduction (how per-example losses become one number) and the checks
 * on its arguments. Kept in one place so that every loss speaks the same way when given bad input.
 */
import { isFloat } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';

/**
 * How the per-element (or per-example) losses are combined:
 * - `'mean'` (default): their average, so the loss does not grow with the batch size;
 * - `'sum'`: their total;
 * - `'none'`: no reduction, one loss per element (per example for losses over a class axis).
 */
export type Reduction = 'mean' | 'sum' | 'none';

export interface ReductionOptions {
  reduction?: Reduction;
}

/** Reads `options.reduction` (default `'mean'`), rejecting anything else by name. */
export function readReduction(op: string, options: ReductionOptions | undefined): Reduction {
  const r = options?.reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none')
    throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got ${fmtValue(r)}`);
  return r;
}

/** Applies a reduction to a tensor of per-element losses. */
export function reduce(l: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return l;
  return reduction === 'sum' ? l.sum() : l.mean();
}

/** Checks that options is undefined or a plain object. */
export function readOptions<T extends object>(op: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options) || options instanceof Tensor)
    throw new TypeError(`${op}: options must be an object like { reduction: 'sum' }, got ${fmtValue(options)}`);
  return options;
}

/** Checks that `x` is a float Tensor; `what` names it in the message ('prediction', 'logits'…). */
export function floatTensor(op: string, x: unknown, what: string): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: the ${what} must be a Tensor, got ${fmtValue(x)}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: the ${what} must be a float tensor, got ${x.dtype} (convert with .float())`);
  return x;
}

/** Prediction and target must have exactly the same shape: a loss that broadcast them would compare every prediction with every target. */
export function sameShape(op: string, a: Tensor, b: Tensor, aName = 'prediction', bName = 'target'): void {
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i]))
    throw new ShapeError(
      `${op}: the ${aName} has shape ${fmtShape(a.shape)} but the ${bName} has shape ${fmtShape(b.shape)}; they must be the same ` +
        `(broadcasting them would compare every ${aName} with every ${bName}; reshape one, e.g. target.reshape(${a.shape.join(', ')}))`,
    );
}

/** A finite number > 0 (eps, temperature, delta…). */
export function positive(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${what} must be a number, got ${fmtValue(v)}`);
  if (!Number.isFinite(v) || v <= 0) throw new ValueError(`${op}: ${what} must be a finite number > 0, got ${fmtValue(v)}`);
  return v;
}
