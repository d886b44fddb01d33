/**
 * The likelihood widget's model against plain-JavaScript arithmetic: the Gaussian density, the
 * two-class softmax, the Normal prior and the ridge normal equations are written out by hand here,
 * not taken from the library.
 */
import { describe, expect, it } from 'vitest';
import { fitMap, likData, likView, objectiveCurves, LIK_N } from './lik-model.js';

const logN = (x: number, mu: number, s: number) => -((x - mu) ** 2) / (2 * s * s) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('losses are negative log-likelihoods (chapter 4, likelihood widget)', () => {
  const d = likData(1);
  const cases = [
    { w: 1, b: 0.3, sigma: 0.5, lambda: 1 },
    { w: -2.5, b: 1.7, sigma: 2.2, lambda: 0.05 },
    { w: 0.2, b: -1, sigma: 0.1, lambda: 9 },
  ];

  it('ten seeded points, labels are y > 0.4, and the same seed gives the same data', () => {
    expect(d.x).toHaveLength(LIK_N);
    expect(d.x[0]).toBeCloseTo(-1.5, 12);
    expect(d.x[LIK_N - 1]).toBeCloseTo(1.5, 12);
    d.c.forEach((c, i) => expect(c).toBe(d.y[i]! > 0.4 ? 1 : 0));
    expect(new Set(d.c).size).toBe(2);
    expect(likData(1)).toEqual(d);
    expect(likData(2).y).not.toEqual(d.y);
  });

  it('MSE and the Gaussian NLL by hand; NLL = MSE/(2σ²) + log σ + ½ log 2π', () => {
    for (const p of cases) {
      const v = likView(d, p);
      const s = d.x.map((x) => p.w * x + p.b);
      const mse = mean(s.map((si, i) => (d.y[i]! - si) ** 2));
      expect(v.mse).toBeCloseTo(mse, 12);
      expect(v.gaussNll).toBeCloseTo(-mean(s.map((si, i) => logN(d.y[i]!, si, p.sigma))), 10);
      expect(v.nllFromMse).toBeCloseTo(v.gaussNll, 10);
    }
  });

  it('cross-entropy of logits [0, s] equals the categorical NLL, both equal to the sigmoid by hand', () => {
    for (const p of cases) {
      const v = likView(d, p);
      const s = d.x.map((x) => p.w * x + p.b);
      const p1 = s.map((si) => 1 / (1 + Math.exp(-si)));
      const nll = -mean(d.c.map((c, i) => Math.log(c ? p1[i]! : 1 - p1[i]!)));
      expect(v.ce).toBeCloseTo(nll, 10);
      expect(v.catNll).toBeCloseTo(nll, 10);
      v.p1.forEach((q, i) => expect(q).toBeCloseTo(p1[i]!, 12));
    }
  });

  it('λw² = −log N(w | 0, 1/(2λ)) − ½ log(2π/(2λ)): the L2 penalty is a Gaussian prior', () => {
    for (const p of cases) {
      const v = likView(d, p);
      const sp2 = 1 / (2 * p.lambda);
      expect(v.priorStd).toBeCloseTo(Math.sqrt(sp2), 12);
      expect(v.penalty).toBeCloseTo(p.lambda * p.w * p.w, 12);
      expect(v.negLogPrior).toBeCloseTo(p.w ** 2 / (2 * sp2) + 0.5 * Math.log(2 * Math.PI * sp2), 10);
      expect(v.priorConst).toBeCloseTo(0.5 * Math.log(Math.PI / p.lambda), 10);
      expect(v.objective).toBeCloseTo(-d.y.reduce((a, y, i) => a + logN(y, p.w * d.x[i]! + p.b, p.sigma), 0) + p.lambda * p.w ** 2, 9);
    }
  });

  it('the objective curves are the by-hand sums at every w of the grid', () => {
    const p = cases[0]!;
    const c = objectiveCurves(d, p, 13);
    expect(c.ws[0]).toBe(-3);
    expect(c.ws[12]).toBe(3);
    c.ws.forEach((w, k) => {
      const nll = -d.y.reduce((a, y, i) => a + logN(y, w * d.x[i]! + p.b, p.sigma), 0);
      expect(c.nll[k]).toBeCloseTo(nll, 9);
      expect(c.map[k]).toBeCloseTo(nll + p.lambda * w * w, 9);
    });
  });

  it('fitMap (SGD through autograd) lands on the solution of the ridge normal equations, and shrinks w as λ grows', () => {
    const n = d.x.length;
    const sx = d.x.reduce((a, v) => a + v, 0);
    const sxx = d.x.reduce((a, v) => a + v * v, 0);
    const sy = d.y.reduce((a, v) => a + v, 0);
    const sxy = d.x.reduce((a, v, i) => a + v * d.y[i]!, 0);
    const byHand = (sigma: number, lambda: number) => {
      // ∂/∂w: (w·Σx² + b·Σx − Σxy)/σ² + 2λw = 0;  ∂/∂b: (w·Σx + b·n − Σy)/σ² = 0
      const a11 = sxx + 2 * lambda * sigma ** 2, a12 = sx, a21 = sx, a22 = n;
      const det = a11 * a22 - a12 * a21;
      return { w: (sxy * a22 - a12 * sy) / det, b: (a11 * sy - a21 * sxy) / det };
    };
    let last = Infinity;
    for (const lambda of [0.01, 0.5, 3, 10]) {
      const f = fitMap(d, 0.5, lambda);
      const e = byHand(0.5, lambda);
      expect(f.w).toBeCloseTo(e.w, 6);
      expect(f.b).toBeCloseTo(e.b, 6);
      expect(Math.abs(f.w)).toBeLessThan(last);
      last = Math.abs(f.w);
    }
    // a wide noise model (large σ) lets the prior win: w is pulled further towards 0
    expect(Math.abs(fitMap(d, 2, 1).w)).toBeLessThan(Math.abs(fitMap(d, 0.5, 1).w));
  });

  it('bad parameters are RangeErrors that name them, never NaN', () => {
    expect(() => likView(d, { w: 1, b: 0, sigma: 0, lambda: 1 })).toThrow(/sigma must be > 0/);
    expect(() => likView(d, { w: 1, b: 0, sigma: 1, lambda: 0 })).toThrow(/lambda must be > 0/);
    expect(() => likView(d, { w: Number.NaN, b: 0, sigma: 1, lambda: 1 })).toThrow(/w must be a finite number/);
    expect(() => fitMap(d, -1, 1)).toThrow(RangeError);
  });
});
