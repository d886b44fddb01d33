/**
 * Convolution: a small filter slides along the input, and at every position the output is the dot
 * product of the filter with the window of input under it.
 *
 * 1-D, for input x [N, C, L], filters w [O, C, K] and bias b [O]:
 *
 *   y[n, o, t] = b[o] + Σ_c Σ_j  w[o, c, j] · x[n, c, t·s + j − p]      (x is 0 outside 0 … L−1)
 *
 *   L_out = ⌊(L + 2p − K) / s⌋ + 1          s = stride, p = padding
 *
 * 2-D is the same with a [KH, KW] window sliding over [H, W]. (Strictly this is cross-correlation;
 * deep-learning libraries call it convolution, and so do we.)
 *
 * Two implementations live here, side by side:
 *   - `conv1dReference` / `conv2dReference` read like the formula: a loop over output positions,
 *     each taking a window and a dot product with every filter. Built from differentiable ops,
 *     they get their gradients from autograd. Slow; for teaching and for checking.
 *   - `conv1d` / `conv2d` are the fast path: "im2col" copies every window into a column of a
 *     matrix, so the whole convolution becomes one matrix product per sample,
 *     Y_n [O, P] = W [O, C·KH·KW] · cols_n [C·KH·KW, P], with a hand-written backward:
 *       ∂L/∂W = Σ_n G_n · cols_nᵀ,   ∂L/∂cols_n = Wᵀ · G_n (scattered back onto x: "col2im"),
 *       ∂L/∂b[o] = Σ_{n,p} G_n[o, p].
 * Tests check that both give the same values and gradients on random shapes.
 */
import { defineOp } from '../dispatch.js';
import { allocate, promote } from '../dtype.js';
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { add } from './arithmetic.js';
import { concat, narrow, stack } from './index.js';
import { matmul, matmulKernel } from './matmul.js';
import { reshape, transpose } from './shape.js';
import { floatOf, requireFloat } from './util.js';
import { integer } from '../validate.js';
import type { ConvGeometry } from '../kernels/layers.js';

export interface Conv1dOptions {
  stride?: number;
  padding?: number;
}

export interface Conv2dOptions {
  /** One number for both axes or [along H, along W]. */
  stride?: number | readonly [number, number];
  padding?: number | readonly [number, number];
}

/** L_out = ⌊(L + 2p − K) / s⌋ + 1, the number of positions the window can take. */
export function convOutputSize(length: number, kernel: number, stride = 1, padding = 0): number {
  return Math.floor((length + 2 * padding - kernel) / stride) + 1;
}

function pair(op: string, what: string, v: unknown, min: number): [number, number] {
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new ValueError(`${op}: ${what} must be a number or a pair [h, w], got ${fmtValue(v)}`);
    return [integer(op, what, v[0], min), integer(op, what, v[1], min)];
  }
  const n = integer(op, what, v, min);
  return [n, n];
}

