/**
 * im2col and its adjoint col2im for f32 convolutions (the TypeScript originals, which read the
 * same, are in src/ops/conv.ts). One sample x [C, H, W]; cols [C·KH·KW, Hout·Wout], row
 * (c, kh, kw) holding x[c, oh·sh − ph + kh, ow·sw − pw + kw] at column (oh, ow), 0 in the padding.
 * Doing them here lets a convolution keep its columns in WebAssembly memory (and in cache) next
 * to the GEMM that consumes them, instead of copying them in from JavaScript.
 */
import { KC, MC, MR, NC, NR, macro, packA } from './gemm';
import { rowBias } from './elementwise';

export function im2col(
  x: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Hout: i32, Wout: i32, cols: usize,
): void {
  const P = Hout * Wout;
  for (let c = 0; c < C; c++)
    for (let kh = 0; kh < KH; kh++)
      for (let kw = 0; kw < KW; kw++) {
        const row = cols + <usize>(((c * KH + kh) * KW + kw) * P) * 4;
        // the output columns whose input column iw = ow·sw − pw + kw lies in [0, W)
        let lo = 0;
        while (lo < Wout && lo * sw - pw + kw < 0) lo++;
        let hi = Wout;
        while (hi > lo && (hi - 1) * sw - pw + kw >= W) hi--;
        for (let oh = 0; oh < Hout; oh++) {
          const ih = oh * sh - ph + kh;
          const dst = row + <usize>(oh * Wout) * 4;
          if (ih < 0 || ih >= H) {
            memory.fill(dst, 0, <usize>Wout * 4);
            continue;
          }
          const src = x + <usize>((c * H + ih) * W) * 4;
          if (lo > 0) memory.fill(dst, 0, <usize>lo * 4);
          if (sw == 1) memory.copy(dst + <usize>lo * 4, src + <usize>(lo - pw + kw) * 4, <usize>(hi - lo) * 4);
          else for (let ow = lo; ow < hi; ow++) store<f32>(dst + <usize>ow * 4, load<f32>(src + <usize>(ow * sw - pw + kw) * 4));
          if (hi < Wout) memory.fill(dst + <usize>hi * 4, 0, <usize>(Wout - hi) * 4);
        }
      }
}

/** dx[c, ih, iw] += cols[(c, kh, kw), (oh, ow)] for every window position: the adjoint of im2col. */
export function col2im(
  cols: usize, C: i32, H: i32, W: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Hout: i32, Wout: i32, dx: usize,
): void {
  const P = Hout * Wout;
  for (let c = 0; c < C; c++)
    for (let kh = 0; kh < KH; kh++)
      for (let kw = 0; kw < KW; kw++) {
        const row = cols + <usize>(((c * KH + kh) * KW + kw) * P) * 4;
        let lo = 0;
        while (lo < Wout && lo * sw - pw + kw < 0) lo++;
        let hi = Wout;
        while (hi > lo && (hi - 1) * sw - pw + kw >= W) hi--;
        for (let oh = 0; oh < Hout; oh++) {
          const ih = oh * sh - ph + kh;
          if (ih < 0 || ih >= H) continue;
          const src = row + <usize>(oh * Wout) * 4;
          const dst = dx + <usize>((c * H + ih) * W) * 4;
          if (sw == 1) {
            const d0 = dst + <usize>(lo - pw + kw) * 4;
            const s0 = src + <usize>lo * 4;
            const n = hi - lo;
            const n4 = n & ~3;
            let j = 0;
            for (; j < n4; j += 4) {
              const o = <usize>j * 4;
              v128.store(d0 + o, f32x4.add(v128.load(d0 + o), v128.load(s0 + o)));
            }
            for (; j < n; j++) {
              const o = <usize>j * 4;
              store<f32>(d0 + o, load<f32>(d0 + o) + load<f32>(s0 + o));
            }
          } else {
            for (let ow = lo; ow < hi; ow++) {
              const d = dst + <usize>(ow * sw - pw + kw) * 4;
              store<f32>(d, load<f32>(d) + load<f32>(src + <usize>ow * 4));
            }
          }
        }
      }
}

