import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError, data, info, tensor, trees, zeros } from 'groundup';

describe('trees.DecisionTree', () => {
  it('Gini: the root split and its impurity drop, worked by hand', () => {
    // x = 1,2,3,4,5,6 with labels 0,0,0,1,1,0: the best cut is between 3 and 4 or between 5 and 6
    const X = [[1], [2], [3], [4], [5], [6]];
    const y = [0, 0, 0, 1, 1, 0];
    const t = new trees.DecisionTree({ criterion: 'gini', maxDepth: 1 }).fit(X, y).tree();
    if (t.leaf) throw new Error('expected a split');
    // root Gini 1 − (4/6)² − (2/6)² = 4/9; cut at 3.5: left {0,0,0} pure, right {1,1,0} Gini 4/9
    // drop = 6·4/9 − 3·0 − 3·4/9 = 4/3; cut at 4.5: left {0,0,0,1} 3/8, right {1,0} 1/2 → 8/3−3/2−1 = 1/6
    expect(t.threshold).toBe(3.5);
    expect(t.impurity).toBeCloseTo(4 / 9, 14);
    expect(t.improvement).toBeCloseTo(4 / 3, 14);
    expect(t.left.impurity).toBe(0);
  });

  it('entropy: the same root split as info.DecisionTree, and its drop is n × the information gain', () => {
    const { x, y } = data.iris();
    const ours = new trees.DecisionTree({ criterion: 'entropy', maxDepth: 3 }).fit(x, y);
    const ref = new info.DecisionTree({ maxDepth: 3 }).fit(x, y);
    const a = ours.tree();
    const b = ref.tree();
    if (a.leaf || b.leaf) throw new Error('expected splits');
    expect(a.feature).toBe(b.feature);
    expect(a.threshold).toBe(b.threshold);
    expect(a.improvement / 150).toBeCloseTo(b.gain, 12);
    expect(Array.from(ours.predict(x).data)).toEqual(Array.from(ref.predict(x).data));
  });

  it('regression with squared error: leaf means, and the split maximising the drop in the sum of squares', () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [1, 1.2, 0.8, 5, 5.5, 4.5];
    const t = new trees.DecisionTree({ criterion: 'squared_error', maxDepth: 1 });
    t.fit(X, y);
    const root = t.tree();
    if (root.leaf) throw new Error('expected a split');
    expect(root.threshold).toBe(2.5);
    // SSE(all) − SSE(left) − SSE(right), computed directly
    const sse = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return v.reduce((a, b) => a + (b - m) ** 2, 0);
    };
    expect(root.improvement).toBeCloseTo(sse(y) - sse(y.slice(0, 3)) - sse(y.slice(3)), 12);
    expect(Array.from(t.predict([[0.5], [4.2]]).data)).toEqual([1, 5]);
  });

  it('a sample weight of 2 is the same as the row twice', () => {
    const { x, y } = data.iris();
    const rows = x.toArray() as number[][];
    const labels = Array.from(y.data);
    const w = labels.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const dupX = rows.flatMap((r, i) => (i % 3 === 0 ? [r, r] : [r]));
    const dupY = labels.flatMap((c, i) => (i % 3 === 0 ? [c, c] : [c]));
    for (const criterion of ['gini', 'entropy'] as const) {
      const a = new trees.DecisionTree({ criterion, maxDepth: 4 }).fit(rows, labels, { sampleWeight: w });
      const b = new trees.DecisionTree({ criterion, maxDepth: 4 }).fit(dupX, dupY);
      const strip = (n: trees.CartNode): unknown => (n.leaf ? n.proba : [n.feature, n.threshold, strip(n.left), strip(n.right)]);
      expect(strip(a.tree())).toEqual(strip(b.tree()));
      expect(a.predictProba(rows).data).toEqual(b.predictProba(rows).data);
    }
  });

  it('importances sum to 1 and follow the impurity drops', () => {
    const { x, y } = data.iris();
    const t = new trees.DecisionTree({ maxDepth: 2 }).fit(x, y);
    const imp = t.featureImportances();
    expect(imp.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    const root = t.tree();
    if (root.leaf) throw new Error('expected a split');
    let sum = 0;
    const drops = new Array(4).fill(0);
    const walk = (n: trees.CartNode) => {
      if (n.leaf) return;
      drops[n.feature] += n.improvement;
      sum += n.improvement;
      walk(n.left);
      walk(n.right);
    };
    walk(root);
    imp.forEach((v, f) => expect(v).toBeCloseTo(drops[f] / sum, 12));
  });
});

