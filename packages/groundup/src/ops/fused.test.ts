import { afterEach, describe, expect, it } from 'vitest';
import { DTypeError, Generator, ShapeError, Tensor, gradcheck, matmul, randn, relu, tensor } from '../index.js';
import { add } from './arithmetic.js';
import { logSoftmax } from './activation.js';
import { linear, softmaxCrossEntropy } from './fused.js';
import { transpose } from './shape.js';
import { gather } from './index.js';
import { setBackend } from '../kernels/gemm.js';
import { plainRuntime } from '../kernels/runtime.js';
import { Adam, AdamW } from '../optim/adam.js';

afterEach(() => {
  setBackend('wasm');
});

/** The readable composite the fused op stands for. */
function linearComposite(x: Tensor, w: Tensor, b: Tensor | null, r: boolean): Tensor {
  let y = matmul(x, transpose(w, 0, 1));
  if (b) y = add(y, b);
  return r ? relu(y) : y;
}

function leaf(shape: number[], gen: Generator, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return randn(shape, { generator: gen, dtype, requiresGrad: true });
}

function close(a: Tensor, b: Tensor, tol: number, what: string): void {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!) / (1 + Math.abs(b.data[i]!)));
  expect(worst, what).toBeLessThan(tol);
}

describe('linear (fused x·Wᵀ + b, optional ReLU)', () => {
  const cases: [number[], number, boolean, boolean][] = [
    [[1, 1], 1, true, false],
    [[3, 17], 5, true, true],
    [[17, 3], 1000, false, true],
    [[2, 5, 33], 9, true, true],
    [[128, 100], 64, true, false],
    [[64, 300], 17, false, false],
  ];
  for (const backend of ['wasm', 'reference'] as const)
    for (const [xs, O, bias, r] of cases)
      it(`${backend}: x ${JSON.stringify(xs)}, ${O} outputs, bias ${bias}, relu ${r}: values and gradients equal the composite`, () => {
        setBackend(backend);
        const gen = new Generator(xs.reduce((a, b) => a * 31 + b, O));
        const I = xs[xs.length - 1]!;
        const x = leaf(xs, gen), w = leaf([O, I], gen), b = bias ? leaf([O], gen) : null;
        const proj = randn([...xs.slice(0, -1), O], { generator: gen });
        const yf = linear(x, w, b, { relu: r });
        yf.mul(proj).sum().backward();
        const gf = [x.grad!, w.grad!, b?.grad];
        for (const t of [x, w, b]) if (t) t.grad = null;
        const yc = linearComposite(x, w, b, r);
        yc.mul(proj).sum().backward();
        close(yf, yc, 1e-5, 'values');
        close(gf[0]!, x.grad!, 1e-4, '∂x');
        close(gf[1]!, w.grad!, 1e-4, '∂W');
        if (b) close(gf[2]!, b.grad!, 1e-4, '∂b');
      });

  it('gradcheck in float64 (the TypeScript loops), with and without ReLU', () => {
    const gen = new Generator(5);
    const x = leaf([4, 6], gen, 'float64'), w = leaf([3, 6], gen, 'float64'), b = leaf([3], gen, 'float64');
    expect(gradcheck((x, w, b) => linear(x!, w!, b!), [x, w, b]).ok).toBe(true);
    expect(gradcheck((x, w, b) => linear(x!, w!, b!, { relu: true }), [x, w, b]).ok).toBe(true);
    expect(gradcheck((x, w) => linear(x!, w!), [x, w]).ok).toBe(true);
  });

  it('only differentiates what requires a gradient', () => {
    const gen = new Generator(6);
    const x = randn([40, 50], { generator: gen }), w = leaf([30, 50], gen), b = leaf([30], gen);
    linear(x, w, b).sum().backward();
    expect(x.grad).toBeNull();
    expect(w.grad!.shape).toEqual([30, 50]);
    // ∂/∂b of Σ y is the number of rows, for every output
    for (const v of b.grad!.data) expect(v).toBeCloseTo(40, 4);
  });

  it('leaf gradients taken without a copy still accumulate, and stay separate tensors', () => {
    const gen = new Generator(9);
    const x = leaf([12, 40], gen), w = leaf([20, 40], gen), b = leaf([20], gen);
    linear(x, w, b, { relu: true }).sum().backward();
    const once = [x, w, b].map((t) => Array.from(t.grad!.data));
    const gw = w.grad!;
    linear(x, w, b, { relu: true }).sum().backward(); // a second pass adds to the stored gradients
    [x, w, b].forEach((t, i) => t.grad!.data.forEach((v, k) => expect(v).toBeCloseTo(2 * once[i]![k]!, 4)));
    expect(gw.data[0]).toBeCloseTo(once[1]![0]!, 6); // the first pass's tensor was not edited in place
    // editing one gradient in place (as optimizers and clipping do) leaves the others alone
    w.grad!.data.fill(100);
    expect(Array.from(b.grad!.data).every((v) => v !== 100)).toBe(true);
    expect(Array.from(x.grad!.data).every((v) => v !== 100)).toBe(true);
  });

  it('bad input is a typed error', () => {
    const w = randn([3, 4]);
    expect(() => linear(randn([2, 5]), w)).toThrow(ShapeError);
    expect(() => linear(randn([2, 4]), randn([3, 4, 1]))).toThrow(ShapeError);
    expect(() => linear(randn([2, 4]), w, randn([4]))).toThrow(ShapeError);
    expect(() => linear(tensor([[1, 2, 3, 4]], { dtype: 'int32' }), w)).toThrow(DTypeError);
    expect(() => linear([1, 2] as unknown as Tensor, w)).toThrow(TypeError);
  });

  it('repeated calls do not grow the WebAssembly memory', () => {
    const gen = new Generator(8);
    const x = leaf([64, 200], gen), w = leaf([100, 200], gen), b = leaf([100], gen);
    linear(x, w, b, { relu: true }).sum().backward();
    const before = plainRuntime()!.memory.buffer.byteLength;
    for (let i = 0; i < 50; i++) linear(x, w, b, { relu: true }).sum().backward();
    expect(plainRuntime()!.memory.buffer.byteLength).toBe(before);
  });
});

