/**
 * Shared checks and small float64 helpers for the linear-algebra namespace.
 *
 * The decompositions (eigh, power iteration, PCA) run on plain Float64Arrays in row-major order,
 * whatever the input dtype, and cast their results back at the end: rounding in float32 would
 * otherwise decide how many sweeps Jacobi needs and how well the invariants hold.
 */
import type { DType } from '../dtype.js';
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { fmtIndex } from '../shape.js';
import { Tensor } from '../tensor.js';

/** `x` as a float tensor (int32 is converted to float32; float tensors are returned as they are). */
export function asFloat(x: Tensor): Tensor {
  return x.dtype === 'int32' ? x.float() : x;
}

/** Throws a ShapeError unless `x` is a 2-D matrix with at least one row and one column. */
export function assertMatrix(op: string, x: Tensor, what = 'the matrix', hint = ''): [number, number] {
  if (x.ndim !== 2)
    throw new ShapeError(`${op}: ${what} must be 2-D, got shape ${fmtShape(x.shape)} (${x.ndim} dimension${x.ndim === 1 ? '' : 's'})${hint}`);
  const [m, n] = x.shape as [number, number];
  if (m === 0 || n === 0) throw new ShapeError(`${op}: ${what} is empty (shape ${fmtShape(x.shape)}); it needs at least one row and one column`);
  return [m, n];
}

/** Throws a ShapeError unless `x` is a non-empty square matrix; returns its size n. */
export function assertSquare(op: string, x: Tensor): number {
  const [m, n] = assertMatrix(op, x);
  if (m !== n) throw new ShapeError(`${op}: needs a square matrix, got ${fmtShape(x.shape)} (${m} rows, ${n} columns)`);
  return n;
}

/** Throws a ValueError at the first NaN or ±Infinity, naming its position. */
export function assertAllFinite(op: string, x: Tensor, what = 'the matrix'): void {
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new ValueError(`${op}: ${what} contains ${fmtValue(d[i])} at ${fmtIndex(i, x.shape)}; every entry must be a finite number`);
    }
  }
}

/** Copies `data` into a fresh tensor of `dtype` with `shape`. */
export function fromF64(data: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  if (dtype === 'float64') return new Tensor(data, shape, 'float64');
  const out = dtype === 'float32' ? new Float32Array(data.length) : new Int32Array(data.length);
  out.set(data);
  return new Tensor(out, shape, dtype);
}

/**
 * Flips the sign of column `j` of the row-major [rows, cols] array `v` so that its entry of largest
 * magnitude is positive (the first such entry on ties). An eigenvector is only defined up to sign;
 * this choice makes results reproducible.
 */
export function fixColumnSign(v: Float64Array, rows: number, cols: number, j: number): void {
  let best = 0;
  let bestAbs = -1;
  for (let i = 0; i < rows; i++) {
    const a = Math.abs(v[i * cols + j]!);
    if (a > bestAbs) {
      bestAbs = a;
      best = i;
    }
  }
  if (v[best * cols + j]! < 0) for (let i = 0; i < rows; i++) v[i * cols + j] = -v[i * cols + j]!;
}
