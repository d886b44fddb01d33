import { describe, expect, it } from 'vitest';
import { data, trees } from 'groundup';

/** Rows of a 2-class problem whose label depends on all d features, each taking many values. */
function informative(n: number, d: number, seed: number) {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, rnd);
    X.push(row);
    y.push(row.reduce((a, b) => a + b, 0) > d / 2 ? 1 : 0);
  }
  return { X, y };
}

describe('trees.RandomForest', () => {
  it('bootstrap: n draws with replacement, so about 1 − 1/e of the rows are in each sample and counts are Poisson(1)', () => {
    const n = 500;
    const { X, y } = informative(n, 3, 1);
    const rf = new trees.RandomForest({ nEstimators: 40, maxDepth: 1, seed: 3 }).fit(X, y);
    let unique = 0;
    const hist = [0, 0, 0, 0];
    for (let t = 0; t < rf.size; t++) {
      const c = rf.inBagCounts(t);
      expect(c.reduce((a, b) => a + b, 0)).toBe(n);
      for (const k of c) {
        if (k > 0) unique++;
        hist[Math.min(k, 3)]!++;
      }
    }
    const frac = unique / (n * rf.size);
    // standard error of the fraction over 20,000 draws is about 0.0034
    expect(Math.abs(frac - (1 - Math.exp(-1)))).toBeLessThan(0.015);
    // P(count = 0, 1, 2) for Poisson(1): e⁻¹, e⁻¹, e⁻¹/2
    const total = n * rf.size;
    expect(hist[0]! / total).toBeCloseTo(Math.exp(-1), 1);
    expect(hist[1]! / total).toBeCloseTo(Math.exp(-1), 1);
    expect(hist[2]! / total).toBeCloseTo(Math.exp(-1) / 2, 1);
    // without bootstrap every tree sees every row once and there is no out-of-bag score
    const all = new trees.RandomForest({ nEstimators: 3, bootstrap: false, maxDepth: 1 }).fit(X, y);
    expect(Array.from(all.inBagCounts(1))).toEqual(new Array(n).fill(1));
    expect(all.oobScore).toBeNull();
  });

  it('feature sampling: with maxFeatures 1 a stump splits on a feature drawn uniformly (chi-squared test)', () => {
    const d = 5;
    const { X, y } = informative(60, d, 7);
    const T = 1000;
    const rf = new trees.RandomForest({ nEstimators: T, maxFeatures: 1, maxDepth: 1, seed: 11 }).fit(X, y);
    const counts = new Array(d).fill(0);
    for (let t = 0; t < T; t++) {
      const root = rf.tree(t);
      if (!root.leaf) counts[root.feature]++;
    }
    expect(counts.reduce((a, b) => a + b)).toBe(T); // every stump split (every feature is informative)
    const e = T / d;
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    // 99.9th percentile of chi-squared with 4 degrees of freedom is 18.47
    expect(chi2).toBeLessThan(18.47);
    // with all features a stump always takes the best one; √d is the default
    const full = new trees.RandomForest({ nEstimators: 20, maxFeatures: 'all', maxDepth: 1, bootstrap: false }).fit(X, y);
    const roots = new Set(Array.from({ length: 20 }, (_, t) => (full.tree(t) as { feature: number }).feature));
    expect(roots.size).toBe(1);
  });

  it('the same seed gives the same forest; another seed another one', () => {
    const { x, y } = data.iris();
    const a = new trees.RandomForest({ nEstimators: 10, seed: 5 }).fit(x, y);
    const b = new trees.RandomForest({ nEstimators: 10, seed: 5 }).fit(x, y);
    const c = new trees.RandomForest({ nEstimators: 10, seed: 6 }).fit(x, y);
    expect(a.predictProba(x).data).toEqual(b.predictProba(x).data);
    expect(JSON.stringify(a.toJSON())).not.toBe(JSON.stringify(c.toJSON()));
  });

  it('predictProba is the mean of the trees’ leaf distributions; predictWith(k) uses the first k trees', () => {
    const { x, y } = data.iris();
    const rf = new trees.RandomForest({ nEstimators: 7, seed: 1 }).fit(x, y);
    const p = rf.predictProba(x);
    // recompute the mean from the exported trees
    const walk = (node: trees.CartNode, row: ArrayLike<number>): number[] => {
      while (!node.leaf) node = row[node.feature]! <= node.threshold ? node.left : node.right;
      return node.proba!;
    };
    for (const i of [0, 60, 120, 149]) {
      const row = x.data.subarray(i * 4, i * 4 + 4);
      const mean = [0, 0, 0];
      for (let t = 0; t < 7; t++) walk(rf.tree(t), row).forEach((v, k) => (mean[k]! += v / 7));
      mean.forEach((v, k) => expect(p.data[i * 3 + k]).toBeCloseTo(v, 12));
    }
    const one = rf.predictWith(x, 1);
    const t0 = rf.tree(0);
    for (let i = 0; i < 150; i += 7) {
      const pr = walk(t0, x.data.subarray(i * 4, i * 4 + 4));
      expect(one.data[i]).toBe(pr.indexOf(Math.max(...pr)));
    }
  });

  it('out-of-bag accuracy is close to held-out accuracy; importances sum to 1 and find the informative features', () => {
    // digits-like check on iris: petal length/width (features 2, 3) carry the classes
    const { x, y } = data.iris();
    const rf = new trees.RandomForest({ nEstimators: 60, seed: 2 }).fit(x, y);
    expect(rf.oobScore).toBeGreaterThan(0.9);
    expect(rf.oobScore).toBeLessThan(1);
    const imp = rf.featureImportances();
    expect(imp.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(imp[2]! + imp[3]!).toBeGreaterThan(0.7);
  });

  it('regression forest: squared error, R² out of bag, predictions average the trees', () => {
    const X: number[][] = [];
    const yv: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = (i % 20) / 10 - 1;
      const b = Math.floor(i / 20) / 5 - 1;
      X.push([a, b]);
      yv.push(Math.sin(3 * a) + b * b);
    }
    const rf = new trees.RandomForest({ criterion: 'squared_error', nEstimators: 30, seed: 0 }).fit(X, yv);
    expect(rf.oobScore).toBeGreaterThan(0.8);
    const p = rf.predict(X);
    expect(p.dtype).toBe('float64');
    let sse = 0;
    for (let i = 0; i < 200; i++) sse += (p.data[i]! - yv[i]!) ** 2;
    expect(sse / 200).toBeLessThan(0.05);
    expect(() => rf.predictProba(X)).toThrow(/predicts numbers/);
  });

  it('toJSON / fromJSON keep the predictions', () => {
    const { x, y } = data.iris();
    const rf = new trees.RandomForest({ nEstimators: 5, seed: 9 }).fit(x, y);
    const back = trees.RandomForest.fromJSON(JSON.parse(JSON.stringify(rf.toJSON())));
    expect(back.predictProba(x).data).toEqual(rf.predictProba(x).data);
    expect(back.oobScore).toBe(rf.oobScore);
    expect(() => trees.RandomForest.fromJSON({ format: 'x' } as never)).toThrow(/not a saved RandomForest/);
  });
});

describe('trees.RandomForest vote of the first k trees', () => {
  it('predictProba(X, { trees: k }) is what predictWith(X, k) takes the argmax of', () => {
    const { x, y } = data.iris();
    const rf = new trees.RandomForest({ nEstimators: 9, seed: 4 }).fit(x, y);
    for (const k of [1, 4, 9]) {
      const p = rf.predictProba(x, { trees: k });
      const c = rf.predictWith(x, k);
      for (let i = 0; i < 150; i += 11) {
        const row = Array.from(p.data.subarray(3 * i, 3 * i + 3));
        expect(c.data[i]).toBe(row.indexOf(Math.max(...row)));
      }
    }
    expect(rf.predictProba(x, { trees: 9 }).data).toEqual(rf.predictProba(x).data);
    expect(() => rf.predictProba(x, { trees: 10 })).toThrow(/trees must be a whole number from 1 to 9/);
  });
});
