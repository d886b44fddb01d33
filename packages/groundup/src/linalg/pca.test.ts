import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, ValueError, gradcheck, randn, tensor, linalg } from '../index.js';
import { Tensor } from '../tensor.js';

const { pca, cov } = linalg;

/**
 * n points z ~ N(0, diag(9, 1)), rotated by θ and shifted by `shift`: x = R(θ) z + shift.
 * The covariance of x is R diag(9, 1) Rᵀ, so its principal axes are u₁ = (cos θ, sin θ) with
 * variance 9 and u₂ = (−sin θ, cos θ) with variance 1, and the first axis explains 9/10 of it.
 */
function rotatedGaussian(n: number, theta: number, shift: [number, number], g: Generator): number[][] {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return Array.from({ length: n }, () => {
    const z1 = 3 * g.normal();
    const z2 = g.normal();
    return [c * z1 - s * z2 + shift[0], s * z1 + c * z2 + shift[1]];
  });
}

describe('pca recovers a known covariance', () => {
  // Tolerances, for n = 4000 samples (the seed is fixed, so these are checked margins, not flaky bounds):
  // - the sample covariance has entry errors of order σ²·√(2/n); the first axis tilts by about
  //   √(λ₁λ₂/n)/(λ₁ − λ₂) = √(9/4000)/8 ≈ 0.006 rad (one standard deviation), so |cos| ≥ 0.999
  //   (an angle of 0.045 rad) is a 7σ margin;
  // - sd(λ̂₁) = λ₁√(2/n) ≈ 0.20, sd(λ̂₂) ≈ 0.022, giving sd(ratio) ≈ 0.003; we allow 0.015 (5σ),
  //   1.0 on λ₁ and 0.11 on λ₂ (5σ each);
  // - the mean has sd ≤ 3/√n ≈ 0.047 per coordinate; we allow 0.25.
  const n = 4000;
  const theta = Math.PI / 6;
  const X = tensor(rotatedGaussian(n, theta, [5, -2], new Generator(2024)), { dtype: 'float64' });
  const p = pca(X, 2);

  it('the components are the rotated axes (|cos angle| ≈ 1), largest entry positive', () => {
    const W = p.components.toArray() as number[][];
    expect(p.components.shape).toEqual([2, 2]);
    const u1 = [Math.cos(theta), Math.sin(theta)];
    const u2 = [-Math.sin(theta), Math.cos(theta)];
    expect(Math.abs(W[0]![0]! * u1[0]! + W[0]![1]! * u1[1]!)).toBeGreaterThan(0.999);
    expect(Math.abs(W[1]![0]! * u2[0]! + W[1]![1]! * u2[1]!)).toBeGreaterThan(0.999);
    // the sign convention picks +u₁ and +u₂ here (each one's largest entry is already positive)
    expect(W[0]![0]!).toBeGreaterThan(0);
    expect(W[1]![1]!).toBeGreaterThan(0);
  });

  it('variances ≈ (9, 1), ratio ≈ 0.9, mean ≈ the shift', () => {
    const ev = Array.from(p.explainedVariance.data);
    expect(Math.abs(ev[0]! - 9)).toBeLessThan(1.0);
    expect(Math.abs(ev[1]! - 1)).toBeLessThan(0.11);
    expect(Math.abs(p.explainedVarianceRatio.data[0]! - 0.9)).toBeLessThan(0.015);
    expect(Math.abs(p.mean.data[0]! - 5)).toBeLessThan(0.25);
    expect(Math.abs(p.mean.data[1]! + 2)).toBeLessThan(0.25);
  });

  it('k = d: the ratios sum to 1 and transform → inverseTransform gives X back', () => {
    const r = Array.from(p.explainedVarianceRatio.data);
    expect(r[0]! + r[1]!).toBeCloseTo(1, 12);
    const back = p.inverseTransform(p.transform(X));
    let worst = 0;
    for (let i = 0; i < X.size; i++) worst = Math.max(worst, Math.abs(back.data[i]! - X.data[i]!));
    expect(worst).toBeLessThan(1e-10);
  });

  it('the scores are uncorrelated, with the explained variances on the diagonal of their covariance', () => {
    const C = cov(p.transform(X)).toArray() as number[][];
    expect(C[0]![0]).toBeCloseTo(p.explainedVariance.data[0]!, 9);
    expect(C[1]![1]).toBeCloseTo(p.explainedVariance.data[1]!, 9);
    expect(Math.abs(C[0]![1]!)).toBeLessThan(1e-9);
  });
});

