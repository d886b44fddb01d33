import { describe, it, expect } from 'vitest';
import { tensor, randn, gradcheck, Generator, Tensor, ShapeError, ValueError } from '../index.js';
import { avgPool1d, maxPool1d } from './pool.js';

function rnd(shape: number[], seed: number): Tensor {
  const g = new Generator(seed);
  return new Tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.normal()), shape, 'float64', true);
}

describe('pooling', () => {
  const x = tensor([[[1, 5, 2, 4, 3, 0, 7]]]);
  it('max pool takes the largest of each window', () => {
    expect(maxPool1d(x, 2).toArray()).toEqual([[[5, 4, 3]]]); // the trailing 7 does not fill a window
    expect(maxPool1d(x, 3, 1).toArray()).toEqual([[[5, 5, 4, 4, 7]]]);
  });
  it('average pool takes the mean of each window', () => {
    expect(avgPool1d(x, 2).toArray()).toEqual([[[3, 3, 1.5]]]);
    const y = avgPool1d(x.double(), 3, 2).data;
    [8 / 3, 3, 10 / 3].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 12));
  });
  it('max pool sends the gradient to the maximum of each window; overlapping windows add up', () => {
    const t = tensor([[[1, 5, 2, 4, 3, 0, 7]]], { requiresGrad: true });
    maxPool1d(t, 3, 1).sum().backward();
    expect(t.grad!.toArray()).toEqual([[[0, 2, 0, 2, 0, 0, 1]]]);
  });
  it('gradcheck: max and average pooling, with and without overlap', () => {
    for (const [k, s] of [
      [2, 2],
      [3, 1],
      [3, 2],
    ] as const) {
      expect(gradcheck((a) => maxPool1d(a, k, s), [rnd([2, 3, 8], k * 10 + s)]).ok).toBe(true);
      expect(gradcheck((a) => avgPool1d(a, k, s), [rnd([2, 3, 8], k * 10 + s)]).ok).toBe(true);
    }
  });
  it('rejects bad input', () => {
    expect(() => maxPool1d(randn([3, 8]), 2)).toThrow('maxPool1d: expected a 3-D input [N,C,L], got [3,8]');
    expect(() => avgPool1d(randn([1, 1, 3]), 4)).toThrow(ShapeError);
    expect(() => maxPool1d(randn([1, 1, 3]), 0)).toThrow(ValueError);
    expect(() => avgPool1d(randn([1, 1, 3]), 2, 1.5)).toThrow('avgPool1d: the stride must be an integer ≥ 1, got 1.5');
  });
});
