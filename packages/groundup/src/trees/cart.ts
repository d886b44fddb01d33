/**
 * A CART decision tree: binary splits `x[feature] ≤ threshold`, grown greedily by the largest
 * drop in weighted impurity — Gini or entropy for classes, squared error for regression — with
 * optional sample weights and, for random forests, a random subset of features tried at each node.
 *
 * The impurity drop of a split of node t (total weight W_t) into L and R is
 * $$\Delta = W_t\,I(t) - W_L\,I(L) - W_R\,I(R),$$
 * with $I = 1-\sum_k p_k^2$ (Gini), $I = -\sum_k p_k\log_2 p_k$ (entropy) or the weighted variance
 * of y (squared error). Summed over a feature's splits and normalised, Δ gives the
 * mean-decrease-in-impurity feature importance.
 */
import { ValueError, fmtValue } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { asClassLabels, asMatrix, asMatrixFor, asTargets, asWeights, checkOptions, enumOption, intOption, numberOption } from './validate.js';

export type Criterion = 'gini' | 'entropy' | 'squared_error';
export const CRITERIA: readonly Criterion[] = ['gini', 'entropy', 'squared_error'];

/** How many features a node may try: all, √d, log₂d, a count, or a fraction of d. */
export type MaxFeatures = 'all' | 'sqrt' | 'log2' | number;

export interface CartOptions {
  /** 'gini' (default) or 'entropy' for classification, 'squared_error' for regression. */
  criterion?: Criterion;
  /** Deepest split level; the root is depth 0 (default: unlimited). */
  maxDepth?: number;
  /** A node with fewer rows than this becomes a leaf (default 2). */
  minSamplesSplit?: number;
  /** Each child must keep at least this many rows (default 1). */
  minSamplesLeaf?: number;
  /** Features tried at each node, drawn without replacement (default 'all'); a number in (0,1) is a fraction of them. */
  maxFeatures?: MaxFeatures;
  /** Seed of the feature draws (default 0). */
  seed?: number;
}
export const CART_OPTION_NAMES = ['criterion', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'seed'] as const;

export interface CartLeaf {
  leaf: true;
  /** Predicted class (classification) or mean target (regression). */
  value: number;
  /** Class distribution of the weighted training rows here (classification only). */
  proba?: number[];
  /** Rows and their total weight at this node. */
  n: number;
  weight: number;
  impurity: number;
}
export interface CartSplit {
  leaf: false;
  feature: number;
  /** Rows with x[feature] ≤ threshold go left. */
  threshold: number;
  /** Weighted impurity drop W_t·I(t) − W_L·I(L) − W_R·I(R). */
  improvement: number;
  value: number;
  proba?: number[];
  n: number;
  weight: number;
  impurity: number;
  left: CartNode;
  right: CartNode;
}
export type CartNode = CartLeaf | CartSplit;

