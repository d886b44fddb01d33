/**
 * Tensor: an n-dimensional array of numbers with a shape, a dtype and, when it takes part in
 * training, a gradient. Storage is one contiguous typed array in row-major order.
 *
 * Every method is a one-liner that calls the op of the same name in `ops/`, so "go to definition"
 * lands on the math.
 */
import { backward as runBackward, type GradNode } from './autograd.js';
import { DTypeError, ShapeError, fmtShape } from './errors.js';
import { type DType, type TypedArray, allocate, isFloat } from './dtype.js';
import { sizeOf } from './shape.js';
import * as A from './ops/arithmetic.js';
import * as M from './ops/math.js';
import * as F from './ops/activation.js';
import * as R from './ops/reduce.js';
import * as S from './ops/shape.js';
import * as I from './ops/index.js';
import { matmul } from './ops/matmul.js';

export type TensorLike = Tensor | number;
export type NestedArray = number | NestedArray[];
export type SliceSpec = number | string | null | undefined | readonly [number?, number?, number?];

let nextId = 1;

export class Tensor {
  /** The numbers, row-major. Optimizers update this array in place. */
  data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** ∂loss/∂this, filled in by `backward()` for tensors created with requiresGrad. */
  grad: Tensor | null = null;
  /** How this tensor was computed (null for inputs and parameters). */
  node: GradNode | null = null;
  /** The gradient that reached this intermediate tensor in the last backward pass (for graph inspection). */
  nodeGrad: Tensor | null = null;
  /** An optional label shown by graph inspection and the guide. */
  name: string | undefined;
  /** A unique number, so a graph can name its nodes. */
  readonly id = nextId++;
  private _requiresGrad = false;

