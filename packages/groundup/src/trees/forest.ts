/**
 * Random forests (Breiman 2001): many CART trees, each grown on a bootstrap sample of the rows
 * (n draws with replacement, so about 1 − 1/e ≈ 63.2% of the rows appear in it) and trying only a
 * random subset of the features at every node; the forest averages their class distributions
 * (or their predictions, for regression). Each row's "out-of-bag" trees never saw it, which gives
 * a held-out score for free.
 */
import { ValueError, fmtValue } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { CART_OPTION_NAMES, type CartSettings, type CartNode, type Criterion, type FlatCart, type MaxFeatures, argmaxRow, cartImportances, cartSettings, growCart, leafOf, nestedCart, prepareFit, presortColumns } from './cart.js';
import { asMatrixFor, checkOptions, checkSavedTree, intOption, numberOption } from './validate.js';

export interface RandomForestOptions {
  /** Number of trees (default 100). */
  nEstimators?: number;
  /** 'gini' (default) or 'entropy' for classification, 'squared_error' for regression. */
  criterion?: Criterion;
  /** Deepest split level (default: unlimited, trees grow until their leaves are pure). */
  maxDepth?: number;
  /** Features tried at each node (default 'sqrt' for classification, 'all' for regression, as scikit-learn). */
  maxFeatures?: MaxFeatures;
  /** Grow each tree on a bootstrap sample (default true); false uses every row for every tree. */
  bootstrap?: boolean;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Seed of the bootstrap and feature draws (default 0). */
  seed?: number;
}

export class RandomForest {
  readonly nEstimators: number;
  readonly bootstrap: boolean;
  readonly seed: number;
  readonly settings: CartSettings;
  private forest: FlatCart[] = [];
  private counts: Int32Array[] = [];
  private nFeatures = 0;
  private nClasses = 0;
  private oob: number | null = null;

  constructor(options: RandomForestOptions = {}) {
    const op = 'trees.RandomForest';
    const o = checkOptions(op, options, ['nEstimators', 'bootstrap', ...CART_OPTION_NAMES]);
    this.nEstimators = intOption(op, 'nEstimators', o.nEstimators, 100, 1);
    if (o.bootstrap !== undefined && typeof o.bootstrap !== 'boolean') throw new TypeError(`${op}: bootstrap must be true or false, got ${fmtValue(o.bootstrap)}`);
    this.bootstrap = o.bootstrap ?? true;
    this.seed = numberOption(op, 'seed', o.seed, 0, -Infinity);
    this.settings = cartSettings(op, o, (c) => (c === 'squared_error' ? 'all' : 'sqrt'));
  }

  private get regression(): boolean {
    return this.settings.criterion === 'squared_error';
  }

  /** Grows the trees on X [n,d] and y (class indices, or real targets for 'squared_error'). Returns this. */
  fit(X: Tensor | number[][], y: Tensor | ArrayLike<number>, options: { sampleWeight?: Tensor | ArrayLike<number> } = {}): this {
    const { m, labels, classes, sw } = prepareFit('RandomForest.fit', this.settings.criterion, X, y, options);
    const { n, d, data } = m;
    const rng = new Generator(this.seed);
    this.nFeatures = d;
    this.nClasses = classes;
    this.forest = [];
    this.counts = [];
    const w = new Float64Array(n);
    const sorted = presortColumns(data, n, d);
    for (let t = 0; t < this.nEstimators; t++) {
      const c = new Int32Array(n);
      if (this.bootstrap) for (let i = 0; i < n; i++) c[rng.int(0, n)]!++;
      else c.fill(1);
      for (let i = 0; i < n; i++) w[i] = c[i]! * (sw ? sw[i]! : 1);
      if (!w.some((v) => v > 0)) w.set(c); // every drawn row had weight 0: fall back to the counts
      this.counts.push(c);
      this.forest.push(growCart(this.settings, data, n, d, labels, classes, w, new Generator(rng.nextU32()), sorted));
    }
    // out-of-bag score: each row predicted by the trees whose sample left it out
    this.oob = null;
    if (this.bootstrap) {
      const C = this.regression ? 1 : classes;
      const acc = new Float64Array(n * C);
      const nTrees = new Int32Array(n);
      this.forest.forEach((t, k) => {
        const c = this.counts[k]!;
        for (let i = 0; i < n; i++) {
          if (c[i]! > 0) continue;
          const j = leafOf(t, data, i * d);
          for (let q = 0; q < C; q++) acc[i * C + q]! += t.stats[j * C + q]!;
          nTrees[i]!++;
        }
      });
      let used = 0;
      let right = 0;
      let sse = 0;
      let mean = 0;
      for (let i = 0; i < n; i++) if (nTrees[i]! > 0) mean += labels[i]!;
      const nOob = nTrees.reduce((a, b) => a + (b > 0 ? 1 : 0), 0);
      mean /= Math.max(1, nOob);
      let sst = 0;
      for (let i = 0; i < n; i++) {
        if (nTrees[i] === 0) continue;
        used++;
        if (this.regression) {
          sse += (acc[i]! / nTrees[i]! - labels[i]!) ** 2;
          sst += (labels[i]! - mean) ** 2;
        } else if (argmaxRow(acc, i * C, C) === labels[i]) right++;
      }
      if (used > 0) this.oob = this.regression ? (sst > 0 ? 1 - sse / sst : 0) : right / used;
    }
    return this;
  }

