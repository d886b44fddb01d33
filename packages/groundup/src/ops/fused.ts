/**
 * Fused ops: a few compositions that training runs all the time, computed in one pass with a
 * hand-written backward instead of one recorded node per step. Each equals a composite of the
 * readable ops (written out in its doc comment and checked against it in fused.test.ts); the
 * layers use them when the fast path is selected (`getBackend() === 'wasm'`).
 */
import { freshGrad, record } from '../autograd.js';
import { allocate, promote, type TypedArray } from '../dtype.js';
import { DTypeError, ShapeError, fmtShape, fmtValue } from '../errors.js';
import { gemmReference } from '../kernels/gemm.js';
import { linearBackward, linearForward } from '../kernels/layers.js';
import { Tensor } from '../tensor.js';
import { floatOf, requireFloat } from './util.js';

export interface LinearOpOptions {
  /** Apply max(0, ·) to the result (default false). */
  relu?: boolean;
}

/**
 * A dense layer in one op:
 *
 * $$Y = X W^\top + b \quad(\text{then } \max(0, Y) \text{ with relu})$$
 *
 * the same as `relu(add(matmul(x, transpose(w, 0, 1)), b))`, but W is never transposed in memory
 * and the bias and ReLU are applied while the product is still in the kernel's memory. With
 * G = ∂L/∂Y (masked by [Y > 0] after a ReLU):
 *
 * $$\frac{\partial L}{\partial X} = G W, \qquad \frac{\partial L}{\partial W} = G^\top X, \qquad \frac{\partial L}{\partial b} = \textstyle\sum_{\text{rows}} G$$
 *
 * Shapes: x [..., I], w [O, I], b [O] or null → y [..., O]. float32 runs in WebAssembly SIMD when
 * the fast path is on; float64 (and the reference backend) runs the TypeScript loops.
 */
