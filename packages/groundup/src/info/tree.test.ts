import { describe, it, expect } from 'vitest';
import { tensor } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { iris } from '../data/index.js';
import { Generator } from '../random.js';
import { DecisionTree, informationGain, type TreeNode } from './index.js';

/** Entropy in bits of a list of labels, counted with a Map (independent of the library's code). */
function H(labels: number[]): number {
  if (labels.length === 0) return 0;
  const m = new Map<number, number>();
  for (const y of labels) m.set(y, (m.get(y) ?? 0) + 1);
  let h = 0;
  for (const c of m.values()) h -= (c / labels.length) * Math.log2(c / labels.length);
  return h;
}

/** Three Gaussian blobs in 4-D, `perClass` points each, centres 3 units apart on different axes. */
function blobs(perClass: number, seed: number): { X: number[][]; y: number[] } {
  const g = new Generator(seed);
  const centres = [
    [0, 0, 0, 0],
    [3, 0, 3, 0],
    [0, 3, 0, 3],
  ];
  const X: number[][] = [];
  const y: number[] = [];
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < perClass; i++) {
      X.push(centres[c]!.map((m) => m + g.normal()));
      y.push(c);
    }
  return { X, y };
}

function depthOf(n: TreeNode): number {
  return n.leaf ? 0 : 1 + Math.max(depthOf(n.left), depthOf(n.right));
}

