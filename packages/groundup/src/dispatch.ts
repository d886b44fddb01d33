/**
 * The one place that chooses how an op runs.
 *
 * Every op has a reference implementation: the readable TypeScript the guide shows. Faster
 * implementations are *kernels*, registered per op and per backend:
 *
 *   registerKernel('matmul', 'wasm', { eligible, forward, backward })
 *
 * When an op defined with `defineOp` is called, the dispatcher asks the selected backend's kernel
 * whether it takes these arguments (`eligible`: dtypes, sizes, whether its runtime loaded — the
 * size thresholds live there, nowhere else); if so the kernel computes the value, and its backward
 * is recorded; otherwise the reference runs. `setBackend('reference')` switches every kernel off.
 *
 * An implementation's `forward` returns the value and whatever its backward needs; with no
 * `backward`, the forward is a composite of other ops and has recorded its own graph.
 */
import { record } from './autograd.js';
import { ValueError, fmtValue } from './errors.js';
import type { Tensor } from './tensor.js';
import { BUILTIN_KERNELS } from './kernels/builtin.js';

export type Backend = 'wasm' | 'reference';

/** One implementation of an op: its value, and optionally its own backward. */
export interface OpImpl<A extends unknown[], S = unknown> {
  /** The output, what the backward needs (`saved`) and, optionally, the graph node's name. */
  forward(...args: A): { out: Tensor; saved?: S; op?: string };
  /**
   * ∂L/∂out → one gradient per differentiable input (the op's `inputs`), null where `want` is
   * false. Absent when `forward` is a composite that recorded its own graph.
   */
  backward?(g: Tensor, saved: S, want: readonly boolean[]): (Tensor | null)[];
}

/** An op's definition: the reference implementation and which arguments take gradients. */
export interface OpDef<A extends unknown[], S = unknown> extends OpImpl<A, S> {
  /** The arguments gradients flow to, in the order `backward` returns them. */
  inputs(...args: A): Tensor[];
  /** Argument checks and defaults, run once before any implementation is chosen. */
  prepare?(...args: A): A;
}

/** A faster implementation for one backend. */
export interface Kernel<A extends unknown[] = never[], S = unknown> extends OpImpl<A, S> {
  /** True when this kernel computes these (already validated) arguments. */
  eligible(...args: A): boolean;
  /** One line for `listKernels()`: what runs and when it applies. */
  describe: string;
}

/** A kernel that is not a tensor op (an optimizer's in-place update): eligible + run. */
export interface UpdateKernel<A extends unknown[] = never[]> {
  eligible(...args: A): boolean;
  run(...args: A): void;
  /**
   * For a kernel that keeps state between calls outside its arguments (Adam's resident moments):
   * copies it back into the given buffers; with `drop`, also forgets it.
   */
  sync?(...args: never[]): void;
  describe: string;
}

type AnyKernel = Kernel<never[]> | UpdateKernel<never[]>;

let backend: Backend = 'wasm';
let registry: Map<string, Map<Backend, AnyKernel>> | null = null;

/** The table, with the built-in kernels (kernels/builtin.ts) added on first use. */
function table(): Map<string, Map<Backend, AnyKernel>> {
  if (!registry) {
    registry = new Map();
    for (const [op, byBackend] of Object.entries(BUILTIN_KERNELS))
      for (const [b, k] of Object.entries(byBackend)) add(registry, op, b as Backend, k as AnyKernel);
  }
  return registry;
}

function add(t: Map<string, Map<Backend, AnyKernel>>, op: string, b: Backend, k: AnyKernel): void {
  let m = t.get(op);
  if (!m) t.set(op, (m = new Map()));
  m.set(b, k);
}

/**
 * Chooses how ops run: 'wasm' (the default) uses the registered fast kernels where they apply,
 * 'reference' the readable TypeScript everywhere. Returns the previous setting.
 */
