import { describe, it, expect } from 'vitest';
import { tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import { Generator, manualSeed } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Normal } from './index.js';

const N = 20000;
const meanOf = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const varOf = (a: ArrayLike<number>) => {
  const m = meanOf(a);
  return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1);
};

describe('prob.Normal', () => {
  it('sample mean and variance converge to μ and σ² (seeded)', () => {
    const mu = 2;
    const sigma = 3;
    const x = new Normal(mu, sigma, { dtype: 'float64' }).sample([N], { generator: new Generator(1) });
    expect(x.shape).toEqual([N]);
    // Tolerance: 5 standard errors. SE of the sample mean is σ/√N ≈ 0.021; SE of the sample
    // variance of normal data is σ²·√(2/(N−1)) ≈ 0.090. A correct sampler fails this with
    // probability below 1e-6, and the seed is fixed anyway.
    expect(Math.abs(meanOf(x.data) - mu)).toBeLessThan((5 * sigma) / Math.sqrt(N));
    expect(Math.abs(varOf(x.data) - sigma ** 2)).toBeLessThan(5 * sigma ** 2 * Math.sqrt(2 / (N - 1)));
  });

  it('batches broadcast: one column per (μ, σ) pair', () => {
    const d = new Normal(tensor([0, 10]), tensor([1, 2]));
    const x = d.sample([N], { generator: new Generator(2) });
    expect(x.shape).toEqual([N, 2]);
    expect(x.dtype).toBe('float32');
    const col = (j: number) => Array.from({ length: N }, (_, i) => x.data[i * 2 + j]!);
    expect(Math.abs(meanOf(col(0)) - 0)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(meanOf(col(1)) - 10)).toBeLessThan((5 * 2) / Math.sqrt(N));
    expect(Array.from(d.mean.data)).toEqual([0, 10]);
    expect(Array.from(d.variance.data)).toEqual([1, 4]);
    expect(new Normal(tensor([0, 1, 2]), 2).batchShape).toEqual([3]);
  });

  it('uses the seeded global generator by default', () => {
    const d = new Normal(0, 1);
    manualSeed(42);
    const a = Array.from(d.sample([5]).data);
    manualSeed(42);
    const b = Array.from(d.sample([5]).data);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(5);
  });

  it('logProb matches the density formula', () => {
    const d = new Normal(1.5, 0.7, { dtype: 'float64' });
    for (const x of [-2, 0, 1.5, 3.3]) {
      const density = Math.exp(-((x - 1.5) ** 2) / (2 * 0.49)) / (0.7 * Math.sqrt(2 * Math.PI));
      expect(d.logProb(x).item()).toBeCloseTo(Math.log(density), 12);
    }
    // and integrates to 1 (trapezoid rule over ±10σ)
    const h = 0.001;
    let area = 0;
    for (let x = 1.5 - 7; x <= 1.5 + 7; x += h) area += Math.exp(d.logProb(x).item()) * h;
    expect(area).toBeCloseTo(1, 6);
  });

  it('entropy is ½log(2πeσ²) and equals −E[log p(X)] (Monte Carlo)', () => {
    const d = new Normal(tensor([0, 0], { dtype: 'float64' }), tensor([1, 5], { dtype: 'float64' }));
    const h = d.entropy();
    expect(h.data[0]).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E), 12);
    expect(h.data[1]).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 25), 12);
    // −log p(X) = z²/2 + const has standard deviation 1/√2 for every σ, so its mean has SE √(1/(2N))
    const lp = d.logProb(d.sample([N], { generator: new Generator(3) }));
    for (let j = 0; j < 2; j++) {
      const mc = -meanOf(Array.from({ length: N }, (_, i) => lp.data[i * 2 + j]!));
      expect(Math.abs(mc - h.data[j]!)).toBeLessThan(5 * Math.sqrt(1 / (2 * N)));
    }
  });

  it('gradcheck: logProb with respect to x, μ and σ, and rsample with respect to μ and σ', () => {
    const x = tensor([0.3, -1.2, 2.5]);
    const mu = tensor([0.1, 0.5, -0.4]);
    const s = tensor([1.3, 0.6, 2.0]);
    const r = gradcheck((a: Tensor, m: Tensor, sd: Tensor) => new Normal(m, sd).logProb(a), [x, mu, s]);
    expect(r.ok, r.message).toBe(true);
    const r2 = gradcheck((m: Tensor, sd: Tensor) => new Normal(m, sd).rsample([4], { generator: new Generator(9) }), [mu, s]);
    expect(r2.ok, r2.message).toBe(true);
    const r3 = gradcheck((sd: Tensor) => new Normal(0, sd).entropy(), [s]);
    expect(r3.ok, r3.message).toBe(true);
  });

  it('sample() carries no gradient, rsample() does', () => {
    const mu = tensor([1], { requiresGrad: true });
    expect(new Normal(mu, 1).sample([2]).requiresGrad).toBe(false);
    expect(new Normal(mu, 1).rsample([2]).requiresGrad).toBe(true);
  });

  it('bad input: a ValueError naming the parameter and value', () => {
    expect(() => new Normal(0, -1)).toThrow(ValueError);
    expect(() => new Normal(0, -1)).toThrow(/prob\.Normal: std must be a finite number > 0, but std = -1/);
    expect(() => new Normal(0, 0)).toThrow(/std = 0/);
    expect(() => new Normal(0, tensor([1, 0.5, 0]))).toThrow(/std\[2\] = 0/);
    expect(() => new Normal(NaN, 1)).toThrow(/mean must be a finite number, but mean = NaN/);
    expect(() => new Normal(tensor([0, 1]), tensor([1, 1, 1]))).toThrow(ShapeError);
    expect(() => new Normal(0, 1).sample([-1])).toThrow(ValueError);
    expect(() => new Normal('0' as unknown as number, 1)).toThrow(TypeError);
  });
});
