/**
 * Maximum-likelihood fits, and the two claims of the guide that tie losses to likelihood:
 * minimising cross-entropy is maximising likelihood, and minimising MSE is Gaussian maximum likelihood.
 */
import { describe, it, expect } from 'vitest';
import { tensor } from '../creation.js';
import { DTypeError, ValueError } from '../errors.js';
import { crossEntropy } from '../info/index.js';
import { Generator } from '../random.js';
import { Bernoulli, Categorical, Normal, fitBernoulli, fitCategorical, fitNormal } from './index.js';

const sumLogLik = (d: { logProb(x: never): { data: ArrayLike<number> } }, x: unknown) =>
  Array.from(d.logProb(x as never).data).reduce((s, v) => s + v, 0);

describe('maximum-likelihood fits', () => {
  it('fitNormal: the sample mean and the divide-by-n standard deviation', () => {
    const f = fitNormal([1, 2, 3]);
    expect(f.mean).toBe(2);
    expect(f.std).toBeCloseTo(Math.sqrt(2 / 3), 15); // (1 + 0 + 1) / 3
  });

  it('fitNormal maximises the log-likelihood: every perturbation lowers it, and its gradient is 0', () => {
    const x = new Normal(3, 2, { dtype: 'float64' }).sample([500], { generator: new Generator(20) });
    const { mean, std } = fitNormal(x);
    const best = sumLogLik(new Normal(mean, std, { dtype: 'float64' }), x);
    for (const [dm, ds] of [[0.05, 0], [-0.05, 0], [0, 0.05], [0, -0.05], [0.03, 0.03]] as const)
      expect(sumLogLik(new Normal(mean + dm, std + ds, { dtype: 'float64' }), x)).toBeLessThan(best);
    const mu = tensor([mean], { dtype: 'float64', requiresGrad: true });
    const sd = tensor([std], { dtype: 'float64', requiresGrad: true });
    new Normal(mu, sd).logProb(x.unsqueeze(-1)).sum().backward();
    expect(Math.abs(mu.grad!.item())).toBeLessThan(1e-9);
    expect(Math.abs(sd.grad!.item())).toBeLessThan(1e-9);
    // and it recovers the generating parameters within 5 standard errors (σ/√n and σ/√(2n))
    expect(Math.abs(mean - 3)).toBeLessThan((5 * 2) / Math.sqrt(500));
    expect(Math.abs(std - 2)).toBeLessThan((5 * 2) / Math.sqrt(1000));
  });

  it('fitBernoulli: the fraction of ones, which beats any other p', () => {
    const x = [1, 0, 1, 1];
    const { p } = fitBernoulli(x);
    expect(p).toBe(0.75);
    const best = sumLogLik(new Bernoulli(p, { dtype: 'float64' }), x);
    for (let q = 0.05; q < 1; q += 0.05) if (Math.abs(q - p) > 1e-9) expect(sumLogLik(new Bernoulli(q, { dtype: 'float64' }), x)).toBeLessThan(best);
  });

  it('fitCategorical: class frequencies', () => {
    const { probs } = fitCategorical(tensor([0, 2, 2, 1, 2], { dtype: 'int32' }), 4);
    expect(probs.dtype).toBe('float64');
    expect(Array.from(probs.data)).toEqual([0.2, 0.2, 0.6, 0]);
  });

  it('bad input', () => {
    expect(() => fitNormal([])).toThrow(/empty/);
    expect(() => fitNormal([1, NaN])).toThrow(/x\[1\] = NaN/);
    expect(() => fitBernoulli([0, 1, 2])).toThrow(/prob\.fitBernoulli: observations must be 0 or 1, but x\[2\] = 2/);
    expect(() => fitCategorical([0, 3], 3)).toThrow(/class indices must be whole numbers in \[0, 2\], but x\[1\] = 3/);
    expect(() => fitCategorical([0, 1], 0)).toThrow(ValueError);
    expect(() => fitCategorical(tensor([0, 1]), 2)).toThrow(DTypeError);
    expect(() => fitNormal('abc' as unknown as number[])).toThrow(TypeError);
  });
});

