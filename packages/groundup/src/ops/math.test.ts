import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { ValueError } from '../errors.js';
import { abs, clamp, cos, erf, exp, log, sin, sqrt, square } from './math.js';
import { expectGradOk, rnd } from '../testing/helpers.js';

describe('elementwise math', () => {
  it('values by hand', () => {
    expect(exp(tensor([0])).item()).toBe(1);
    expect(log(tensor([Math.E], { dtype: 'float64' })).item()).toBeCloseTo(1, 12);
    expect(sqrt(tensor([9])).item()).toBe(3);
    expect(abs(tensor([-2, 3])).toArray()).toEqual([2, 3]);
    expect(square(tensor([-3])).item()).toBe(9);
    expect(clamp(tensor([-2, 0.5, 2]), 0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(clamp(tensor([-2, 5]), null, 1).toArray()).toEqual([-2, 1]);
  });

  it('integer inputs give float results where the math needs it', () => {
    expect(exp(tensor([1], { dtype: 'int32' })).dtype).toBe('float32');
    expect(abs(tensor([-1], { dtype: 'int32' })).dtype).toBe('int32');
  });

  it('erf matches known values to 1e-12', () => {
    // reference values of erf (Abramowitz & Stegun table 7.1 and high-precision tables)
    const known: [number, number][] = [
      [0, 0],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [4, 0.9999999845827421],
      [-1, -0.8427007929497149],
    ];
    for (const [x, v] of known) expect(Math.abs(erf(x) - v)).toBeLessThan(1e-12);
  });

  it('gradchecks', () => {
    expectGradOk((x) => exp(x), [rnd([3, 2], 1)]);
    expectGradOk((x) => log(x), [rnd([3, 2], 2, 0.2, 2)]);
    expectGradOk((x) => sqrt(x), [rnd([4], 3, 0.2, 2)]);
    expectGradOk((x) => abs(x), [rnd([6], 4)]);
    expectGradOk((x) => square(x), [rnd([6], 5)]);
    expectGradOk((x) => sin(x).add(cos(x)), [rnd([6], 6)]);
    expectGradOk((x) => clamp(x, -0.5, 0.5), [rnd([8], 7)]);
  });

  it('clamp validates its bounds', () => {
    expect(() => clamp(tensor([1]), 2, 1)).toThrow(ValueError);
    expect(() => clamp(tensor([1]), 2, 1)).toThrow(/clamp: the lower bound 2 is above the upper bound 1/);
    expect(() => clamp(tensor([1]), NaN, 1)).toThrow(/must not be NaN/);
  });
});
