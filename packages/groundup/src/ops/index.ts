/**
 * Indexing: picking and slicing parts of a tensor, joining tensors. Each backward puts the
 * gradient back where the values came from (zeros elsewhere; repeated indices add up).
 */
import { record } from '../autograd.js';
import { allocate, promote } from '../dtype.js';
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { normAxis, sizeOf, stridesOf, around } from '../shape.js';
import { Tensor, type SliceSpec } from '../tensor.js';
import { unsqueeze } from './shape.js';
import { requireInt, toTensor } from './util.js';

interface AxisPick {
  start: number;
  step: number;
  count: number;
  keep: boolean;
}

/** Parses one slice spec against a dimension of size n (Python's rules for negative and out-of-range bounds). */
function parseSpec(spec: SliceSpec, n: number, axis: number, shape: readonly number[]): AxisPick {
  if (spec === null || spec === undefined || spec === ':') return { start: 0, step: 1, count: n, keep: true };
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec)) throw new TypeError(`slice: an index must be an integer, got ${fmtValue(spec)}`);
    const i = spec < 0 ? spec + n : spec;
    if (i < 0 || i >= n) throw new ShapeError(`slice: index ${spec} is out of range for axis ${axis} of size ${n} in ${fmtShape(shape)}`);
    return { start: i, step: 1, count: 1, keep: false };
  }
  let parts: (number | undefined)[];
  if (typeof spec === 'string') {
    const bits = spec.split(':');
    if (bits.length < 2 || bits.length > 3) throw new ValueError(`slice: ${JSON.stringify(spec)} is not a slice; write 'start:stop' or 'start:stop:step'`);
    parts = bits.map((s) => {
      if (s.trim() === '') return undefined;
      const v = Number(s);
      if (!Number.isInteger(v)) throw new ValueError(`slice: ${JSON.stringify(spec)} has a bound that is not an integer`);
      return v;
    });
  } else if (Array.isArray(spec)) parts = spec.slice();
  else throw new TypeError(`slice: cannot index with ${fmtValue(spec)}; use a number, 'a:b:c', [a, b, c] or null`);
  const step = parts[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new ValueError(`slice: the step must be a non-zero integer, got ${fmtValue(step)}`);
  const clampB = (v: number | undefined, dflt: number, lo: number, hi: number) => {
    if (v === undefined) return dflt;
    if (!Number.isInteger(v)) throw new ValueError(`slice: bounds must be integers, got ${fmtValue(v)}`);
    const r = v < 0 ? v + n : v;
    return Math.min(Math.max(r, lo), hi);
  };
  let start: number;
  let count: number;
  if (step > 0) {
    start = clampB(parts[0], 0, 0, n);
    const stop = clampB(parts[1], n, 0, n);
    count = Math.max(0, Math.ceil((stop - start) / step));
  } else {
    start = clampB(parts[0], n - 1, -1, n - 1);
    const stop = clampB(parts[1], -1, -1, n - 1);
    count = Math.max(0, Math.ceil((stop - start) / step));
  }
  return { start, step, count, keep: true };
}

/** Copies a strided window between a full tensor (shape `full`) and a packed one; `toPacked` sets the direction, `accumulate` adds. */
function strided(
  full: { [i: number]: number },
  fullShape: readonly number[],
  packed: { [i: number]: number },
  picks: AxisPick[],
  toPacked: boolean,
): void {
  const st = stridesOf(fullShape);
  const counts = picks.map((p) => p.count);
  const total = sizeOf(counts);
  if (total === 0) return;
  const nd = picks.length;
  const idx = new Array<number>(nd).fill(0);
  let off = picks.reduce((s, p, d) => s + p.start * st[d]!, 0);
  for (let o = 0; o < total; o++) {
    if (toPacked) packed[o] = full[off]!;
    else full[off] = full[off]! + packed[o]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += picks[d]!.step * st[d]!;
      if (idx[d]! < counts[d]!) break;
      off -= picks[d]!.step * st[d]! * counts[d]!;
      idx[d] = 0;
    }
  }
}

/** Basic indexing: x.slice(0, '1:3') is NumPy's x[0, 1:3]. Missing trailing specs keep their axes. */
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  x = toTensor('slice', x);
  if (specs.length > x.ndim)
    throw new ShapeError(`slice: ${specs.length} indices for a tensor with ${x.ndim} dimensions ${fmtShape(x.shape)}`);
  const picks = x.shape.map((n, d) => parseSpec(specs[d], n, d, x.shape));
  const packedShape = picks.map((p) => p.count);
  const outShape = picks.filter((p) => p.keep).map((p) => p.count);
  const data = allocate(x.dtype, sizeOf(packedShape));
  strided(x.data, x.shape, data, picks, true);
  const out = new Tensor(data, outShape, x.dtype);
  return record(out, 'slice', [x], (g) => {
    const gx = allocate(g.dtype, x.size);
    strided(gx, x.shape, g.data, picks, false);
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/** The `index`-th entry along `axis`, with that axis removed. */
export function select(x: Tensor, axis: number, index: number): Tensor {
  x = toTensor('select', x);
  const ax = normAxis('select', axis, x.ndim, x.shape);
  const n = x.shape[ax]!;
  if (!Number.isInteger(index) || index < -n || index >= n)
    throw new ShapeError(`select: index ${fmtValue(index)} is out of range for axis ${axis} of size ${n} in ${fmtShape(x.shape)} (valid: ${-n} … ${n - 1})`);
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[ax] = index;
  return slice(x, specs);
}

/** `length` entries along `axis` starting at `start`. */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const ax = normAxis('narrow', axis, x.ndim, x.shape);
  const n = x.shape[ax]!;
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > n)
    throw new ShapeError(`narrow: [${start}, ${start}+${length}) does not fit axis ${axis} of size ${n} in ${fmtShape(x.shape)}`);
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[ax] = [start, start + length];
  return slice(x, specs);
}

