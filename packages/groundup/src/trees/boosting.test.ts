import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ValueError, data, trees } from 'groundup';
import type { BoostedNode, BoostingObjective } from './boosting.js';


const fixture = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

interface XgbTree {
  left: number[];
  right: number[];
  feature: number[];
  threshold: number[];
  gain: number[];
  weight: number[];
  H: number[];
}
interface Case {
  name: string;
  data: string;
  params: Record<string, number | string>;
  rounds: number;
  trainMargin: number[];
  testX: number[];
  testMargin: number[];
  numTrees: number;
  trees: XgbTree[];
  totalGain: number[];
  splitCount: number[];
  sampleWeight?: number[];
}

const sets = fixture.sets as Record<string, { x: number[]; y: number[]; d: number }>;
function dataset(name: string): { X: number[][]; y: number[] } {
  if (name === 'iris') {
    const { x, y } = data.iris();
    return { X: x.toArray() as number[][], y: Array.from(y.data) };
  }
  const s = sets[name]!;
  const X: number[][] = [];
  for (let i = 0; i < s.y.length; i++) X.push(s.x.slice(i * s.d, (i + 1) * s.d));
  return { X, y: s.y };
}

function fitCase(c: Case) {
  const p = c.params;
  const gb = new trees.GradientBoosting({
    objective: p.objective as BoostingObjective,
    nEstimators: c.rounds,
    learningRate: p.eta as number,
    maxDepth: p.max_depth as number,
    ...(p.lambda !== undefined && { lambda: p.lambda as number }),
    ...(p.gamma !== undefined && { gamma: p.gamma as number }),
    ...(p.min_child_weight !== undefined && { minChildWeight: p.min_child_weight as number }),
    ...(p.base_score !== undefined && { baseScore: p.base_score as number }),
  });
  const { X, y } = dataset(c.data);
  gb.fit(X, y, c.sampleWeight ? { sampleWeight: c.sampleWeight } : {});
  return { gb, X, d: X[0]!.length };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * Walks XGBoost's node arrays (its own numbering) beside our nested tree: the same feature and
 * float32 threshold at every split, and gains, Hessian sums and leaf weights equal to float32
 * precision (gains are differences of float32 scores, so they carry an absolute error of a few
 * float32 units of the parent's score).
 */
function sameTree(t: XgbTree, node: BoostedNode, j = 0, path = 'root'): void {
  const close = (a: number, b: number, what: string, scale = 1) =>
    expect(Math.abs(a - b), `${path}: ${what} ${a} vs XGBoost ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b), scale));
  // A split XGBoost made on float32 rounding noise alone (gain of a couple of float32 units, both
  // children carrying the parent's weight) changes no prediction; the rounding of our sums can
  // land on the other side of XGBoost's kRtEps, so such a split may be there or not.
  if (node.leaf && t.left[j] !== -1) {
    const l = t.left[j]!;
    const r = t.right[j]!;
    expect(t.left[l], `${path}: XGBoost splits here`).toBe(-1);
    expect(t.left[r], `${path}: XGBoost splits here`).toBe(-1);
    expect(t.gain[j]!, `${path}: XGBoost's gain here`).toBeLessThan(1e-5);
    expect(Math.fround(t.weight[l]!)).toBe(Math.fround(node.weight));
    expect(Math.fround(t.weight[r]!)).toBe(Math.fround(node.weight));
    return;
  }
  expect(node.leaf, `${path}: leaf?`).toBe(t.left[j] === -1);
  close(node.H, t.H[j]!, 'H');
  close(node.weight, t.weight[j]!, 'weight');
  if (!node.leaf) {
    expect(node.feature, `${path}: feature`).toBe(t.feature[j]);
    expect(node.threshold, `${path}: threshold`).toBe(Math.fround(t.threshold[j]!));
    close(node.gain, t.gain[j]!, 'gain', 4 * Math.abs(node.G) ** 2 / node.H);
    sameTree(t, node.left, t.left[j]!, path + '.L');
    sameTree(t, node.right, t.right[j]!, path + '.R');
  }
}

describe('trees.GradientBoosting against XGBoost 1.7 (tree_method exact)', () => {
  const cases = fixture.xgboost.cases as Case[];
  let worst = 0;
  afterAll(() => console.log(`largest margin difference from XGBoost over all cases: ${worst.toExponential(2)}`));
  it('the fixture covers binary, multi-class and regression, with and without λ, γ and min_child_weight', () => {
    const objectives = new Set(cases.map((c) => c.params.objective));
    expect(objectives).toEqual(new Set(['binary:logistic', 'multi:softprob', 'reg:squarederror']));
    expect(cases.some((c) => c.params.lambda === 0)).toBe(true);
    expect(cases.some((c) => (c.params.gamma as number) > 0)).toBe(true);
    expect(cases.some((c) => (c.params.min_child_weight as number) > 1)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: margins within 1e-5, same trees, same importances`, () => {
      const { gb, X, d } = fitCase(c);
      expect(gb.trees().length).toBe(c.numTrees);
      // the first trees node by node: feature, threshold, gain, Hessian sum, leaf weights
      const ours = gb.trees();
      c.trees.forEach((t, i) => sameTree(t, ours[i]!, 0, `tree ${i}`));
      const train = gb.predictMargin(X);
      const testX: number[][] = [];
      for (let i = 0; i < c.testX.length / d; i++) testX.push(c.testX.slice(i * d, (i + 1) * d));
      const test = gb.predictMargin(testX);
      worst = Math.max(worst, maxAbsDiff(train.data, c.trainMargin), maxAbsDiff(test.data, c.testMargin));
      expect(maxAbsDiff(train.data, c.trainMargin)).toBeLessThan(1e-5);
      expect(maxAbsDiff(test.data, c.testMargin)).toBeLessThan(1e-5);
      // split counts: with λ = 0, rows with equal gradients make zero-gain "splits" that float32
      // rounding makes or not (see sameTree), so there the counts may differ by such splits only
      const counts = gb.featureImportances({ type: 'weight' });
      if (c.params.lambda !== 0) expect(counts).toEqual(c.splitCount);
      else counts.forEach((v, j) => expect(Math.abs(v - c.splitCount[j]!)).toBeLessThanOrEqual(2));
      const tg = gb.featureImportances({ type: 'totalGain' });
      tg.forEach((v, j) => expect(v).toBeCloseTo(c.totalGain[j]!, Math.max(0, 4 - Math.ceil(Math.log10(Math.abs(c.totalGain[j]!) + 1)))));
    });
  }
});

describe('trees.GradientBoosting structure', () => {
  const { X, y } = dataset('multi');
  const gb = new trees.GradientBoosting({ objective: 'multi:softprob', nEstimators: 4, maxDepth: 3, lambda: 2, learningRate: 0.3 }).fit(X, y);

  it('every split’s gain and every leaf follow from the children’s G and H', () => {
    const lam = 2;
    const score = (G: number, H: number) => (G * G) / (H + lam);
    const check = (node: BoostedNode): void => {
      if (node.leaf) {
        expect(node.weight).toBeCloseTo(-node.G / (node.H + lam), 6);
        expect(node.value).toBeCloseTo(0.3 * node.weight, 6);
        return;
      }
      expect(node.left.G + node.right.G).toBeCloseTo(node.G, 5);
      expect(node.left.H + node.right.H).toBeCloseTo(node.H, 5);
      expect(node.left.n + node.right.n).toBe(node.n);
      const bracket = score(node.left.G, node.left.H) + score(node.right.G, node.right.H) - score(node.G, node.H);
      expect(Math.abs(node.gain - bracket)).toBeLessThan(1e-5 * Math.max(1, score(node.G, node.H)));
      check(node.left);
      check(node.right);
    };
    expect(gb.treesPerRound).toBe(3);
    gb.trees().forEach(check);
  });

  it('toJSON / fromJSON keep the margins; probabilities sum to 1', () => {
    const back = trees.GradientBoosting.fromJSON(JSON.parse(JSON.stringify(gb.toJSON())));
    expect(back.predictMargin(X).data).toEqual(gb.predictMargin(X).data);
    const p = gb.predictProba(X);
    for (let i = 0; i < 10; i++) expect(p.data[3 * i]! + p.data[3 * i + 1]! + p.data[3 * i + 2]!).toBeCloseTo(1, 12);
    expect(() => trees.GradientBoosting.fromJSON({ format: 'groundup-forest' } as never)).toThrow(ValueError);
    const bad = gb.toJSON();
    bad.trees[0]!.left[0] = 99;
    expect(() => trees.GradientBoosting.fromJSON(bad)).toThrow(/points outside the tree/);
  });

  it('binary:logistic: predictProba columns are 1 − σ(margin) and σ(margin)', () => {
    const b = dataset('binary');
    const m = new trees.GradientBoosting({ nEstimators: 5, maxDepth: 2 }).fit(b.X, b.y);
    const mg = m.predictMargin(b.X);
    const p = m.predictProba(b.X);
    expect(p.shape).toEqual([b.y.length, 2]);
    for (let i = 0; i < 5; i++) expect(p.data[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-mg.data[i]!)), 12);
    expect(() => new trees.GradientBoosting({ objective: 'reg:squarederror' }).fit(b.X, b.y).predictProba(b.X)).toThrow(/predicts numbers/);
  });
});

describe('trees.GradientBoosting after r rounds', () => {
  it('{ rounds: r } equals a model fitted with r rounds; 0 rounds is the base score', () => {
    const { X, y } = dataset('binary');
    const full = new trees.GradientBoosting({ nEstimators: 6, maxDepth: 2 }).fit(X, y);
    const three = new trees.GradientBoosting({ nEstimators: 3, maxDepth: 2 }).fit(X, y);
    expect(full.rounds).toBe(6);
    expect(full.predictMargin(X, { rounds: 3 }).data).toEqual(three.predictMargin(X).data);
    expect(full.predictProba(X, { rounds: 3 }).data).toEqual(three.predictProba(X).data);
    expect(Array.from(full.predictMargin(X, { rounds: 0 }).data)).toEqual(new Array(X.length).fill(0)); // logit(0.5)
    expect(() => full.predict(X, { rounds: 7 })).toThrow(/rounds must be a whole number from 0 to 6/);
  });
});
