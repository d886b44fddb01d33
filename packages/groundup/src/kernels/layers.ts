/**
 * Whole layer passes in WebAssembly memory: each function copies its operands in once, runs every
 * kernel of the pass on them there (GEMMs with transpose flags, the bias/ReLU epilogues, im2col),
 * and copies the results out once. They are the bodies of the 'linear' and 'conv' kernels
 * (kernels/builtin.ts), which decide when they apply; the runtime is loaded when they are called.
 *
 * Dense layer, x [R, I], W [O, I], b [O]:
 *   forward   Y = x·Wᵀ + b  (then max(0, ·) with relu)
 *   backward  G ← G ⊙ [Y > 0] (relu),  ∂x = G·W,  ∂W = Gᵀ·x,  ∂b = Σ_rows G
 *
 * Convolution, per sample n, cols_n = im2col(x_n) [CK, P], W [O, CK]:
 *   forward   Y_n = W·cols_n + b   (one kernel call, asm/conv.ts convForward: the columns are packed
 *             straight from x into the GEMM's panels; samples split over the worker pool)
 *   backward  ∂W = Σ_n G_n·cols_nᵀ,  ∂x_n = col2im(Wᵀ·G_n),  ∂b[o] = Σ_{n,p} G_n[o, p]
 *             (with stride 1, ∂x is computed as a convolution of G with the flipped filters instead)
 * The columns are rebuilt in the backward pass instead of being kept: one sample's columns at a
 * time live in the arena, so memory does not scale with the batch.
 */
import { activeRuntime, gemmInMemory } from './gemm.js';
import { pool } from './pool.js';
import { MAX_THREADS, type Runtime, plainRuntime } from './runtime.js';
import { THREAD_MIN_WORK } from './thresholds.js';

/** Y [R, O] = x [R, I] · Wᵀ + b, optionally ReLU'd. */
export function linearForward(
  x: Float32Array, w: Float32Array, b: Float32Array | null, R: number, I: number, O: number, relu: boolean,
): Float32Array {
  const rt = activeRuntime()!;
  const [X, Wp, B, Y] = rt.regions(R * I, O * I, O, R * O) as [number, number, number, number];
  rt.put(X, x);
  rt.put(Wp, w);
  // Y = X·Wᵀ: W read through swapped strides (row stride 1, column stride I)
  gemmInMemory(rt, R, O, I, X, I, 1, Wp, 1, I, Y, O, 0);
  if (b) {
    rt.put(B, b);
    rt.exports.biasRelu(Y, B, R, O, relu ? 1 : 0);
  } else if (relu) {
    rt.f32.fill(0, B >> 2, (B >> 2) + O);
    rt.exports.biasRelu(Y, B, R, O, 1);
  }
  return rt.take(Y, R * O);
}

export interface LinearGrads {
  dx: Float32Array | null;
  dw: Float32Array | null;
  db: Float32Array | null;
}

/** The three gradients of a dense layer from G = ∂L/∂Y [R, O] (y: the layer's output, for the ReLU mask). */
export function linearBackward(
  g: Float32Array, x: Float32Array, w: Float32Array, y: Float32Array | null,
  R: number, I: number, O: number,
  want: { x: boolean; w: boolean; b: boolean },
): LinearGrads {
  const rt = activeRuntime()!;
  const [G, Yp, X, Wp, DX, DW, DB] = rt.regions(R * O, y ? R * O : 0, want.w ? R * I : 0, want.x ? O * I : 0, want.x ? R * I : 0, want.w ? O * I : 0, O) as number[] as [
    number, number, number, number, number, number, number,
  ];
  rt.put(G, g);
  if (y) {
    rt.put(Yp, y);
    rt.exports.reluMask(G, Yp, R * O);
  }
  const out: LinearGrads = { dx: null, dw: null, db: null };
  if (want.x) {
    rt.put(Wp, w);
    gemmInMemory(rt, R, I, O, G, O, 1, Wp, I, 1, DX, I, 0); // ∂x = G·W
    out.dx = rt.take(DX, R * I);
  }
  if (want.w) {
    rt.put(X, x);
    gemmInMemory(rt, O, I, R, G, 1, O, X, I, 1, DW, I, 0); // ∂W = Gᵀ·x: G read transposed
    out.dw = rt.take(DW, O * I);
  }
  if (want.b) {
    rt.exports.colSum(G, R, O, DB);
    out.db = rt.take(DB, O);
  }
  return out;
}

/** Geometry of a 2-D convolution (a 1-D one has H = KH = 1). */
export interface ConvGeometry {
  N: number;
  C: number;
  H: number;
  W: number;
  O: number;
  KH: number;
  KW: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  Hout: number;
  Wout: number;
}

function convSizes(g: ConvGeometry) {
  const P = g.Hout * g.Wout, CK = g.C * g.KH * g.KW, X = g.C * g.H * g.W;
  return { P, CK, X };
}

