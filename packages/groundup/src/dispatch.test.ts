import { afterEach, describe, expect, it } from 'vitest';
import { defineOp, listKernels, registerKernel, setBackend, tensor, Tensor, ValueError, matmul, randn, manualSeed } from './index.js';
import { mul } from './ops/arithmetic.js';

afterEach(() => setBackend('wasm'));

/** A toy op for the dispatcher: y = 3x, with a kernel that tags its result so we can see which ran. */
const triple = defineOp('test.triple', {
  inputs: (x: Tensor) => [x],
  forward: (x) => ({ out: mul(x, 3).detach(), saved: null }),
  backward: (g) => [mul(g, 3)],
});

describe('the dispatcher', () => {
  it('runs the reference when no kernel is registered, a registered eligible kernel otherwise, and the reference on setBackend("reference")', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    expect(triple(x).toArray()).toEqual([3, 6, 9]);
    let calls = 0;
    const prev = registerKernel('test.triple', 'wasm', {
      describe: 'test kernel: only for 3 elements',
      eligible: (t: Tensor) => t.size === 3,
      forward: (t: Tensor) => (calls++, { out: mul(t, 3).detach(), saved: null }),
      backward: (g: Tensor) => [mul(g, 3)],
    });
    expect(prev).toBeUndefined();
    const y = triple(x);
    expect(calls).toBe(1);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3, 3]); // the kernel's backward, recorded by the dispatcher
    triple(tensor([1, 2])); // not eligible: reference
    expect(calls).toBe(1);
    setBackend('reference');
    triple(x);
    expect(calls).toBe(1);
    expect(listKernels().some((k) => k.op === 'test.triple' && k.describe.startsWith('test kernel'))).toBe(true);
  });

  it('lists the built-in kernels, each with a description', () => {
    const ops = listKernels().map((k) => k.op);
    for (const op of ['matmul', 'linear', 'conv', 'softmaxCrossEntropy', 'adam', 'gemm']) expect(ops).toContain(op);
    for (const k of listKernels()) expect(k.describe.length).toBeGreaterThan(10);
  });

  it('a kernel and the reference give the same matmul, value and gradients (the same seed, both backends)', () => {
    const run = () => {
      manualSeed(5);
      const a = randn([40, 30], { requiresGrad: true }), b = randn([30, 20], { requiresGrad: true });
      const y = matmul(a, b);
      y.square().sum().backward();
      return [y, a.grad!, b.grad!];
    };
    const fast = run();
    setBackend('reference');
    const ref = run();
    fast.forEach((t, i) => {
      const r = ref[i]!.data;
      t.data.forEach((v, j) => expect(Math.abs(v - r[j]!)).toBeLessThan(1e-3 * (1 + Math.abs(r[j]!))));
    });
  });

  it('refuses a malformed registration with a typed error', () => {
    expect(() => registerKernel('', 'wasm', { describe: 'x', eligible: () => true, run: () => {} })).toThrow(TypeError);
    expect(() => registerKernel('x', 'reference' as 'wasm', { describe: 'x', eligible: () => true, run: () => {} })).toThrow(ValueError);
    expect(() => registerKernel('x', 'wasm', { describe: 'x' } as never)).toThrow(/eligible\(\) and forward\(\)/);
  });
});
