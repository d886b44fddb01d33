/**
 * 1-D pooling: summarise each window of K neighbouring values by its maximum or its average,
 * channel by channel. Input x [N, C, L] → y [N, C, L_out], L_out = ⌊(L − K) / s⌋ + 1.
 *
 *   max:  y[n, c, t] = max_j x[n, c, t·s + j]       ∂y/∂x = 1 at the (first) maximum of the window, 0 elsewhere
 *   avg:  y[n, c, t] = (1/K) Σ_j x[n, c, t·s + j]    ∂y/∂x = 1/K for every element of the window
 *
 * Overlapping windows (s < K) add their gradients where they overlap.
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor.js';
import { floatTensorArg, integer } from '../validate.js';

function checkPool(op: string, x: Tensor, k: number, s: number): number {
  floatTensorArg(op, x, 'the input');
  integer(op, 'the kernel size', k, 1);
  integer(op, 'the stride', s, 1);
  if (x.ndim !== 3) throw new ShapeError(`${op}: expected a 3-D input [N,C,L], got ${fmtShape(x.shape)}`);
  const L = x.shape[2]!;
  if (L < k) throw new ShapeError(`${op}: the input ${fmtShape(x.shape)} has length ${L}, shorter than the window ${k}`);
  return Math.floor((L - k) / s) + 1;
}

/** Max pooling over windows of `kernel` values, `stride` apart (stride = kernel by default: no overlap). */
export function maxPool1d(x: Tensor, kernel: number, stride: number = kernel): Tensor {
  const Lout = checkPool('maxPool1d', x, kernel, stride);
  const [N, C, L] = x.shape as [number, number, number];
  const rows = N * C;
  const out = allocate(x.dtype, rows * Lout);
  const argmax = new Int32Array(rows * Lout); // where each maximum came from, for the backward pass
  const xd = x.data;
  for (let r = 0; r < rows; r++)
    for (let t = 0; t < Lout; t++) {
      const start = r * L + t * stride;
      let best = start;
      for (let j = 1; j < kernel; j++) if (xd[start + j]! > xd[best]! || Number.isNaN(xd[start + j]!)) best = start + j;
      out[r * Lout + t] = xd[best]!;
      argmax[r * Lout + t] = best;
    }
  return record(new Tensor(out, [N, C, Lout], x.dtype), 'maxPool1d', [x], (g) => {
    const dx = allocate(g.dtype, x.size);
    for (let i = 0; i < argmax.length; i++) dx[argmax[i]!] += g.data[i]!;
    return [new Tensor(dx, x.shape, g.dtype)];
  });
}

/** Average pooling over windows of `kernel` values, `stride` apart (stride = kernel by default). */
export function avgPool1d(x: Tensor, kernel: number, stride: number = kernel): Tensor {
  const Lout = checkPool('avgPool1d', x, kernel, stride);
  const [N, C, L] = x.shape as [number, number, number];
  const rows = N * C;
  const out = allocate(x.dtype, rows * Lout);
  const xd = x.data;
  for (let r = 0; r < rows; r++)
    for (let t = 0; t < Lout; t++) {
      const start = r * L + t * stride;
      let s = 0;
      for (let j = 0; j < kernel; j++) s += xd[start + j]!;
      out[r * Lout + t] = s / kernel;
    }
  return record(new Tensor(out, [N, C, Lout], x.dtype), 'avgPool1d', [x], (g) => {
    const dx = allocate(g.dtype, x.size);
    for (let r = 0; r < rows; r++)
      for (let t = 0; t < Lout; t++) {
        const gi = g.data[r * Lout + t]! / kernel;
        const start = r * L + t * stride;
        for (let j = 0; j < kernel; j++) dx[start + j] += gi;
      }
    return [new Tensor(dx, x.shape, g.dtype)];
  });
}
