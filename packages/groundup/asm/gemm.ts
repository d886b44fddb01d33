/**
 * f32 matrix multiplication in WebAssembly SIMD (AssemblyScript source, compiled by
 * scripts/build-wasm.mjs; the TypeScript side is src/kernels/gemm.ts).
 *
 *   C[m×n] (+)= op(A)[m×k] · op(B)[k×n]
 *
 * Every matrix is addressed through a row stride and a column stride (in elements), so a
 * transposed operand is just a swapped pair of strides: no transpose is ever materialised.
 *
 * The layout follows the BLIS recipe. B is cut into blocks of KC rows and packed into panels NR
 * columns wide; A into blocks of MC rows packed into panels MR rows tall. The micro-kernel then
 * multiplies one MR×KC panel of A by one KC×NR panel of B, keeping the whole MR×NR tile of C in
 * SIMD registers (8 f32x4 accumulators): per step of p it loads two vectors of B and broadcasts
 * four numbers of A, 8 multiply-adds (64 flops) for 6 loads.
 *
 * Why 4×8 and not a larger tile: x64 gives V8 16 vector registers, one of them its scratch. A 4×12
 * tile needs 12 accumulators + 3 B vectors + 1 broadcast = 16 live values (17 with the product
 * before the add), so V8 spills three accumulators to the stack on every step of p (seen in
 * `node --print-wasm-code`); the spills put a store-to-load round trip on those accumulators'
 * dependency chains. 4×8 needs 8 + 2 + 1 (+1) = 12 and spills nothing. Measured on AMD EPYC
 * (2026-12-02, 512³, CPU time): 4×12 22 GFLOP/s plain / 21.5 relaxed; 4×8 35 plain / 42 relaxed.
 * The 4-row panels fit the usual channel counts (32, 64) exactly.
 *
 * There is no allocation here: every pointer (the operands and a scratch area for the packed
 * panels) comes from the caller, which owns the memory.
 */

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 96;
export const NC: i32 = 2040;

/** Bytes of scratch one call of gemm needs (packed A block, packed B block, one edge tile, and NC offsets for the convolutions). */
export function workBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR + NC) * 4;
}

/**
 * Stores the transpose of the 4×4 block whose rows are r0…r3 as four vectors at d, d + step,
 * d + 2·step, d + 3·step: vector i holds lane i of r0, r1, r2, r3.
 */
