/**
 * Both kernel builds — plain SIMD (multiply, then add) and relaxed SIMD (f32x4.relaxed_madd) —
 * against the float64 reference path: matrix products in every transpose case, a dense layer, a
 * convolution and Adam, values and gradients. vitest starts Node with --experimental-wasm-relaxed-simd
 * (vitest.config.ts), so both builds are available here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Generator, Tensor, kernelInfo, matmul, optim, randn, setKernelBuild, ValueError } from '../index.js';
import { conv1d } from '../ops/conv.js';
import { linear } from '../ops/fused.js';

afterEach(() => setKernelBuild('auto'));

/** max |a − b| / (1 + max |b|), both read as numbers. */
function relErr(a: Tensor, b: Tensor): number {
  let worst = 0, scale = 0;
  for (let i = 0; i < b.size; i++) {
    worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
    scale = Math.max(scale, Math.abs(b.data[i]!));
  }
  return worst / (1 + scale);
}

/** Runs f on float32 leaves (on the kernel) and on float64 copies (the reference path); returns value and gradient errors. */
function compare(f: (...xs: Tensor[]) => Tensor, shapes: number[][], seed: number): number[] {
  const gen = new Generator(seed);
  const xs = shapes.map((s) => randn(s, { generator: gen, requiresGrad: true }));
  const x64 = xs.map((x) => x.double().detach().requiresGrad_());
  const y = f(...xs), y64 = f(...x64);
  const g = randn([...y.shape], { generator: gen });
  y.backward(g);
  y64.backward(g.double());
  return [relErr(y, y64), ...xs.map((x, i) => relErr(x.grad!, x64[i]!.grad!))];
}

describe('kernel builds: plain SIMD and relaxed SIMD agree with the reference', () => {
  it('relaxed SIMD is available in the test runner, and auto picks it', () => {
    expect(kernelInfo().features.relaxedSimd).toBe(true);
    expect(kernelInfo().build).toBe('relaxed');
    setKernelBuild('simd');
    expect(kernelInfo().build).toBe('simd');
    expect(kernelInfo().features.simd).toBe(true);
  });

  for (const build of ['simd', 'relaxed'] as const)
    describe(build, () => {
      it('matmul in all four transpose cases, batched and broadcast (gradients through the strided backward)', () => {
        setKernelBuild(build);
        expect(kernelInfo().build).toBe(build);
        for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          const errs = compare((a, b) => matmul(ta ? a!.mT : a!, tb ? b!.mT : b!), [ta ? [3, 45, 37] : [3, 37, 45], tb ? [29, 45] : [45, 29]], 7);
          for (const e of errs) expect(e).toBeLessThan(1e-5);
        }
      });

      it('a 300 × 300 × 150 product: the micro-kernel past several KC blocks', () => {
        setKernelBuild(build);
        for (const e of compare((a, b) => matmul(a!, b!), [[300, 300], [300, 150]], 8)) expect(e).toBeLessThan(2e-5);
      });

      it('the fused dense layer with ReLU', () => {
        setKernelBuild(build);
        for (const e of compare((x, w, b) => linear(x!, w!, b!, { relu: true }), [[64, 70], [33, 70], [33]], 9)) expect(e).toBeLessThan(1e-5);
      });

      it('a convolution with padding and stride', () => {
        setKernelBuild(build);
        for (const e of compare((x, w, b) => conv1d(x!, w!, b!, { padding: 2, stride: 2 }), [[4, 6, 90], [8, 6, 5], [8]], 10)) expect(e).toBeLessThan(1e-5);
      });

      it('Adam steps: float32 weights on the kernel follow float64 twins on the reference', () => {
        setKernelBuild(build);
        const gen = new Generator(11);
        const w = randn([30, 40], { generator: gen, requiresGrad: true });
        const w64 = w.double().detach().requiresGrad_();
        const x = randn([16, 40], { generator: gen });
        const opt = new optim.Adam([w], { lr: 1e-2 }), opt64 = new optim.Adam([w64], { lr: 1e-2 });
        for (let s = 0; s < 5; s++) {
          opt.zeroGrad();
          opt64.zeroGrad();
          matmul(x, w.mT).square().mean().backward();
          matmul(x.double(), w64.mT).square().mean().backward();
          opt.step();
          opt64.step();
        }
        expect(relErr(w, w64)).toBeLessThan(1e-5);
        expect(relErr(w, w.detach().double().sub(0))).toBe(0); // sanity of the helper on equal inputs
      });
    });

  it('asking for a build the engine lacks, or an unknown one, is a typed error', () => {
    expect(() => setKernelBuild('avx' as 'simd')).toThrow(ValueError);
    expect(() => setKernelBuild('avx' as 'simd')).toThrow(/'auto', 'simd' or 'relaxed'/);
  });
});
