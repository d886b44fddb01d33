/**
 * im2col and its adjoint col2im for f32 convolutions (the TypeScript originals, which read the
 * same, are in src/ops/conv.ts). One sample x [C, H, W]; cols [C·KH·KW, Hout·Wout], row
 * (c, kh, kw) holding x[c, oh·sh − ph + kh, ow·sw − pw + kw] at column (oh, ow), 0 in the padding.
 * Doing them here lets a convolution keep its columns in WebAssembly memory (and in cache) next
 * to the GEMM that consumes them, instead of copying them in from JavaScript.
 */
import { KC, MC, MR, NC, NR, macro, packA, storeTransposed } from './gemm';

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
 * sample x [C, H, W] into the GEMM's B panels (NR columns wide, zero-padded; see packB in
 * gemm.ts), so the columns are never written out as a matrix of their own. Row q = (c, kh, kw),
 * column p = (oh, ow). A panel whose NR output positions lie in one output row, with stride 1 and
 * the whole input window inside the row, is NR/4 vector loads per q.
 */
function packCols(
  kc: i32, nc: i32, q0: i32, p0: i32, x: usize, H: i32, W: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Wout: i32, dst: usize, offs: usize,
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
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const panel = dst + <usize>(j0 * kc) * 4;
    const p = p0 + j0;
    const oh = p / Wout, ow = p % Wout;
    const ih0 = oh * sh - ph, iw0 = ow - pw;
    let d = panel;
    if (cols == NR && ow + NR <= Wout && sw == 1 && ih0 >= 0 && ih0 + KH <= H && iw0 >= 0 && iw0 + KW - 1 + NR <= W) {
      // the NR windows lie in one output row and wholly inside the input: NR/4 vector loads per row q
      const corner = x + <usize>(ih0 * W + iw0) * 4;
      for (let q = 0; q < kc; q++) {
        const src = corner + <usize>load<i32>(offs + <usize>q * 4);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        d += NR * 4;
      }
      continue;
    }
    let kw = q0 % KW, kh = (q0 / KW) % KH, c = q0 / (KW * KH);
    for (let q = 0; q < kc; q++) {
      for (let j = 0; j < NR; j++) {
        let v: f32 = 0;
        if (j < cols) {
          const pj = p + j;
          const ih = (pj / Wout) * sh - ph + kh, iw = (pj % Wout) * sw - pw + kw;
          if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = load<f32>(x + <usize>((c * H + ih) * W + iw) * 4);
        }
        store<f32>(d + <usize>j * 4, v);
      }
      d += NR * 4;
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
    for (let jc = 0; jc < P; jc += NC) {
      const nc = min(NC, P - jc);
      for (let pc = 0; pc < CK; pc += KC) {
        const kc = min(KC, CK - pc);
        packCols(kc, nc, pc, jc, xn, H, W, KH, KW, sh, sw, ph, pw, Wout, pB, offs);
        for (let ic = 0; ic < O; ic += MC) {
          const mc = min(MC, O - ic);
          packA(mc, kc, w + <usize>(ic * CK + pc) * 4, CK, 1, pA);
          // the bias enters as the accumulators' start, with the first block of k only
          macro(mc, nc, kc, pA, pB, yn + <usize>(ic * P + jc) * 4, P, pc == 0, tile, pc == 0 && bias ? bias + <usize>ic * 4 : 0);
        }
      }
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
 * of one sample x [C, H, W] into B panels NR wide: row p = (oh, ow), column q = (c, kh, kw),
 * entry x[c, oh·sh − ph + kh, ow·sw − pw + kw] (0 in the padding). offs has room for nc offsets.
 */
function packColsT(
  kc: i32, nc: i32, p0: i32, q0: i32, x: usize, H: i32, W: i32, KH: i32, KW: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Wout: i32, dst: usize, offs: usize,
): void {
  for (let j = 0; j < nc; j++) {
    const q = q0 + j;
    store<i32>(offs + <usize>j * 4, (((q / (KH * KW)) * H + (q / KW) % KH) * W + q % KW) * 4);
  }
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    let d = dst + <usize>(j0 * kc) * 4;
    const off = offs + <usize>j0 * 4;
    let oh = p0 / Wout, ow = p0 % Wout;
    for (let r = 0; r < kc; r++) {
      const ih0 = oh * sh - ph, iw0 = ow * sw - pw;
      if (cols == NR && sw == 1 && r + 4 <= kc && ow + 4 <= Wout && ih0 >= 0 && ih0 + KH <= H && iw0 >= 0 && iw0 + 3 + KW <= W) {
        // four rows p … p+3 in one output row, all windows inside: per 4 columns, load 4×4 and store it transposed
        const base = x + <usize>(ih0 * W + iw0) * 4;
        for (let j = 0; j < NR; j += 4) {
          const o = off + <usize>j * 4;
          storeTransposed(
            v128.load(base + <usize>load<i32>(o)), v128.load(base + <usize>load<i32>(o, 4)),
            v128.load(base + <usize>load<i32>(o, 8)), v128.load(base + <usize>load<i32>(o, 12)),
            d + <usize>j * 4, NR * 4,
          );
        }
        d += 4 * NR * 4;
        r += 3;
        ow += 4;
        if (ow == Wout) {
          ow = 0;
          oh++;
        }
        continue;
      }
      if (cols == NR && ih0 >= 0 && ih0 + KH <= H && iw0 >= 0 && iw0 + KW <= W) {
        // every window of the row lies inside the input: no bounds to check
        const base = x + <usize>(ih0 * W + iw0) * 4;
        for (let j = 0; j < NR; j++) store<f32>(d + <usize>j * 4, load<f32>(base + <usize>load<i32>(off + <usize>j * 4)));
      } else {
        for (let j = 0; j < NR; j++) {
          let v: f32 = 0;
          if (j < cols) {
            const q = q0 + j0 + j;
            const ih = ih0 + (q / KW) % KH, iw = iw0 + q % KW;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = load<f32>(x + <usize>(((q / (KH * KW)) * H + ih) * W + iw) * 4);
          }
          store<f32>(d + <usize>j * 4, v);
        }
      }
      d += NR * 4;
      if (++ow == Wout) {
        ow = 0;
        oh++;
      }
    }
  }
}

/**
 * The weight gradient of a convolution in one call:
 *   dw [O, C·KH·KW] = Σ_n G_n [O, P] · im2col(x_n)ᵀ [P, C·KH·KW]
 * one GEMM whose inner dimension runs over every (sample, position) pair, with colsᵀ packed
 * straight from x (packColsT). dw is overwritten.
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
  for (let jc = 0; jc < CK; jc += NC) {
    const nc = min(NC, CK - jc);
    for (let n = 0; n < N; n++) {
      const xn = x + <usize>(n * C * H * W) * 4;
      for (let pc = 0; pc < P; pc += KC) {
        const kc = min(KC, P - pc);
        packColsT(kc, nc, pc, jc, xn, H, W, KH, KW, sh, sw, ph, pw, Wout, pB, offs);
        for (let ic = 0; ic < O; ic += MC) {
          const mc = min(MC, O - ic);
          packA(mc, kc, g + <usize>((n * O + ic) * P + pc) * 4, P, 1, pA);
          macro(mc, nc, kc, pA, pB, dw + <usize>(ic * CK + jc) * 4, CK, n == 0 && pc == 0, tile, 0);
        }
      }
    }
  }
}
