import { describe, expect, it } from 'vitest';
import { D, LAMBDAS, lambdaMax, lasso, lassoPath, problem, ridge, softThreshold } from './lasso-model.js';
import { tensor } from 'groundup';

const p = problem();
const G = p.G.toArray() as number[][];
const c = Array.from(p.c.data as Float64Array);
const resid = (w: number[]) => c.map((cj, j) => cj - G[j]!.reduce((s, g, k) => s + g * w[k]!, 0)); // c − Gw, plain JS

describe('lasso path', () => {
  it('soft threshold matches sign(z)·max(|z| − t, 0) by hand', () => {
    expect(Array.from(softThreshold(tensor([-3, -0.5, 0, 0.4, 2]), 1).data)).toEqual([-2, -0, 0, 0, 1].map((v) => v + 0));
  });
  it('the L1 fit meets the KKT conditions of the Lasso at several λ', () => {
    for (const lambda of [0.01, 0.1, 0.5]) {
      const { w } = lasso(p, lambda);
      const r = resid(w);
      for (let j = 0; j < D; j++) {
        if (w[j] !== 0) expect(r[j]).toBeCloseTo(lambda * Math.sign(w[j]!), 6);
        else expect(Math.abs(r[j]!)).toBeLessThanOrEqual(lambda + 1e-7);
      }
    }
  });
  it('λ ≥ max|c| gives all zeros, just below it one weight is non-zero', () => {
    const lm = lambdaMax(p);
    expect(lasso(p, lm * 1.01).w.every((v) => v === 0)).toBe(true);
    expect(lasso(p, lm * 0.9).w.filter((v) => v !== 0).length).toBe(1);
  });
  it('ridge solves (G + λI)w = c, checked in plain JS, and never hits zero', () => {
    for (const lambda of [0.001, 1, 10]) {
      const w = ridge(p, lambda);
      const r = resid(w);
      w.forEach((wj, j) => expect(r[j]! - lambda * wj).toBeCloseTo(0, 9));
      expect(w.every((v) => v !== 0)).toBe(true);
    }
  });
  it('the path: exact zeros grow with λ, small λ recovers the three true weights', () => {
    const path = lassoPath(p);
    expect(path.length).toBe(LAMBDAS.length);
    expect(path[0]!.zeros).toBe(0);
    expect(path.at(-1)!.zeros).toBe(D);
    const small = path[0]!.l1;
    expect(small[0]).toBeCloseTo(3, 0);
    expect(small[1]).toBeCloseTo(-2, 0);
    const mid = path.find((q) => q.lambda >= 0.3)!;
    expect(mid.zeros).toBeGreaterThanOrEqual(5);
    expect(mid.l2.filter((v) => v === 0).length).toBe(0);
  });
});
