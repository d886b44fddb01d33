/**
 * Elementwise arithmetic with NumPy broadcasting. Forward and backward sit side by side; each
 * backward returns the gradient at the *broadcast* shape and autograd sums it back to the input's.
 */
import { record } from '../autograd.js';
import { allocate, type DType } from '../dtype.js';
import { broadcastShapes, expandInto, sizeOf, zipBroadcast } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { binaryArgs, floatOf, toTensor } from './util.js';

/** Runs f elementwise over the broadcast of a and b. */
export function zip(op: string, a: Tensor, b: Tensor, dtype: DType, f: (x: number, y: number) => number): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const ad = a.data;
  const bd = b.data;
  if (a.size === n && b.size === n) for (let i = 0; i < n; i++) out[i] = f(ad[i]!, bd[i]!);
  else if (b.size === 1 && a.size === n) {
    const y = bd[0]!;
    for (let i = 0; i < n; i++) out[i] = f(ad[i]!, y);
  } else zipBroadcast(ad, a.shape, bd, b.shape, out, shape, f);
  return new Tensor(out, shape, dtype);
}

// ── fast loops for the four arithmetic ops ──
// `zip` calls a closure per element; shared by every op, that call site cannot be inlined. The
// common layouts of float tensors (same shape, a scalar on either side, a row vector [C] added to
// [..., C]) get plain loops here instead, one per operator. Same numbers as `zip`.

const ADD = 0, SUB = 1, MUL = 2, DIV = 3;
type FloatArray = Float32Array | Float64Array;

/** out[o+i] = a[ai+i] ∘ b[bi+i] for i < n. */
function loopVV(code: number, out: FloatArray, o: number, a: FloatArray, ai: number, b: FloatArray, bi: number, n: number): void {
  if (code === ADD) for (let i = 0; i < n; i++) out[o + i] = a[ai + i]! + b[bi + i]!;
  else if (code === SUB) for (let i = 0; i < n; i++) out[o + i] = a[ai + i]! - b[bi + i]!;
  else if (code === MUL) for (let i = 0; i < n; i++) out[o + i] = a[ai + i]! * b[bi + i]!;
  else for (let i = 0; i < n; i++) out[o + i] = a[ai + i]! / b[bi + i]!;
}

/** out[i] = a[i] ∘ s (or s ∘ a[i] when scalarFirst). */
function loopVS(code: number, out: FloatArray, a: FloatArray, s: number, scalarFirst: boolean): void {
  const n = out.length;
  if (code === ADD) for (let i = 0; i < n; i++) out[i] = a[i]! + s;
  else if (code === MUL) for (let i = 0; i < n; i++) out[i] = a[i]! * s;
  else if (code === SUB) {
    if (scalarFirst) for (let i = 0; i < n; i++) out[i] = s - a[i]!;
    else for (let i = 0; i < n; i++) out[i] = a[i]! - s;
  } else if (scalarFirst) for (let i = 0; i < n; i++) out[i] = s / a[i]!;
  else for (let i = 0; i < n; i++) out[i] = a[i]! / s;
}

const sameShape = (p: readonly number[], q: readonly number[]) => p.length === q.length && p.every((d, i) => d === q[i]);

/** a ∘ b by a plain loop when both are floats of the result's dtype in a common layout; else null. */
function fastArith(code: number, a: Tensor, b: Tensor, dtype: DType): Tensor | null {
  if (dtype === 'int32' || a.dtype !== dtype || b.dtype !== dtype) return null;
  const ad = a.data as FloatArray, bd = b.data as FloatArray;
  if (sameShape(a.shape, b.shape)) {
    const out = allocate(dtype, a.size) as FloatArray;
    loopVV(code, out, 0, ad, 0, bd, 0, out.length);
    return new Tensor(out, a.shape, dtype);
  }
  if (b.size === 1 && b.ndim <= a.ndim) {
    const out = allocate(dtype, a.size) as FloatArray;
    loopVS(code, out, ad, bd[0]!, false);
    return new Tensor(out, a.shape, dtype);
  }
  if (a.size === 1 && a.ndim <= b.ndim) {
    const out = allocate(dtype, b.size) as FloatArray;
    loopVS(code, out, bd, ad[0]!, true);
    return new Tensor(out, b.shape, dtype);
  }
  // a row vector b [C] (or [1, …, 1, C]) against a [..., C]
  const C = b.shape[b.ndim - 1];
  if (b.ndim <= a.ndim && b.size === C && a.ndim > 0 && a.shape[a.ndim - 1] === C && C > 0) {
    const out = allocate(dtype, a.size) as FloatArray;
    for (let o = 0; o < out.length; o += C) loopVV(code, out, o, ad, o, bd, 0, C);
    return new Tensor(out, a.shape, dtype);
  }
  return null;
}

