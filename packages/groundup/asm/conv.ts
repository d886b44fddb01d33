/**
 * im2col and its adjoint col2im for f32 convolutions (the TypeScript originals, which read the
 * same, are in src/ops/conv.ts). One sample x [C, H, W]; cols [C·KH·KW, Hout·Wout], row
 * (c, kh, kw) holding x[c, oh·sh − ph + kh, ow·sw − pw + kw] at column (oh, ow), 0 in the padding.
 * Doing them here lets a convolution keep its columns in WebAssembly memory (and in cache) next
 * to the GEMM that consumes them, instead of copying them in from JavaScript.
 */

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