/** The composite: −log softmax(z)_y, reduced. */
function ceComposite(z: Tensor, y: Tensor, reduction: 'mean' | 'sum' | 'none'): Tensor {
  const per = gather(logSoftmax(z, 1), 1, y.unsqueeze(1)).squeeze(1).neg();
  return reduction === 'none' ? per : reduction === 'sum' ? per.sum() : per.mean();
}

describe('softmaxCrossEntropy (fused)', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const)
    it(`${reduction}: value and gradient equal nll(logSoftmax(z), y)`, () => {
      const gen = new Generator(21);
      const z = randn([37, 11], { generator: gen, requiresGrad: true });
      const y = tensor(Array.from({ length: 37 }, () => gen.int(0, 11)), { dtype: 'int32' });
      const proj = reduction === 'none' ? randn([37], { generator: gen }) : tensor(1);
      softmaxCrossEntropy(z, y, reduction).mul(proj).sum().backward();
      const gf = z.grad!;
      z.grad = null;
      const lf = softmaxCrossEntropy(z, y, reduction);
      const lc = ceComposite(z, y, reduction);
      lc.mul(proj).sum().backward();
      close(lf, lc, 1e-5, 'loss');
      close(gf, z.grad!, 1e-5, '∂z');
    });

  it('gradcheck in float64', () => {
    const gen = new Generator(22);
    const z = randn([5, 4], { generator: gen, dtype: 'float64', requiresGrad: true });
    const y = tensor([0, 3, 1, 1, 2], { dtype: 'int32' });
    for (const r of ['mean', 'sum', 'none'] as const) expect(gradcheck((z) => softmaxCrossEntropy(z!, y, r), [z]).ok).toBe(true);
  });

  it('a hand-worked value, and huge logits stay finite', () => {
    // −log(e²/(e²+1+e⁻¹)) = log(1 + e⁻² + e⁻³)
    const l = softmaxCrossEntropy(tensor([[2, 0, -1]], { dtype: 'float64' }), tensor([0], { dtype: 'int32' }));
    expect(l.item()).toBeCloseTo(Math.log(1 + Math.exp(-2) + Math.exp(-3)), 12);
    const z = tensor([[1e4, -1e4, 0]], { requiresGrad: true });
    const big = softmaxCrossEntropy(z, tensor([1], { dtype: 'int32' }));
    expect(big.item()).toBeCloseTo(2e4, 0);
    big.backward();
    expect([...z.grad!.data]).toEqual([1, -1, 0]);
  });

  it('bad input is a typed error', () => {
    const z = randn([2, 3]);
    expect(() => softmaxCrossEntropy(z, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => softmaxCrossEntropy(z, tensor([0, 1, 2], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(z, tensor([0, 3], { dtype: 'int32' }))).toThrow(/out of range/);
  });
});

describe('Adam/AdamW on the fast path equal the readable rule', () => {
  for (const [name, Opt, opts] of [
    ['Adam', Adam, { lr: 0.01 }],
    ['Adam, L2 decay', Adam, { lr: 0.01, weightDecay: 0.1 }],
    ['AdamW', AdamW, { lr: 0.01, weightDecay: 0.1 }],
  ] as const)
    it(`${name}: five steps, WebAssembly (float32 SIMD) vs the TypeScript loop`, () => {
      const run = (backend: 'wasm' | 'reference') => {
        setBackend(backend);
        const gen = new Generator(31);
        const p = randn([1000], { generator: gen, requiresGrad: true });
        const target = randn([1000], { generator: gen });
        const opt = new Opt([p], opts);
        for (let s = 0; s < 5; s++) {
          opt.zeroGrad();
          p.sub(target).square().sum().backward();
          opt.step();
        }
        return p.detach();
      };
      const fast = run('wasm'), ref = run('reference');
      close(fast, ref, 1e-5, 'parameters after 5 steps');
      // and the parameters did move (lr·5 at most per coordinate)
      let moved = 0;
      const start = randn([1000], { generator: new Generator(31) });
      for (let i = 0; i < 1000; i++) moved = Math.max(moved, Math.abs(fast.data[i]! - start.data[i]!));
      expect(moved).toBeGreaterThan(0.01);
    });
});