function checkIndices(op: string, idx: ArrayLike<number>, n: number, axis: number, shape: readonly number[]): void {
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= n)
      throw new ShapeError(`${op}: index ${v} is out of range for axis ${axis} of size ${n} in ${fmtShape(shape)} (valid: 0 … ${n - 1})`);
  }
}

/** Rows (or entries along `axis`) picked by a list of indices, repeats allowed: an embedding lookup is indexSelect(W, 0, ids). */
export function indexSelect(x: Tensor, axis: number, indices: Tensor | number[]): Tensor {
  x = toTensor('indexSelect', x);
  const ax = normAxis('indexSelect', axis, x.ndim, x.shape);
  const idxT = Array.isArray(indices) ? new Tensor(Int32Array.from(indices), [indices.length], 'int32') : indices;
  if (!(idxT instanceof Tensor)) throw new TypeError(`indexSelect: indices must be an int32 Tensor or an array of integers`);
  requireInt('indexSelect', idxT);
  const idx = idxT.data;
  const [outer, n, inner] = around(x.shape, ax);
  checkIndices('indexSelect', idx, n, ax, x.shape);
  const m = idx.length;
  const outShape = [...x.shape.slice(0, ax), ...idxT.shape, ...x.shape.slice(ax + 1)];
  const data = allocate(x.dtype, outer * m * inner);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++) {
      const src = (o * n + idx[j]!) * inner;
      data.set(x.data.subarray(src, src + inner), (o * m + j) * inner);
    }
  return record(new Tensor(data, outShape, x.dtype), 'indexSelect', [x], (g) => {
    const gx = allocate(g.dtype, x.size);
    const gd = g.data;
    for (let o = 0; o < outer; o++)
      for (let j = 0; j < m; j++) {
        const dst = (o * n + idx[j]!) * inner;
        const src = (o * m + j) * inner;
        for (let i = 0; i < inner; i++) gx[dst + i] += gd[src + i]!;
      }
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/** out[…, i, …] = x[…, index[…, i, …], …] along `axis` (PyTorch's gather; index has x's shape except along axis). */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  x = toTensor('gather', x);
  if (!(index instanceof Tensor)) throw new TypeError('gather: index must be an int32 Tensor');
  requireInt('gather', index, 'index');
  const ax = normAxis('gather', axis, x.ndim, x.shape);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== ax && d !== x.shape[i]))
    throw new ShapeError(`gather: index ${fmtShape(index.shape)} must have the shape of the input ${fmtShape(x.shape)} except along axis ${axis}`);
  const [outer, n, inner] = around(x.shape, ax);
  const m = index.shape[ax]!;
  checkIndices('gather', index.data, n, ax, x.shape);
  const data = allocate(x.dtype, index.size);
  const id = index.data;
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < m; j++)
      for (let i = 0; i < inner; i++) {
        const q = (o * m + j) * inner + i;
        data[q] = x.data[(o * n + id[q]!) * inner + i]!;
      }
  return record(new Tensor(data, index.shape, x.dtype), 'gather', [x], (g) => {
    const gx = allocate(g.dtype, x.size);
    for (let o = 0; o < outer; o++)
      for (let j = 0; j < m; j++)
        for (let i = 0; i < inner; i++) {
          const q = (o * m + j) * inner + i;
          gx[(o * n + id[q]!) * inner + i] += g.data[q]!;
        }
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/** Joins tensors along an existing axis; all other dimensions must match. */
export function concat(tensors: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ValueError('concat: needs a non-empty list of tensors');
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`concat: item ${i} is not a Tensor (${fmtValue(t)})`);
  });
  const first = tensors[0]!;
  const ax = normAxis('concat', axis, first.ndim, first.shape);
  for (const [i, t] of tensors.entries())
    if (t.ndim !== first.ndim || t.shape.some((d, j) => j !== ax && d !== first.shape[j]))
      throw new ShapeError(
        `concat: tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(first.shape)}; all dimensions except axis ${axis} must match`,
      );
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  const sizes = tensors.map((t) => t.shape[ax]!);
  const total = sizes.reduce((a, b) => a + b, 0);
  const shape = first.shape.slice();
  shape[ax] = total;
  const [outer, , inner] = around(shape, ax);
  const data = allocate(dtype, sizeOf(shape));
  let at = 0;
  for (const t of tensors) {
    const w = t.shape[ax]! * inner;
    for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * w, (o + 1) * w), o * total * inner + at * inner);
    at += t.shape[ax]!;
  }
  return record(new Tensor(data, shape, dtype), 'concat', tensors, (g) => {
    let start = 0;
    return sizes.map((s) => {
      const part = narrow(g, ax, start, s);
      start += s;
      return part;
    });
  });
}

/** Joins tensors of the same shape along a new axis. */
export function stack(tensors: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ValueError('stack: needs a non-empty list of tensors');
  const first = tensors[0];
  if (!(first instanceof Tensor)) throw new TypeError(`stack: item 0 is not a Tensor (${fmtValue(first)})`);
  for (const [i, t] of tensors.entries()) {
    if (!(t instanceof Tensor)) throw new TypeError(`stack: item ${i} is not a Tensor (${fmtValue(t)})`);
    if (t.ndim !== first.ndim || t.shape.some((d, j) => d !== first.shape[j]))
      throw new ShapeError(`stack: tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(first.shape)}; stack needs equal shapes`);
  }
  const ax = normAxis('stack', axis, first.ndim + 1, first.shape);
  return concat(tensors.map((t) => unsqueeze(t, ax)), ax);
}

