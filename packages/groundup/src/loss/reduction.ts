/**
 * What every loss shares: the reduction (how per-example losses become one number) and the checks
 * on its arguments. Kept in one place so that every loss speaks the same way when given bad input.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { floatTensorArg, readOptions as readOptionsLike } from '../validate.js';

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

/** Checks that options is undefined or a plain object (the message's example is a loss's). */
export function readOptions<T extends object>(op: string, options: T | undefined): T {
  return readOptionsLike(op, options, "{ reduction: 'sum' }");
}

/** Checks that `x` is a float Tensor; `what` names it in the message ('prediction', 'logits'…). */
export function floatTensor(op: string, x: unknown, what: string): Tensor {
  return floatTensorArg(op, x, `the ${what}`);
}

/** Prediction and target must have exactly the same shape: a loss that broadcast them would compare every prediction with every target. */
export function sameShape(op: string, a: Tensor, b: Tensor, aName = 'prediction', bName = 'target'): void {
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i]))
    throw new ShapeError(
      `${op}: the ${aName} has shape ${fmtShape(a.shape)} but the ${bName} has shape ${fmtShape(b.shape)}; they must be the same ` +
        `(broadcasting them would compare every ${aName} with every ${bName}; reshape one, e.g. target.reshape(${a.shape.join(', ')}))`,
    );
}

// eps, temperature, delta…: the check lives in ../validate.js; the losses import it from here
export { positive } from '../validate.js';
