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
import { defineOp } from '../dispatch.js';
import { batchOffsets, broadcastShapes, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { squeeze, transpose, unsqueeze } from './shape.js';
import { sum } from './reduce.js';
import { floatOf, toTensor } from './util.js';

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
  return matmulOp(a, b);
}

/** The product of two validated operands of ≥ 2 dimensions: the reference, or a kernel (kernels/builtin.ts). */
const matmulOp = defineOp('matmul', {
  inputs: (a: Tensor, b: Tensor) => [a, b],
  forward: (a, b) => {
    const [m, k] = a.shape.slice(-2) as [number, number];
    const n = b.shape[b.ndim - 1]!;
    const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
    const dtype = floatOf(promote(a.dtype, b.dtype));
    const outShape = [...batch, m, n];
    const out = allocate(dtype, sizeOf(outShape));
    const nb = sizeOf(batch);
    const aOffs = batchOffsets(a.shape.slice(0, -2), batch, m * k);
    const bOffs = batchOffsets(b.shape.slice(0, -2), batch, k * n);
    for (let t = 0; t < nb; t++) matmulKernel(a.data, aOffs[t]!, b.data, bOffs[t]!, out, t * m * n, m, k, n);
    return { out: new Tensor(out, outShape, dtype), saved: [a, b] as const };
  },
  // ∂A = G·Bᵀ, ∂B = Aᵀ·G (batch dimensions that were broadcast are summed back by autograd)
  backward: (g, [a, b], [wantA, wantB]) => [
    wantA ? matmul(g, transpose(b, -2, -1)) : null,
    wantB ? matmul(transpose(a, -2, -1), g) : null,
  ],
});