/** Resolves maxFeatures to a count in 1 … d. */
export function featureCount(op: string, m: MaxFeatures, d: number): number {
  if (m === 'all') return d;
  if (m === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (m === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (typeof m === 'number' && m > 0 && m < 1) return Math.max(1, Math.floor(m * d));
  if (typeof m === 'number' && Number.isInteger(m) && m >= 1) return Math.min(m, d);
  throw new ValueError(`${op}: maxFeatures must be 'all', 'sqrt', 'log2', a whole number ≥ 1 or a fraction in (0,1), got ${fmtValue(m)}`);
}

export function checkMaxFeatures(op: string, m: unknown, dflt: MaxFeatures): MaxFeatures {
  if (m === undefined) return dflt;
  if (m === 'all' || m === 'sqrt' || m === 'log2') return m;
  if (typeof m === 'number') {
    featureCount(op, m, 1e9);
    return m;
  }
  throw new TypeError(`${op}: maxFeatures must be 'all', 'sqrt', 'log2' or a number, got ${fmtValue(m)}`);
}

/** Settings resolved from options, shared by the tree and the forest. */
export interface CartSettings {
  criterion: Criterion;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
}

export function cartSettings(op: string, o: Record<string, unknown>, dfltFeatures: (c: Criterion) => MaxFeatures): CartSettings {
  const criterion = enumOption(op, 'criterion', o.criterion, CRITERIA, 'gini');
  const maxDepth = o.maxDepth === undefined || o.maxDepth === Infinity ? Infinity : intOption(op, 'maxDepth', o.maxDepth, 0, 0);
  return {
    criterion,
    maxDepth,
    minSamplesSplit: intOption(op, 'minSamplesSplit', o.minSamplesSplit, 2, 2),
    minSamplesLeaf: intOption(op, 'minSamplesLeaf', o.minSamplesLeaf, 1, 1),
    maxFeatures: checkMaxFeatures(op, o.maxFeatures, dfltFeatures(criterion)),
  };
}

/**
 * A fitted tree as flat arrays: node 0 is the root, leaves have feature −1. `stats` holds, per
 * node, the weighted class distribution (classification, C numbers) or the mean (regression).
 */
export interface FlatCart {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  improvement: Float64Array;
  impurity: Float64Array;
  weight: Float64Array;
  count: Int32Array;
  stats: Float64Array;
  /** Numbers per node in stats: C for classification, 1 for regression. */
  width: number;
}

/**
 * Grows one tree on rows with weight > 0. `y` holds class indices (classes > 0) or targets
 * (classes = 0). Used by DecisionTree and RandomForest.
 */
export function growCart(
  s: CartSettings,
  x: ArrayLike<number>,
  n: number,
  d: number,
  y: ArrayLike<number>,
  classes: number,
  w: ArrayLike<number>,
  rng: Generator,
  sorted?: Int32Array[],
): FlatCart {
  const reg = classes === 0;
  const C = reg ? 1 : classes;
  const crit = s.criterion;
  const mtry = featureCount('trees', s.maxFeatures, d);
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const improvement: number[] = [];
  const impurity: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  const stats: number[] = [];

  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (w[i]! > 0) idx.push(i);
  const rowsAll = Int32Array.from(idx);
  const order = new Int32Array(rowsAll.length);
  const sv = new Float64Array(rowsAll.length);
  const keys = new Float64Array(n);
  // rows of the node being split, marked by its number: a large node reads each column's
  // global order (sorted once per fit) and keeps its own rows, a small one sorts them
  const orders = sorted ?? presortColumns(x, n, d);
  const mark = new Int32Array(n).fill(-1);
  let stamp = 0;
  const lc = new Float64Array(C);
  const rc = new Float64Array(C);
  const tc = new Float64Array(C);

  const impurityOf = (c: Float64Array, W: number, sy2: number): number => {
    if (!(W > 0)) return 0;
    if (reg) return Math.max(0, sy2 / W - (c[0]! / W) ** 2);
    let v = crit === 'gini' ? 1 : 0;
    for (let k = 0; k < C; k++) {
      const p = c[k]! / W;
      if (crit === 'gini') v -= p * p;
      else if (p > 0) v -= p * Math.log2(p);
    }
    return Math.max(0, v);
  };

  const build = (rows: Int32Array, depth: number): number => {
    // node statistics: class weights, or Σwy and Σwy²
    tc.fill(0);
    let W = 0;
    let sy2 = 0;
    for (const r of rows) {
      const wr = w[r]!;
      W += wr;
      if (reg) {
        tc[0]! += wr * y[r]!;
        sy2 += wr * y[r]! * y[r]!;
      } else tc[y[r]!]! += wr;
    }
    const imp = impurityOf(tc, W, sy2);
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    improvement.push(0);
    impurity.push(imp);
    weight.push(W);
    count.push(rows.length);
    if (reg) stats.push(tc[0]! / W);
    else for (let k = 0; k < C; k++) stats.push(tc[k]! / W);
    const m = rows.length;
    if (depth >= s.maxDepth || m < s.minSamplesSplit || m < 2 * s.minSamplesLeaf || imp <= 1e-12) return id;

    const total = Float64Array.from(tc);
    let bestGain = 0;
    let bestF = -1;
    let bestT = 0;
    // features in a random order; constant ones do not count towards maxFeatures
    const perm = mtry < d ? rng.permutation(d) : null;
    const node = stamp++;
    for (const r of rows) mark[r] = node;
    const filter = m * Math.log2(m + 1) > n;
    let tried = 0;
    for (let q = 0; q < d && tried < mtry; q++) {
      const f = perm ? perm[q]! : q;
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of rows) {
        const v = x[r * d + f]!;
        keys[r] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo === hi) continue;
      tried++;
      let ord: Int32Array;
      if (filter) {
        const go = orders[f]!;
        let c = 0;
        for (let i = 0; i < n; i++) if (mark[go[i]!] === node) order[c++] = go[i]!;
        ord = order.subarray(0, m);
      } else {
        for (let i = 0; i < m; i++) sv[i] = keys[(order[i] = rows[i]!)]!;
        sortPairs(sv, order, 0, m - 1);
        ord = order.subarray(0, m);
      }
      lc.fill(0);
      let WL = 0;
      let syL2 = 0;
      for (let i = 0; i < m - 1; i++) {
        const r = ord[i]!;
        const wr = w[r]!;
        WL += wr;
        if (reg) {
          lc[0]! += wr * y[r]!;
          syL2 += wr * y[r]! * y[r]!;
        } else lc[y[r]!]! += wr;
        const v = keys[r]!;
        const next = keys[ord[i + 1]!]!;
        if (next === v) continue;
        const nl = i + 1;
        if (nl < s.minSamplesLeaf || m - nl < s.minSamplesLeaf) continue;
        for (let k = 0; k < C; k++) rc[k] = total[k]! - lc[k]!;
        const WR = W - WL;
        let gain: number;
        if (reg) {
          // W·Var = Σwy² − (Σwy)²/W, so the drop is (Σwy_L)²/W_L + (Σwy_R)²/W_R − (Σwy)²/W
          gain = (lc[0]! * lc[0]!) / WL + (rc[0]! * rc[0]!) / WR - (total[0]! * total[0]!) / W;
        } else gain = W * imp - WL * impurityOf(lc, WL, 0) - WR * impurityOf(rc, WR, 0);
        if (gain > bestGain + 1e-12 * W) {
          bestGain = gain;
          bestF = f;
          let t = v + (next - v) / 2;
          if (!(t < next)) t = v;
          bestT = t;
        }
      }
    }
    if (bestF < 0) return id;
    const l: number[] = [];
    const rr: number[] = [];
    for (const r of rows) (x[r * d + bestF]! <= bestT ? l : rr).push(r);
    feature[id] = bestF;
    threshold[id] = bestT;
    improvement[id] = bestGain;
    const li = build(Int32Array.from(l), depth + 1);
    const ri = build(Int32Array.from(rr), depth + 1);
    left[id] = li;
    right[id] = ri;
    return id;
  };
  build(rowsAll, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    improvement: Float64Array.from(improvement),
    impurity: Float64Array.from(impurity),
    weight: Float64Array.from(weight),
    count: Int32Array.from(count),
    stats: Float64Array.from(stats),
    width: C,
  };
}

/** Sorts v[lo..hi] ascending, moving idx along with it (quicksort, insertion sort below 16). */
function sortPairs(v: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot
    const a = v[lo]!;
    const b = v[mid]!;
    const c = v[hi]!;
    const p = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! < p) i++;
      while (v[j]! > p) j--;
      if (i <= j) {
        const tv = v[i]!;
        v[i] = v[j]!;
        v[j] = tv;
        const ti = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = ti;
        i++;
        j--;
      }
    }
    // recurse into the smaller part, loop on the larger
    if (j - lo < hi - i) {
      sortPairs(v, idx, lo, j);
      lo = i;
    } else {
      sortPairs(v, idx, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const tv = v[i]!;
    const ti = idx[i]!;
    let j = i - 1;
    while (j >= lo && v[j]! > tv) {
      v[j + 1] = v[j]!;
      idx[j + 1] = idx[j]!;
      j--;
    }
    v[j + 1] = tv;
    idx[j + 1] = ti;
  }
}