/**
 * Packs rows [q0, q0+kc) × columns [p0, p0+nc) of one sample's im2col matrix straight from the
 * sample x [C, H, W] into the GEMM's B panels (nr = 8 or 12 columns wide, zero-padded; see packB in
 * gemm.ts), so the columns are never written out as a matrix of their own. Row q = (c, kh, kw),
 * column p = (oh, ow). A panel whose nr output positions lie in one output row, with stride 1 and
 * the whole input window inside the row, is nr/4 vector loads per q.
 */
function packCols(
  kc: i32, nc: i32, q0: i32, p0: i32, x: usize, H: i32, W: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Wout: i32, dst: usize, offs: usize, nr: i32,
): void {
  // offs[q] = where row q = (c, kh, kw) of the window starts, relative to its top-left corner
  {
    let kw = q0 % KW, kh = (q0 / KW) % KH, c = q0 / (KW * KH);
    for (let q = 0; q < kc; q++) {
      store<i32>(offs + <usize>q * 4, ((c * H + kh) * W + kw) * 4);
      if (++kw == KW) {
        kw = 0;
        if (++kh == KH) {
          kh = 0;
          c++;
        }
      }
    }
  }
  for (let j0 = 0; j0 < nc; j0 += nr) {
    const cols = min(nr, nc - j0);
    const panel = dst + <usize>(j0 * kc) * 4;
    const p = p0 + j0;
    const oh = p / Wout, ow = p % Wout;
    const ih0 = oh * sh - ph, iw0 = ow - pw;
    let d = panel;
    if (cols == nr && ow + nr <= Wout && sw == 1 && ih0 >= 0 && ih0 + KH <= H && iw0 >= 0 && iw0 + KW - 1 + nr <= W) {
      // the nr windows lie in one output row and wholly inside the input: nr/4 vector loads per row q
      const corner = x + <usize>(ih0 * W + iw0) * 4;
      for (let q = 0; q < kc; q++) {
        const src = corner + <usize>load<i32>(offs + <usize>q * 4);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        if (nr == 12) v128.store(d, v128.load(src, 32), 32);
        d += <usize>nr * 4;
      }
      continue;
    }
    let kw = q0 % KW, kh = (q0 / KW) % KH, c = q0 / (KW * KH);
    for (let q = 0; q < kc; q++) {
      for (let j = 0; j < nr; j++) {
        let v: f32 = 0;
        if (j < cols) {
          const pj = p + j;
          const ih = (pj / Wout) * sh - ph + kh, iw = (pj % Wout) * sw - pw + kw;
          if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = load<f32>(x + <usize>((c * H + ih) * W + iw) * 4);
        }
        store<f32>(d + <usize>j * 4, v);
      }
      d += <usize>nr * 4;
      if (++kw == KW) {
        kw = 0;
        if (++kh == KH) {
          kh = 0;
          c++;
        }
      }
    }
  }
}

/** Rows and columns of the second micro-kernel's tile (used when O is a multiple of 4). */
const MR4: i32 = 4;
const NR12: i32 = 12;
/** Columns per B block for the 4×12 tiles: a multiple of 12 that fits the packed-B scratch (KC·NC). */
const NC12: i32 = 2040;

/**
 * Stores the transpose of the 4×4 block whose rows are r0…r3 as four vectors at d, d + step,
 * d + 2·step, d + 3·step: vector i holds lane i of r0, r1, r2, r3.
 */