describe('hostile input to the tree models', () => {
  const X = [
    [1, 2],
    [2, 1],
    [3, 4],
    [4, 3],
  ];
  const y = [0, 1, 0, 1];
  const models = {
    tree: () => new trees.DecisionTree(),
    forest: () => new trees.RandomForest({ nEstimators: 3 }),
    boosted: () => new trees.GradientBoosting({ nEstimators: 3 }),
  };
  for (const [name, make] of Object.entries(models)) {
    it(`${name}: NaN features, one class, no rows, mismatched lengths, unfitted`, () => {
      expect(() => make().fit([[1, NaN], ...X.slice(1)], y)).toThrow(ValueError);
      expect(() => make().fit([[1, NaN], ...X.slice(1)], y)).toThrow(/X\[0,1\] = NaN; features must be finite/);
      expect(() => make().fit(X, [1, 1, 1, 1])).toThrow(/only class 1/);
      expect(() => make().fit([], [])).toThrow(/X has no rows/);
      expect(() => make().fit(zeros([0, 2]), [])).toThrow(/X has no rows/);
      expect(() => make().fit(X, [0, 1, 0])).toThrow(ShapeError);
      expect(() => make().fit(X, [0, 1, 0])).toThrow(/X has 4 rows but y has 3/);
      expect(() => make().fit([[1, 2], [3]], [0, 1])).toThrow(ShapeError);
      expect(() => make().fit(X, [0, 1.5, 0, 1])).toThrow(/whole numbers/);
      expect(() => make().fit(X, tensor([0, 1, 0, 1]))).toThrow(DTypeError);
      expect(() => make().fit(X, y, { sampleWeight: [1, -1, 1, 1] })).toThrow(/sample weights must be finite and ≥ 0/);
      expect(() => make().fit(X, y, { sampleWeight: [1, 1] })).toThrow(ShapeError);
      expect(() => make().fit('abc' as never, y)).toThrow(TypeError);
      expect(() => make().predict(X)).toThrow(/not been fitted/);
      const m = make().fit(X, y);
      expect(() => m.predict([[1, 2, 3]])).toThrow(/2 features per row/);
    });
  }

  it('bad options: typed errors naming the option', () => {
    expect(() => new trees.GradientBoosting({ lambda: -1 })).toThrow(ValueError);
    expect(() => new trees.GradientBoosting({ lambda: -1 })).toThrow(/lambda must be ≥ 0/);
    expect(() => new trees.GradientBoosting({ nEstimators: '10' as never })).toThrow(TypeError);
    expect(() => new trees.GradientBoosting({ nEstimators: 0 })).toThrow(/nEstimators must be an integer ≥ 1/);
    expect(() => new trees.GradientBoosting({ learningRate: 0 })).toThrow(/learningRate must be > 0/);
    expect(() => new trees.GradientBoosting({ objective: 'multi:softmax' as never })).toThrow(/objective must be one of/);
    expect(() => new trees.GradientBoosting({ baseScore: 1 })).toThrow(/strictly between 0 and 1/);
    expect(() => new trees.GradientBoosting({ gamma: NaN })).toThrow(/gamma must be a finite number/);
    expect(() => new trees.GradientBoosting({ n_estimators: 5 } as never)).toThrow(/unknown option "n_estimators"/);
    expect(() => new trees.RandomForest({ maxFeatures: 0 })).toThrow(/maxFeatures/);
    expect(() => new trees.RandomForest({ maxFeatures: 'half' as never })).toThrow(TypeError);
    expect(() => new trees.RandomForest({ bootstrap: 1 as never })).toThrow(/bootstrap must be true or false/);
    expect(() => new trees.DecisionTree({ criterion: 'mse' as never })).toThrow(/criterion must be one of/);
    expect(() => new trees.DecisionTree(5 as never)).toThrow(TypeError);
    // binary:logistic with three classes points at softprob
    expect(() => new trees.GradientBoosting().fit([[1], [2], [3]], [0, 1, 2])).toThrow(/multi:softprob/);
    // regression targets must be finite
    expect(() => new trees.GradientBoosting({ objective: 'reg:squarederror' }).fit([[1], [2]], [1, Infinity])).toThrow(/finite/);
  });

  it('λ = 0 with a pure node stays finite (Hessian floor), and predictions carry no NaN', () => {
    const gb = new trees.GradientBoosting({ lambda: 0, minChildWeight: 0, nEstimators: 20, maxDepth: 3 }).fit(X, y);
    const m = gb.predictMargin(X);
    for (const v of m.data) expect(Number.isFinite(v)).toBe(true);
    expect(Array.from(gb.predict(X).data)).toEqual(y);
  });
});
