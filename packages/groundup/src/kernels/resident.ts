/**
 * Adam's moments, resident in WebAssembly memory between steps.
 *
 * The 'adam' kernel used to copy p, g, m and v into the kernel's memory and p, m and v back out on
 * every step: seven copies of the parameter's size. Here m and v stay in a WebAssembly memory of
 * their own (a second instance of the kernels, so the GEMM's arena never moves them), keyed by the
 * optimizer's m buffer: a step copies p and g in and p out (three copies).
 *
 * While resident, the JavaScript buffers m and v are stale. Whoever reads them calls `syncAdam`
 * (the optimizer does in `state()`/`stateDict()`), and whoever is about to update them outside
 * the kernel calls it with `drop` (the reference loop does). A buffer that is garbage-collected
 * frees its block (FinalizationRegistry); a new buffer (loadStateDict) starts a new block.
 */
import { type AdamHyper } from './elementwise.js';
import { type Runtime, plainRuntime, Runtime as RuntimeClass } from './runtime.js';

interface Block {
  /** byte address of m; v follows at m + span */
  ptr: number;
  span: number;
  n: number;
  /** true while the JavaScript copies are older than the resident ones */
  dirty: boolean;
}

let rt: Runtime | null = null;
let top = 0; // end of the highest block
const free: { ptr: number; bytes: number }[] = [];
const blocks = new WeakMap<Float32Array, Block>();
const finalizer =
  typeof FinalizationRegistry !== 'undefined' ? new FinalizationRegistry<{ ptr: number; bytes: number }>((b) => release(b)) : null;

/** The state instance: the same compiled kernels as the compute runtime, over a memory of its own. */
function stateRuntime(): Runtime | null {
  if (!rt) {
    const compute = plainRuntime();
    if (!compute) return null;
    rt = new RuntimeClass(compute.module, false, compute.build);
    top = rt.arena;
  }
  return rt;
}

function release(b: { ptr: number; bytes: number }): void {
  free.push(b);
  if (rt && b.ptr + b.bytes === top) {
    // merge the tail back into the bump region
    free.sort((x, y) => x.ptr - y.ptr);
    while (free.length && free[free.length - 1]!.ptr + free[free.length - 1]!.bytes === top) top = free.pop()!.ptr;
  }
}

function alloc(bytes: number): number {
  for (let i = 0; i < free.length; i++) {
    const f = free[i]!;
    if (f.bytes >= bytes) {
      free.splice(i, 1);
      if (f.bytes > bytes) free.push({ ptr: f.ptr + bytes, bytes: f.bytes - bytes });
      return f.ptr;
    }
  }
  const ptr = top;
  top += bytes;
  rt!.ensure(top - rt!.arena);
  return ptr;
}

/** True where the resident Adam can run (WebAssembly SIMD loaded). */
export function residentAvailable(): boolean {
  return stateRuntime() !== null;
}

/** One Adam step with m and v resident; copies only p and g in and p out. */
export function adamResident(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, h: AdamHyper): void {
  const r = stateRuntime()!;
  const n = p.length;
  let b = blocks.get(m);
  if (!b || b.n !== n) {
    const span = (n * 4 + 15) & ~15;
    b = { ptr: alloc(2 * span), span, n, dirty: false };
    blocks.set(m, b);
    finalizer?.register(m, { ptr: b.ptr, bytes: 2 * span }, m);
    r.f32.set(m, b.ptr >> 2);
    r.f32.set(v, (b.ptr + span) >> 2);
  }
  // p and g go just above the highest block, in scratch that the next call reuses
  const P = (top + 15) & ~15, G = P + b.span;
  r.ensure(G + b.span - r.arena);
  const mem = r.f32;
  mem.set(p, P >> 2);
  mem.set(g, G >> 2);
  const wd = h.weightDecay ?? 0, shrink = h.shrink ?? 1;
  const c1 = 1 - h.beta1 ** h.step, c2 = 1 - h.beta2 ** h.step;
  r.exports.adam(P, G, b.ptr, b.ptr + b.span, n, h.lr, h.beta1, h.beta2, h.eps, c1, c2, wd, shrink);
  p.set(r.f32.subarray(P >> 2, (P >> 2) + n));
  b.dirty = true;
}

/**
 * Brings resident moments back into the JavaScript buffers m and v (no-op if they are not
 * resident). With `drop`, the block is dropped too: the next kernel step copies m and v in anew.
 */
export function syncAdam(m: Float32Array | Float64Array, v: Float32Array | Float64Array, drop = false): void {
  if (!(m instanceof Float32Array)) return;
  const b = blocks.get(m);
  if (!b || !rt) return;
  if (b.dirty) {
    m.set(rt.f32.subarray(b.ptr >> 2, (b.ptr >> 2) + b.n));
    v.set(rt.f32.subarray((b.ptr + b.span) >> 2, ((b.ptr + b.span) >> 2) + b.n));
    b.dirty = false;
  }
  if (drop) {
    blocks.delete(m);
    finalizer?.unregister(m);
    releaseBlock(b);
  }
}

function releaseBlock(b: Block): void {
  release({ ptr: b.ptr, bytes: 2 * b.span });
}

/** Bytes of WebAssembly memory the resident moments hold (for tests: training must not grow it). */
export function residentBytes(): number {
  return rt ? rt.memory.buffer.byteLength : 0;
}
