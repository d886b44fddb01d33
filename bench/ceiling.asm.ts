// The WebAssembly SIMD ceiling of this CPU, for bench/ceiling.bench.mjs (AssemblyScript, compiled
// by that module at run time). Each loop keeps enough independent accumulators in registers that
// nothing waits on a previous result, and touches no memory: what it reaches is how many f32x4
// fused multiply-adds the engine's code for this CPU retires per second, the most a GEMM
// micro-kernel could do. (A plain multiply-then-add loop is not a ceiling the same way: the
// compiler hoists loop-invariant products, and the CPU may run multiplies and adds on separate
// pipes, so the plain kernel is quoted against the fused ceiling too.)

// @ts-ignore: decorator
@inline
function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c); // only in a build without relaxed SIMD, where fused() is not timed
}

/** 12 independent chains of f32x4.relaxed_madd (one fused multiply-add each where the CPU has FMA). */
export function fused(n: i32): f32 {
  const x = f32x4.splat(0.9999), y = f32x4.splat(0.00001);
  let a0 = f32x4.splat(1.0), a1 = f32x4.splat(1.1), a2 = f32x4.splat(1.2), a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4), a5 = f32x4.splat(1.5), a6 = f32x4.splat(1.6), a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8), a9 = f32x4.splat(1.9), a10 = f32x4.splat(2.0), a11 = f32x4.splat(2.1);
  for (let i = 0; i < n; i++) {
    a0 = fma(a0, x, y); a1 = fma(a1, x, y);
    a2 = fma(a2, x, y); a3 = fma(a3, x, y);
    a4 = fma(a4, x, y); a5 = fma(a5, x, y);
    a6 = fma(a6, x, y); a7 = fma(a7, x, y);
    a8 = fma(a8, x, y); a9 = fma(a9, x, y);
    a10 = fma(a10, x, y); a11 = fma(a11, x, y);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))), 0);
}