describe('pca in more dimensions', () => {
  const g = new Generator(31);
  // 200 points in 5-D with very different spreads per (randomly mixed) direction
  const scales = [4, 2, 1, 0.5, 0.1];
  const raw = randn([200, 5], { dtype: 'float64', generator: g }).mul(tensor(scales, { dtype: 'float64' }));
  const mix = linalg.eigh(cov(randn([10, 5], { dtype: 'float64', generator: g }))).vectors; // some orthogonal matrix
  const X = raw.matmul(mix).add(tensor([1, 2, 3, 4, 5], { dtype: 'float64' }));

  it('components are orthonormal rows; variances descend; ratios sum to < 1 for k < d and to 1 for k = d', () => {
    const full = pca(X, 5);
    const W = full.components.toArray() as number[][];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) expect(W[i]!.reduce((s, v, t) => s + v * W[j]![t]!, 0)).toBeCloseTo(i === j ? 1 : 0, 12);
    const ev = Array.from(full.explainedVariance.data);
    for (let i = 1; i < 5; i++) expect(ev[i]!).toBeLessThanOrEqual(ev[i - 1]!);
    expect(Array.from(full.explainedVarianceRatio.data).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // the total variance is the trace of the covariance matrix
    const C = cov(X).toArray() as number[][];
    expect(ev.reduce((s, v) => s + v, 0)).toBeCloseTo(C.reduce((s, row, i) => s + row[i]!, 0), 10);
    for (const k of [1, 2, 3, 4]) {
      const s = Array.from(pca(X, k).explainedVarianceRatio.data).reduce((a, b) => a + b, 0);
      expect(s).toBeLessThan(1);
      expect(s).toBeGreaterThan(0);
    }
  });

  it('k < d: the squared reconstruction error per (n − 1) equals the variance left out', () => {
    const full = Array.from(pca(X, 5).explainedVariance.data);
    for (const k of [1, 3]) {
      const p = pca(X, k);
      expect(p.components.shape).toEqual([k, 5]);
      const Z = p.transform(X);
      expect(Z.shape).toEqual([200, k]);
      const back = p.inverseTransform(Z);
      let sq = 0;
      for (let i = 0; i < X.size; i++) sq += (back.data[i]! - X.data[i]!) ** 2;
      const leftOut = full.slice(k).reduce((s, v) => s + v, 0);
      expect(sq / 199).toBeCloseTo(leftOut, 9);
    }
  });

  it('transform is differentiable in its input (gradcheck)', () => {
    const p = pca(X, 2);
    const Y = randn([3, 5], { dtype: 'float64', generator: g });
    const r = gradcheck((y) => p.transform(y), [Y]);
    expect(r.ok, r.message).toBe(true);
    const Z = randn([3, 2], { dtype: 'float64', generator: g });
    const r2 = gradcheck((z) => p.inverseTransform(z), [Z]);
    expect(r2.ok, r2.message).toBe(true);
  });
});

describe('pca: small cases', () => {
  it('the doc example: spread 2 along x, 0.5 along y', () => {
    const p = pca(tensor([[2, 0], [0, 0], [-2, 0], [0, 1], [0, -1]]), 1);
    expect(p.components.toArray()).toEqual([[1, 0]]);
    expect(p.explainedVariance.data[0]).toBeCloseTo(2, 6);
    expect(p.explainedVarianceRatio.data[0]).toBeCloseTo(0.8, 6);
    expect(p.transform(tensor([[3, 5]])).toArray()).toEqual([[3]]);
    expect(p.inverseTransform(tensor([[3]])).toArray()).toEqual([[3, 0]]);
  });

  it('float32 in, float32 out (and int32 in, float32 out)', () => {
    const p = pca(tensor([[1, 2], [3, 1], [0, 0]]), 2);
    for (const t of [p.components, p.explainedVariance, p.explainedVarianceRatio, p.mean]) expect(t.dtype).toBe('float32');
    expect(pca(tensor([[1, 2], [3, 1], [0, 0]], { dtype: 'int32' }), 1).components.dtype).toBe('float32');
  });
});

describe('pca: hostile input', () => {
  const X = tensor([[1, 2, 3], [4, 5, 7], [0, 1, 1]]);
  it('k out of range, fractional or not a number', () => {
    expect(() => pca(X, 0)).toThrow(ValueError);
    expect(() => pca(X, 0)).toThrow(/k must be a whole number from 1 to d = 3 .*\[3,3\].*got 0/);
    expect(() => pca(X, 4)).toThrow(ValueError);
    expect(() => pca(X, 1.5)).toThrow(ValueError);
    expect(() => pca(X, '2' as unknown as number)).toThrow(TypeError);
  });
  it('bad X: non-tensor, NaN, too few rows, empty, not 2-D, no variance', () => {
    expect(() => pca([[1, 2]] as unknown as Tensor, 1)).toThrow(TypeError);
    expect(() => pca(tensor([[1, NaN], [2, 3]]), 1)).toThrow(/pca: X contains NaN at \[0,1\]/);
    expect(() => pca(tensor([[1, 2]]), 1)).toThrow(/has 1 row; a covariance needs at least 2/);
    expect(() => pca(new Tensor(new Float32Array(0), [0, 2], 'float32'), 1)).toThrow(ValueError);
    expect(() => pca(new Tensor(new Float32Array(0), [3, 0], 'float32'), 1)).toThrow(ShapeError);
    expect(() => pca(tensor([1, 2, 3]), 1)).toThrow(ShapeError);
    expect(() => pca(tensor([[1, 2], [1, 2], [1, 2]]), 1)).toThrow(/no variance to explain/);
  });
  it('transform / inverseTransform with the wrong width are ShapeErrors', () => {
    const p = pca(X, 2);
    expect(() => p.transform(tensor([[1, 2]]))).toThrow(/pca.transform: expected rows of 3 features, shape \[m, 3\], got \[1,2\]/);
    expect(() => p.transform(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => p.inverseTransform(tensor([[1, 2, 3]]))).toThrow(/expected 2 coordinates per row/);
    expect(() => p.transform('x' as unknown as Tensor)).toThrow(TypeError);
  });
});