  constructor(data: TypedArray, shape: readonly number[], dtype: DType, requiresGrad = false) {
    if (data.length !== sizeOf(shape))
      throw new ShapeError(`Tensor: ${data.length} values cannot fill shape ${fmtShape(shape)} (${sizeOf(shape)} elements)`);
    this.data = data;
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtype;
    this.requiresGrad = requiresGrad;
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (v && !isFloat(this.dtype))
      throw new DTypeError(`requiresGrad: only float tensors can have gradients; this one is ${this.dtype} (convert with .float())`);
    this._requiresGrad = v;
  }

  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.data.length;
  }
  /** The transpose: reverses all dimensions (for a matrix, rows become columns). */
  get T(): Tensor {
    return S.permute(this, [...this.shape.keys()].reverse());
  }
  /** Transposes the last two dimensions (a batch of matrices). */
  get mT(): Tensor {
    return S.transpose(this, -2, -1);
  }

  // ── reading values ──
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: only a tensor with one element has an item; this one has shape ${fmtShape(this.shape)}`);
    return this.data[0]!;
  }
  toArray(): NestedArray {
    const build = (dim: number, off: number): NestedArray => {
      if (dim === this.ndim) return this.data[off]!;
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim]! }, (_, i) => build(dim + 1, off + i * stride));
    };
    return build(0, 0);
  }
  toString(): string {
    const fmt = (v: number) => (this.dtype === 'int32' ? String(v) : Number(v.toPrecision(5)).toString());
    const body = this.size > 100 ? `… ${this.size} values …` : JSON.stringify(this.toArray(), (_k, v) => (typeof v === 'number' ? Number(fmt(v)) : v));
    return `tensor(${body}, shape=${fmtShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // ── gradients ──
  /** Backpropagates from this tensor (a scalar loss, or pass its gradient). */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }
  /** The same numbers, cut off from the graph: no gradient flows through the result. */
  detach(): Tensor {
    const t = new Tensor(this.data, this.shape, this.dtype);
    t.name = this.name;
    return t;
  }
  /** A copy with its own storage. */
  clone(): Tensor {
    return S.clone(this);
  }
  /** Sets requiresGrad and returns this, for chaining: `randn([3,3]).requiresGrad_()`. */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }
  zeroGrad(): void {
    this.grad = null;
  }

  // ── dtype ──
  to(dtype: DType): Tensor {
    return S.cast(this, dtype);
  }
  float(): Tensor {
    return S.cast(this, 'float32');
  }
  double(): Tensor {
    return S.cast(this, 'float64');
  }
  int(): Tensor {
    return S.cast(this, 'int32');
  }
  zerosLike(): Tensor {
    return new Tensor(allocate(this.dtype, this.size), this.shape, this.dtype);
  }
  onesLike(): Tensor {
    const t = this.zerosLike();
    t.data.fill(1);
    return t;
  }

  // ── arithmetic (broadcasting) ──
  add(y: TensorLike): Tensor { return A.add(this, y); }
  sub(y: TensorLike): Tensor { return A.sub(this, y); }
  mul(y: TensorLike): Tensor { return A.mul(this, y); }
  div(y: TensorLike): Tensor { return A.div(this, y); }
  pow(p: TensorLike): Tensor { return A.pow(this, p); }
  neg(): Tensor { return A.neg(this); }
  maximum(y: TensorLike): Tensor { return A.maximum(this, y); }
  minimum(y: TensorLike): Tensor { return A.minimum(this, y); }
  eq(y: TensorLike): Tensor { return A.eq(this, y); }
  ne(y: TensorLike): Tensor { return A.ne(this, y); }
  gt(y: TensorLike): Tensor { return A.gt(this, y); }
  ge(y: TensorLike): Tensor { return A.ge(this, y); }
  lt(y: TensorLike): Tensor { return A.lt(this, y); }
  le(y: TensorLike): Tensor { return A.le(this, y); }

  // ── elementwise math ──
  exp(): Tensor { return M.exp(this); }
  log(): Tensor { return M.log(this); }
  sqrt(): Tensor { return M.sqrt(this); }
  abs(): Tensor { return M.abs(this); }
  square(): Tensor { return M.square(this); }
  sin(): Tensor { return M.sin(this); }
  cos(): Tensor { return M.cos(this); }
  clamp(lo?: number | null, hi?: number | null): Tensor { return M.clamp(this, lo, hi); }

  // ── activations ──
  relu(): Tensor { return F.relu(this); }
  leakyRelu(slope = 0.01): Tensor { return F.leakyRelu(this, slope); }
  sigmoid(): Tensor { return F.sigmoid(this); }
  tanh(): Tensor { return F.tanh(this); }
  gelu(): Tensor { return F.gelu(this); }
  softplus(): Tensor { return F.softplus(this); }
  softmax(axis = -1): Tensor { return F.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return F.logSoftmax(this, axis); }

  // ── reductions ──
  sum(axis?: number | number[] | null, keepdim = false): Tensor { return R.sum(this, axis, keepdim); }
  mean(axis?: number | number[] | null, keepdim = false): Tensor { return R.mean(this, axis, keepdim); }
  max(axis?: number | null, keepdim = false): Tensor { return R.max(this, axis, keepdim); }
  min(axis?: number | null, keepdim = false): Tensor { return R.min(this, axis, keepdim); }
  amax(axis?: number | number[] | null, keepdim = false): Tensor { return R.amax(this, axis, keepdim); }
  amin(axis?: number | number[] | null, keepdim = false): Tensor { return R.amin(this, axis, keepdim); }
  argmax(axis?: number | null, keepdim = false): Tensor { return R.argmax(this, axis, keepdim); }
  argmin(axis?: number | null, keepdim = false): Tensor { return R.argmin(this, axis, keepdim); }
  var(axis?: number | number[] | null, opts: R.VarOptions = {}): Tensor { return R.variance(this, axis, opts); }
  std(axis?: number | number[] | null, opts: R.VarOptions = {}): Tensor { return R.std(this, axis, opts); }
  logsumexp(axis = -1, keepdim = false): Tensor { return R.logsumexp(this, axis, keepdim); }

  // ── linear algebra ──
  matmul(w: Tensor): Tensor { return matmul(this, w); }

  // ── shape ──
  reshape(...shape: (number | number[])[]): Tensor { return S.reshape(this, shape.flat()); }
  view(...shape: (number | number[])[]): Tensor { return S.reshape(this, shape.flat()); }
  flatten(start = 0, end = -1): Tensor { return S.flatten(this, start, end); }
  squeeze(axis?: number): Tensor { return S.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return S.unsqueeze(this, axis); }
  permute(...dims: (number | number[])[]): Tensor { return S.permute(this, dims.flat()); }
  transpose(a = 0, b = 1): Tensor { return S.transpose(this, a, b); }
  expand(...shape: (number | number[])[]): Tensor { return S.expand(this, shape.flat()); }
  /** Sums this tensor down to `shape` (undoes broadcasting; used by backward). */
  sumTo(shape: readonly number[]): Tensor { return S.sumTo(this, shape); }

  // ── indexing ──
  /** NumPy-style basic indexing: a number picks (and drops) an axis, 'a:b:c' or [a, b, c] slices, null or ':' keeps it all. */
  slice(...specs: SliceSpec[]): Tensor { return I.slice(this, specs); }
  select(axis: number, index: number): Tensor { return I.select(this, axis, index); }
  narrow(axis: number, start: number, length: number): Tensor { return I.narrow(this, axis, start, length); }
  indexSelect(axis: number, indices: Tensor | number[]): Tensor { return I.indexSelect(this, axis, indices); }
  gather(axis: number, index: Tensor): Tensor { return I.gather(this, axis, index); }
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

