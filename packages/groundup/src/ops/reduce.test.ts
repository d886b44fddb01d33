import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { amax, amin, argmax, argmin, logsumexp, max, mean, min, std, sum, variance } from './reduce.js';
import { expectClose, expectGradOk, rnd } from '../testing/helpers.js';

describe('reductions', () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it('sum and mean over axes, with keepdim', () => {
    expect(sum(m).item()).toBe(21);
    expect(sum(m, 0).toArray()).toEqual([5, 7, 9]);
    expect(sum(m, 1).toArray()).toEqual([6, 15]);
    expect(sum(m, -1, true).shape).toEqual([2, 1]);
    expect(sum(m, [0, 1]).item()).toBe(21);
    expect(mean(m, 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(mean(m, null, true).shape).toEqual([1, 1]);
  });
  it('max/min/argmax/argmin', () => {
    expect(max(m).item()).toBe(6);
    expect(max(m, 0).toArray()).toEqual([4, 5, 6]);
    expect(min(m, 1).toArray()).toEqual([1, 4]);
    expect(argmax(m, 1).toArray()).toEqual([2, 2]);
    expect(argmin(m).item()).toBe(0);
    expect(argmax(tensor([3, 7, 7])).item()).toBe(1); // first of ties
  });
  it('var and std, unbiased by default', () => {
    // [1,2,3,4]: mean 2.5, squared deviations sum to 5 → 5/3 unbiased, 5/4 biased
    const x = tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(variance(x).item()).toBeCloseTo(5 / 3, 14);
    expect(variance(x, null, { unbiased: false }).item()).toBeCloseTo(1.25, 14);
    expect(std(x).item()).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(variance(m, 1, { keepdim: true }).shape).toEqual([2, 1]);
  });
  it('logsumexp is the log of the sum of exponentials, and stable', () => {
    const x = [0.5, -1, 2];
    expect(logsumexp(tensor(x, { dtype: 'float64' })).item()).toBeCloseTo(Math.log(x.map(Math.exp).reduce((a, b) => a + b)), 13);
    // log(e^1000 + e^1000) = 1000 + log 2, where the naive formula overflows
    expect(logsumexp(tensor([1000, 1000], { dtype: 'float64' })).item()).toBeCloseTo(1000 + Math.LN2, 10);
    expect(logsumexp(tensor([-1000, -1000], { dtype: 'float64' })).item()).toBeCloseTo(-1000 + Math.LN2, 10);
  });
  it('logsumexp property: max ≤ lse ≤ max + log n, finite for |x| ≤ 1e4', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 20 }), (vals) => {
        const l = logsumexp(new Tensor(Float64Array.from(vals), [vals.length], 'float64')).item();
        const mx = Math.max(...vals);
        expect(Number.isFinite(l)).toBe(true);
        expect(l).toBeGreaterThanOrEqual(mx - 1e-9);
        expect(l).toBeLessThanOrEqual(mx + Math.log(vals.length) + 1e-9);
      }),
      { numRuns: 300 },
    );
  });
  it('gradchecks', () => {
    const x = rnd([3, 4, 2], 1);
    expectGradOk((t) => sum(t, 1), [x]);
    expectGradOk((t) => sum(t, [0, 2], true), [x]);
    expectGradOk((t) => mean(t, -1), [x]);
    expectGradOk((t) => max(t, 1), [x]);
    expectGradOk((t) => min(t), [x]);
    expectGradOk((t) => amax(t, [0, 2]), [x]);
    expectGradOk((t) => amin(t, 1, true), [x]);
    expectGradOk((t) => variance(t, 1), [x]);
    expectGradOk((t) => std(t, [0, 1], { unbiased: false }), [x]);
    expectGradOk((t) => logsumexp(t, 1), [x]);
  });
  it('max splits the gradient evenly between tied maxima', () => {
    const x = tensor([1, 3, 3], { requiresGrad: true });
    max(x).backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0.5, 0.5]);
  });
  it('ties over an axis: max/min route the gradient to the index argmax/argmin return, amax/amin split it', () => {
    // the values torch 1.13 gives for x = [[1,3,3],[2,2,0]]:
    //   x.max(1).values.sum() → [[0,1,0],[1,0,0]]   x.min(1) → [[1,0,0],[0,0,1]]
    //   x.amax(1).sum() → [[0,½,½],[½,½,0]]          x.max() → [[0,½,½],[0,0,0]]
    const rows = [
      [1, 3, 3],
      [2, 2, 0],
    ];
    const gradOf = (f: (t: Tensor) => Tensor) => {
      const x = tensor(rows, { requiresGrad: true });
      f(x).sum().backward();
      return x.grad!.toArray();
    };
    expect(gradOf((t) => max(t, 1))).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(Array.from(argmax(tensor(rows), 1).data)).toEqual([1, 0]);
    expect(gradOf((t) => min(t, 1))).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(gradOf((t) => t.max(1, true))).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(gradOf((t) => amax(t, 1))).toEqual([
      [0, 0.5, 0.5],
      [0.5, 0.5, 0],
    ]);
    expect(gradOf((t) => amin(t, -1))).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(gradOf((t) => max(t))).toEqual([
      [0, 0.5, 0.5],
      [0, 0, 0],
    ]);
    // down the columns of [[1,3,3],[2,2,0],[2,3,3]]: every column has a tie, the first row of it wins
    const cols = tensor([...rows, [2, 3, 3]], { requiresGrad: true });
    max(cols, 0).sum().backward();
    expect(cols.grad!.toArray()).toEqual([
      [0, 1, 1],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    // the incoming gradient is carried, not just 1s
    const x = tensor(rows, { requiresGrad: true });
    max(x, 1).mul(tensor([2, -3])).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 2, 0],
      [-3, 0, 0],
    ]);
  });
  it('amax/amin over several axes, all axes and keepdim; NaN wins like in max', () => {
    const x = tensor([
      [
        [1, 7],
        [7, 2],
      ],
      [
        [0, 5],
        [3, 4],
      ],
    ]);
    expect(amax(x, [1, 2]).toArray()).toEqual([7, 5]);
    expect(amax(x, [0, 2], true).toArray()).toEqual([[[7], [7]]]);
    expect(amin(x, [0, 1]).toArray()).toEqual([0, 2]);
    expect(amax(x).item()).toBe(7);
    const leaf = tensor(x.toArray() as number[][][], { requiresGrad: true });
    amax(leaf, [1, 2]).sum().backward();
    // the two 7s of the first block share its gradient; the 5 of the second block takes all of it
    expect(leaf.grad!.toArray()).toEqual([
      [
        [0, 0.5],
        [0.5, 0],
      ],
      [
        [0, 1],
        [0, 0],
      ],
    ]);
    expect(amax(tensor([1, NaN, 2]), 0).item()).toBeNaN();
    expect(() => amax(zeros([2, 0]), 1)).toThrow(/amax: cannot take the amax over an empty axis of shape \[2,0\]/);
    expect(() => amax(x, [1, 1])).toThrow(ShapeError);
  });
  it('max(axis) sends the gradient to a NaN it returns (the index argmax picks)', () => {
    const x = tensor([1, NaN, 2], { requiresGrad: true });
    const v = max(x, 0);
    expect(v.item()).toBeNaN();
    v.backward(v.onesLike());
    expect(Array.from(x.grad!.data)).toEqual([0, 1, 0]);
  });
  it('empty tensors: sum is 0, mean/max have no value', () => {
    expect(sum(zeros([0])).item()).toBe(0);
    expect(sum(zeros([2, 0]), 1).toArray()).toEqual([0, 0]);
    expect(() => mean(zeros([0]))).toThrow(ValueError);
    expect(() => max(zeros([0, 3]), 0)).toThrow(/max: cannot take the max over an empty axis of shape \[0,3\]/);
    expect(() => variance(tensor([1]))).toThrow(/var: 1 element .* divides by n − 1/);
  });
  it('bad axes', () => {
    expect(() => sum(m, 2)).toThrow(ShapeError);
    expect(() => sum(m, [0, 0])).toThrow(/names the same dimension twice/);
    expect(() => sum(m, 0.5)).toThrow(TypeError);
  });
  it('int32 sums stay int32; means become float', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(sum(i).dtype).toBe('int32');
    expect(mean(i).item()).toBe(1.5);
  });
  it('sum over several axes equals a hand loop', () => {
    const x = rnd([2, 3, 4], 2);
    const got = sum(x, [0, 2]);
    const want = [0, 1, 2].map((j) => {
      let s = 0;
      for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) s += x.data[i * 12 + j * 4 + k]!;
      return s;
    });
    expectClose(got.data, want, 1e-12);
  });
});