// @ts-ignore: decorator
@inline
function storeTransposed(r0: v128, r1: v128, r2: v128, r3: v128, d: usize, step: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(d + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(d + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/** Packs rows [0, mc) × columns [0, kc) of the row-major A (row stride lda) into panels of 4 rows, zero-padded. */
function packA4(mc: i32, kc: i32, a: usize, lda: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR4) {
    const rows = min(MR4, mc - i0);
    let d = dst + <usize>(i0 * kc) * 4;
    let p = 0;
    if (rows == MR4) {
      // four columns at a time: load 4×4 from the rows, store it transposed
      const a0 = a + <usize>(i0 * lda) * 4, ld = <usize>lda * 4;
      for (; p + 4 <= kc; p += 4) {
        const s = a0 + <usize>p * 4;
        storeTransposed(v128.load(s), v128.load(s + ld), v128.load(s + 2 * ld), v128.load(s + 3 * ld), d, 16);
        d += 4 * MR4 * 4;
      }
    }
    for (; p < kc; p++) {
      for (let r = 0; r < MR4; r++)
        store<f32>(d + <usize>r * 4, r < rows ? load<f32>(a + <usize>((i0 + r) * lda + p) * 4) : 0);
      d += MR4 * 4;
    }
  }
}

/**
 * A 4×12 micro-kernel: the same arithmetic as gemm's 6×8 one (12 accumulators, 96 flops per step
 * of p), but it loads three vectors of B and broadcasts four numbers of A. With 4-row panels an
 * output-channel count that is a multiple of 4 (32, 64, …) fills every tile, where 6-row panels
 * would leave 4 of 36 rows empty for O = 32.
 */
// @ts-ignore: decorator
@inline
function micro4x12(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, overwrite: bool, bias: usize): void {
  // the accumulators start at the tile's four bias values (bias = 0: at zero)
  const z = f32x4.splat(0);
  const b0i = bias ? v128.load32_splat(bias) : z, b1i = bias ? v128.load32_splat(bias, 4) : z;
  const b2i = bias ? v128.load32_splat(bias, 8) : z, b3i = bias ? v128.load32_splat(bias, 12) : z;
  let c00 = b0i, c01 = b0i, c02 = b0i;
  let c10 = b1i, c11 = b1i, c12 = b1i;
  let c20 = b2i, c21 = b2i, c22 = b2i;
  let c30 = b3i, c31 = b3i, c32 = b3i;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    let av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    c02 = f32x4.add(c02, f32x4.mul(av, b2));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    c12 = f32x4.add(c12, f32x4.mul(av, b2));
    av = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    c22 = f32x4.add(c22, f32x4.mul(av, b2));
    av = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    c32 = f32x4.add(c32, f32x4.mul(av, b2));
    pa += MR4 * 4;
    pb += NR12 * 4;
  }
  const ld = <usize>ldc * 4;
  if (overwrite) {
    v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c02, 32); c += ld;
    v128.store(c, c10); v128.store(c, c11, 16); v128.store(c, c12, 32); c += ld;
    v128.store(c, c20); v128.store(c, c21, 16); v128.store(c, c22, 32); c += ld;
    v128.store(c, c30); v128.store(c, c31, 16); v128.store(c, c32, 32);
  } else {
    v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16); v128.store(c, f32x4.add(v128.load(c, 32), c02), 32); c += ld;
    v128.store(c, f32x4.add(v128.load(c), c10)); v128.store(c, f32x4.add(v128.load(c, 16), c11), 16); v128.store(c, f32x4.add(v128.load(c, 32), c12), 32); c += ld;
    v128.store(c, f32x4.add(v128.load(c), c20)); v128.store(c, f32x4.add(v128.load(c, 16), c21), 16); v128.store(c, f32x4.add(v128.load(c, 32), c22), 32); c += ld;
    v128.store(c, f32x4.add(v128.load(c), c30)); v128.store(c, f32x4.add(v128.load(c, 16), c31), 16); v128.store(c, f32x4.add(v128.load(c, 32), c32), 32);
  }
}

/**
 * gemm's macro-kernel for 4×12 tiles: the mc×nc block of C at c gets packed A times packed B.
 * bias (0 for none) points at mc numbers, row i's added to every entry of row i (convForward only
 * calls it with mc a multiple of 4, so no tile reads past them).
 */
function macro4x12(mc: i32, nc: i32, kc: i32, pA: usize, pB: usize, c: usize, ldc: i32, first: bool, tile: usize, bias: usize): void {
  for (let jr = 0; jr < nc; jr += NR12) {
    const nr = min(NR12, nc - jr);
    const pb = pB + <usize>(jr * kc) * 4;
    for (let ir = 0; ir < mc; ir += MR4) {
      const mr = min(MR4, mc - ir);
      const pa = pA + <usize>(ir * kc) * 4;
      const cij = c + <usize>(ir * ldc + jr) * 4;
      if (mr == MR4 && nr == NR12) {
        micro4x12(kc, pa, pb, cij, ldc, first, bias ? bias + <usize>ir * 4 : 0);
      } else {
        // edge tile: the full tile into scratch, then the part that exists
        micro4x12(kc, pa, pb, tile, NR12, true, bias ? bias + <usize>ir * 4 : 0);
        for (let i = 0; i < mr; i++) {
          const crow = cij + <usize>(i * ldc) * 4;
          const trow = tile + <usize>(i * NR12) * 4;
          if (first) for (let j = 0; j < nr; j++) store<f32>(crow + <usize>j * 4, load<f32>(trow + <usize>j * 4));
          else for (let j = 0; j < nr; j++) store<f32>(crow + <usize>j * 4, load<f32>(crow + <usize>j * 4) + load<f32>(trow + <usize>j * 4));
        }
      }
    }
  }
}