// @ts-ignore: decorator
@inline
export function storeTransposed(r0: v128, r1: v128, r2: v128, r3: v128, d: usize, step: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(d + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(d + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(d + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs rows [0, mc) × columns [0, kc) of A (element (i,p) at a + 4·(i·rsa + p·csa)) into
 * panels of MR rows: panel r holds, for each p, the MR numbers A[r·MR .. r·MR+MR-1, p].
 * Rows past mc are zero so that edge tiles need no special micro-kernel.
 */
export function packA(mc: i32, kc: i32, a: usize, rsa: i32, csa: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    const panel = dst + <usize>(i0 * kc) * 4;
    if (csa == 1 && rows == MR) {
      // four columns at a time: a 4×4 block from the four rows, stored transposed
      const ld = <usize>rsa * 4;
      const src0 = a + <usize>(i0 * rsa) * 4;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const q = src0 + <usize>p * 4;
        storeTransposed(v128.load(q), v128.load(q + ld), v128.load(q + 2 * ld), v128.load(q + 3 * ld), panel + <usize>(p * MR) * 4, MR * 4);
      }
      for (; p < kc; p++)
        for (let r = 0; r < MR; r++) store<f32>(panel + <usize>(p * MR + r) * 4, load<f32>(src0 + <usize>(r * rsa + p) * 4));
    } else if (csa == 1) {
      for (let r = 0; r < rows; r++) {
        const src = a + <usize>((i0 + r) * rsa) * 4;
        let d = panel + <usize>r * 4;
        for (let p = 0; p < kc; p++) {
          store<f32>(d, load<f32>(src + <usize>p * 4));
          d += MR * 4;
        }
      }
    } else if (rsa == 1 && rows == MR) {
      // A transposed: the panel's MR rows sit side by side in memory for each p, one vector load
      for (let p = 0; p < kc; p++) v128.store(panel + <usize>(p * MR) * 4, v128.load(a + <usize>(p * csa + i0) * 4));
    } else {
      for (let p = 0; p < kc; p++) {
        const src = a + <usize>(p * csa + i0 * rsa) * 4;
        const d = panel + <usize>(p * MR) * 4;
        for (let r = 0; r < rows; r++) store<f32>(d + <usize>r * 4, load<f32>(src + <usize>(r * rsa) * 4));
      }
    }
    if (rows < MR) {
      for (let p = 0; p < kc; p++) {
        const d = panel + <usize>(p * MR) * 4;
        for (let r = rows; r < MR; r++) store<f32>(d + <usize>r * 4, 0);
      }
    }
  }
}

/** Packs rows [0, kc) × columns [0, nc) of B into panels NR columns wide, zero-padded. */
function packB(kc: i32, nc: i32, b: usize, rsb: i32, csb: i32, dst: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const panel = dst + <usize>(j0 * kc) * 4;
    if (csb == 1 && cols == NR) {
      for (let p = 0; p < kc; p++) {
        const src = b + <usize>(p * rsb + j0) * 4;
        const d = panel + <usize>(p * NR) * 4;
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      }
    } else if (csb == 1) {
      for (let p = 0; p < kc; p++) {
        const src = b + <usize>(p * rsb + j0) * 4;
        const d = panel + <usize>(p * NR) * 4;
        let j = 0;
        for (; j < cols; j++) store<f32>(d + <usize>j * 4, load<f32>(src + <usize>j * 4));
        for (; j < NR; j++) store<f32>(d + <usize>j * 4, 0);
      }
    } else if (rsb == 1 && cols == NR) {
      // B transposed, a full panel: column j of B is contiguous down p, so take 4 columns × 4 steps
      // of p as a 4×4 block and store it transposed (rows of the panel are steps of p)
      let p = 0;
      for (; p + 4 <= kc; p += 4)
        for (let jj = 0; jj < NR; jj += 4) {
          const q = b + <usize>((j0 + jj) * csb + p) * 4, ld = <usize>csb * 4;
          storeTransposed(v128.load(q), v128.load(q + ld), v128.load(q + 2 * ld), v128.load(q + 3 * ld), panel + <usize>(p * NR + jj) * 4, NR * 4);
        }
      for (; p < kc; p++)
        for (let j = 0; j < NR; j++) store<f32>(panel + <usize>(p * NR + j) * 4, load<f32>(b + <usize>((j0 + j) * csb + p) * 4));
    } else {
      // B transposed: column j of B is contiguous in memory, so walk it down p.
      for (let j = 0; j < NR; j++) {
        let d = panel + <usize>j * 4;
        if (j < cols) {
          const src = b + <usize>((j0 + j) * csb) * 4;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(src + <usize>(p * rsb) * 4));
            d += NR * 4;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += NR * 4;
          }
        }
      }
    }
  }
}

/**
 * c + a·b, lane by lane. The relaxed-SIMD build (ASC_FEATURE_RELAXED_SIMD, a compile-time constant)
 * uses f32x4.relaxed_madd, which the engine may compute as one fused multiply-add (one rounding
 * instead of two, and one instruction on CPUs with FMA); the plain SIMD build multiplies and adds.
 */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * The micro-kernel: the MR×NR tile at c (row stride ldc elements) gets the product of one packed
 * A panel and one packed B panel, each kc deep. overwrite = store instead of add.
 */