export function linear(x: Tensor, w: Tensor, b: Tensor | null = null, options: LinearOpOptions = {}): Tensor {
  const op = 'linear';
  for (const [t, what] of [[x, 'input'], [w, 'weight']] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: the ${what} must be a Tensor, got ${fmtValue(t)}`);
    requireFloat(op, t, what);
  }
  if (b !== null && b !== undefined) {
    if (!(b instanceof Tensor)) throw new TypeError(`${op}: the bias must be a Tensor or null, got ${fmtValue(b)}`);
    requireFloat(op, b, 'bias');
  }
  if (w.ndim !== 2) throw new ShapeError(`${op}: the weight must be a matrix [out, in], got ${fmtShape(w.shape)}`);
  const [O, I] = w.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== I)
    throw new ShapeError(`${op}: the input ${fmtShape(x.shape)} must end in the weight's ${I} input features (weight ${fmtShape(w.shape)} is [out, in])`);
  if (b && (b.ndim !== 1 || b.shape[0] !== O))
    throw new ShapeError(`${op}: the bias must have shape [${O}] (one per output), got ${fmtShape(b.shape)}`);
  const relu = options.relu ?? false;
  const R = x.size / I;
  let dtype = floatOf(promote(x.dtype, w.dtype));
  if (b) dtype = promote(dtype, b.dtype);
  const outShape = [...x.shape.slice(0, -1), O];

  // forward: the WebAssembly pass when everything is float32, else the TypeScript loops
  const fast = dtype === 'float32' && x.dtype === 'float32' && w.dtype === 'float32' && (!b || b.dtype === 'float32');
  let y: TypedArray | null = fast ? linearForward(x.data as Float32Array, w.data as Float32Array, b ? (b.data as Float32Array) : null, R, I, O, relu) : null;
  if (!y) {
    const out = allocate(dtype, R * O);
    gemmReference(R, O, I, x.data, 0, I, 1, w.data, 0, 1, I, out, 0, O, false); // x·Wᵀ: W read transposed
    for (let r = 0; r < R; r++)
      for (let o = 0; o < O; o++) {
        let v = out[r * O + o]! + (b ? b.data[o]! : 0);
        if (relu && !(v > 0)) v = 0;
        out[r * O + o] = v;
      }
    y = out;
  }
  const inputs = b ? [x, w, b] : [x, w];
  const yt = new Tensor(y, outShape, dtype);
  return record(yt, relu ? 'linear+relu' : 'linear', inputs, (gt) => {
    const want = { x: x.requiresGrad, w: w.requiresGrad, b: !!b?.requiresGrad };
    const g = gt.to(dtype).data;
    const res = fast ? linearBackward(g as Float32Array, x.data as Float32Array, w.data as Float32Array, relu ? (y as Float32Array) : null, R, I, O, want) : null;
    let dx: TypedArray | null, dw: TypedArray | null, db: TypedArray | null;
    if (res) ({ dx, dw, db } = res);
    else {
      // G ⊙ [Y > 0] after a ReLU
      let gm: TypedArray = g;
      if (relu) {
        gm = allocate(dtype, R * O);
        for (let i = 0; i < gm.length; i++) gm[i] = y![i]! > 0 ? g[i]! : 0;
      }
      dx = dw = db = null;
      if (want.x) gemmReference(R, I, O, gm, 0, O, 1, w.data, 0, I, 1, (dx = allocate(dtype, R * I)), 0, I, false); // G·W
      if (want.w) gemmReference(O, I, R, gm, 0, 1, O, x.data, 0, I, 1, (dw = allocate(dtype, O * I)), 0, I, false); // Gᵀ·X
      if (want.b) {
        const s = (db = allocate(dtype, O));
        for (let r = 0; r < R; r++) for (let o = 0; o < O; o++) s[o] += gm[r * O + o]!;
      }
    }
    // dx, dw and db were allocated above for this call only: leaves may keep them as their .grad
    return [
      freshGrad(dx ? new Tensor(dx, x.shape, dtype) : null),
      freshGrad(dw ? new Tensor(dw, w.shape, dtype) : null),
      ...(b ? [freshGrad(db ? new Tensor(db, b.shape, dtype) : null)] : []),
    ];
  });
}

/**
 * Softmax cross-entropy of logits z [N, C] against class indices y [N] (int32), in one op:
 *
 * $$\ell_i = \log\sum_j e^{z_{ij}} - z_{i,y_i}, \qquad \frac{\partial \ell_i}{\partial z_{ij}} = \operatorname{softmax}(z_i)_j - [j = y_i]$$
 *
 * the same as `nll(logSoftmax(z, 1), y)` (gather the picked log-probability, negate, reduce), but
 * with one pass forward and the gradient (softmax − onehot) written directly, scaled by 1/N for
 * the mean. The log-sum-exp subtracts each row's maximum, so logits of ±10⁴ stay finite.
 *
 * Shapes: z [N, C] float, y [N] int32 with 0 ≤ yᵢ < C (the caller validates the range) →
 * a scalar ('mean', 'sum') or [N] ('none').
 */
export function softmaxCrossEntropy(z: Tensor, y: Tensor, reduction: 'mean' | 'sum' | 'none' = 'mean'): Tensor {
  const op = 'softmaxCrossEntropy';
  if (!(z instanceof Tensor) || !(y instanceof Tensor)) throw new TypeError(`${op}: the logits and the target must be Tensors`);
  requireFloat(op, z, 'logits');
  if (y.dtype !== 'int32') throw new DTypeError(`${op}: the target must hold int32 class indices, got ${y.dtype} (convert with .int())`);
  if (z.ndim !== 2 || y.ndim !== 1 || y.shape[0] !== z.shape[0])
    throw new ShapeError(`${op}: needs logits [N, C] and targets [N], got ${fmtShape(z.shape)} and ${fmtShape(y.shape)}`);
  const [N, C] = z.shape as [number, number];
  const zd = z.data, yd = y.data;
  for (let i = 0; i < N; i++)
    if (!(yd[i]! >= 0 && yd[i]! < C)) throw new ShapeError(`${op}: target class ${yd[i]} at position ${i} is out of range for ${C} classes`);
  const prob = allocate(z.dtype, N * C); // softmax(z), kept for the backward pass
  const per = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const row = i * C;
    let m = -Infinity;
    for (let j = 0; j < C; j++) if (zd[row + j]! > m) m = zd[row + j]!;
    if (!Number.isFinite(m)) m = 0;
    let s = 0;
    for (let j = 0; j < C; j++) s += Math.exp(zd[row + j]! - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < C; j++) prob[row + j] = Math.exp(zd[row + j]! - lse);
    per[i] = lse - zd[row + yd[i]!]!;
  }
  let out: Tensor;
  if (reduction === 'none') {
    const d = allocate(z.dtype, N);
    d.set(per);
    out = new Tensor(d, [N], z.dtype);
  } else {
    let s = 0;
    for (let i = 0; i < N; i++) s += per[i]!;
    const d = allocate(z.dtype, 1);
    d[0] = reduction === 'mean' ? s / N : s;
    out = new Tensor(d, [], z.dtype);
  }
  return record(out, 'softmaxCrossEntropy', [z], (g) => {
    const gd = g.data;
    const dz = allocate(z.dtype, N * C);
    for (let i = 0; i < N; i++) {
      const scale = reduction === 'none' ? gd[i]! : reduction === 'mean' ? gd[0]! / N : gd[0]!;
      const row = i * C;
      for (let j = 0; j < C; j++) dz[row + j] = scale * prob[row + j]!;
      dz[row + yd[i]!] -= scale;
    }
    return [new Tensor(dz, z.shape, z.dtype)];
  });
}
