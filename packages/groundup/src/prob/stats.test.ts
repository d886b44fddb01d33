import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import type { Tensor } from '../tensor.js';
import { bayes, covariance, expectation, variance } from './index.js';

describe('prob.expectation and prob.variance', () => {
  it('a fair die: E = 3.5, Var = 35/12', () => {
    const faces = [1, 2, 3, 4, 5, 6];
    const p = Array(6).fill(1 / 6);
    expect(expectation(faces, p).item()).toBeCloseTo(3.5, 14);
    // E[X²] = 91/6, so Var = 91/6 − 49/4 = 35/12
    expect(variance(faces, p).item()).toBeCloseTo(35 / 12, 14);
  });

  it('reduce over the last axis with a batch of distributions', () => {
    const e = expectation([0, 10], [[1, 0], [0.25, 0.75]]);
    expect(Array.from(e.data)).toEqual([0, 7.5]);
    const v = variance([0, 10], [[1, 0], [0.25, 0.75]]);
    expect(v.data[0]).toBe(0);
    expect(v.data[1]).toBeCloseTo(0.25 * 7.5 ** 2 + 0.75 * 2.5 ** 2, 12);
  });

  it('gradcheck with respect to the values', () => {
    const vals = tensor([[0.5, -1.0, 2.0], [1.0, 3.0, -2.0]]);
    const p = tensor([0.2, 0.5, 0.3], { dtype: 'float64' });
    for (const f of [expectation, variance]) {
      const r = gradcheck((x: Tensor) => f(x, p), [vals]);
      expect(r.ok, r.message).toBe(true);
    }
  });

  it('bad input', () => {
    expect(() => expectation([1, 2], [0.5, 0.6])).toThrow(/prob\.expectation: probs must sum to 1/);
    expect(() => variance([1, 2], [1.5, -0.5])).toThrow(/probs\[1\] = -0\.5/);
    expect(() => expectation([1, 2, 3], [0.5, 0.5])).toThrow(ShapeError);
  });
});

describe('prob.covariance', () => {
  it('matches a hand computation', () => {
    // x̄ = 2, ȳ = 13/3; Σ(x−x̄)(y−ȳ) = (−1)(−7/3) + 0 + (1)(8/3) = 5; / (n − 1) = 2.5
    expect(covariance([1, 2, 3], [2, 4, 7]).item()).toBeCloseTo(2.5, 14);
    expect(covariance([1, 2, 3], [2, 4, 7], { unbiased: false }).item()).toBeCloseTo(5 / 3, 14);
    // moving in opposite directions gives a negative covariance; cov(x, x) is the variance
    expect(covariance([1, 2, 3], [3, 2, 1]).item()).toBeCloseTo(-1, 14);
    expect(covariance([1, 2, 3, 4], [1, 2, 3, 4]).item()).toBeCloseTo(5 / 3, 14);
  });

  it('is symmetric and bilinear (property)', () => {
    const arr = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(arr, arr, fc.double({ min: -3, max: 3, noNaN: true }), (x, y, a) => {
        const cxy = covariance(x, y).item();
        expect(covariance(y, x).item()).toBeCloseTo(cxy, 8);
        expect(covariance(x.map((v) => a * v + 7), y).item()).toBeCloseTo(a * cxy, 6);
      }),
      { numRuns: 50 },
    );
  });

  it('gradcheck', () => {
    const r = gradcheck((a: Tensor, b: Tensor) => covariance(a, b), [tensor([1, 2.5, -1, 0.3]), tensor([0.2, -0.4, 1.1, 2])]);
    expect(r.ok, r.message).toBe(true);
  });

  it('bad input', () => {
    expect(() => covariance([1, 2], [1, 2, 3])).toThrow(ShapeError);
    expect(() => covariance([1, 2], [1, 2, 3])).toThrow(/got \[2\] and \[3\]/);
    expect(() => covariance([1], [2])).toThrow(ValueError);
  });
});

describe('prob.bayes', () => {
  it('the ECG example: a rare arrhythmia and a good test still give a small posterior', () => {
    // P(arrhythmia) = 0.01, P(positive | arrhythmia) = 0.95, P(positive | healthy) = 0.05
    // by hand: 0.95·0.01 = 0.0095; 0.05·0.99 = 0.0495; 0.0095 / (0.0095 + 0.0495) = 0.0095 / 0.059 ≈ 0.1610
    const post = bayes({ prior: 0.01, likelihood: 0.95, falsePositiveRate: 0.05 });
    expect(post).toBeCloseTo(0.0095 / 0.059, 14);
    expect(post).toBeCloseTo(0.161, 3);
  });

  it('evidence equally likely either way leaves the prior unchanged; a certain prior stays certain (property)', () => {
    const p01 = fc.double({ min: 0.001, max: 0.999, noNaN: true });
    fc.assert(
      fc.property(p01, p01, p01, (prior, l, fpr) => {
        expect(bayes({ prior, likelihood: l, falsePositiveRate: l })).toBeCloseTo(prior, 12);
        expect(bayes({ prior: 1, likelihood: l, falsePositiveRate: fpr })).toBe(1);
        const post = bayes({ prior, likelihood: l, falsePositiveRate: fpr });
        // evidence more likely under H raises the belief, and vice versa (up to rounding: when l and
        // fpr differ in the last bits, post = prior·(1 ± a few ulps) may land on either side)
        if (l > fpr) expect(post).toBeGreaterThanOrEqual(prior * (1 - 1e-14));
        if (l < fpr) expect(post).toBeLessThanOrEqual(prior * (1 + 1e-14));
      }),
      { numRuns: 100 },
    );
  });

  it('bad input: a ValueError naming the argument', () => {
    expect(() => bayes({ prior: 1.2, likelihood: 0.9, falsePositiveRate: 0.1 })).toThrow(ValueError);
    expect(() => bayes({ prior: 1.2, likelihood: 0.9, falsePositiveRate: 0.1 })).toThrow(/prob\.bayes: prior must be a probability in \[0, 1\], got 1\.2/);
    expect(() => bayes({ prior: 0.5, likelihood: -0.1, falsePositiveRate: 0.1 })).toThrow(/likelihood .* -0\.1/);
    expect(() => bayes({ prior: 0.5, likelihood: 0.9, falsePositiveRate: NaN })).toThrow(/falsePositiveRate must be a finite number, got NaN/);
    expect(() => bayes({ prior: 0, likelihood: 0.9, falsePositiveRate: 0 })).toThrow(/evidence has probability 0/);
    expect(() => bayes({ prior: 0.5, likelihood: 0.9 } as never)).toThrow(TypeError);
  });
});
