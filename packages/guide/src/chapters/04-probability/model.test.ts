import { describe, expect, it } from 'vitest';
import { activationStds, bayesView, categoricalView, clampWindow, ecg, heartRates, logLikelihood, mleView, NORMAL_RANGE, normalView, windowView } from './model.js';

/** log N(x; μ, σ²) by hand. */
const logN = (x: number, mu: number, s: number) => -((x - mu) ** 2) / (2 * s * s) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
const meanOf = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const varOf = (a: ArrayLike<number>, ddof = 1) => {
  const m = meanOf(a);
  return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - ddof);
};

describe('chapter 4 model: a Normal', () => {
  it('density is the bell-curve formula, and the histogram is normalised to the same scale', () => {
    const v = normalView({ mean: 0.5, std: 1.2, n: 4000, seed: 3 });
    v.xs.forEach((x, i) => expect(v.density[i]).toBeCloseTo(Math.exp(logN(x, 0.5, 1.2)), 10));
    expect(v.xs[0]).toBe(NORMAL_RANGE.lo);
    expect(v.xs.at(-1)).toBeCloseTo(NORMAL_RANGE.hi, 12);
    // area under the step histogram = fraction of draws inside the range
    const width = (NORMAL_RANGE.hi - NORMAL_RANGE.lo) / NORMAL_RANGE.bins;
    let area = 0;
    for (let b = 0; b < NORMAL_RANGE.bins; b++) area += v.hist[b * NORMAL_RANGE.sub]! * width;
    expect(area).toBeCloseTo((4000 - v.outside) / 4000, 10);
    expect(v.mean).toBe(0.5);
    expect(v.variance).toBeCloseTo(1.44, 6);
    expect(v.entropy).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 1.44), 6);
    // the draws: their mean and std are computed from them, and near the truth for n = 4000
    expect(v.sampleMean).toBeCloseTo(meanOf(v.samples), 5);
    expect(v.sampleStd).toBeCloseTo(Math.sqrt(varOf(v.samples)), 4);
    expect(Math.abs(v.sampleMean - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(v.sampleStd - 1.2)).toBeLessThan(0.1);
  });

  it('is seeded: the same seed gives the same draws, another seed other draws', () => {
    const a = normalView({ mean: 0, std: 1, n: 50, seed: 1 });
    expect(normalView({ mean: 0, std: 1, n: 50, seed: 1 }).samples).toEqual(a.samples);
    expect(normalView({ mean: 0, std: 1, n: 50, seed: 2 }).samples).not.toEqual(a.samples);
  });
});

describe('chapter 4 model: softmax logits as a Categorical', () => {
  it('probabilities are exp(z)/Σexp(z); entropy is −Σ p log p; sampled fractions add to 1', () => {
    const z = [2, 0.5, -1, 0, 1];
    const e = z.map(Math.exp);
    const Z = e.reduce((a, b) => a + b, 0);
    const p = e.map((x) => x / Z);
    const v = categoricalView(z, 2000, 7);
    v.probs.forEach((q, k) => expect(q).toBeCloseTo(p[k]!, 10));
    v.logProbs.forEach((q, k) => expect(q).toBeCloseTo(Math.log(p[k]!), 10));
    expect(v.entropy).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 10);
    expect(v.predicted).toBe(0);
    expect(v.sampled.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    v.sampled.forEach((f, k) => {
      expect(f * 2000).toBeCloseTo(Math.round(f * 2000), 8); // counts of whole draws
      expect(Math.abs(f - p[k]!)).toBeLessThan(0.04);
    });
  });

  it('equal logits give the uniform distribution with entropy log K', () => {
    const v = categoricalView([1, 1, 1, 1, 1], 10, 0);
    v.probs.forEach((q) => expect(q).toBeCloseTo(0.2, 12));
    expect(v.entropy).toBeCloseTo(Math.log(5), 12);
  });
});

