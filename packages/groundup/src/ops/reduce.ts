/**
 * Reductions along axes: sum, mean, max/min, argmax/argmin, variance, standard deviation and the
 * stable log-sum-exp. `axis` may be a number, a list of numbers, or omitted for "all elements";
 * `keepdim` keeps reduced axes with size 1 so the result broadcasts against the input.
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { around, normAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add, div, eq, mul, sub } from './arithmetic.js';
import { exp, log, sqrt } from './math.js';
import { expand, reshape } from './shape.js';
import { toTensor } from './util.js';

/** The normalised, sorted, de-duplicated axes a reduction runs over. */
export function reduceAxes(op: string, x: Tensor, axis: number | number[] | null | undefined): number[] {
  if (axis === undefined || axis === null) return [...x.shape.keys()];
  const list = Array.isArray(axis) ? axis : [axis];
  const axes = list.map((a) => normAxis(op, a, x.ndim, x.shape));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${op}: axis ${JSON.stringify(axis)} names the same dimension twice`);
  return axes.sort((a, b) => a - b);
}

function keptShape(shape: readonly number[], axes: number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Sums one axis of raw data laid out as [outer, n, inner]. */
function sumAxis(src: ArrayLike<number>, outer: number, n: number, inner: number, dst: { [i: number]: number }): void {
  if (inner > 1) {
    // the same sums in memory order: add each row of `inner` numbers onto the running total
    // (e.g. the bias gradient, Σ over the batch of [N, C]), instead of striding down columns
    for (let o = 0; o < outer; o++) {
      const d = o * inner;
      for (let i = 0; i < inner; i++) dst[d + i] = 0;
      for (let k = 0; k < n; k++) {
        const base = (o * n + k) * inner;
        for (let i = 0; i < inner; i++) dst[d + i] += src[base + i]!;
      }
    }
    return;
  }
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let s = 0;
      const base = o * n * inner + i;
      for (let k = 0; k < n; k++) s += src[base + k * inner]!;
      dst[o * inner + i] = s;
    }
}

/** Σ over `axis`;  the gradient of a sum copies g back to every summed element. */
export function sum(x: Tensor, axis?: number | number[] | null, keepdim = false): Tensor {
  x = toTensor('sum', x);
  const axes = reduceAxes('sum', x, axis);
  let shape = x.shape.slice();
  let data: ArrayLike<number> = x.data;
  for (const ax of axes) {
    const [outer, n, inner] = around(shape, ax);
    const dst = new Float64Array(outer * inner);
    sumAxis(data, outer, n, inner, dst);
    data = dst;
    shape[ax] = 1;
  }
  const out = allocate(x.dtype, data.length);
  out.set(data);
  const finalShape = keptShape(x.shape, axes, keepdim);
  const res = new Tensor(out, finalShape, x.dtype);
  return record(res, 'sum', [x], (g) => [expand(reshape(g, keptShape(x.shape, axes, true)), x.shape)]);
}

/** The average over `axis`: sum / count. An empty axis has no mean (ValueError, not NaN). */
export function mean(x: Tensor, axis?: number | number[] | null, keepdim = false): Tensor {
  x = toTensor('mean', x);
  const axes = reduceAxes('mean', x, axis);
  const count = axes.reduce((c, a) => c * x.shape[a]!, 1);
  if (count === 0) throw new ValueError(`mean: cannot average over an empty axis of shape ${fmtShape(x.shape)} (0 elements)`);
  const s = sum(x.dtype === 'int32' ? x.float() : x, axes, keepdim);
  return div(s, count);
}

export interface VarOptions {
  /** Divide by n − 1 (Bessel's correction, the default as in PyTorch) instead of n. */
  unbiased?: boolean;
  keepdim?: boolean;
}

/** Var(x) = Σ (x − x̄)² / (n − 1) (unbiased, default) or / n. */
export function variance(x: Tensor, axis?: number | number[] | null, opts: VarOptions = {}): Tensor {
  return varianceOf('var', x, axis, opts);
}

/** variance, with errors that name the op the caller was asked for (var or std). */
function varianceOf(op: string, x: Tensor, axis: number | number[] | null | undefined, opts: VarOptions): Tensor {
  x = toTensor(op, x);
  const { unbiased = true, keepdim = false } = opts;
  const axes = reduceAxes(op, x, axis);
  const n = axes.reduce((c, a) => c * x.shape[a]!, 1);
  const dof = unbiased ? n - 1 : n;
  if (dof <= 0)
    throw new ValueError(
      `${op}: ${n} element${n === 1 ? '' : 's'} along the reduced axes of ${fmtShape(x.shape)} cannot give a${unbiased ? 'n unbiased' : ''} variance` +
        (unbiased ? ' (it divides by n − 1); pass { unbiased: false }' : ''),
    );
  const xf = x.dtype === 'int32' ? x.float() : x;
  const d = sub(xf, mean(xf, axes, true));
  return div(sum(mul(d, d), axes, keepdim), dof);
}

/** σ = √Var(x). */
export function std(x: Tensor, axis?: number | number[] | null, opts: VarOptions = {}): Tensor {
  return sqrt(varianceOf('std', x, axis, opts));
}

/** The extremum over one axis (or all elements) and the index of the first element that attains it. */
function extremum(op: string, x: Tensor, axis: number | null | undefined, keepdim: boolean, better: (a: number, b: number) => boolean) {
  x = toTensor(op, x);
  const all = axis === undefined || axis === null;
  const flat = all ? reshape(x, [x.size]) : x;
  const ax = all ? 0 : normAxis(op, axis, x.ndim, x.shape);
  const [outer, n, inner] = around(flat.shape, ax);
  if (n === 0) throw new ValueError(`${op}: cannot take the ${op} over an empty axis of shape ${fmtShape(x.shape)}`);
  const values = allocate(x.dtype, outer * inner);
  const idx = new Int32Array(outer * inner);
  const src = x.data;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let bi = 0;
      let bv = src[base]!;
      for (let k = 1; k < n; k++) {
        const v = src[base + k * inner]!;
        if (better(v, bv) || (Number.isNaN(v) && !Number.isNaN(bv))) {
          bv = v;
          bi = k;
        }
      }
      values[o * inner + i] = bv;
      idx[o * inner + i] = bi;
    }
  const shape = all ? (keepdim ? x.shape.map(() => 1) : []) : keptShape(x.shape, [ax], keepdim);
  return { values: new Tensor(values, shape, x.dtype), indices: new Tensor(idx, shape, 'int32'), ax: all ? null : ax };
}

/**
 * max/min: with an axis, the gradient goes to the one element whose index argmax/argmin returns
 * (the first on ties), as PyTorch's `max(dim)`; over all elements it is split evenly among the
 * tied extrema, as PyTorch's `max()`.
 */
function extremumOp(op: 'max' | 'min', better: (a: number, b: number) => boolean) {
  return (x: Tensor, axis?: number | null, keepdim = false): Tensor => {
    if (axis === undefined || axis === null) return evenExtremum(op, better, x, null, keepdim);
    const { values, indices, ax } = extremum(op, x, axis, keepdim, better);
    return record(values, op, [x], (g) => {
      const [outer, n, inner] = around(x.shape, ax!);
      const dx = allocate(g.dtype, x.size);
      const gd = g.data;
      const id = indices.data;
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < inner; i++) dx[(o * n + id[o * inner + i]!) * inner + i] = gd[o * inner + i]!;
      return [new Tensor(dx, x.shape, g.dtype)];
    });
  };
}

/** amax/amin (and max/min over everything): the extremum over `axis`, its gradient split evenly among ties. */
function evenExtremum(op: string, better: (a: number, b: number) => boolean, x: Tensor, axis: number | number[] | null | undefined, keepdim: boolean): Tensor {
  x = toTensor(op, x);
  const axes = reduceAxes(op, x, axis);
  let values: Tensor;
  if (axis === undefined || axis === null) values = extremum(op, x, null, keepdim, better).values;
  else {
    values = x;
    for (const ax of axes) values = extremum(op, values, ax, true, better).values;
    if (axes.length === 0) values = new Tensor(x.data.slice(), x.shape, x.dtype);
    if (!keepdim) values = new Tensor(values.data, keptShape(x.shape, axes, false), x.dtype);
  }
  return record(values, op, [x], (g) => {
    const vk = reshape(values, keptShape(x.shape, axes, true));
    const hit = eq(x, vk).to(g.dtype);
    const count = sum(hit, axes, true);
    return [mul(div(hit, count), reshape(g, keptShape(x.shape, axes, true)))];
  });
}

/**
 * The largest element along `axis` (or overall). With an axis the gradient flows only to the
 * element whose index {@link argmax} returns (the first of tied maxima), as PyTorch's `max(dim)`;
 * over all elements it is split evenly among the tied maxima, as PyTorch's `max()`.
 * For the even split along an axis, use {@link amax}.
 */
export const max = extremumOp('max', (a, b) => a > b);
/**
 * The smallest element along `axis` (or overall); the gradient follows the same rule as
 * {@link max}: to the index {@link argmin} returns with an axis, split evenly over all elements.
 * For the even split along an axis, use {@link amin}.
 */
export const min = extremumOp('min', (a, b) => a < b);

/**
 * The largest element over one axis, several, or all (PyTorch's `amax`): the gradient is split
 * evenly among tied maxima, so [3, 3] sends ½ to each. Use it where the tie should not pick a
 * winner by position (the ∞-norm does).
 */
export function amax(x: Tensor, axis?: number | number[] | null, keepdim = false): Tensor {
  return evenExtremum('amax', (a, b) => a > b, x, axis, keepdim);
}
/** The smallest element over one axis, several, or all (PyTorch's `amin`), the gradient split evenly among ties. */
export function amin(x: Tensor, axis?: number | number[] | null, keepdim = false): Tensor {
  return evenExtremum('amin', (a, b) => a < b, x, axis, keepdim);
}

/** The index of the largest element along `axis` (first one on ties); over all elements it indexes the flattened tensor. */
export function argmax(x: Tensor, axis?: number | null, keepdim = false): Tensor {
  return extremum('argmax', x, axis, keepdim, (a, b) => a > b).indices;
}
/** The index of the smallest element along `axis` (first one on ties). */
export function argmin(x: Tensor, axis?: number | null, keepdim = false): Tensor {
  return extremum('argmin', x, axis, keepdim, (a, b) => a < b).indices;
}

/**
 * logsumexp(x) = m + ln Σ e^(xᵢ − m), m = max x: the log of a sum of exponentials without overflow.
 * The identity holds for any constant m, so m is detached; its gradient is softmax(x).
 */
export function logsumexp(x: Tensor, axis = -1, keepdim = false): Tensor {
  x = toTensor('logsumexp', x);
  const ax = normAxis('logsumexp', axis, x.ndim, x.shape);
  if (x.shape[ax] === 0) throw new ValueError(`logsumexp: axis ${axis} of ${fmtShape(x.shape)} is empty; the log of an empty sum is −∞`);
  const m = extremum('logsumexp', x, ax, true, (a, b) => a > b).values;
  const md = m.data;
  for (let i = 0; i < md.length; i++) if (!Number.isFinite(md[i]!)) md[i] = 0; // all −∞ (or ±∞) rows: shift by 0
  const out = add(log(sum(exp(sub(x, m)), ax, true)), m);
  return keepdim ? out : reshape(out, keptShape(x.shape, [ax], false));
}

