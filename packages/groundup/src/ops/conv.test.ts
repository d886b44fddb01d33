import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tensor, randn, manualSeed, gradcheck, Generator, ShapeError, ValueError, DTypeError, Tensor } from '../index.js';
import { conv1d, conv1dReference, conv2d, conv2dReference, convOutputSize } from './conv.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-9) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
};

function rnd(shape: number[], g: Generator): Tensor {
  return new Tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.normal()), shape, 'float64', true);
}

describe('conv1d: a sliding dot product', () => {
  it('matches a hand-worked example: [1,2,3,4,5] with filter [1,0,−1]', () => {
    const x = tensor([[[1, 2, 3, 4, 5]]]);
    const w = tensor([[[1, 0, -1]]]);
    for (const f of [conv1d, conv1dReference]) {
      expect(f(x, w).toArray()).toEqual([[[-2, -2, -2]]]);
      // padding 1: windows [0,1,2] … [4,5,0]
      expect(f(x, w, null, { padding: 1 }).toArray()).toEqual([[[-2, -2, -2, -2, 4]]]);
      // stride 2: windows [1,2,3] and [3,4,5]
      expect(f(x, w, null, { stride: 2 }).toArray()).toEqual([[[-2, -2]]]);
      // bias is added to every position of its output channel
      expect(f(x, w, tensor([10]), { stride: 2 }).toArray()).toEqual([[[8, 8]]]);
    }
  });

  it('sums over input channels and keeps one row per filter: the ECG shape [32,12,1000] → [32,16,1000]', () => {
    manualSeed(0);
    expect(conv1d(randn([32, 12, 1000]), randn([16, 12, 7]), randn([16]), { padding: 3 }).shape).toEqual([32, 16, 1000]);
    expect(convOutputSize(1000, 7, 2, 3)).toBe(500);
    // two channels, filter of ones: output = sum of both channels' windows
    const x = tensor([[[1, 2, 3], [10, 20, 30]]]);
    const w = tensor([[[1, 1], [1, 1]], [[1, 0], [0, 0]]]);
    expect(conv1d(x, w).toArray()).toEqual([[[33, 55], [1, 2]]]);
  });

  it('fast path equals the sliding-dot-product reference (values and gradients) on random shapes', () => {
    fc.assert(
      fc.property(
        fc.record({
          N: fc.integer({ min: 1, max: 3 }),
          C: fc.integer({ min: 1, max: 3 }),
          O: fc.integer({ min: 1, max: 3 }),
          K: fc.integer({ min: 1, max: 4 }),
          L: fc.integer({ min: 1, max: 9 }),
          s: fc.integer({ min: 1, max: 3 }),
          p: fc.integer({ min: 0, max: 2 }),
          bias: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        ({ N, C, O, K, L, s, p, bias, seed }) => {
          fc.pre(L + 2 * p >= K);
          const g = new Generator(seed);
          const x = rnd([N, C, L], g);
          const w = rnd([O, C, K], g);
          const b = bias ? rnd([O], g) : null;
          const yf = conv1d(x, w, b, { stride: s, padding: p });
          const yr = conv1dReference(x, w, b, { stride: s, padding: p });
          expect(yf.shape).toEqual([N, O, convOutputSize(L, K, s, p)]);
          expect(yr.shape).toEqual(yf.shape);
          close(yf.data, yr.data);
          const proj = rnd(yf.shape.slice(), g).detach();
          const grads = (y: Tensor) => {
            for (const t of [x, w, b]) if (t) t.grad = null;
            y.mul(proj).sum().backward();
            return [x.grad!.data, w.grad!.data, b ? b.grad!.data : new Float64Array()];
          };
          const gf = grads(yf);
          const gr = grads(yr);
          gf.forEach((a, i) => close(a, gr[i]!));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gradcheck: fast path with stride 2 and padding 1, w.r.t. input, weight and bias', () => {
    const g = new Generator(1);
    const r = gradcheck((x, w, b) => conv1d(x, w, b, { stride: 2, padding: 1 }), [rnd([2, 3, 7], g), rnd([4, 3, 3], g), rnd([4], g)]);
    expect(r.ok, r.message).toBe(true);
  });

  it('gradcheck: the reference with stride 3 and padding 2', () => {
    const g = new Generator(2);
    const r = gradcheck((x, w, b) => conv1dReference(x, w, b, { stride: 3, padding: 2 }), [rnd([2, 2, 6], g), rnd([3, 2, 4], g), rnd([3], g)]);
    expect(r.ok, r.message).toBe(true);
  });

  it('rejects bad shapes and options with messages naming them', () => {
    const x = randn([2, 3, 10]);
    expect(() => conv1d(x, randn([4, 5, 3]))).toThrow(ShapeError);
    expect(() => conv1d(x, randn([4, 5, 3]))).toThrow('conv1d: the weight [4,5,3] expects 5 input channels but the input [2,3,10] has 3');
    expect(() => conv1d(randn([3, 10]), randn([4, 3, 3]))).toThrow('conv1d: expected a 3-D input [N,C,L], got [3,10]');
    expect(() => conv1d(x, randn([4, 3, 12]))).toThrow(/conv1d: the input \[2,3,10\] is too small for the kernel \[12\]/);
    expect(() => conv1d(x, randn([4, 3, 3]), randn([5]))).toThrow('conv1d: the bias must have shape [4] (one per output channel), got [5]');
    expect(() => conv1d(x, randn([4, 3, 3]), null, { stride: 0 })).toThrow(ValueError);
    expect(() => conv1d(x, randn([4, 3, 3]), null, { padding: -1 })).toThrow('conv1d: padding must be an integer ≥ 0, got -1');
    expect(() => conv1d(tensor([[[1, 2, 3]]], { dtype: 'int32' }), randn([1, 1, 2]))).toThrow(DTypeError);
  });
});

describe('conv2d', () => {
  it('matches a hand-worked 3×3 example with a 2×2 filter', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const w = tensor([[[[1, 0], [0, -1]]]]); // top-left minus bottom-right: always −4
    for (const f of [conv2d, conv2dReference]) {
      expect(f(x, w).toArray()).toEqual([[[[-4, -4], [-4, -4]]]]);
      // padding 1 → 4×4 output; corner (0,0) sees only x[0,0] at the filter's bottom-right: −1
      const y = f(x, w, null, { padding: 1 });
      expect(y.shape).toEqual([1, 1, 4, 4]);
      expect((y.toArray() as number[][][][])[0]![0]![0]).toEqual([-1, -2, -3, 0]);
      expect(f(x, w, tensor([1]), { stride: 2 }).toArray()).toEqual([[[[-3]]]]);
    }
  });

  it('fast path equals the reference on random shapes (values and gradients), with separate strides and paddings per axis', () => {
    fc.assert(
      fc.property(
        fc.record({
          N: fc.integer({ min: 1, max: 2 }),
          C: fc.integer({ min: 1, max: 3 }),
          O: fc.integer({ min: 1, max: 3 }),
          KH: fc.integer({ min: 1, max: 3 }),
          KW: fc.integer({ min: 1, max: 3 }),
          H: fc.integer({ min: 1, max: 6 }),
          W: fc.integer({ min: 1, max: 6 }),
          sh: fc.integer({ min: 1, max: 2 }),
          sw: fc.integer({ min: 1, max: 3 }),
          ph: fc.integer({ min: 0, max: 2 }),
          pw: fc.integer({ min: 0, max: 1 }),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        ({ N, C, O, KH, KW, H, W, sh, sw, ph, pw, seed }) => {
          fc.pre(H + 2 * ph >= KH && W + 2 * pw >= KW);
          const g = new Generator(seed);
          const x = rnd([N, C, H, W], g);
          const w = rnd([O, C, KH, KW], g);
          const b = rnd([O], g);
          const opts = { stride: [sh, sw] as [number, number], padding: [ph, pw] as [number, number] };
          const yf = conv2d(x, w, b, opts);
          const yr = conv2dReference(x, w, b, opts);
          expect(yf.shape).toEqual([N, O, convOutputSize(H, KH, sh, ph), convOutputSize(W, KW, sw, pw)]);
          close(yf.data, yr.data);
          const proj = rnd(yf.shape.slice(), g).detach();
          const grads = (y: Tensor) => {
            for (const t of [x, w, b]) t.grad = null;
            y.mul(proj).sum().backward();
            return [x.grad!.data, w.grad!.data, b.grad!.data];
          };
          const gf = grads(yf);
          const gr = grads(yr);
          gf.forEach((a, i) => close(a, gr[i]!));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gradcheck: fast path with stride and padding', () => {
    const g = new Generator(3);
    const r = gradcheck((x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: 1 }), [rnd([2, 2, 5, 4], g), rnd([3, 2, 3, 2], g), rnd([3], g)]);
    expect(r.ok, r.message).toBe(true);
  });

  it('rejects a wrong channel count and a bad pair', () => {
    expect(() => conv2d(randn([1, 3, 5, 5]), randn([2, 1, 3, 3]))).toThrow(
      'conv2d: the weight [2,1,3,3] expects 1 input channels but the input [1,3,5,5] has 3',
    );
    expect(() => conv2d(randn([1, 1, 5, 5]), randn([2, 1, 3, 3]), null, { stride: [1, 2, 3] as unknown as [number, number] })).toThrow(ValueError);
  });
});