describe('chapter 4 model: softmax temperature', () => {
  const z = [2.1, 0.3, 1.2, -0.8, -1.5];
  const byHand = (T: number) => {
    const e = z.map((x) => Math.exp(x / T));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };
  const H = (p: number[]) => -p.reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0);

  it('p = exp(z/T)/Σexp(z/T) at several temperatures; T = 1 is the plain softmax', () => {
    for (const T of [0.1, 0.5, 1, 2, 7.5]) {
      const v = categoricalView(z, 500, 3, T);
      const p = byHand(T);
      v.probs.forEach((q, k) => expect(q).toBeCloseTo(p[k]!, 12));
      v.scaled.forEach((q, k) => expect(q).toBeCloseTo(z[k]! / T, 12));
      expect(v.entropy).toBeCloseTo(H(p), 10);
    }
    expect(categoricalView(z, 10, 0).probs).toEqual(categoricalView(z, 10, 0, 1).probs);
  });

  it('entropy grows with T: near one-hot at T = 0.05, near log 5 at T = 20; the argmax never changes', () => {
    const Ts = [0.05, 0.1, 0.3, 1, 3, 10, 20];
    const hs = Ts.map((T) => categoricalView(z, 10, 0, T).entropy);
    for (let i = 1; i < hs.length; i++) expect(hs[i]!).toBeGreaterThan(hs[i - 1]!);
    expect(hs[0]!).toBeLessThan(1e-6);
    expect(Math.log(5) - hs[hs.length - 1]!).toBeLessThan(0.02);
    for (const T of Ts) expect(categoricalView(z, 10, 0, T).predicted).toBe(0);
  });

  it('sampled shares follow the tempered distribution: all 2000 draws on the top class when T is tiny', () => {
    const cold = categoricalView(z, 2000, 5, 0.05);
    expect(cold.sampled[0]).toBe(1);
    const hot = categoricalView(z, 4000, 5, 20);
    hot.sampled.forEach((f, k) => expect(Math.abs(f - byHand(20)[k]!)).toBeLessThan(0.03));
  });

  it('a temperature that is not a finite positive number is a RangeError naming it', () => {
    for (const T of [0, -1, Number.NaN, Infinity]) expect(() => categoricalView(z, 10, 0, T)).toThrow(/temperature must be a finite number > 0/);
  });
});

describe("chapter 4 model: Bayes' rule with 1000 patients", () => {
  it('the textbook case: 1% prevalence, 95% sensitivity, 5% false positives → about 16%', () => {
    const v = bayesView({ prior: 0.01, sensitivity: 0.95, fpr: 0.05 });
    expect(v.posterior).toBeCloseTo((0.95 * 0.01) / (0.95 * 0.01 + 0.05 * 0.99), 12);
    expect(v.posterior).toBeCloseTo(0.161, 3);
    // in 1000 people: 10 sick, of whom 10 (9.5 rounded) flagged; 990 healthy, of whom 50 (49.5 rounded) flagged
    expect([v.sick, v.truePos, v.falseNeg, v.falsePos, v.trueNeg]).toEqual([10, 10, 0, 50, 940]);
    expect(v.sick + (v.population - v.sick)).toBe(1000);
  });

  it('counts always add up to the population, and the flagged share matches the posterior to rounding', () => {
    for (const [prior, sensitivity, fpr] of [
      [0.2, 0.9, 0.1],
      [0.05, 0.8, 0.02],
      [0.5, 0.99, 0.3],
    ] as const) {
      const v = bayesView({ prior, sensitivity, fpr });
      expect(v.truePos + v.falseNeg + v.falsePos + v.trueNeg).toBe(1000);
      expect(v.truePos / (v.truePos + v.falsePos)).toBeCloseTo(v.posterior, 1);
      expect(v.evidence).toBeCloseTo(sensitivity * prior + fpr * (1 - prior), 12);
    }
  });
});

