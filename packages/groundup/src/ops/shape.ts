/**
 * Shape ops: the numbers stay, their arrangement changes. reshape shares storage (the data is
 * contiguous, so a new shape is just a new reading); permute and transpose copy into the new order.
 */
import { record } from '../autograd.js';
import { type DType, allocate, isDType } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { broadcastShapes, expandInto, normAxis, sizeOf, stridesOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { sum } from './reduce.js';
import { toTensor } from './util.js';

/** The same numbers in a new shape with as many elements; one dimension may be −1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  x = toTensor('reshape', x);
  const dims = shape.slice();
  let infer = -1;
  let known = 1;
  dims.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < -1)
      throw new ValueError(`reshape: dimensions must be whole numbers ≥ 0 (or one −1), got ${fmtValue(shape)}`);
    if (d === -1) {
      if (infer >= 0) throw new ValueError(`reshape: only one dimension can be −1, got ${fmtShape(shape)}`);
      infer = i;
    } else known *= d;
  });
  if (infer >= 0) {
    if (known === 0 || x.size % known !== 0)
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}: ${x.size} is not a multiple of ${known}`);
    dims[infer] = x.size / known;
  }
  if (sizeOf(dims) !== x.size)
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(dims)} (${sizeOf(dims)} elements)`);
  return record(new Tensor(x.data, dims, x.dtype), 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

/** Merges dimensions start … end into one (all of them by default). */
export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  x = toTensor('flatten', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normAxis('flatten', start, x.ndim, x.shape);
  const e = normAxis('flatten', end, x.ndim, x.shape);
  if (s > e) throw new ValueError(`flatten: start axis ${start} comes after end axis ${end}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Removes dimensions of size 1 (only `axis`, if given). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  x = toTensor('squeeze', x);
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normAxis('squeeze', axis, x.ndim, x.shape);
  if (x.shape[a] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Inserts a dimension of size 1 at `axis` (−1 appends). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  x = toTensor('unsqueeze', x);
  const a = normAxis('unsqueeze', axis, x.ndim + 1, x.shape);
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Reorders dimensions: output dimension i is input dimension dims[i]. Backward applies the inverse permutation. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  x = toTensor('permute', x);
  if (dims.length !== x.ndim)
    throw new ShapeError(`permute: got ${dims.length} dimensions ${fmtValue(dims)} for a tensor with ${x.ndim} ${fmtShape(x.shape)}`);
  const p = dims.map((d) => normAxis('permute', d, x.ndim, x.shape));
  if (new Set(p).size !== p.length) throw new ValueError(`permute: ${fmtValue(dims)} is not a permutation of 0 … ${x.ndim - 1}`);
  const shape = p.map((d) => x.shape[d]!);
  const inStrides = stridesOf(x.shape);
  const st = p.map((d) => inStrides[d]!);
  const out = allocate(x.dtype, x.size);
  const n = shape.length;
  if (x.size > 0) {
    const idx = new Array<number>(n).fill(0);
    const inner = n ? shape[n - 1]! : 1;
    const si = n ? st[n - 1]! : 0;
    let off = 0;
    const src = x.data;
    for (let o = 0; o < out.length; o += inner) {
      let q = off;
      for (let j = 0; j < inner; j++, q += si) out[o + j] = src[q]!;
      for (let d = n - 2; d >= 0; d--) {
        idx[d]!++;
        off += st[d]!;
        if (idx[d]! < shape[d]!) break;
        off -= st[d]! * shape[d]!;
        idx[d] = 0;
      }
    }
  }
  const inv = new Array<number>(n);
  p.forEach((d, i) => (inv[d] = i));
  return record(new Tensor(out, shape, x.dtype), 'permute', [x], (g) => [permute(g, inv)]);
}

/** Swaps two dimensions. */
export function transpose(x: Tensor, a = 0, b = 1): Tensor {
  x = toTensor('transpose', x);
  const i = normAxis('transpose', a, x.ndim, x.shape);
  const j = normAxis('transpose', b, x.ndim, x.shape);
  const dims = [...x.shape.keys()];
  dims[i] = j;
  dims[j] = i;
  return permute(x, dims);
}

/** Repeats size-1 dimensions to reach `shape` (NumPy's broadcast_to); −1 keeps a size. Backward sums back. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  x = toTensor('expand', x);
  const target = shape.map((d, i) => (d === -1 ? (x.shape[x.shape.length - shape.length + i] ?? 1) : d));
  const out = broadcastShapes('expand', x.shape, target);
  if (out.length !== target.length || out.some((d, i) => d !== target[i]))
    throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape)}; only dimensions of size 1 can grow`);
  if (out.length === x.ndim && out.every((d, i) => d === x.shape[i])) return x;
  const data = allocate(x.dtype, sizeOf(out));
  expandInto(x.data, x.shape, data, out);
  return record(new Tensor(data, out, x.dtype), 'expand', [x], (g) => [sumTo(g, x.shape)]);
}

/** Sums `x` down to `shape`, the reverse of broadcasting: leading extra axes and stretched size-1 axes are summed. */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const lead = x.ndim - shape.length;
  if (lead < 0) throw new ShapeError(`sumTo: cannot reduce ${fmtShape(x.shape)} to the larger ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && x.shape[i] !== 1) axes.push(i);
    else if (shape[i - lead] !== x.shape[i]) throw new ShapeError(`sumTo: ${fmtShape(x.shape)} did not come from broadcasting ${fmtShape(shape)}`);
  }
  return reshape(sum(x, axes), shape);
}

/** Converts to another dtype (float → int32 truncates toward zero). Gradients pass through float casts. */
export function cast(x: Tensor, dtype: DType): Tensor {
  x = toTensor('to', x);
  if (!isDType(dtype)) throw new DTypeError(`to: unknown dtype ${fmtValue(dtype)}; use 'float32', 'float64' or 'int32'`);
  if (dtype === x.dtype) return x;
  const data = allocate(dtype, x.size);
  if (dtype === 'int32') for (let i = 0; i < data.length; i++) data[i] = Math.trunc(x.data[i]!);
  else data.set(x.data);
  const out = new Tensor(data, x.shape, dtype);
  return dtype === 'int32' ? out : record(out, 'to', [x], (g) => [g]);
}

/** A copy with its own storage; gradients pass straight through. */
export function clone(x: Tensor): Tensor {
  x = toTensor('clone', x);
  return record(new Tensor(x.data.slice(), x.shape, x.dtype), 'clone', [x], (g) => [g]);
}