  private check(op: string): void {
    if (this.forest.length === 0) throw new ValueError(`${op}: the forest has not been fitted yet; call fit(X, y) first`);
  }

  /** The mean of the trees' class distributions, [m, C]; `{ trees: k }` averages the first k trees only. */
  predictProba(X: Tensor | number[][], options: { trees?: number } = {}): Tensor {
    const op = 'RandomForest.predictProba';
    this.check(op);
    if (this.regression) throw new ValueError(`${op}: a 'squared_error' forest predicts numbers, not classes; use predict`);
    const k = checkOptions(op, options, ['trees']).trees ?? this.forest.length;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > this.forest.length) throw new ValueError(`${op}: trees must be a whole number from 1 to ${this.forest.length}, got ${fmtValue(k)}`);
    return this.average(op, X, k);
  }

  /** Classes (int32 [m]) by the averaged distributions, or for regression the mean of the trees (float64 [m]). */
  predict(X: Tensor | number[][]): Tensor {
    const op = 'RandomForest.predict';
    this.check(op);
    return this.predictWith(X, this.forest.length, op);
  }

  /**
   * The prediction of the first `k` trees only (k = 1 … nEstimators): how the vote settles as
   * trees are added.
   */
  predictWith(X: Tensor | number[][], k: number, op = 'RandomForest.predictWith'): Tensor {
    this.check(op);
    if (!Number.isInteger(k) || k < 1 || k > this.forest.length) throw new ValueError(`${op}: k must be a whole number from 1 to ${this.forest.length}, got ${fmtValue(k)}`);
    const avg = this.average(op, X, k);
    if (this.regression) return new Tensor(avg.data, [avg.shape[0]!], 'float64');
    const [n, C] = avg.shape as [number, number];
    return new Tensor(Int32Array.from({ length: n }, (_, i) => argmaxRow(avg.data, i * C, C)), [n], 'int32');
  }

  private average(op: string, X: Tensor | number[][], k: number): Tensor {
    const { data, n } = asMatrixFor(op, X, this.nFeatures);
    const C = this.regression ? 1 : this.nClasses;
    const out = new Float64Array(n * C);
    const d = this.nFeatures;
    for (let t = 0; t < k; t++) {
      const tree = this.forest[t]!;
      for (let i = 0; i < n; i++) {
        const j = leafOf(tree, data, i * d);
        for (let q = 0; q < C; q++) out[i * C + q]! += tree.stats[j * C + q]!;
      }
    }
    for (let i = 0; i < out.length; i++) out[i]! /= k;
    return new Tensor(out, this.regression ? [n, 1] : [n, C], 'float64');
  }

  /** Out-of-bag accuracy (classification) or R² (regression); null without bootstrap. */
  get oobScore(): number | null {
    this.check('RandomForest.oobScore');
    return this.oob;
  }

  /** Mean decrease in impurity per feature: each tree's normalised importances, averaged (sums to 1). */
  featureImportances(): number[] {
    this.check('RandomForest.featureImportances');
    const imp = new Array<number>(this.nFeatures).fill(0);
    for (const t of this.forest) cartImportances(t, this.nFeatures).forEach((v, f) => (imp[f]! += v));
    const s = imp.reduce((a, b) => a + b, 0);
    return s > 0 ? imp.map((v) => v / s) : imp;
  }

  /** How many times each training row was drawn into tree t's bootstrap sample (all 1 without bootstrap). */
  inBagCounts(t: number): Int32Array {
    this.check('RandomForest.inBagCounts');
    if (!Number.isInteger(t) || t < 0 || t >= this.forest.length) throw new ValueError(`RandomForest.inBagCounts: t must be a tree index from 0 to ${this.forest.length - 1}, got ${fmtValue(t)}`);
    const c = this.counts[t];
    if (!c) throw new ValueError('RandomForest.inBagCounts: a forest loaded with fromJSON does not keep its bootstrap samples; refit it to see them');
    return c.slice();
  }

  /** Tree t as nested plain objects (see trees.DecisionTree.tree). */
  tree(t: number): CartNode {
    this.check('RandomForest.tree');
    if (!Number.isInteger(t) || t < 0 || t >= this.forest.length) throw new ValueError(`RandomForest.tree: t must be a tree index from 0 to ${this.forest.length - 1}, got ${fmtValue(t)}`);
    return nestedCart(this.forest[t]!, 0, this.regression);
  }

  get size(): number {
    return this.forest.length;
  }

  /** The fitted forest as plain JSON; {@link RandomForest.fromJSON} rebuilds it. */
  toJSON(): RandomForestJSON {
    this.check('RandomForest.toJSON');
    const s = this.settings;
    return {
      format: 'groundup-forest',
      version: 1,
      options: {
        nEstimators: this.nEstimators,
        bootstrap: this.bootstrap,
        seed: this.seed,
        criterion: s.criterion,
        maxDepth: s.maxDepth === Infinity ? null : s.maxDepth,
        maxFeatures: s.maxFeatures,
        minSamplesSplit: s.minSamplesSplit,
        minSamplesLeaf: s.minSamplesLeaf,
      },
      nFeatures: this.nFeatures,
      nClasses: this.nClasses,
      oobScore: this.oob,
      trees: this.forest.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        left: Array.from(t.left),
        right: Array.from(t.right),
        improvement: Array.from(t.improvement),
        impurity: Array.from(t.impurity),
        weight: Array.from(t.weight),
        count: Array.from(t.count),
        stats: Array.from(t.stats),
      })),
    };
  }

  /** Rebuilds a forest saved with {@link RandomForest.toJSON}. */
  static fromJSON(json: RandomForestJSON): RandomForest {
    const op = 'RandomForest.fromJSON';
    if (!json || typeof json !== 'object' || json.format !== 'groundup-forest' || json.version !== 1)
      throw new ValueError(`${op}: not a saved RandomForest (expected format 'groundup-forest', version 1, got ${fmtValue((json as { format?: unknown })?.format)})`);
    const { maxDepth, ...rest } = json.options;
    const rf = new RandomForest({ ...rest, ...(maxDepth !== null && { maxDepth }) });
    if (!Number.isInteger(json.nFeatures) || json.nFeatures < 1 || !Array.isArray(json.trees) || json.trees.length === 0)
      throw new ValueError(`${op}: nFeatures or trees is missing or malformed`);
    rf.nFeatures = json.nFeatures;
    rf.nClasses = json.nClasses;
    rf.oob = json.oobScore;
    const width = rf.regression ? 1 : json.nClasses;
    rf.forest = json.trees.map((t, i) => {
      const m = checkSavedTree(op, i, t, ['threshold', 'left', 'right', 'improvement', 'impurity', 'weight', 'count'], json.nFeatures);
      if (!Array.isArray(t.stats) || t.stats.length !== m * width) throw new ValueError(`${op}: tree ${i} has ${t.stats?.length} leaf statistics, expected ${m * width}`);
      return {
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        improvement: Float64Array.from(t.improvement),
        impurity: Float64Array.from(t.impurity),
        weight: Float64Array.from(t.weight),
        count: Int32Array.from(t.count),
        stats: Float64Array.from(t.stats),
        width,
      };
    });
    rf.counts = [];
    return rf;
  }
}

/** What {@link RandomForest.toJSON} writes. */
export interface RandomForestJSON {
  format: 'groundup-forest';
  version: 1;
  options: { nEstimators: number; bootstrap: boolean; seed: number; criterion: Criterion; maxDepth: number | null; maxFeatures: MaxFeatures; minSamplesSplit: number; minSamplesLeaf: number };
  nFeatures: number;
  nClasses: number;
  oobScore: number | null;
  trees: { feature: number[]; threshold: number[]; left: number[]; right: number[]; improvement: number[]; impurity: number[]; weight: number[]; count: number[]; stats: number[] }[];
}
