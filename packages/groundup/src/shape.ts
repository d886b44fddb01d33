/**
 * Shapes: validation, strides, NumPy broadcasting and the iteration helpers that the ops share.
 *
 * Broadcasting (NumPy's rule): align the two shapes at their right end; each pair of dimensions
 * must be equal, or one of them must be 1 (a missing dimension counts as 1). The result takes the
 * larger size in every position.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from './errors.js';

/** The largest tensor groundup will allocate: 2^28 elements (1 GiB of float32). */
export const MAX_ELEMENTS = 2 ** 28;

export type Shape = readonly number[];

/** The position of flat (row-major) element `i` in a tensor of `shape`: [row, column, …]. */
export function unravelIndex(i: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** That position written the way error messages quote it: `[1,2]`. */
export function fmtIndex(i: number, shape: Shape): string {
  return `[${unravelIndex(i, shape).join(',')}]`;
}

/** The number of elements a tensor of this shape holds (1 for the 0-d shape []). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides: the last dimension moves fastest. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Checks that a requested shape is a list of non-negative integers of a size we can allocate. */
export function checkShape(op: string, shape: unknown): number[] {
  if (typeof shape === 'number') shape = [shape];
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape must be an array of integers, got ${fmtValue(shape)}`);
  let size = 1;
  for (const d of shape) {
    if (typeof d !== 'number') throw new TypeError(`${op}: shape must contain integers, got ${fmtValue(shape)}`);
    if (!Number.isInteger(d) || d < 0)
      throw new ValueError(`${op}: every dimension must be a whole number ≥ 0, got ${fmtValue(d)} in ${fmtValue(shape)}`);
    size *= d;
  }
  if (size > MAX_ELEMENTS)
    throw new ValueError(
      `${op}: shape ${fmtShape(shape)} asks for ${size.toExponential(2)} elements; groundup caps one tensor at ${MAX_ELEMENTS} (2^28) elements`,
    );
  return shape.slice();
}

/** Normalises a possibly negative axis (−1 is the last) and checks its range. */
export function normAxis(op: string, axis: number, ndim: number, shape?: Shape): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis))
    throw new TypeError(`${op}: axis must be an integer, got ${fmtValue(axis)}`);
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim)
    throw new ShapeError(
      `${op}: axis ${axis} is out of range for a tensor with ${ndim} dimension${ndim === 1 ? '' : 's'}` +
        (shape ? ` ${fmtShape(shape)}` : '') +
        (ndim > 0 ? ` (valid: ${-ndim} … ${ndim - 1})` : ''),
    );
  return a;
}

/** The broadcast shape of two shapes, or a ShapeError that points at the clashing dimension. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new ShapeError(
        `${op}: cannot broadcast ${fmtShape(a)} with ${fmtShape(b)}: dimension ${i - n} is ${da} in one and ${db} in the other; ` +
          `aligned from the right, sizes must be equal or one of them 1`,
      );
  }
  return out;
}

/** Strides for reading a tensor of `shape` as if it had the (broadcast) `outShape`: 0 where it repeats. */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const st = stridesOf(shape);
  const n = outShape.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = n - shape.length + i;
    out[j] = shape[i] === 1 && outShape[j] !== 1 ? 0 : st[i]!;
  }
  return out;
}

type Arr = { [i: number]: number; length: number };

/** out[i] = f(a[ia], b[ib]) over the broadcast shape `outShape`. */
export function zipBroadcast(
  a: Arr,
  aShape: Shape,
  b: Arr,
  bShape: Shape,
  out: Arr,
  outShape: Shape,
  f: (x: number, y: number) => number,
): void {
  const size = out.length;
  if (size === 0) return;
  const n = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const inner = n === 0 ? 1 : outShape[n - 1]!;
  const ia = n === 0 ? 0 : sa[n - 1]!;
  const ib = n === 0 ? 0 : sb[n - 1]!;
  const idx = new Array<number>(n).fill(0);
  let offA = 0;
  let offB = 0;
  for (let o = 0; o < size; o += inner) {
    let pa = offA;
    let pb = offB;
    for (let j = 0; j < inner; j++) {
      out[o + j] = f(a[pa]!, b[pb]!);
      pa += ia;
      pb += ib;
    }
    for (let d = n - 2; d >= 0; d--) {
      idx[d]!++;
      offA += sa[d]!;
      offB += sb[d]!;
      if (idx[d]! < outShape[d]!) break;
      offA -= sa[d]! * outShape[d]!;
      offB -= sb[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

/** Copies `src` (of `shape`) into `out` as if broadcast to `outShape`. */
export function expandInto(src: Arr, shape: Shape, out: Arr, outShape: Shape): void {
  zipBroadcast(src, shape, src, shape, out, outShape, (x) => x);
}

/** Splits a shape around one axis: [outer, n, inner]. Reductions and softmax loop over this view. */
export function around(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

/**
 * Where each matrix of a broadcast batch starts, in elements, in a tensor whose batch dimensions
 * are `shape` (its matrices `matSize` elements each), for every index of the batch `batch`.
 * A dimension of size 1 is read again for every index (broadcasting).
 */
export function batchOffsets(shape: Shape, batch: Shape, matSize: number): Int32Array {
  const nb = sizeOf(batch);
  const offs = new Int32Array(nb);
  const st = stridesOf(shape);
  const lead = batch.length - shape.length;
  const bst = stridesOf(batch);
  for (let t = 0; t < nb; t++) {
    let off = 0;
    for (let d = 0; d < shape.length; d++) {
      const i = Math.floor(t / bst[d + lead]!) % batch[d + lead]!;
      if (shape[d] !== 1) off += i * st[d]!;
    }
    offs[t] = off * matSize;
  }
  return offs;
}