export function setBackend(b: Backend): Backend {
  if (b !== 'wasm' && b !== 'reference') throw new ValueError(`setBackend: the backend must be 'wasm' or 'reference', got ${JSON.stringify(b)}`);
  const prev = backend;
  backend = b;
  return prev;
}

/** The backend selected with setBackend. The kernels still check that their runtime loaded. */
export function selectedBackend(): Backend {
  return backend;
}

/** Adds (or replaces) the kernel of `op` for `backend`. Returns the kernel it replaced, if any. */
export function registerKernel<A extends unknown[]>(op: string, b: Exclude<Backend, 'reference'>, kernel: Kernel<A> | UpdateKernel<A>): AnyKernel | undefined {
  if (typeof op !== 'string' || op === '') throw new TypeError(`registerKernel: the op must be a non-empty string, got ${fmtValue(op)}`);
  if (b !== 'wasm') throw new ValueError(`registerKernel: kernels register for the 'wasm' backend ('reference' is each op's own code), got ${JSON.stringify(b)}`);
  if (!kernel || typeof kernel.eligible !== 'function' || !('forward' in kernel || 'run' in kernel))
    throw new TypeError(`registerKernel: ${op}: a kernel needs eligible() and forward() (or run() for an update kernel)`);
  const prev = table().get(op)?.get(b);
  add(table(), op, b, kernel as unknown as AnyKernel);
  return prev;
}

/** The selected backend's kernel for `op` if it takes these arguments, else null (run the reference). */
export function kernelFor<A extends unknown[]>(op: string, ...args: A): Kernel<A> | null {
  if (backend === 'reference') return null;
  const k = table().get(op)?.get(backend) as Kernel<A> | undefined;
  return k && k.eligible(...args) ? k : null;
}

/** The selected backend's update kernel for `op` if it takes these arguments, else null. */
export function updateKernelFor<A extends unknown[]>(op: string, ...args: A): UpdateKernel<A> | null {
  if (backend === 'reference') return null;
  const k = table().get(op)?.get(backend) as UpdateKernel<A> | undefined;
  return k && 'run' in k && k.eligible(...args) ? k : null;
}

/**
 * Asks the kernel registered for `op` (whatever the backend now) to hand back state it keeps
 * between calls, e.g. Adam's moments: `syncKernelState('adam', m, v, drop)`. A no-op for kernels
 * without state.
 */
export function syncKernelState(op: string, ...args: unknown[]): void {
  for (const k of table().get(op)?.values() ?? []) if ('sync' in k && k.sync) (k.sync as (...a: unknown[]) => void)(...args);
}

/** Every registered kernel: op, backend and what it does. */
export function listKernels(): { op: string; backend: Backend; describe: string }[] {
  const out: { op: string; backend: Backend; describe: string }[] = [];
  for (const [op, m] of table()) for (const [b, k] of m) out.push({ op, backend: b, describe: k.describe });
  return out;
}

/**
 * Defines an op: `def` is the reference; the dispatcher runs a registered kernel instead where
 * one is eligible. The returned function is the op.
 */
export function defineOp<A extends unknown[], S>(name: string, def: OpDef<A, S>): (...args: A) => Tensor {
  return (...raw: A): Tensor => {
    const args = def.prepare ? def.prepare(...raw) : raw;
    return runImpl(name, (kernelFor(name, ...args) as OpImpl<A, unknown> | null) ?? (def as OpImpl<A, unknown>), def, args);
  };
}

function runImpl<A extends unknown[]>(name: string, impl: OpImpl<A, unknown>, def: Pick<OpDef<A>, "inputs">, args: A): Tensor {
  const { out, saved, op } = impl.forward(...args);
  const back = impl.backward;
  if (!back) return out;
  const inputs = def.inputs(...args);
  return record(out, op ?? name, inputs, (g) => back.call(impl, g, saved, inputs.map((t) => t.requiresGrad)));
}