/** z = a + b;  ∂z/∂a = 1, ∂z/∂b = 1 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('add', a, b);
  const out = fastArith(ADD, x, y, dt) ?? zip('add', x, y, dt, (p, q) => p + q);
  return record(out, 'add', [x, y], (g) => [g, g]);
}

/** z = a − b;  ∂z/∂a = 1, ∂z/∂b = −1 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('sub', a, b);
  const out = fastArith(SUB, x, y, dt) ?? zip('sub', x, y, dt, (p, q) => p - q);
  return record(out, 'sub', [x, y], (g) => [g, neg(g)]);
}

/** z = a ⊙ b;  ∂z/∂a = b, ∂z/∂b = a */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('mul', a, b);
  const out = fastArith(MUL, x, y, dt) ?? zip('mul', x, y, dt, (p, q) => p * q);
  return record(out, 'mul', [x, y], (g) => [mul(g, y), mul(g, x)]);
}

/** z = a / b;  ∂z/∂a = 1/b, ∂z/∂b = −a/b² */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('div', a, b);
  const out = fastArith(DIV, x, y, floatOf(dt)) ?? zip('div', x, y, floatOf(dt), (p, q) => p / q);
  return record(out, 'div', [x, y], (g) => [div(g, y), neg(mul(g, div(out, y)))]);
}

/** z = aᵖ;  ∂z/∂a = p·aᵖ⁻¹, ∂z/∂p = aᵖ·ln a */
export function pow(a: TensorLike, p: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('pow', a, p);
  const out = zip('pow', x, y, dt === 'int32' ? 'float32' : dt, Math.pow);
  return record(out, 'pow', [x, y], (g) => [
    mul(g, mul(y, pow(x, sub(y, 1)))),
    y.requiresGrad ? mul(g, mul(out, zip('pow', x, x, floatOf(x.dtype), (v) => Math.log(v)))) : null,
  ]);
}

/** z = −a */
export function neg(a: Tensor): Tensor {
  a = toTensor('neg', a);
  const out = allocate(a.dtype, a.size);
  for (let i = 0; i < out.length; i++) out[i] = -a.data[i]!;
  return record(new Tensor(out, a.shape, a.dtype), 'neg', [a], (g) => [neg(g)]);
}

/** z = max(a, b) elementwise; the gradient goes to the larger input (split evenly on ties). */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('maximum', a, b);
  const out = zip('maximum', x, y, dt, (p, q) => (p >= q || Number.isNaN(p) ? p : q));
  return record(out, 'maximum', [x, y], (g) => {
    const wa = zip('maximum', x, y, g.dtype, (p, q) => (p > q ? 1 : p === q ? 0.5 : 0));
    return [mul(g, wa), mul(g, sub(1, wa))];
  });
}

/** z = min(a, b) elementwise; the gradient goes to the smaller input (split evenly on ties). */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y, dt] = binaryArgs('minimum', a, b);
  const out = zip('minimum', x, y, dt, (p, q) => (p <= q || Number.isNaN(p) ? p : q));
  return record(out, 'minimum', [x, y], (g) => {
    const wa = zip('minimum', x, y, g.dtype, (p, q) => (p < q ? 1 : p === q ? 0.5 : 0));
    return [mul(g, wa), mul(g, sub(1, wa))];
  });
}

function compare(op: string, f: (p: number, q: number) => boolean) {
  return (a: TensorLike, b: TensorLike): Tensor => {
    const [x, y] = binaryArgs(op, a, b);
    return zip(op, x, y, 'int32', (p, q) => (f(p, q) ? 1 : 0));
  };
}
/** Comparisons give an int32 mask of 0s and 1s (no gradient). */
export const eq = compare('eq', (p, q) => p === q);
export const ne = compare('ne', (p, q) => p !== q);
export const gt = compare('gt', (p, q) => p > q);
export const ge = compare('ge', (p, q) => p >= q);
export const lt = compare('lt', (p, q) => p < q);
export const le = compare('le', (p, q) => p <= q);

/** where(cond, a, b): a where cond ≠ 0, else b (all three broadcast). */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (!(cond instanceof Tensor)) throw new TypeError('where: the condition must be a Tensor (a mask of 0s and 1s)');
  const [x, y, dt] = binaryArgs('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const n = sizeOf(shape);
  const c = new Float64Array(n);
  const xa = allocate(dt, n);
  const ya = allocate(dt, n);
  expandInto(cond.data, cond.shape, c, shape);
  expandInto(x.data, x.shape, xa, shape);
  expandInto(y.data, y.shape, ya, shape);
  const mask = new Int32Array(n);
  const out = allocate(dt, n);
  for (let i = 0; i < n; i++) {
    mask[i] = c[i] !== 0 ? 1 : 0;
    out[i] = mask[i] ? xa[i]! : ya[i]!;
  }
  const m = new Tensor(mask, shape, 'int32');
  return record(new Tensor(out, shape, dt), 'where', [x, y], (g) => [mul(g, m), mul(g, sub(1, m))]);
}