/**
 * The whole forward pass of a convolution: for every sample n,
 *   y_n [O, P] = w [O, C·KH·KW] · im2col(x_n) + b   (b broadcast along P; bias = 0 for none)
 * with x [N, C, H, W] and y [N, O, Hout·Wout] contiguous. Runs the GEMM's blocking and
 * micro-kernel with B packed straight from x (packCols), so nothing but y is written.
 */
export function convForward(
  x: usize, N: i32, C: i32, H: i32, W: i32, O: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Hout: i32, Wout: i32,
  w: usize, bias: usize, y: usize, work: usize,
): void {
  const P = Hout * Wout, CK = C * KH * KW;
  const pA = work;
  const pB = work + <usize>(MC * KC) * 4;
  const tile = pB + <usize>(KC * NC) * 4;
  const offs = tile + <usize>(MR * NR) * 4;
  for (let n = 0; n < N; n++) {
    const xn = x + <usize>(n * C * H * W) * 4;
    const yn = y + <usize>(n * O * P) * 4;
    if (O % MR4 == 0) {
      for (let jc = 0; jc < P; jc += NC12) {
        const nc = min(NC12, P - jc);
        for (let pc = 0; pc < CK; pc += KC) {
          const kc = min(KC, CK - pc);
          packCols(kc, nc, pc, jc, xn, H, W, KH, KW, sh, sw, ph, pw, Wout, pB, offs, NR12);
          for (let ic = 0; ic < O; ic += MC) {
            const mc = min(MC, O - ic);
            packA4(mc, kc, w + <usize>(ic * CK + pc) * 4, CK, pA);
            // the bias enters with the first block of k only
            macro4x12(mc, nc, kc, pA, pB, yn + <usize>(ic * P + jc) * 4, P, pc == 0, tile, pc == 0 && bias ? bias + <usize>ic * 4 : 0);
          }
        }
      }
    } else {
      for (let jc = 0; jc < P; jc += NC) {
        const nc = min(NC, P - jc);
        for (let pc = 0; pc < CK; pc += KC) {
          const kc = min(KC, CK - pc);
          packCols(kc, nc, pc, jc, xn, H, W, KH, KW, sh, sw, ph, pw, Wout, pB, offs, NR);
          for (let ic = 0; ic < O; ic += MC) {
            const mc = min(MC, O - ic);
            packA(mc, kc, w + <usize>(ic * CK + pc) * 4, CK, 1, pA);
            macro(mc, nc, kc, pA, pB, yn + <usize>(ic * P + jc) * 4, P, pc == 0, tile);
          }
        }
      }
      if (bias) rowBias(yn, bias, O, P);
    }
  }
}

/**
 * convForward with its 18 arguments read from memory (i32s at args, in convForward's order): the
 * worker pool's entry point, whose control block has no room for them all.
 */
export function convForwardArgs(args: usize): void {
  convForward(
    <usize>load<i32>(args), load<i32>(args, 4), load<i32>(args, 8), load<i32>(args, 12), load<i32>(args, 16),
    load<i32>(args, 20), load<i32>(args, 24), load<i32>(args, 28), load<i32>(args, 32), load<i32>(args, 36),
    load<i32>(args, 40), load<i32>(args, 44), load<i32>(args, 48), load<i32>(args, 52),
    <usize>load<i32>(args, 56), <usize>load<i32>(args, 60), <usize>load<i32>(args, 64), <usize>load<i32>(args, 68),
  );
}

/**
 * Packs rows [p0, p0+kc) × columns [q0, q0+nc) of the transposed im2col matrix colsᵀ [P, C·KH·KW]
 * of one sample x [C, H, W] into 12-wide B panels: row p = (oh, ow), column q = (c, kh, kw),
 * entry x[c, oh·sh − ph + kh, ow·sw − pw + kw] (0 in the padding). offs holds nc byte offsets.
 */
