import { describe, expect, it } from 'vitest';
import { beats, MAX_K, reconstruct, rPeaks } from './ecg-pca-model.js';

describe('PCA on record 208 beats', () => {
  it('finds R peaks on a hand-made trace, merging maxima closer than 0.3 s', () => {
    const x = new Array(400).fill(0);
    x[50] = 5; x[60] = 6; x[300] = 5;
    expect(rPeaks(x, 100, 0, 1)).toEqual([60, 300]);
  });
  it('segments a plausible number of beats (record 208: ~5 min at 70–100 beats a minute)', () => {
    const b = beats();
    expect(b.peaks.length).toBeGreaterThan(250);
    expect(b.peaks.length).toBeLessThan(600);
    expect(b.X.shape[1]).toBe(84);
  });
  it('explained variance ratios fall and equal eigenvalues over the trace of the covariance (plain JS)', () => {
    const b = beats();
    b.ratio.slice(1).forEach((r, i) => expect(r).toBeLessThanOrEqual(b.ratio[i]! + 1e-12));
    const X = b.X.toArray() as number[][];
    const n = X.length, d = X[0]!.length;
    const mu = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j]!, 0) / n);
    const trace = mu.reduce((s, m, j) => s + X.reduce((a, r) => a + (r[j]! - m) ** 2, 0) / (n - 1), 0);
    const ev = Array.from(b.fit.explainedVariance.data as Float64Array);
    ev.forEach((v, i) => expect(v / trace).toBeCloseTo(b.ratio[i]!, 10));
  });
  it('reconstruction error shrinks as k grows', () => {
    const e = Array.from({ length: MAX_K }, (_, k) => reconstruct(10, k + 1).rmse);
    e.slice(1).forEach((v, i) => expect(v).toBeLessThanOrEqual(e[i]! + 1e-12));
  });
});