/** Each column's rows in ascending order of value (ties by row index). */
export function presortColumns(x: ArrayLike<number>, n: number, d: number): Int32Array[] {
  const out: Int32Array[] = [];
  const col = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = x[i * d + f]!;
    out.push(Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => col[a]! - col[b]! || a - b));
  }
  return out;
}

/** The leaf a row lands in. */
export function leafOf(t: FlatCart, x: ArrayLike<number>, off: number): number {
  let j = 0;
  while (t.feature[j]! >= 0) j = x[off + t.feature[j]!]! <= t.threshold[j]! ? t.left[j]! : t.right[j]!;
  return j;
}

/** Impurity drop per feature, normalised to sum to 1 (all zeros for a tree that never split). */
export function cartImportances(t: FlatCart, d: number): number[] {
  const imp = new Array<number>(d).fill(0);
  for (let j = 0; j < t.feature.length; j++) if (t.feature[j]! >= 0) imp[t.feature[j]!]! += t.improvement[j]!;
  const s = imp.reduce((a, b) => a + b, 0);
  return s > 0 ? imp.map((v) => v / s) : imp;
}

export function nestedCart(t: FlatCart, j: number, reg: boolean): CartNode {
  const probs = reg ? undefined : Array.from(t.stats.subarray(j * t.width, (j + 1) * t.width));
  let value = t.stats[j * t.width]!;
  if (probs) value = probs.indexOf(Math.max(...probs));
  const base = { value, ...(probs && { proba: probs }), n: t.count[j]!, weight: t.weight[j]!, impurity: t.impurity[j]! };
  if (t.feature[j]! < 0) return { leaf: true, ...base };
  return {
    leaf: false,
    feature: t.feature[j]!,
    threshold: t.threshold[j]!,
    improvement: t.improvement[j]!,
    ...base,
    left: nestedCart(t, t.left[j]!, reg),
    right: nestedCart(t, t.right[j]!, reg),
  };
}