describe('minimising cross-entropy = maximising likelihood', () => {
  const K = 3;
  const y = new Categorical([0.2, 0.5, 0.3], { dtype: 'float64' }).sample([400], { generator: new Generator(21) });
  const pHat = fitCategorical(y, K).probs; // the empirical distribution of the labels

  it('cross-entropy to the empirical distribution is the mean negative log-likelihood', () => {
    for (const q of [[0.2, 0.5, 0.3], [0.6, 0.2, 0.2], [1 / 3, 1 / 3, 1 / 3]]) {
      const ce = crossEntropy(pHat, q).item();
      const nll = -sumLogLik(new Categorical(q, { dtype: 'float64' }), y) / 400;
      expect(ce).toBeCloseTo(nll, 12);
    }
  });

  it('the MLE probabilities minimise it over a grid of the simplex', () => {
    const ceHat = crossEntropy(pHat, pHat).item();
    let bestCE = Infinity;
    let bestQ: number[] = [];
    const step = 0.02;
    for (let a = step; a < 1; a += step)
      for (let b = step; a + b < 1 - 1e-9; b += step) {
        const q = [a, b, 1 - a - b];
        const ce = crossEntropy(pHat, q).item();
        expect(ce).toBeGreaterThanOrEqual(ceHat - 1e-12);
        if (ce < bestCE) [bestCE, bestQ] = [ce, q];
      }
    // the best grid point sits next to the MLE
    bestQ.forEach((v, k) => expect(Math.abs(v - pHat.data[k]!)).toBeLessThanOrEqual(step));
  });
});

describe('minimising MSE = Gaussian maximum likelihood', () => {
  // observations y and a constant prediction μ; the Gaussian model says y ~ N(μ, σ²) with σ fixed
  const sigma = 1.5;
  const y = Array.from(new Normal(4, sigma, { dtype: 'float64' }).sample([300], { generator: new Generator(22) }).data);
  const mse = (mu: number) => y.reduce((s, v) => s + (v - mu) ** 2, 0) / y.length;
  const nll = (mu: number) => -sumLogLik(new Normal(mu, sigma, { dtype: 'float64' }), y) / y.length;

  it('the mean NLL is MSE / (2σ²) + log σ + ½ log 2π for every μ', () => {
    const c = Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
    for (let mu = 0; mu <= 8; mu += 0.5) expect(nll(mu)).toBeCloseTo(mse(mu) / (2 * sigma ** 2) + c, 12);
  });

  it('both are minimised by the same μ: the sample mean', () => {
    const grid = Array.from({ length: 801 }, (_, i) => i * 0.01);
    const argmin = (f: (m: number) => number) => grid.reduce((b, m) => (f(m) < f(b) ? m : b), grid[0]!);
    const a = argmin(mse);
    expect(argmin(nll)).toBe(a);
    expect(Math.abs(a - fitNormal(y).mean)).toBeLessThanOrEqual(0.005 + 1e-12);
  });

  it('the same holds for a linear model y ≈ w·x + b: the NLL and MSE gradients are proportional', () => {
    const g = new Generator(23);
    const xs = Array.from({ length: 50 }, () => g.normal());
    const ys = xs.map((x) => 2 * x + 1 + sigma * g.normal());
    const X = tensor(xs, { dtype: 'float64' });
    const Y = tensor(ys, { dtype: 'float64' });
    const w = tensor(0.5, { dtype: 'float64', requiresGrad: true });
    const b = tensor(-0.3, { dtype: 'float64', requiresGrad: true });
    // gradient of the mean NLL
    new Normal(X.mul(w).add(b), sigma).logProb(Y).mean().neg().backward();
    const gNll = [w.grad!.item(), b.grad!.item()];
    // gradient of the MSE by hand: ∂/∂w = −2/n Σ (y − ŷ)x, ∂/∂b = −2/n Σ (y − ŷ)
    const r = ys.map((v, i) => v - (0.5 * xs[i]! - 0.3));
    const gMse = [(-2 / 50) * r.reduce((s, v, i) => s + v * xs[i]!, 0), (-2 / 50) * r.reduce((s, v) => s + v, 0)];
    gNll.forEach((v, i) => expect(v).toBeCloseTo(gMse[i]! / (2 * sigma ** 2), 12));
  });
});
