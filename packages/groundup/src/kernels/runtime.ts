/**
 * The WebAssembly side of the fast path: compiles the SIMD kernels (embedded as base64 by
 * scripts/build-wasm.mjs, so no fetch is needed in Node or the browser), owns the one memory they
 * work in, and grows that memory when a call needs more. Nothing large is allocated per call: the
 * operands of a call are copied into an arena at the top of the memory, which is reused.
 *
 * Memory layout (bytes):
 *
 *   [0, 64 KiB)                      reserved (the module's own statics, none today)
 *   [WORK, WORK + MAX_THREADS·W)     one scratch area per thread for packed panels (W = workBytes())
 *   [CTRL, CTRL + MAX_THREADS·64)    one control block per worker (arguments + a ready flag)
 *   [ARENA, …)                       operands of the current call, grown on demand
 */
import { WASM_SIMD, WASM_SIMD_SHARED } from './wasm-bytes.generated.js';

export interface KernelExports {
  /** C (+)= op(A)·op(B) over strided f32 matrices; see asm/gemm.ts. */
  gemm(
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number, ldc: number, accumulate: number, work: number,
  ): void;
  workBytes(): number;
  adam(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number, wd: number, shrink: number): void;
  biasRelu(x: number, bias: number, rows: number, cols: number, relu: number): void;
  colSum(x: number, rows: number, cols: number, out: number): void;
  rowSum(x: number, rows: number, cols: number, out: number, accumulate: number): void;
  rowBias(x: number, bias: number, rows: number, cols: number): void;
  reluMask(g: number, y: number, n: number): void;
  im2col(x: number, C: number, H: number, W: number, KH: number, KW: number, sh: number, sw: number, ph: number, pw: number, Hout: number, Wout: number, cols: number): void;
  /** y [N, O, Hout·Wout] = w [O, C·KH·KW] · im2col(x_n) + bias for every sample (bias 0 = none); see asm/conv.ts. */
  convForward(
    x: number, N: number, C: number, H: number, W: number, O: number, KH: number, KW: number,
    sh: number, sw: number, ph: number, pw: number, Hout: number, Wout: number,
    w: number, bias: number, y: number, work: number,
  ): void;
  /** dw [O, C·KH·KW] = Σ_n G_n · im2col(x_n)ᵀ; see asm/conv.ts. */
  convWeightGrad(
    x: number, N: number, C: number, H: number, W: number, O: number, KH: number, KW: number,
    sh: number, sw: number, ph: number, pw: number, Hout: number, Wout: number,
    g: number, dw: number, work: number,
  ): void;
  col2im(cols: number, C: number, H: number, W: number, KH: number, KW: number, sh: number, sw: number, ph: number, pw: number, Hout: number, Wout: number, dx: number): void;
}

const PAGE = 65536;
/** The most threads (main + workers) the layout has room for. */
export const MAX_THREADS = 4;

function decode(b64: string): ArrayBuffer {
  const s = atob(b64);
  const buf = new ArrayBuffer(s.length);
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return buf;
}

const align = (x: number, to: number) => Math.ceil(x / to) * to;

export class Runtime {
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly module: WebAssembly.Module;
  readonly shared: boolean;
  readonly workBytes: number;
  readonly ctrl: number;
  readonly arena: number;
  private f32view: Float32Array;

  constructor(module: WebAssembly.Module, shared: boolean) {
    this.module = module;
    this.shared = shared;
    this.memory = shared ? new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true }) : new WebAssembly.Memory({ initial: 1 });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as KernelExports;
    this.workBytes = align(this.exports.workBytes(), 64);
    this.ctrl = PAGE + MAX_THREADS * this.workBytes;
    this.arena = align(this.ctrl + MAX_THREADS * 64, PAGE);
    this.f32view = new Float32Array(this.memory.buffer);
    this.ensure(0);
  }

  /** Scratch area of thread t (0 = the calling thread). */
  work(t: number): number {
    return PAGE + t * this.workBytes;
  }

  /** Makes sure the arena holds `bytes` bytes. */
  ensure(bytes: number): void {
    const need = this.arena + bytes;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
  }

  /**
   * Lays out consecutive regions of the given sizes (in floats, each 16-byte aligned) from the
   * start of the arena, grows the memory to fit them, and returns their byte addresses. A call
   * owns the arena until it returns; the next call lays it out afresh, so nothing accumulates.
   */
  regions(...floats: number[]): number[] {
    const ptrs: number[] = [];
    let off = this.arena;
    for (const n of floats) {
      ptrs.push(off);
      off += (n * 4 + 15) & ~15;
    }
    this.ensure(off - this.arena);
    return ptrs;
  }

  /** Copies `src` into the memory at byte address `ptr`. */
  put(ptr: number, src: Float32Array): void {
    this.f32.set(src, ptr >> 2);
  }

  /** A new Float32Array holding the n floats at byte address `ptr`. */
  take(ptr: number, n: number): Float32Array {
    return this.f32.slice(ptr >> 2, (ptr >> 2) + n);
  }

  /** A Float32Array over the whole memory (refreshed after the memory grew). */
  get f32(): Float32Array {
    if (this.f32view.buffer !== this.memory.buffer || this.f32view.length * 4 !== this.memory.buffer.byteLength)
      this.f32view = new Float32Array(this.memory.buffer);
    return this.f32view;
  }
}

let plain: Runtime | null | undefined;
let sharedRt: Runtime | null | undefined;
let compileError: unknown = null;

/** WebAssembly with SIMD available here? (Every current browser and Node ≥ 16.4.) */
function compile(b64: string): WebAssembly.Module | null {
  try {
    if (typeof WebAssembly === 'undefined') return null;
    return new WebAssembly.Module(decode(b64));
  } catch (e) {
    // Chrome refuses synchronous compilation of large modules on the main thread; no SIMD is the other reason.
    compileError = e;
    return null;
  }
}

/** The single-thread runtime, created on first use; null where WebAssembly SIMD is unavailable. */
export function plainRuntime(): Runtime | null {
  if (plain === undefined) {
    const m = compile(WASM_SIMD);
    plain = m ? new Runtime(m, false) : null;
  }
  return plain;
}

/** The shared-memory runtime (for the worker pool); null where SharedArrayBuffer or threads are unavailable. */
export function sharedRuntime(): Runtime | null {
  if (sharedRt === undefined) {
    sharedRt = null;
    if (typeof SharedArrayBuffer !== 'undefined') {
      const m = compile(WASM_SIMD_SHARED);
      try {
        sharedRt = m ? new Runtime(m, true) : null;
      } catch (e) {
        compileError = e;
      }
    }
  }
  return sharedRt;
}

/** Why the fast path is unavailable, if it is (for error messages and diagnostics). */
export function kernelError(): unknown {
  return compileError;
}