/** y [N, O, P] = W·im2col(x_n) + b for every sample. */
export function convForward(x: Float32Array, w: Float32Array, b: Float32Array | null, g: ConvGeometry): Float32Array {
  const { P, CK, X: xs } = convSizes(g);
  const rt = activeRuntime()!;
  const [Xp, Wp, B, Y, ARGS] = rt.regions(g.N * xs, g.O * CK, g.O, g.N * g.O * P, MAX_THREADS * 18) as [number, number, number, number, number];
  rt.put(Xp, x);
  rt.put(Wp, w);
  if (b) rt.put(B, b);
  // im2col is fused into the GEMM's packing of B: the columns are never written out
  runConv(rt, Xp, g, Wp, b ? B : 0, Y, ARGS);
  return rt.take(Y, g.N * g.O * P);
}

/** The kernel's convForward on pointers in rt's memory, whole samples per thread when the pool is up and each gets enough work. */
function runConv(rt: Runtime, x: number, g: ConvGeometry, w: number, b: number, y: number, argsRegion: number): void {
  const args = [x, g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw, g.Hout, g.Wout, w, b, y, rt.work(0)] as const;
  const p = pool();
  const perSample = g.O * g.C * g.KH * g.KW * g.Hout * g.Wout;
  if (p && p.runtime === rt && g.N >= 2 && perSample * Math.floor(g.N / p.threads) >= THREAD_MIN_WORK) p.convSplit(args, argsRegion);
  else rt.exports.convForward(...args);
}

/**
 * With stride 1 and padding p < K on each axis, the input gradient of a convolution is itself a
 * convolution: of G [N, O, Hout, Wout] with the filters flipped in space and with their two
 * channel axes swapped, W'[c, o, i, j] = W[o, c, KH−1−i, KW−1−j], padded by K − 1 − p:
 *   ∂x[n, c, h, v] = Σ_{o,i,j} W[o, c, i, j] · G[n, o, h + p_h − i, v + p_w − j]
 * Its output is H + 0 = Hout + 2(KH−1−p_h) − KH + 1 wide, i.e. the input's size. Null where the
 * shortcut does not apply.
 */
function dxGeometry(g: ConvGeometry): ConvGeometry | null {
  if (g.sh !== 1 || g.sw !== 1 || g.ph > g.KH - 1 || g.pw > g.KW - 1) return null;
  return { N: g.N, C: g.O, H: g.Hout, W: g.Wout, O: g.C, KH: g.KH, KW: g.KW, sh: 1, sw: 1, ph: g.KH - 1 - g.ph, pw: g.KW - 1 - g.pw, Hout: g.H, Wout: g.W };
}

/** W'[c, o, i, j] = W[o, c, KH−1−i, KW−1−j] (see dxGeometry), written into rt's memory at ptr. */
function putFlipped(rt: Runtime, ptr: number, w: Float32Array, g: ConvGeometry): void {
  const f = rt.f32, base = ptr >> 2, kk = g.KH * g.KW;
  for (let o = 0; o < g.O; o++)
    for (let c = 0; c < g.C; c++) {
      const src = (o * g.C + c) * kk, dst = base + (c * g.O + o) * kk;
      for (let t = 0; t < kk; t++) f[dst + kk - 1 - t] = w[src + t]!;
    }
}

/** The gradients of a convolution from G = ∂L/∂y [N, O, P]. */
export function convBackward(
  gy: Float32Array, x: Float32Array, w: Float32Array, g: ConvGeometry,
  want: { x: boolean; w: boolean; b: boolean },
): LinearGrads {
  const { P, CK, X: xs } = convSizes(g);
  const rt = activeRuntime()!;
  const dg = want.x ? dxGeometry(g) : null;
  const [G, Xp, Wp, COLS, DX, DW, DB, ARGS] = rt.regions(
    g.N * g.O * P, want.w ? g.N * xs : 0, want.x ? g.O * CK : 0, want.x && !dg ? CK * P : 0, want.x ? g.N * xs : 0, want.w ? g.O * CK : 0, g.O, MAX_THREADS * 18,
  ) as [number, number, number, number, number, number, number, number];
  rt.put(G, gy);
  const out: LinearGrads = { dx: null, dw: null, db: null };
  if (want.w) {
    rt.put(Xp, x);
    // one GEMM over every (sample, position), the columns packed straight from x
    rt.exports.convWeightGrad(Xp, g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw, g.Hout, g.Wout, G, DW, rt.work(0));
    out.dw = rt.take(DW, g.O * CK);
  }
  if (want.x) {
    if (dg) {
      // ∂x as the convolution of G with the flipped filters: no columns, no col2im
      putFlipped(rt, Wp, w, g);
      runConv(rt, G, dg, Wp, 0, DX, ARGS);
    } else {
      rt.put(Wp, w);
      rt.f32.fill(0, DX >> 2, (DX >> 2) + g.N * xs);
      for (let n = 0; n < g.N; n++) {
        // ∂cols_n = Wᵀ · G_n: W read transposed; then scattered back onto the sample
        gemmInMemory(rt, CK, P, g.O, Wp, 1, CK, G + n * g.O * P * 4, P, 1, COLS, P, 0);
        rt.exports.col2im(COLS, g.C, g.H, g.W, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw, g.Hout, g.Wout, DX + n * xs * 4);
      }
    }
    out.dx = rt.take(DX, g.N * xs);
  }
  if (want.b) {
    for (let n = 0; n < g.N; n++) rt.exports.rowSum(G + n * g.O * P * 4, g.O, P, DB, n > 0 ? 1 : 0);
    out.db = rt.take(DB, g.O);
  }
  return out;
}