describe('chapter 4 model: statistics of a window of record 208', () => {
  it('mean, variance, std, covariance and correlation match plain loops over the raw signal', () => {
    const { signal, fs } = ecg();
    expect(fs).toBe(360);
    const v = windowView({ start: 12, length: 2, lag: 9 });
    expect([v.i0, v.n, v.lag]).toEqual([12 * 360, 720, 9]);
    const raw = Array.from(signal.data);
    const x = raw.slice(v.i0, v.i0 + v.n);
    const y = raw.slice(v.i0 + 9, v.i0 + 9 + v.n);
    expect(v.x).toEqual(x);
    expect(v.y).toEqual(y);
    expect(v.mean).toBeCloseTo(meanOf(x), 5);
    expect(v.variance).toBeCloseTo(varOf(x), 5);
    expect(v.std).toBeCloseTo(Math.sqrt(varOf(x)), 5);
    const mx = meanOf(x);
    const my = meanOf(y);
    const cov = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / (x.length - 1);
    expect(v.cov).toBeCloseTo(cov, 5);
    expect(v.corr).toBeCloseTo(cov / Math.sqrt(varOf(x) * varOf(y)), 4);
    expect(Math.abs(v.corr)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('lag 0 correlates perfectly; the window is clamped inside the 300 s record', () => {
    const v = windowView({ start: 100, length: 1, lag: 0 });
    expect(v.corr).toBeCloseTo(1, 5);
    expect(v.cov).toBeCloseTo(v.variance, 5);
    const c = clampWindow({ start: 999, length: 5, lag: 360 }, 360, 108000);
    expect(c.start * 360 + 5 * 360 + 360).toBeLessThanOrEqual(108000);
    expect(windowView({ start: 999, length: 5, lag: 360 }).x).toHaveLength(1800);
  });
});

describe('chapter 4 model: maximum likelihood', () => {
  it('log-likelihood is Σ log N(xᵢ; μ, σ²), and the MLE is the mean and the n-divisor std', () => {
    const x = heartRates(1);
    expect(x).toHaveLength(40);
    expect(heartRates(1)).toEqual(x);
    const byHand = x.reduce((s, xi) => s + logN(xi, 70, 10), 0);
    expect(logLikelihood(x, 70, 10)).toBeCloseTo(byHand, 8);
    const v = mleView(x, 70, 10);
    expect(v.fit.mean).toBeCloseTo(meanOf(x), 10);
    expect(v.fit.std).toBeCloseTo(Math.sqrt(varOf(x, 0)), 10);
    expect(v.llAtFit).toBeCloseTo(x.reduce((s, xi) => s + logN(xi, v.fit.mean, v.fit.std), 0), 8);
    // the closed form: ℓ at the MLE = −n/2 (log 2πσ̂² + 1)
    expect(v.llAtFit).toBeCloseTo((-x.length / 2) * (Math.log(2 * Math.PI * v.fit.std ** 2) + 1), 8);
  });

  it('no point of either grid beats the MLE, and the curves peak next to it', () => {
    const x = heartRates(4);
    const v = mleView(x, 60, 15);
    // the density is the learner's Normal, and the rug holds exactly the observations
    v.xs.forEach((xi, i) => expect(v.density[i]).toBeCloseTo(Math.exp(logN(xi, 60, 15)), 12));
    expect(v.xs.filter((_, i) => v.rug[i] === 0).sort((a, b) => a - b)).toEqual([...x].sort((a, b) => a - b));
    for (let i = 1; i < v.xs.length; i++) expect(v.xs[i]).toBeGreaterThanOrEqual(v.xs[i - 1]!);
    for (const ll of [...v.llByMu, ...v.llBySigma]) expect(ll).toBeLessThanOrEqual(v.llAtFit + 1e-9);
    const best = v.muGrid[v.llByMu.indexOf(Math.max(...v.llByMu))]!;
    expect(best).toBe(v.fit.mean); // the MLE itself is on the grid, and it wins
    expect(v.sigmaGrid[v.llBySigma.indexOf(Math.max(...v.llBySigma))]).toBe(v.fit.std); // ℓ(μ̂, σ) peaks at σ̂
    expect(v.muGrid).toContain(v.fit.mean);
    expect(v.sigmaGrid).toContain(v.fit.std);
    // the grids use the learner's other parameter: at μ = 60 on the μ grid, ℓ equals ℓ(60, 15)
    const i60 = v.muGrid.findIndex((m) => Math.abs(m - 60) < 1e-9);
    expect(v.llByMu[i60]).toBeCloseTo(v.ll, 6);
    const i15 = v.sigmaGrid.findIndex((m) => Math.abs(m - 15) < 1e-9);
    expect(v.llBySigma[i15]).toBeCloseTo(x.reduce((s, xi) => s + logN(xi, v.fit.mean, 15), 0), 6);
    expect(v.ll).toBeCloseTo(x.reduce((s, xi) => s + logN(xi, 60, 15), 0), 6);
  });
});

describe('chapter 4 model: weight initialization', () => {
  it('the first layer by plain loops; He keeps the spread steady, N(0,1) explodes, N(0,0.01²) vanishes', async () => {
    const { Generator, randn } = await import('groundup');
    const { initWeight } = await import('./model.js');
    // layer 1 recomputed by hand from the same generator stream
    const g = new Generator(0);
    const x = randn([64, 128], { generator: g }).toArray() as number[][];
    const W = initWeight('he', 128, 128, g).toArray() as number[][];
    const h1 = x.map((row) => W.map((w) => Math.max(0, w.reduce((s, wi, i) => s + wi * row[i]!, 0))));
    const flat = h1.flat();
    const stds = activationStds('he', 10);
    expect(stds).toHaveLength(11);
    expect(stds[1]).toBeCloseTo(Math.sqrt(varOf(flat)), 4);
    // He: Var[w] = 2/128 → the second moment of the ReLU output stays near the input's
    for (const s of stds) expect(s).toBeGreaterThan(0.3), expect(s).toBeLessThan(2);
    const big = activationStds('std 1', 10);
    expect(big[10]! / big[0]!).toBeGreaterThan(1e6); // ×√(128/2) ≈ 8 per layer
    const small = activationStds('std 0.01', 10);
    expect(small[10]! / small[0]!).toBeLessThan(1e-6);
    const xav = activationStds('xavier', 10);
    expect(xav[10]!).toBeLessThan(xav[1]!); // Xavier without ReLU's factor 2 halves the variance each layer
  });

  it('a shallower run is a prefix of a deeper one (the widget computes depth 20 once and slices it)', () => {
    for (const k of ['he', 'std 1'] as const) {
      const deep = activationStds(k, 20);
      for (const d of [1, 7, 13]) expect(activationStds(k, d)).toEqual(deep.slice(0, d + 1));
    }
  });
});
