/**
 * The fast path: general matrix multiplication on Float32Arrays, with the four transpose cases.
 *
 *   C = op(A)·op(B)   (or C += op(A)·op(B) with accumulate)      op(X) = X or Xᵀ
 *
 *   op(A): [m, k]  — stored [m, k] row-major, or [k, m] when transA
 *   op(B): [k, n]  — stored [k, n] row-major, or [n, k] when transB
 *   C:     [m, n]  row-major
 *
 * A transposed operand is never copied into its transpose: the kernel reads it through swapped
 * strides while packing (asm/gemm.ts). Runs in WebAssembly SIMD when available (`getBackend()`
 * says which), on up to `getThreads()` threads, and in plain TypeScript otherwise.
 */
import { type Backend, selectedBackend, setBackend, updateKernelFor } from '../dispatch.js';
import { type KernelBuild, type Runtime, plainRuntime, relaxedSimdAvailable } from './runtime.js';
import { getThreads, pool } from './pool.js';
import { FAST_MIN_WORK, THREAD_MIN_WORK } from './thresholds.js';

export { setBackend, FAST_MIN_WORK, THREAD_MIN_WORK };
export type { Backend };

/** 'wasm' when the fast kernels are selected and could be loaded here, else 'reference'. */
export function getBackend(): Backend {
  return selectedBackend() === 'wasm' && activeRuntime() ? 'wasm' : 'reference';
}

/** What runs the fast path here: the backend, the kernel build, the engine's features and the threads. */
export interface KernelInfo {
  backend: Backend;
  /** The build of the runtime the next kernel call uses (null without WebAssembly SIMD). */
  build: KernelBuild | null;
  features: { simd: boolean; relaxedSimd: boolean; threads: boolean };
  threads: number;
}

export function kernelInfo(): KernelInfo {
  const rt = activeRuntime();
  return {
    backend: getBackend(),
    build: rt ? rt.build : null,
    features: {
      simd: plainRuntime() !== null,
      relaxedSimd: relaxedSimdAvailable(),
      threads: typeof SharedArrayBuffer !== 'undefined' && typeof Atomics !== 'undefined',
    },
    threads: getThreads(),
  };
}

/** The runtime a kernel call uses: the shared one while the worker pool is up, else the plain one (null without WebAssembly SIMD). */
export function activeRuntime(): Runtime | null {
  const p = pool();
  return p ? p.runtime : plainRuntime();
}

/**
 * Strided reference GEMM in TypeScript: C[m×n] (+)= op(A)·op(B), element (i,p) of op(A) at
 * a[aOff + i·rsa + p·csa], element (p,j) of op(B) at b[bOff + p·rsb + j·csb].
 */
export function gemmReference(
  m: number, n: number, k: number,
  a: ArrayLike<number>, aOff: number, rsa: number, csa: number,
  b: ArrayLike<number>, bOff: number, rsb: number, csb: number,
  c: { [i: number]: number }, cOff: number, ldc: number, accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    if (!accumulate) for (let j = 0; j < n; j++) c[ci + j] = 0;
    for (let p = 0; p < k; p++) {
      const av = a[aOff + i * rsa + p * csa]!;
      const bp = bOff + p * rsb;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j * csb]!;
    }
  }
}

/** Runs rows [0, m) of one product in the runtime's memory, split over the pool's threads when it pays. */
export function gemmInMemory(
  rt: Runtime,
  m: number, n: number, k: number,
  a: number, rsa: number, csa: number,
  b: number, rsb: number, csb: number,
  c: number, ldc: number, acc: number,
): void {
  const p = pool();
  if (p && p.runtime === rt && m * n * k >= THREAD_MIN_WORK && m >= 12) {
    p.gemmSplit(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc, acc);
    return;
  }
  rt.exports.gemm(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc, acc, rt.work(0));
}

/**
 * C[cOff…] = op(A)·op(B) (or += with accumulate) for Float32Arrays; see the module comment for
 * the layouts. The building block for layers that reduce to a matrix product (im2col convolution:
 * `gemm(W, 0, false, cols, 0, false, out, o, Cout, L, Cin·K)`).
 */