/** Fitting inputs checked and converted, shared by DecisionTree and RandomForest. */
export function prepareFit(op: string, criterion: Criterion, X: unknown, y: unknown, options: unknown) {
  const o = checkOptions(op, options, ['sampleWeight']);
  const m = asMatrix(op, X);
  let labels: ArrayLike<number>;
  let classes = 0;
  if (criterion === 'squared_error') labels = asTargets(op, y, m.n);
  else {
    const l = asClassLabels(op, y, m.n);
    if (new Set(l.y).size < 2) throw new ValueError(`${op}: y holds only class ${l.y[0]}; a classifier needs examples of at least two classes`);
    labels = l.y;
    classes = l.classes;
  }
  const sw = asWeights(op, o.sampleWeight, m.n);
  return { m, labels, classes, sw };
}

/**
 * A single CART tree (classification with Gini or entropy, regression with squared error).
 *
 *   const t = new trees.DecisionTree({ criterion: 'gini', maxDepth: 3 }).fit(X, y);
 *   t.predict(X);        // int32 [n] classes (float64 values for 'squared_error')
 *   t.predictProba(X);   // [n, C]
 *   t.tree();            // { leaf: false, feature: 2, threshold: 2.45, improvement: …, left, right }
 */
export class DecisionTree {
  readonly settings: CartSettings;
  readonly seed: number;
  private fitted: FlatCart | null = null;
  private nFeatures = 0;

  constructor(options: CartOptions = {}) {
    const op = 'trees.DecisionTree';
    const o = checkOptions(op, options, CART_OPTION_NAMES);
    this.settings = cartSettings(op, o, () => 'all');
    this.seed = numberOption(op, 'seed', o.seed, 0, -Infinity);
  }

  /** Grows the tree on X [n,d] and y (class indices, or real targets for 'squared_error'); `sampleWeight` [n] optional. */
  fit(X: Tensor | number[][], y: Tensor | ArrayLike<number>, options: { sampleWeight?: Tensor | ArrayLike<number> } = {}): this {
    const { m, labels, classes, sw } = prepareFit('DecisionTree.fit', this.settings.criterion, X, y, options);
    this.nFeatures = m.d;
    this.fitted = growCart(this.settings, m.data, m.n, m.d, labels, classes, sw ?? new Float64Array(m.n).fill(1), new Generator(this.seed));
    return this;
  }

  private get flat(): FlatCart {
    if (!this.fitted) throw new ValueError('DecisionTree: the tree has not been fitted yet; call fit(X, y) first');
    return this.fitted;
  }

  private get regression(): boolean {
    return this.settings.criterion === 'squared_error';
  }

  /** Class probabilities [m, C]: the weighted class shares of the training rows in each row's leaf. */
  predictProba(X: Tensor | number[][]): Tensor {
    const op = 'DecisionTree.predictProba';
    const t = this.flat;
    if (this.regression) throw new ValueError(`${op}: a 'squared_error' tree predicts numbers, not classes; use predict`);
    const { data, n } = asMatrixFor(op, X, this.nFeatures);
    const C = t.width;
    const out = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      const j = leafOf(t, data, i * this.nFeatures);
      out.set(t.stats.subarray(j * C, (j + 1) * C), i * C);
    }
    return new Tensor(out, [n, C], 'float64');
  }

  /** Classes (int32 [m]; ties go to the lower class) or, for regression, the leaf means (float64 [m]). */
  predict(X: Tensor | number[][]): Tensor {
    const op = 'DecisionTree.predict';
    const t = this.flat;
    const { data, n } = asMatrixFor(op, X, this.nFeatures);
    if (this.regression) return new Tensor(Float64Array.from({ length: n }, (_, i) => t.stats[leafOf(t, data, i * this.nFeatures)]!), [n], 'float64');
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = argmaxRow(t.stats, leafOf(t, data, i * this.nFeatures) * t.width, t.width);
    return new Tensor(out, [n], 'int32');
  }

  /** Mean decrease in impurity per feature, summing to 1. */
  featureImportances(): number[] {
    return cartImportances(this.flat, this.nFeatures);
  }

  /** The fitted tree as nested plain objects. */
  tree(): CartNode {
    return nestedCart(this.flat, 0, this.regression);
  }

  toJSON(): CartNode {
    return this.tree();
  }
}

export function argmaxRow(a: ArrayLike<number>, off: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (a[off + c]! > a[off + best]!) best = c;
  return best;
}