function packColsT(
  kc: i32, nc: i32, p0: i32, q0: i32, x: usize, H: i32, W: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Wout: i32, dst: usize, offs: usize,
): void {
  for (let j = 0; j < nc; j++) {
    const q = q0 + j;
    store<i32>(offs + <usize>j * 4, (((q / (KH * KW)) * H + (q / KW) % KH) * W + q % KW) * 4);
  }
  for (let j0 = 0; j0 < nc; j0 += NR12) {
    const cols = min(NR12, nc - j0);
    let d = dst + <usize>(j0 * kc) * 4;
    const off = offs + <usize>j0 * 4;
    let oh = p0 / Wout, ow = p0 % Wout;
    for (let r = 0; r < kc; r++) {
      const ih0 = oh * sh - ph, iw0 = ow * sw - pw;
      if (cols == NR12 && sw == 1 && r + 4 <= kc && ow + 4 <= Wout && ih0 >= 0 && ih0 + KH <= H && iw0 >= 0 && iw0 + 3 + KW <= W) {
        // four rows p … p+3 in one output row, all windows inside: per 4 columns, load 4×4 and store it transposed
        const base = x + <usize>(ih0 * W + iw0) * 4;
        for (let j = 0; j < NR12; j += 4) {
          const o = off + <usize>j * 4;
          storeTransposed(
            v128.load(base + <usize>load<i32>(o)), v128.load(base + <usize>load<i32>(o, 4)),
            v128.load(base + <usize>load<i32>(o, 8)), v128.load(base + <usize>load<i32>(o, 12)),
            d + <usize>j * 4, NR12 * 4,
          );
        }
        d += 4 * NR12 * 4;
        r += 3;
        ow += 4;
        if (ow == Wout) {
          ow = 0;
          oh++;
        }
        continue;
      }
      if (cols == NR12 && ih0 >= 0 && ih0 + KH <= H && iw0 >= 0 && iw0 + KW <= W) {
        // every window of the row lies inside the input: no bounds to check
        const base = x + <usize>(ih0 * W + iw0) * 4;
        for (let j = 0; j < NR12; j++) store<f32>(d + <usize>j * 4, load<f32>(base + <usize>load<i32>(off + <usize>j * 4)));
      } else {
        for (let j = 0; j < NR12; j++) {
          let v: f32 = 0;
          if (j < cols) {
            const q = q0 + j0 + j;
            const ih = ih0 + (q / KW) % KH, iw = iw0 + q % KW;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = load<f32>(x + <usize>(((q / (KH * KW)) * H + ih) * W + iw) * 4);
          }
          store<f32>(d + <usize>j * 4, v);
        }
      }
      d += NR12 * 4;
      if (++ow == Wout) {
        ow = 0;
        oh++;
      }
    }
  }
}

/**
 * The weight gradient of a convolution in one call, for O a multiple of 4:
 *   dw [O, C·KH·KW] = Σ_n G_n [O, P] · im2col(x_n)ᵀ [P, C·KH·KW]
 * one GEMM whose inner dimension runs over every (sample, position) pair, with colsᵀ packed
 * straight from x (packColsT) and the 4×12 micro-kernel. dw is overwritten.
 */
export function convWeightGrad(
  x: usize, N: i32, C: i32, H: i32, W: i32, O: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Hout: i32, Wout: i32,
  g: usize, dw: usize, work: usize,
): void {
  const P = Hout * Wout, CK = C * KH * KW;
  const pA = work;
  const pB = work + <usize>(MC * KC) * 4;
  const tile = pB + <usize>(KC * NC) * 4;
  const offs = tile + <usize>(MR * NR) * 4;
  for (let jc = 0; jc < CK; jc += NC12) {
    const nc = min(NC12, CK - jc);
    for (let n = 0; n < N; n++) {
      const xn = x + <usize>(n * C * H * W) * 4;
      for (let pc = 0; pc < P; pc += KC) {
        const kc = min(KC, P - pc);
        packColsT(kc, nc, pc, jc, xn, H, W, KH, KW, sh, sw, ph, pw, Wout, pB, offs);
        for (let ic = 0; ic < O; ic += MC) {
          const mc = min(MC, O - ic);
          packA4(mc, kc, g + <usize>((n * O + ic) * P + pc) * 4, P, pA);
          macro4x12(mc, nc, kc, pA, pB, dw + <usize>(ic * CK + jc) * 4, CK, n == 0 && pc == 0, tile, 0);
        }
      }
    }
  }
}