export function gemm(
  a: Float32Array, aOff: number, transA: boolean,
  b: Float32Array, bOff: number, transB: boolean,
  c: Float32Array, cOff: number,
  m: number, n: number, k: number,
  accumulate = false,
): void {
  gemmBatched(a, [aOff], transA, b, [bOff], transB, c, [cOff], m, n, k, accumulate);
}

/**
 * A batch of products C_t = op(A_t)·op(B_t), matrix t of each operand starting at the given offset
 * (offsets may repeat: that is how a broadcast batch dimension is expressed).
 */
export function gemmBatched(
  a: Float32Array, aOffs: ArrayLike<number>, transA: boolean,
  b: Float32Array, bOffs: ArrayLike<number>, transB: boolean,
  c: Float32Array, cOffs: ArrayLike<number>,
  m: number, n: number, k: number,
  accumulate = false,
): void {
  const args = [a, aOffs, transA, b, bOffs, transB, c, cOffs, m, n, k, accumulate] as const;
  const kernel = updateKernelFor('gemm', ...args);
  if (kernel) return kernel.run(...args);
  const rsa = transA ? 1 : k, csa = transA ? m : 1;
  const rsb = transB ? 1 : n, csb = transB ? k : 1;
  for (let t = 0; t < cOffs.length; t++) gemmReference(m, n, k, a, aOffs[t]!, rsa, csa, b, bOffs[t]!, rsb, csb, c, cOffs[t]!, n, accumulate);
}

/** gemmBatched in WebAssembly memory (the 'gemm' and 'matmul' kernels; the runtime must be loaded). */
export function gemmBatchedWasm(
  a: Float32Array, aOffs: ArrayLike<number>, transA: boolean,
  b: Float32Array, bOffs: ArrayLike<number>, transB: boolean,
  c: Float32Array, cOffs: ArrayLike<number>,
  m: number, n: number, k: number,
  accumulate: boolean,
): void {
  const nb = cOffs.length;
  const rsa = transA ? 1 : k, csa = transA ? m : 1;
  const rsb = transB ? 1 : n, csb = transB ? k : 1;
  const rt = activeRuntime()!;
  // Copy the span of A and B the batch reads, then run every product in place.
  const [aLo, aHi] = span(aOffs, m * k);
  const [bLo, bHi] = span(bOffs, k * n);
  const [cLo, cHi] = span(cOffs, m * n);
  const aBytes = (aHi - aLo) * 4, bBytes = (bHi - bLo) * 4;
  const aPtr = rt.arena, bPtr = aPtr + align16(aBytes), cPtr = bPtr + align16(bBytes);
  rt.ensure(cPtr - rt.arena + (cHi - cLo) * 4);
  const mem = rt.f32;
  mem.set(a.subarray(aLo, aHi), aPtr >> 2);
  mem.set(b.subarray(bLo, bHi), bPtr >> 2);
  if (accumulate) mem.set(c.subarray(cLo, cHi), cPtr >> 2);
  for (let t = 0; t < nb; t++)
    gemmInMemory(
      rt, m, n, k,
      aPtr + (aOffs[t]! - aLo) * 4, rsa, csa,
      bPtr + (bOffs[t]! - bLo) * 4, rsb, csb,
      cPtr + (cOffs[t]! - cLo) * 4, n, accumulate ? 1 : 0,
    );
  const out = rt.f32;
  for (let t = 0; t < nb; t++) {
    const at = (cPtr >> 2) + cOffs[t]! - cLo;
    c.set(out.subarray(at, at + m * n), cOffs[t]!);
  }
}

function span(offs: ArrayLike<number>, size: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let t = 0; t < offs.length; t++) {
    lo = Math.min(lo, offs[t]!);
    hi = Math.max(hi, offs[t]! + size);
  }
  return offs.length ? [lo, hi] : [0, 0];
}

const align16 = (x: number) => (x + 15) & ~15;
