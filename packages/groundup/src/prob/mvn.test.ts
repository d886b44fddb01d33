import { describe, it, expect } from 'vitest';
import { tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { MultivariateNormal, Normal } from './index.js';

const N = 20000;
// Σ = A Aᵀ + I for A = [[1,0,0],[0.8,0.6,0],[-0.5,0.3,1]]: symmetric positive definite with correlations
const COV = [
  [2, 0.8, -0.5],
  [0.8, 2, -0.22],
  [-0.5, -0.22, 2.34],
];
const MU = [1, -2, 0.5];

describe('prob.MultivariateNormal', () => {
  it('samples have the requested mean and covariance (seeded)', () => {
    const d = new MultivariateNormal(MU, COV, { dtype: 'float64' });
    const x = d.sample([N], { generator: new Generator(10) });
    expect(x.shape).toEqual([N, 3]);
    const m = [0, 0, 0];
    for (let i = 0; i < N; i++) for (let j = 0; j < 3; j++) m[j]! += x.data[i * 3 + j]! / N;
    for (let j = 0; j < 3; j++) expect(Math.abs(m[j]! - MU[j]!)).toBeLessThan(5 * Math.sqrt(COV[j]![j]! / N));
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let c = 0;
        for (let i = 0; i < N; i++) c += (x.data[i * 3 + a]! - m[a]!) * (x.data[i * 3 + b]! - m[b]!);
        c /= N - 1;
        // 5 standard errors; for Gaussian data Var(sample cov_ab) ≈ (Σaa Σbb + Σab²) / N
        const se = Math.sqrt((COV[a]![a]! * COV[b]![b]! + COV[a]![b]! ** 2) / N);
        expect(Math.abs(c - COV[a]![b]!)).toBeLessThan(5 * se);
      }
  });

  it('its Cholesky factor reproduces Σ = L Lᵀ with L lower-triangular', () => {
    const L = new MultivariateNormal(MU, COV).scaleTril;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        if (j > i) expect(L.data[i * 3 + j]).toBe(0);
        let s = 0;
        for (let k = 0; k < 3; k++) s += L.data[i * 3 + k]! * L.data[j * 3 + k]!;
        expect(s).toBeCloseTo(COV[i]![j]!, 6);
      }
  });

  it('logProb matches the closed form (2-D, by hand)', () => {
    const [a, b, c] = [2, 0.6, 1];
    const d = new MultivariateNormal([0.5, -1], [[a, b], [b, c]], { dtype: 'float64' });
    const det = a * c - b * b;
    for (const [x, y] of [[0, 0], [1.5, -2], [-1, 3]] as const) {
      const u = x - 0.5;
      const v = y + 1;
      const quad = (c * u * u - 2 * b * u * v + a * v * v) / det; // [u v] Σ⁻¹ [u v]ᵀ with the 2×2 inverse
      const expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad;
      expect(d.logProb([x, y]).item()).toBeCloseTo(expected, 12);
    }
    // a batch of points gives one log-density each
    expect(d.logProb([[0, 0], [1, 1], [2, 2]]).shape).toEqual([3]);
  });

  it('with a diagonal Σ it is a product of independent normals', () => {
    const d = new MultivariateNormal([1, 2, 3], [[4, 0, 0], [0, 1, 0], [0, 0, 0.25]], { dtype: 'float64' });
    const x = [0.3, 2.5, 2.9];
    const sum = x.reduce((s, v, i) => s + new Normal([1, 2, 3][i]!, [2, 1, 0.5][i]!, { dtype: 'float64' }).logProb(v).item(), 0);
    expect(d.logProb(x).item()).toBeCloseTo(sum, 12);
    expect(Array.from(d.variance.data)).toEqual([4, 1, 0.25]);
  });

  it('entropy is ½log((2πe)^d det Σ) and equals −E[log p(X)] (Monte Carlo)', () => {
    const d = new MultivariateNormal([0, 0], [[2, 0.6], [0.6, 1]], { dtype: 'float64' });
    const det = 2 - 0.36;
    const h = 0.5 * Math.log((2 * Math.PI * Math.E) ** 2 * det);
    expect(d.entropy().item()).toBeCloseTo(h, 12);
    // −log p(X) = const + ½χ²_d, whose standard deviation is ½√(2d) = 1 for d = 2
    const lp = d.logProb(d.sample([N], { generator: new Generator(11) }));
    const mc = -Array.from(lp.data).reduce((s, v) => s + v, 0) / N;
    expect(Math.abs(mc - h)).toBeLessThan(5 / Math.sqrt(N));
  });

  it('a batch of means shares one covariance', () => {
    const d = new MultivariateNormal([[0, 0], [10, -10]], [[1, 0], [0, 1]]);
    expect(d.batchShape).toEqual([2]);
    const x = d.sample([500], { generator: new Generator(12) });
    expect(x.shape).toEqual([500, 2, 2]);
    let m = 0;
    for (let i = 0; i < 500; i++) m += x.data[i * 4 + 2]! / 500;
    expect(Math.abs(m - 10)).toBeLessThan(5 / Math.sqrt(500));
    expect(d.logProb([0, 0]).shape).toEqual([2]);
    expect(d.entropy().shape).toEqual([2]);
  });

  it('gradcheck: logProb with respect to x, μ and Σ; entropy with respect to Σ', () => {
    const x = tensor([[0.2, -1.0, 0.7], [1.5, 0.3, -0.2]]);
    const mu = tensor(MU);
    const cov = tensor(COV);
    // eps 1e-7 keeps a perturbed Σ within the symmetry tolerance (1e-6 relative)
    const r = gradcheck((a: Tensor, m: Tensor, s: Tensor) => new MultivariateNormal(m, s).logProb(a), [x, mu, cov], { eps: 1e-7, atol: 1e-6 });
    expect(r.ok, r.message).toBe(true);
    const r2 = gradcheck((s: Tensor) => new MultivariateNormal(MU, s).entropy(), [cov], { eps: 1e-7, atol: 1e-6 });
    expect(r2.ok, r2.message).toBe(true);
  });

  it('bad input: a ValueError naming cov and its value', () => {
    expect(() => new MultivariateNormal([0, 0], [[1, 2], [2, 1]])).toThrow(ValueError);
    expect(() => new MultivariateNormal([0, 0], [[1, 2], [2, 1]])).toThrow(
      /prob\.MultivariateNormal: cov must be positive definite, but cov = \[\[1,2\],\[2,1\]\] is not/,
    );
    expect(() => new MultivariateNormal([0, 0], [[1, 1], [1, 1]])).toThrow(/positive definite/); // singular
    expect(() => new MultivariateNormal([0, 0], [[-1, 0], [0, 1]])).toThrow(/column 0/);
    expect(() => new MultivariateNormal([0, 0], [[1, 0.5], [0.2, 1]])).toThrow(/cov must be symmetric, but cov\[0,1\] = 0\.5 and cov\[1,0\] = 0\.2/);
    expect(() => new MultivariateNormal([0, 0, 0], [[1, 0], [0, 1]])).toThrow(ShapeError);
    expect(() => new MultivariateNormal([0, 0], [1, 1])).toThrow(/square matrix/);
    expect(() => new MultivariateNormal(0, [[1]])).toThrow(ShapeError);
    expect(() => new MultivariateNormal([0, NaN], [[1, 0], [0, 1]])).toThrow(/mean\[1\] = NaN/);
    expect(() => new MultivariateNormal([0, 0], [[1, 0], [0, 1]]).logProb([1, 2, 3])).toThrow(/x must be \[\.\.\., 2\]/);
  });
});