// @ts-ignore: decorator
@inline
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, overwrite: bool, bias: usize): void {
  // the accumulators start at the tile's four row biases (bias = 0: at zero)
  const z = f32x4.splat(0);
  let c00 = bias ? v128.load32_splat(bias) : z, c10 = bias ? v128.load32_splat(bias, 4) : z;
  let c20 = bias ? v128.load32_splat(bias, 8) : z, c30 = bias ? v128.load32_splat(bias, 12) : z;
  let c01 = c00, c11 = c10, c21 = c20, c31 = c30;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(pa, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(pa, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(pa, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    pa += MR * 4;
    pb += NR * 4;
  }
  const ld = <usize>ldc * 4;
  if (overwrite) {
    v128.store(c, c00); v128.store(c, c01, 16); c += ld;
    v128.store(c, c10); v128.store(c, c11, 16); c += ld;
    v128.store(c, c20); v128.store(c, c21, 16); c += ld;
    v128.store(c, c30); v128.store(c, c31, 16);
  } else {
    v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16); c += ld;
    v128.store(c, f32x4.add(v128.load(c), c10)); v128.store(c, f32x4.add(v128.load(c, 16), c11), 16); c += ld;
    v128.store(c, f32x4.add(v128.load(c), c20)); v128.store(c, f32x4.add(v128.load(c, 16), c21), 16); c += ld;
    v128.store(c, f32x4.add(v128.load(c), c30)); v128.store(c, f32x4.add(v128.load(c, 16), c31), 16);
  }
}

/**
 * The macro-kernel: the mc×nc block of C at c (row stride ldc) gets packed A (mc×kc, panels of MR
 * rows) times packed B (kc×nc, panels of NR columns); first = overwrite instead of add. tile points
 * at MR·NR floats of scratch for the edge tiles. bias (0 for none; only with first) points at mc
 * numbers, row i's added to row i; an edge tile of fewer than MR rows reads up to MR − 1 numbers
 * past them and discards what it read.
 */
// @ts-ignore: decorator
@inline
export function macro(mc: i32, nc: i32, kc: i32, pA: usize, pB: usize, c: usize, ldc: i32, first: bool, tile: usize, bias: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const pb = pB + <usize>(jr * kc) * 4;
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const pa = pA + <usize>(ir * kc) * 4;
      const cij = c + <usize>(ir * ldc + jr) * 4;
      if (mr == MR && nr == NR) {
        micro(kc, pa, pb, cij, ldc, first, bias ? bias + <usize>ir * 4 : 0);
      } else {
        // Edge tile: compute the full tile into scratch, then add the part that exists.
        micro(kc, pa, pb, tile, NR, true, bias ? bias + <usize>ir * 4 : 0);
        for (let i = 0; i < mr; i++) {
          const crow = cij + <usize>(i * ldc) * 4;
          const trow = tile + <usize>(i * NR) * 4;
          if (first) for (let j = 0; j < nr; j++) store<f32>(crow + <usize>j * 4, load<f32>(trow + <usize>j * 4));
          else for (let j = 0; j < nr; j++) store<f32>(crow + <usize>j * 4, load<f32>(crow + <usize>j * 4) + load<f32>(trow + <usize>j * 4));
        }
      }
    }
  }
}

/**
 * C (+)= op(A)·op(B). Element (i,p) of op(A) is at a + 4·(i·rsa + p·csa), element (p,j) of
 * op(B) at b + 4·(p·rsb + j·csb), element (i,j) of C at c + 4·(i·ldc + j).
 * accumulate = 0 overwrites C, 1 adds to it. work points at workBytes() bytes of scratch.
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, rsa: i32, csa: i32,
  b: usize, rsb: i32, csb: i32,
  c: usize, ldc: i32, accumulate: i32, work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>(i * ldc) * 4, 0, <usize>n * 4);
    return;
  }
  const pA = work;
  const pB = work + <usize>(MC * KC) * 4;
  const tile = pB + <usize>(KC * NC) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const first = pc == 0 && accumulate == 0;
      packB(kc, nc, b + <usize>(pc * rsb + jc * csb) * 4, rsb, csb, pB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(mc, kc, a + <usize>(ic * rsa + pc * csa) * 4, rsa, csa, pA);
        macro(mc, nc, kc, pA, pB, c + <usize>(ic * ldc + jc) * 4, ldc, first, tile, 0);
      }
    }
  }
}
