/**
 * Fused elementwise kernels on Float32Arrays (one pass over memory instead of one per op), with a
 * TypeScript loop that computes the same thing where WebAssembly is unavailable or the backend is
 * 'reference' (the dispatcher, src/dispatch.ts, decides).
 */
import { syncKernelState, updateKernelFor } from '../dispatch.js';
import { activeRuntime } from './gemm.js';

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** The step number t ≥ 1 (for the bias corrections 1 − βᵗ). */
  step: number;
  /** L2 weight decay added to the gradient (0 for none). */
  weightDecay?: number;
  /** AdamW's decoupled decay: p is multiplied by this factor (1 − lr·λ) before the step (default 1). */
  shrink?: number;
}

/**
 * One Adam step, in place on p (parameters), m and v (moment estimates), for gradient g:
 *
 *   p ← s·p (s = shrink, AdamW),   g ← g + λp,   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,
 *   p ← p − lr · m̂ / (√v̂ + ε),   m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)
 */
export function adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, h: AdamHyper): void {
  const n = p.length;
  const wd = h.weightDecay ?? 0;
  const shrink = h.shrink ?? 1;
  const c1 = 1 - h.beta1 ** h.step, c2 = 1 - h.beta2 ** h.step;
  const kernel = updateKernelFor('adam', p, g, m, v, h);
  if (kernel) {
    kernel.run(p, g, m, v, h);
    syncKernelState('adam', m, v, true); // this function's contract: m and v are updated in place
    return;
  }
  for (let i = 0; i < n; i++) {
    const pi = (p[i] = p[i]! * shrink);
    const gi = g[i]! + wd * pi;
    const mi = (m[i] = h.beta1 * m[i]! + (1 - h.beta1) * gi);
    const vi = (v[i] = h.beta2 * v[i]! + (1 - h.beta2) * gi * gi);
    p[i] = p[i]! - (h.lr / c1) * mi / (Math.sqrt(vi / c2) + h.eps);
  }
}

/** x[r, j] += bias[j] over a rows×cols matrix, then relu when asked. In place. */
export function biasRelu(x: Float32Array, bias: Float32Array, rows: number, cols: number, relu: boolean): void {
  const kernel = updateKernelFor('biasRelu', x, bias, rows, cols, relu);
  if (kernel) return kernel.run(x, bias, rows, cols, relu);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < cols; j++) {
      const s = x[r * cols + j]! + bias[j]!;
      x[r * cols + j] = relu && s < 0 ? 0 : s;
    }
}

/** The 'biasRelu' kernel: biasRelu in one WebAssembly SIMD pass (the runtime must be loaded). */
export function biasReluWasm(x: Float32Array, bias: Float32Array, rows: number, cols: number, relu: boolean): void {
  const rt = activeRuntime()!;
  const X = rt.arena, B = X + ((rows * cols * 4 + 15) & ~15);
  rt.ensure(B - X + cols * 4);
  const mem = rt.f32;
  mem.set(x.subarray(0, rows * cols), X >> 2);
  mem.set(bias.subarray(0, cols), B >> 2);
  rt.exports.biasRelu(X, B, rows, cols, relu ? 1 : 0);
  x.set(rt.f32.subarray(X >> 2, (X >> 2) + rows * cols));
}
