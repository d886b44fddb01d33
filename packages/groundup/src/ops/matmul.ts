/**
 * Matrix multiplication, batched and broadcast like NumPy's `@`.
 *
 *   C = A·B,  Cᵢⱼ = Σₖ Aᵢₖ Bₖⱼ      A: [..., m, k]   B: [..., k, n]   C: [..., m, n]
 *   ∂L/∂A = G·Bᵀ     ∂L/∂B = Aᵀ·G     (G = ∂L/∂C)
 *
 * A 1-D first argument is a row vector, a 1-D second argument a column vector (the added
 * dimension is removed again), as in NumPy and PyTorch.
 */
import { record } from '../autograd.js';
import { allocate, promote } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import { broadcastShapes, sizeOf, stridesOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { squeeze, transpose, unsqueeze } from './shape.js';
import { sum } from './reduce.js';
import { floatOf, toTensor } from './util.js';
import { activeRuntime, gemmBatched } from '../kernels/gemm.js';

/**
 * The reference kernel: C[m×n] += A[m×k]·B[k×n] for row-major blocks at the given offsets.
 * The i-k-j loop order walks B and C row by row, which keeps memory access sequential.
 */
export function matmulKernel(
  a: ArrayLike<number>,
  aOff: number,
  b: ArrayLike<number>,
  bOff: number,
  c: { [i: number]: number },
  cOff: number,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    for (let p = 0; p < k; p++) {
      const av = a[aOff + i * k + p]!;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j]!;
    }
  }
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  a = toTensor('matmul', a, 'float32', 'first argument');
  b = toTensor('matmul', b, 'float32', 'second argument');
  if (a.ndim === 0 || b.ndim === 0)
    throw new ShapeError(`matmul: both arguments need at least one dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; for scaling use mul`);
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0])
      throw new ShapeError(`matmul: cannot take the dot product of ${fmtShape(a.shape)} and ${fmtShape(b.shape)}: lengths ${a.shape[0]} ≠ ${b.shape[0]}`);
    return sum(mul(a, b));
  }
  if (a.ndim === 1) return squeeze(matmul(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(matmul(a, unsqueeze(b, -1)), -1);

  const [m, k] = a.shape.slice(-2) as [number, number];
  const [k2, n] = b.shape.slice(-2) as [number, number];
  if (k !== k2) {
    const hint =
      a.shape[a.ndim - 1] === b.shape[b.ndim - 1] ? ' (did you mean W.T?)' : a.shape[a.ndim - 2] === b.shape[b.ndim - 2] ? ' (did you mean X.T?)' : '';
    throw new ShapeError(
      `matmul: cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)}: inner dimensions ${k} ≠ ${k2}${hint}; ` +
        `an [m,k] matrix multiplies a [k,n] one`,
    );
  }
  if (fastEligible(a, b)) return matmulFast(a, b, false, false);
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const dtype = floatOf(promote(a.dtype, b.dtype));
  const outShape = [...batch, m, n];
  const out = allocate(dtype, sizeOf(outShape));
  const nb = sizeOf(batch);
  const aOffs = batchOffsets(a.shape.slice(0, -2), batch, m * k);
  const bOffs = batchOffsets(b.shape.slice(0, -2), batch, k * n);
  for (let t = 0; t < nb; t++) matmulKernel(a.data, aOffs[t]!, b.data, bOffs[t]!, out, t * m * n, m, k, n);
  return record(new Tensor(out, outShape, dtype), 'matmul', [a, b], (g) => [
    a.requiresGrad ? matmul(g, transpose(b, -2, -1)) : null,
    b.requiresGrad ? matmul(transpose(a, -2, -1), g) : null,
  ]);
}

/** float32 operands, matrices on both sides, and the WebAssembly kernels selected and loaded. */
function fastEligible(a: Tensor, b: Tensor): boolean {
  return a.dtype === 'float32' && b.dtype === 'float32' && a.ndim >= 2 && b.ndim >= 2 && activeRuntime() !== null;
}

/**
 * The fast path: op(A)·op(B) through the SIMD GEMM (kernels/gemm.ts), where op(X) is X or its
 * last two dimensions swapped — read through strides, never copied. The backward reuses the
 * flags instead of materialising a transpose; for C = op(A)·op(B) with G = ∂L/∂C:
 *
 *   C = A·B:    ∂A = G·Bᵀ    ∂B = Aᵀ·G
 *   C = Aᵀ·B:   ∂A = B·Gᵀ    ∂B = A·G
 *   C = A·Bᵀ:   ∂A = G·B     ∂B = Gᵀ·A
 *   C = Aᵀ·Bᵀ:  ∂A = Bᵀ·Gᵀ   ∂B = Gᵀ·Aᵀ
 *
 * Falls back to the reference matmul (on explicit transposes) when the fast path is switched off.
 */
export function matmulFast(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  if (!fastEligible(a, b)) return matmul(transA ? transpose(a, -2, -1) : a, transB ? transpose(b, -2, -1) : b);
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = transA ? ac : ar, k = transA ? ar : ac;
  const k2 = transB ? bc : br, n = transB ? br : bc;
  if (k !== k2) throw new ShapeError(`matmul: cannot multiply ${fmtShape(a.shape)}${transA ? 'ᵀ' : ''} by ${fmtShape(b.shape)}${transB ? 'ᵀ' : ''}: inner dimensions ${k} ≠ ${k2}`);
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batch, m, n];
  const out = new Float32Array(sizeOf(outShape));
  const nb = sizeOf(batch);
  const cOffs = new Int32Array(nb);
  for (let t = 0; t < nb; t++) cOffs[t] = t * m * n;
  gemmBatched(
    a.data as Float32Array, batchOffsets(a.shape.slice(0, -2), batch, m * k), transA,
    b.data as Float32Array, batchOffsets(b.shape.slice(0, -2), batch, k * n), transB,
    out, cOffs, m, n, k,
  );
  return record(new Tensor(out, outShape, 'float32'), 'matmul', [a, b], (g) => {
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (a.requiresGrad)
      ga = !transA ? (!transB ? matmulFast(g, b, false, true) : matmulFast(g, b, false, false)) : !transB ? matmulFast(b, g, false, true) : matmulFast(b, g, true, true);
    if (b.requiresGrad)
      gb = !transB ? (!transA ? matmulFast(a, g, true, false) : matmulFast(a, g, false, false)) : !transA ? matmulFast(g, a, true, false) : matmulFast(g, a, true, true);
    return [ga, gb];
  });
}

/** Where each matrix of a broadcast batch starts in a tensor whose batch shape is `shape`. */
function batchOffsets(shape: readonly number[], batch: readonly number[], matSize: number): Int32Array {
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

