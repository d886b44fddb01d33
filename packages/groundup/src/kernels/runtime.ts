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
import { ValueError } from '../errors.js';
import { WASM_RELAXED, WASM_RELAXED_SHARED, WASM_SIMD, WASM_SIMD_SHARED } from './wasm-bytes.generated.js';

/** Which compiled kernels run: plain SIMD (multiply, then add) or relaxed SIMD (f32x4.relaxed_madd). */
export type KernelBuild = 'simd' | 'relaxed';

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
  readonly build: KernelBuild;
  readonly workBytes: number;
  readonly ctrl: number;
  readonly arena: number;
  private f32view: Float32Array;

  constructor(module: WebAssembly.Module, shared: boolean, build: KernelBuild = 'simd') {
    this.module = module;
    this.shared = shared;
    this.build = build;
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

const plain = new Map<KernelBuild, Runtime | null>();
const sharedRt = new Map<KernelBuild, Runtime | null>();
let compileError: unknown = null;
let preference: KernelBuild | 'auto' = 'auto';
let relaxedHere: boolean | undefined;

/** Compiles a kernel build; null where WebAssembly (or SIMD) is unavailable. */
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

/** Does this engine accept relaxed SIMD? (Chromium ≥ 114 by default; Node 20 with --experimental-wasm-relaxed-simd.) */
export function relaxedSimdAvailable(): boolean {
  if (relaxedHere === undefined) {
    try {
      relaxedHere = typeof WebAssembly !== 'undefined' && WebAssembly.validate(decode(WASM_RELAXED));
    } catch {
      relaxedHere = false;
    }
  }
  return relaxedHere;
}

/** The build the next runtime uses: the preference, with 'auto' meaning relaxed where the engine has it. */
export function currentBuild(): KernelBuild {
  return preference === 'auto' ? (relaxedSimdAvailable() ? 'relaxed' : 'simd') : preference;
}

/**
 * Chooses the kernel build: 'auto' (the default: relaxed SIMD where the engine validates it, else
 * plain SIMD), 'simd' or 'relaxed'. Takes effect at once on the calling thread; a running worker
 * pool keeps its build until the next setThreads. Returns the previous preference.
 */
export function setKernelBuild(build: KernelBuild | 'auto'): KernelBuild | 'auto' {
  if (build !== 'auto' && build !== 'simd' && build !== 'relaxed')
    throw new ValueError(`setKernelBuild: the build must be 'auto', 'simd' or 'relaxed', got ${JSON.stringify(build)}`);
  if (build === 'relaxed' && !relaxedSimdAvailable())
    throw new ValueError(
      "setKernelBuild: this engine does not accept relaxed SIMD; Chromium has it on by default, Node 20 needs --experimental-wasm-relaxed-simd (the default 'auto' falls back to plain SIMD)",
    );
  const prev = preference;
  preference = build;
  return prev;
}

/** The single-thread runtime of the current build, created on first use; null where WebAssembly SIMD is unavailable. */
export function plainRuntime(): Runtime | null {
  const build = currentBuild();
  if (!plain.has(build)) {
    const m = compile(build === 'relaxed' ? WASM_RELAXED : WASM_SIMD);
    plain.set(build, m ? new Runtime(m, false, build) : null);
  }
  return plain.get(build)!;
}

/** The shared-memory runtime of the current build (for the worker pool); null where SharedArrayBuffer or threads are unavailable. */
export function sharedRuntime(): Runtime | null {
  const build = currentBuild();
  if (!sharedRt.has(build)) {
    sharedRt.set(build, null);
    if (typeof SharedArrayBuffer !== 'undefined') {
      const m = compile(build === 'relaxed' ? WASM_RELAXED_SHARED : WASM_SIMD_SHARED);
      try {
        sharedRt.set(build, m ? new Runtime(m, true, build) : null);
      } catch (e) {
        compileError = e;
      }
    }
  }
  return sharedRt.get(build)!;
}

/** Why the fast path is unavailable, if it is (for error messages and diagnostics). */
export function kernelError(): unknown {
  return compileError;
}