/** Validates x [N,C,…spatial], w [O,C,…kernel], b [O] and returns the output's spatial size. */
function checkConv(
  op: string,
  x: Tensor,
  w: Tensor,
  b: Tensor | null | undefined,
  dims: number,
  stride: number[],
  padding: number[],
): number[] {
  for (const [t, what] of [
    [x, 'input'],
    [w, 'weight'],
  ] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: the ${what} must be a Tensor, got ${fmtValue(t)}`);
    requireFloat(op, t, what);
  }
  const layout = dims === 1 ? '[N,C,L]' : '[N,C,H,W]';
  const wLayout = dims === 1 ? '[out,in,K]' : '[out,in,KH,KW]';
  if (x.ndim !== dims + 2) throw new ShapeError(`${op}: expected a ${dims + 2}-D input ${layout}, got ${fmtShape(x.shape)}`);
  if (w.ndim !== dims + 2) throw new ShapeError(`${op}: expected a ${dims + 2}-D weight ${wLayout}, got ${fmtShape(w.shape)}`);
  const C = x.shape[1]!;
  const O = w.shape[0]!;
  if (w.shape[1] !== C)
    throw new ShapeError(`${op}: the weight ${fmtShape(w.shape)} expects ${w.shape[1]} input channels but the input ${fmtShape(x.shape)} has ${C}`);
  if (b !== null && b !== undefined) {
    if (!(b instanceof Tensor)) throw new TypeError(`${op}: the bias must be a Tensor or null, got ${fmtValue(b)}`);
    if (b.ndim !== 1 || b.shape[0] !== O) throw new ShapeError(`${op}: the bias must have shape [${O}] (one per output channel), got ${fmtShape(b.shape)}`);
  }
  return x.shape.slice(2).map((len, i) => {
    const k = w.shape[2 + i]!;
    const out = convOutputSize(len, k, stride[i], padding[i]);
    if (k === 0 || out < 1)
      throw new ShapeError(
        `${op}: the input ${fmtShape(x.shape)} is too small for the kernel ${fmtShape(w.shape.slice(2))}: ` +
          `size ${len} + 2·padding ${padding[i]} is less than the kernel size ${k}`,
      );
    return out;
  });
}

// ── the readable reference: a sliding dot product ──

/** Adds `p` zeros on both sides of `axis` (differentiable: built from concat). */
export function zeroPad(x: Tensor, axis: number, p: number): Tensor {
  if (p === 0) return x;
  const side = x.shape.slice();
  side[axis] = p;
  const z = new Tensor(allocate(x.dtype, side.reduce((a, b) => a * b, 1)), side, x.dtype);
  return concat([z, x, z], axis);
}

/**
 * 1-D convolution written as the formula reads: for each output position t, cut the window
 * x[:, :, t·s … t·s+K−1] and take its dot product with every filter.
 *
 * Shapes: x [N, C, L], w [O, C, K], b [O] or null → y [N, O, L_out].
 */
export function conv1dReference(x: Tensor, w: Tensor, b: Tensor | null = null, options: Conv1dOptions = {}): Tensor {
  const s = integer('conv1d', 'stride', options.stride ?? 1, 1);
  const p = integer('conv1d', 'padding', options.padding ?? 0, 0);
  const [Lout] = checkConv('conv1d', x, w, b, 1, [s], [p]) as [number];
  const [N, C] = x.shape as [number, number, number];
  const [O, , K] = w.shape as [number, number, number];
  const xp = zeroPad(x, 2, p); //                                       [N, C, L+2p]
  const filters = transpose(reshape(w, [O, C * K]), 0, 1); //           [C·K, O]: one filter per column
  const outputs: Tensor[] = [];
  for (let t = 0; t < Lout; t++) {
    const window = reshape(narrow(xp, 2, t * s, K), [N, C * K]); //   [N, C·K]
    outputs.push(matmul(window, filters)); //                           [N, O]: window · each filter
  }
  const y = stack(outputs, 2); //                                       [N, O, L_out]
  return b ? add(y, reshape(b, [1, O, 1])) : y;
}

/**
 * 2-D convolution written as the formula reads: for each output position (i, j), cut the
 * [C, KH, KW] window and take its dot product with every filter.
 *
 * Shapes: x [N, C, H, W], w [O, C, KH, KW], b [O] or null → y [N, O, H_out, W_out].
 */
export function conv2dReference(x: Tensor, w: Tensor, b: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const [sh, sw] = pair('conv2d', 'stride', options.stride ?? 1, 1);
  const [ph, pw] = pair('conv2d', 'padding', options.padding ?? 0, 0);
  const [Hout, Wout] = checkConv('conv2d', x, w, b, 2, [sh, sw], [ph, pw]) as [number, number];
  const [N, C] = x.shape as [number, number];
  const [O, , KH, KW] = w.shape as [number, number, number, number];
  const xp = zeroPad(zeroPad(x, 2, ph), 3, pw); //                      [N, C, H+2ph, W+2pw]
  const filters = transpose(reshape(w, [O, C * KH * KW]), 0, 1); //     [C·KH·KW, O]
  const rows: Tensor[] = [];
  for (let i = 0; i < Hout; i++) {
    const row: Tensor[] = [];
    for (let j = 0; j < Wout; j++) {
      const window = narrow(narrow(xp, 2, i * sh, KH), 3, j * sw, KW); // [N, C, KH, KW]
      row.push(matmul(reshape(window, [N, C * KH * KW]), filters)); //   [N, O]
    }
    rows.push(stack(row, 2)); //                                         [N, O, W_out]
  }
  const y = stack(rows, 2); //                                           [N, O, H_out, W_out]
  return b ? add(y, reshape(b, [1, O, 1, 1])) : y;
}

// ── the fast path: im2col + one matrix product per sample ──

interface Geometry {
  C: number;
  H: number;
  W: number;
  KH: number;
  KW: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  Hout: number;
  Wout: number;
}

/** Copies every window of sample x[n] into a column: cols [C·KH·KW, Hout·Wout] (zeros where the window hangs over the padding). */
function im2col(x: ArrayLike<number>, xOff: number, cols: { [i: number]: number }, g: Geometry): void {
  const { C, H, W, KH, KW, sh, sw, ph, pw, Hout, Wout } = g;
  const P = Hout * Wout;
  for (let c = 0; c < C; c++)
    for (let kh = 0; kh < KH; kh++)
      for (let kw = 0; kw < KW; kw++) {
        const row = ((c * KH + kh) * KW + kw) * P;
        for (let oh = 0; oh < Hout; oh++) {
          const ih = oh * sh - ph + kh;
          const dst = row + oh * Wout;
          if (ih < 0 || ih >= H) {
            for (let ow = 0; ow < Wout; ow++) cols[dst + ow] = 0;
            continue;
          }
          const src = xOff + (c * H + ih) * W;
          for (let ow = 0; ow < Wout; ow++) {
            const iw = ow * sw - pw + kw;
            cols[dst + ow] = iw >= 0 && iw < W ? x[src + iw]! : 0;
          }
        }
      }
}

/** The adjoint of im2col: adds every column entry back onto the input position it was copied from. */
function col2im(cols: ArrayLike<number>, dx: { [i: number]: number }, xOff: number, g: Geometry): void {
  const { C, H, W, KH, KW, sh, sw, ph, pw, Hout, Wout } = g;
  const P = Hout * Wout;
  for (let c = 0; c < C; c++)
    for (let kh = 0; kh < KH; kh++)
      for (let kw = 0; kw < KW; kw++) {
        const row = ((c * KH + kh) * KW + kw) * P;
        for (let oh = 0; oh < Hout; oh++) {
          const ih = oh * sh - ph + kh;
          if (ih < 0 || ih >= H) continue;
          const src = row + oh * Wout;
          const dst = xOff + (c * H + ih) * W;
          for (let ow = 0; ow < Wout; ow++) {
            const iw = ow * sw - pw + kw;
            if (iw >= 0 && iw < W) dx[dst + iw] += cols[src + ow]!;
          }
        }
      }
}

/**
 * 2-D convolution, fast path (im2col + matrix product, hand-written backward). Same result as
 * `conv2dReference`.
 *
 * Shapes: x [N, C, H, W], w [O, C, KH, KW], b [O] or null → y [N, O, H_out, W_out].
 */
export function conv2d(x: Tensor, w: Tensor, b: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const [sh, sw] = pair('conv2d', 'stride', options.stride ?? 1, 1);
  const [ph, pw] = pair('conv2d', 'padding', options.padding ?? 0, 0);
  const [Hout, Wout] = checkConv('conv2d', x, w, b, 2, [sh, sw], [ph, pw]) as [number, number];
  return conv2dFast('conv2d', x, w, b ?? null, sh, sw, ph, pw, Hout, Wout);
}

function conv2dFast(
  op: string,
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  sh: number,
  sw: number,
  ph: number,
  pw: number,
  Hout: number,
  Wout: number,
): Tensor {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, , KH, KW] = w.shape as [number, number, number, number];
  return convOp(op, x, w, b, { N, C, H, W, O, KH, KW, sh, sw, ph, pw, Hout, Wout });
}

/**
 * The convolution of validated operands: the reference below (im2col + one matrix product per
 * sample, hand-written backward), or the WebAssembly kernel (kernels/builtin.ts 'conv', which
 * packs the columns straight into the GEMM and rebuilds them in the backward instead of keeping them).
 */
const convOp = defineOp('conv', {
  inputs: (_op: string, x: Tensor, w: Tensor, b: Tensor | null, _g: ConvGeometry) => (b ? [x, w, b] : [x, w]),
  forward: (op, x, w, b, cg) => {
    const { N, C, H, W, O, KH, KW, Hout, Wout } = cg;
    const geo: Geometry = cg;
    const P = Hout * Wout;
    const CK = C * KH * KW;
    let dtype = floatOf(promote(x.dtype, w.dtype));
    if (b) dtype = promote(dtype, b.dtype);
    const cols = allocate(dtype, N * CK * P); // kept for the backward pass
    const out = allocate(dtype, N * O * P);
    for (let n = 0; n < N; n++) {
      im2col(x.data, n * C * H * W, cols.subarray(n * CK * P, (n + 1) * CK * P), geo);
      matmulKernel(w.data, 0, cols, n * CK * P, out, n * O * P, O, CK, P); // Y_n = W · cols_n
      if (b)
        for (let o = 0; o < O; o++) {
          const bo = b.data[o]!;
          const base = (n * O + o) * P;
          for (let p = 0; p < P; p++) out[base + p] += bo;
        }
    }
    return { out: new Tensor(out, [N, O, Hout, Wout], dtype), saved: { x, w, b, cols, geo, cg }, op };
  },
  backward: (g, { x, w, b, cols, geo, cg }, want) => {
    const { N, C, H, W, O, KH, KW, Hout, Wout } = cg;
    const P = Hout * Wout;
    const CK = C * KH * KW;
    const gd = g.data;
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (want[0]) {
      // ∂L/∂cols_n = Wᵀ · G_n, then scatter the columns back onto x (col2im)
      const wT = allocate(g.dtype, CK * O); //                                [CK, O]
      for (let o = 0; o < O; o++) for (let q = 0; q < CK; q++) wT[q * O + o] = w.data[o * CK + q]!;
      const dcols = allocate(g.dtype, CK * P);
      const dx = allocate(g.dtype, x.size);
      for (let n = 0; n < N; n++) {
        dcols.fill(0);
        matmulKernel(wT, 0, gd, n * O * P, dcols, 0, CK, O, P);
        col2im(dcols, dx, n * C * H * W, geo);
      }
      gx = new Tensor(dx, x.shape, g.dtype);
    }
    if (want[1]) {
      // ∂L/∂W[o, q] = Σ_n Σ_p G_n[o, p] · cols_n[q, p]
      const dw = allocate(g.dtype, O * CK);
      for (let n = 0; n < N; n++)
        for (let o = 0; o < O; o++) {
          const gBase = (n * O + o) * P;
          for (let q = 0; q < CK; q++) {
            const cBase = (n * CK + q) * P;
            let s = 0;
            for (let p = 0; p < P; p++) s += gd[gBase + p]! * cols[cBase + p]!;
            dw[o * CK + q] += s;
          }
        }
      gw = new Tensor(dw, w.shape, g.dtype);
    }
    if (b && want[2]) {
      const db = allocate(g.dtype, O);
      for (let n = 0; n < N; n++)
        for (let o = 0; o < O; o++) {
          const base = (n * O + o) * P;
          let s = 0;
          for (let p = 0; p < P; p++) s += gd[base + p]!;
          db[o] += s;
        }
      gb = new Tensor(db, [O], g.dtype);
    }
    return b ? [gx, gw, gb] : [gx, gw];
  },
});

/**
 * 1-D convolution, fast path: a 2-D convolution over an input of height 1 (the reshapes share
 * storage). Same result as `conv1dReference`.
 *
 * Shapes: x [N, C, L], w [O, C, K], b [O] or null → y [N, O, L_out].
 */
export function conv1d(x: Tensor, w: Tensor, b: Tensor | null = null, options: Conv1dOptions = {}): Tensor {
  const s = integer('conv1d', 'stride', options.stride ?? 1, 1);
  const p = integer('conv1d', 'padding', options.padding ?? 0, 0);
  const [Lout] = checkConv('conv1d', x, w, b, 1, [s], [p]) as [number];
  const [N, C, L] = x.shape as [number, number, number];
  const [O, , K] = w.shape as [number, number, number];
  const y = conv2dFast('conv1d', reshape(x, [N, C, 1, L]), reshape(w, [O, C, 1, K]), b ?? null, 1, s, 0, p, 1, Lout);
  return reshape(y, [N, O, Lout]);
}