describe('info.informationGain', () => {
  it('matches hand-worked values', () => {
    // a split that separates the classes gains the whole 1 bit; a useless split gains 0
    expect(informationGain([0, 0, 1, 1], [1, 1, 0, 0])).toBeCloseTo(1, 14);
    expect(informationGain([0, 0, 1, 1], [true, false, true, false])).toBeCloseTo(0, 14);
    // parent [0,0,0,1]: H = −¾log2¾ − ¼log2¼ ≈ 0.8113; left {0,0}: 0; right {0,1}: 1 bit, weight ½
    const parent = -0.75 * Math.log2(0.75) - 0.25 * Math.log2(0.25);
    expect(informationGain(tensor([0, 0, 0, 1], { dtype: 'int32' }), [1, 1, 0, 0])).toBeCloseTo(parent - 0.5, 14);
    // in nats: the same number times ln 2
    expect(informationGain([0, 0, 0, 1], [1, 1, 0, 0], { base: 'e' })).toBeCloseTo((parent - 0.5) * Math.LN2, 14);
  });

  it('equals H(parent) − weighted H(children) on random labels', () => {
    const g = new Generator(1);
    for (let t = 0; t < 20; t++) {
      const y = Array.from({ length: 30 }, () => g.int(0, 4));
      const m = Array.from({ length: 30 }, () => g.random() < 0.4);
      const L = y.filter((_, i) => m[i]);
      const R = y.filter((_, i) => !m[i]);
      const expected = H(y) - (L.length / 30) * H(L) - (R.length / 30) * H(R);
      expect(informationGain(y, m)).toBeCloseTo(expected, 12);
      expect(informationGain(y, m)).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('rejects bad input', () => {
    expect(() => informationGain([0, 1], [1, 0, 1])).toThrow(ShapeError);
    expect(() => informationGain([0, 1], [1, 0, 1])).toThrow(/splitMask has shape \[3\] but labels has shape \[2\]/);
    expect(() => informationGain([0, 1.5], [1, 0])).toThrow(/labels\[1\] = 1\.5/);
    expect(() => informationGain([0, -1], [1, 0])).toThrow(ValueError);
    expect(() => informationGain([0, 1], [1, 2])).toThrow(/splitMask\[1\] = 2/);
    expect(() => informationGain([], [])).toThrow(/empty/);
    expect(() => informationGain(tensor([0, 1]), [1, 0])).toThrow(DTypeError);
  });
});

describe('info.DecisionTree', () => {
  it('splits the root on the largest information gain (checked by brute force)', () => {
    for (const seed of [2, 3, 4]) {
      const { X, y } = blobs(20, seed);
      const tree = new DecisionTree({ maxDepth: 3 }).fit(X, y);
      const root = tree.tree();
      expect(root.leaf).toBe(false);
      if (root.leaf) return;
      // brute force: every feature, every midpoint between consecutive distinct values
      let best = -Infinity;
      for (let f = 0; f < 4; f++) {
        const vals = [...new Set(X.map((r) => r[f]!))].sort((a, b) => a - b);
        for (let i = 0; i + 1 < vals.length; i++) {
          const t = (vals[i]! + vals[i + 1]!) / 2;
          const L = y.filter((_, j) => X[j]![f]! <= t);
          const R = y.filter((_, j) => X[j]![f]! > t);
          best = Math.max(best, H(y) - (L.length / y.length) * H(L) - (R.length / y.length) * H(R));
        }
      }
      expect(root.gain).toBeCloseTo(best, 10);
      // and the split the tree chose really has that gain
      const L = y.filter((_, j) => X[j]![root.feature]! <= root.threshold);
      const R = y.filter((_, j) => X[j]![root.feature]! > root.threshold);
      expect(H(y) - (L.length / y.length) * H(L) - (R.length / y.length) * H(R)).toBeCloseTo(best, 10);
      expect(root.n).toBe(60);
      expect(root.counts).toEqual([20, 20, 20]);
      expect(root.entropy).toBeCloseTo(Math.log2(3), 12);
    }
  });

  it('matches the brute-force best root split on random data sets (any feature can win)', () => {
    const g = new Generator(30);
    const winners = new Set<number>();
    for (let t = 0; t < 25; t++) {
      const n = 12 + (t % 7);
      const X = Array.from({ length: n }, () => Array.from({ length: 3 }, () => Math.round(g.random() * 10) / 2)); // ties happen
      const y = Array.from({ length: n }, () => g.int(0, 3));
      const root = new DecisionTree({ maxDepth: 1 }).fit(X, y).tree();
      let best = 0;
      let bestFeature = -1;
      for (let f = 0; f < 3; f++) {
        const vals = [...new Set(X.map((r) => r[f]!))].sort((a, b) => a - b);
        for (let i = 0; i + 1 < vals.length; i++) {
          const th = (vals[i]! + vals[i + 1]!) / 2;
          const L = y.filter((_, j) => X[j]![f]! <= th);
          const R = y.filter((_, j) => X[j]![f]! > th);
          const gain = H(y) - (L.length / n) * H(L) - (R.length / n) * H(R);
          if (gain > best + 1e-12) [best, bestFeature] = [gain, f];
        }
      }
      if (best <= 1e-12) {
        expect(root.leaf).toBe(true);
        continue;
      }
      expect(root.leaf).toBe(false);
      if (root.leaf) continue;
      expect(root.gain).toBeCloseTo(best, 12);
      expect(root.feature).toBe(bestFeature); // the first feature reaching the best gain, as documented
      winners.add(root.feature);
    }
    expect(winners.size).toBe(3);
  });

  it('reaches ≥ 90% held-out accuracy on three 4-D Gaussian blobs (seeded)', () => {
    // 150 points per class, shuffled with a fixed seed, 70/30 split. The blobs overlap a little
    // (centres 3σ apart on two axes), so 100% is not expected; 90% is a comfortable margin.
    const { X, y } = blobs(150, 7);
    const perm = new Generator(8).permutation(X.length);
    const nTrain = Math.floor(0.7 * X.length);
    const tr = Array.from(perm.subarray(0, nTrain));
    const te = Array.from(perm.subarray(nTrain));
    const tree = new DecisionTree({ maxDepth: 4 }).fit(
      tr.map((i) => X[i]!),
      tr.map((i) => y[i]!),
    );
    const pred = tree.predict(te.map((i) => X[i]!));
    expect(pred.dtype).toBe('int32');
    expect(pred.shape).toEqual([te.length]);
    let correct = 0;
    te.forEach((i, k) => (correct += pred.data[k] === y[i] ? 1 : 0));
    expect(correct / te.length).toBeGreaterThanOrEqual(0.9);
  });

  it('fits the training set exactly when depth is unlimited and rows are distinct', () => {
    const { X, y } = blobs(30, 9);
    const tree = new DecisionTree().fit(tensor(X), tensor(y, { dtype: 'int32' }));
    expect(Array.from(tree.predict(X).data)).toEqual(y);
    // every leaf of a fully grown tree is pure
    const leaves = (n: TreeNode): TreeNode[] => (n.leaf ? [n] : [...leaves(n.left), ...leaves(n.right)]);
    for (const l of leaves(tree.tree())) expect(l.entropy).toBe(0);
  });

  it('respects maxDepth and minSamplesSplit', () => {
    const { X, y } = blobs(30, 10);
    const stump = new DecisionTree({ maxDepth: 1 }).fit(X, y).tree();
    expect(depthOf(stump)).toBe(1);
    expect(depthOf(new DecisionTree({ maxDepth: 0 }).fit(X, y).tree())).toBe(0);
    const t = new DecisionTree({ minSamplesSplit: 40 }).fit(X, y).tree();
    const check = (n: TreeNode) => {
      if (!n.leaf) {
        expect(n.n).toBeGreaterThanOrEqual(40);
        check(n.left);
        check(n.right);
      }
    };
    check(t);
    // the children's counts add up to the parent's
    if (!stump.leaf) expect(stump.left.n + stump.right.n).toBe(90);
  });

  it('reports its tree as JSON and as text', () => {
    const X = [[1], [2], [3], [4]];
    const y = [0, 0, 1, 1];
    const tree = new DecisionTree().fit(X, y);
    const j = JSON.parse(JSON.stringify(tree));
    expect(j).toEqual({
      leaf: false,
      feature: 0,
      threshold: 2.5,
      gain: 1,
      counts: [2, 2],
      n: 4,
      entropy: 1,
      class: 0,
      left: { leaf: true, class: 0, counts: [2, 0], n: 2, entropy: 0 },
      right: { leaf: true, class: 1, counts: [0, 2], n: 2, entropy: 0 },
    });
    expect(tree.toString(['height'])).toContain('height ≤ 2.5  (gain 1.000 bits');
    // tree() is a copy: editing it does not change the model
    const copy = tree.tree();
    if (!copy.leaf) copy.threshold = 100;
    expect(Array.from(tree.predict([[3]]).data)).toEqual([1]);
  });

  it('does not split when no feature separates anything', () => {
    const tree = new DecisionTree().fit([[1], [1], [1]], [0, 1, 1]);
    const root = tree.tree();
    expect(root.leaf).toBe(true);
    expect(root.class).toBe(1);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => new DecisionTree({ maxDepth: -1 })).toThrow(ValueError);
    expect(() => new DecisionTree({ minSamplesSplit: 1 })).toThrow(/minSamplesSplit must be an integer ≥ 2, got 1/);
    const t = new DecisionTree();
    expect(() => t.predict([[1]])).toThrow(/not been fitted yet/);
    expect(() => t.fit([1, 2] as unknown as number[][], [0, 1])).toThrow(ShapeError);
    expect(() => t.fit([[1], [2]], [0])).toThrow(/one label per row of X \[2,1\], got shape \[1\]/);
    expect(() => t.fit([[1], [NaN]], [0, 1])).toThrow(/X\[1,0\] = NaN/);
    expect(() => t.fit([[1], [2]], [0, 0.5])).toThrow(ValueError);
    t.fit([[1, 2], [3, 4]], [0, 1]);
    expect(() => t.predict([[1, 2, 3]])).toThrow(/X must be \[m,2\]/);
  });

  describe('on iris', () => {
    const { x, y } = iris();
    const X = x.toArray() as number[][];
    const Y = Array.from(y.data);

    it('the root split separates setosa: petal length ≤ 2.45 with gain log2(3) − 2/3 bits', () => {
      const root = new DecisionTree({ maxDepth: 3 }).fit(x, y).tree();
      if (root.leaf) throw new Error('expected a split');
      // by hand: parent 50/50/50 has log2 3 bits; left is pure setosa (0 bits); right is 50/50 (1 bit) with weight 100/150
      expect(root.gain).toBeCloseTo(Math.log2(3) - 2 / 3, 10);
      // petal width ≤ 0.8 separates setosa equally well; the first feature reaching the best gain wins
      expect(root.feature).toBe(2);
      expect(root.threshold).toBeCloseTo(2.45, 5);
      if (!root.left.leaf) throw new Error('setosa should be a pure leaf');
      expect(root.left.counts).toEqual([50, 0, 0]);
      // brute force over every feature and threshold: nothing beats it
      for (let f = 0; f < 4; f++) {
        const vals = [...new Set(X.map((r) => r[f]!))].sort((a, b) => a - b);
        for (let i = 0; i + 1 < vals.length; i++) {
          const th = (vals[i]! + vals[i + 1]!) / 2;
          const L = Y.filter((_, j) => X[j]![f]! <= th);
          const R = Y.filter((_, j) => X[j]![f]! > th);
          expect(H(Y) - (L.length / 150) * H(L) - (R.length / 150) * H(R)).toBeLessThanOrEqual(root.gain + 1e-12);
        }
      }
    });

    it('reaches ≥ 90% held-out accuracy on every one of five fixed 105/45 splits, ≥ 93% on average (maxDepth 3)', () => {
      const accs = [0, 1, 2, 3, 4].map((seed) => {
        const perm = new Generator(seed).permutation(150);
        const tr = Array.from(perm.subarray(0, 105));
        const te = Array.from(perm.subarray(105));
        const tree = new DecisionTree({ maxDepth: 3 }).fit(
          tr.map((i) => X[i]!),
          tr.map((i) => Y[i]!),
        );
        const p = tree.predict(te.map((i) => X[i]!));
        return te.reduce((c, i, k) => c + (p.data[k] === Y[i] ? 1 : 0), 0) / te.length;
      });
      for (const a of accs) expect(a).toBeGreaterThanOrEqual(0.9);
      expect(accs.reduce((s, a) => s + a, 0) / accs.length).toBeGreaterThanOrEqual(0.93);
    });
  });
});
