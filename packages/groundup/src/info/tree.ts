/**
 * Information gain and a decision-tree classifier that grows by choosing, at every node, the
 * split with the largest information gain (ID3/C4.5's criterion on numeric features, as CART
 * does with thresholds).
 */
import { ShapeError, ValueError, assertInt, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { asFloatTensor, asLabels } from './validate.js';
import { readOptions } from '../validate.js';

/** Entropy in bits of a list of class counts (0·log 0 = 0). */
function countsEntropy(counts: ArrayLike<number>, n: number): number {
  if (n === 0) return 0;
  let h = 0;
  for (let c = 0; c < counts.length; c++) {
    const k = counts[c]!;
    if (k > 0) h -= (k / n) * Math.log2(k / n);
  }
  return h;
}

function toMask(op: string, m: unknown, n: number): Uint8Array {
  let arr: ArrayLike<unknown>;
  let shape: readonly number[];
  if (m instanceof Tensor) {
    arr = m.data;
    shape = m.shape;
  } else if (Array.isArray(m) || ArrayBuffer.isView(m)) {
    arr = m as ArrayLike<unknown>;
    shape = [arr.length];
  } else throw new TypeError(`${op}: splitMask must be a Tensor or an array of booleans / 0s and 1s, got ${fmtValue(m)}`);
  if (shape.length !== 1 || shape[0] !== n)
    throw new ShapeError(`${op}: splitMask has shape ${fmtShape(shape)} but labels has shape [${n}]; there must be one mask entry per label`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v === true || v === 1) out[i] = 1;
    else if (v === false || v === 0) out[i] = 0;
    else throw new ValueError(`${op}: splitMask must hold booleans or 0/1, but splitMask[${i}] = ${fmtValue(v)}`);
  }
  return out;
}

/**
 * The drop in label entropy from splitting a set in two:
 * $$IG = H(Y) - \frac{n_L}{n} H(Y_L) - \frac{n_R}{n} H(Y_R)$$
 * where $Y_L$ are the labels whose mask entry is true (1) and $Y_R$ the rest. In bits by default
 * (the unit decision trees are usually drawn with); pass `{ base: 'e' }` for nats.
 *
 * Shapes: labels int32 [n] (or an array of class indices), splitMask [n] (booleans or 0/1).
 *
 *   info.informationGain([0, 0, 1, 1], [1, 1, 0, 0])  // 1 bit: the split separates the classes
 */
export function informationGain(labels: Tensor | number[], splitMask: Tensor | ArrayLike<boolean | number>, options: { base?: 'e' | number } = {}): number {
  const op = 'info.informationGain';
  const y = asLabels(op, 'labels', labels);
  if (y.ndim !== 1) throw new ShapeError(`${op}: labels must be 1-D [n], got shape ${fmtShape(y.shape)}`);
  const n = y.size;
  if (n === 0) throw new ValueError(`${op}: labels is empty; information gain needs at least one example`);
  const mask = toMask(op, splitMask, n);
  let scale = 1;
  if (options.base !== undefined && options.base !== 2) {
    const b = options.base === 'e' ? Math.E : options.base;
    if (typeof b !== 'number' || !(b > 0) || b === 1 || !Number.isFinite(b)) throw new ValueError(`${op}: base must be 'e' or a positive number other than 1, got ${fmtValue(options.base)}`);
    scale = Math.log(2) / Math.log(b);
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = y.data[i]!;
    if (c < 0) throw new ValueError(`${op}: class indices must be ≥ 0, but labels[${i}] = ${c}`);
    k = Math.max(k, c + 1);
  }
  const all = new Float64Array(k);
  const left = new Float64Array(k);
  let nl = 0;
  for (let i = 0; i < n; i++) {
    const c = y.data[i]!;
    all[c]++;
    if (mask[i]) {
      left[c]++;
      nl++;
    }
  }
  const right = all.map((a, c) => a - left[c]!);
  const g = countsEntropy(all, n) - (nl / n) * countsEntropy(left, nl) - ((n - nl) / n) * countsEntropy(right, n - nl);
  return g * scale;
}

export interface DecisionTreeOptions {
  /** Deepest level a split may be made at: the root is depth 0, so maxDepth 1 is a stump (default: unlimited). */
  maxDepth?: number;
  /** A node with fewer examples than this becomes a leaf (default 2, at least 2). */
  minSamplesSplit?: number;
}

/** A leaf: predicts the majority class of the training examples that reached it. */
export interface TreeLeaf {
  leaf: true;
  /** The predicted class (the most frequent; the smallest index on a tie). */
  class: number;
  /** Training examples per class at this node. */
  counts: number[];
  /** Number of training examples at this node. */
  n: number;
  /** Label entropy at this node, in bits. */
  entropy: number;
}

/** An internal node: examples with x[feature] ≤ threshold go left, the others right. */
export interface TreeSplit {
  leaf: false;
  feature: number;
  threshold: number;
  /** Information gain of this split, in bits. */
  gain: number;
  counts: number[];
  n: number;
  entropy: number;
  /** The class this node would predict if it were cut back to a leaf. */
  class: number;
  left: TreeNode;
  right: TreeNode;
}

export type TreeNode = TreeLeaf | TreeSplit;

/** The best split of a set of rows: feature, midpoint threshold and its gain in bits. */
export interface BestSplit {
  feature: number;
  threshold: number;
  gain: number;
}

function argmaxCounts(counts: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[best]!) best = c;
  return best;
}

/**
 * A decision-tree classifier. Each node tries every feature and every threshold halfway between
 * two consecutive distinct values seen at that node, and keeps the split with the largest
 * information gain (the first one found on a tie: lowest feature, then lowest threshold).
 * Growth stops at maxDepth, below minSamplesSplit examples, at a pure node, or when no split
 * gains anything.
 *
 *   const t = new info.DecisionTree({ maxDepth: 3 }).fit(X, y);  // X [n,d] float, y int32 [n]
 *   t.predict(X);   // int32 [n]
 *   t.toJSON();     // { leaf: false, feature: 2, threshold: 2.45, gain: 0.918, … }
 */
export class DecisionTree {
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  private root: TreeNode | null = null;
  private nFeatures = 0;
  private nClasses = 0;

  constructor(options: DecisionTreeOptions = {}) {
    const op = 'info.DecisionTree';
    const { maxDepth = Infinity, minSamplesSplit = 2 } = readOptions(op, options, '{ maxDepth: 3 }', true);
    if (maxDepth !== Infinity) assertInt(op, 'maxDepth', maxDepth, 0);
    assertInt(op, 'minSamplesSplit', minSamplesSplit, 2);
    this.maxDepth = maxDepth;
    this.minSamplesSplit = minSamplesSplit;
  }

  /**
   * Grows the tree on X [n,d] (features) and y int32 [n] (class indices 0 … C−1). Returns this.
   */
  fit(X: Tensor | number[][], y: Tensor | number[]): this {
    const op = 'DecisionTree.fit';
    const x = asFloatTensor(op, 'X', X);
    if (x.ndim !== 2) throw new ShapeError(`${op}: X must be 2-D [n,d] (one row per example), got shape ${fmtShape(x.shape)}`);
    const labels = asLabels(op, 'y', y);
    const [n, d] = x.shape as [number, number];
    if (labels.ndim !== 1 || labels.size !== n)
      throw new ShapeError(`${op}: y must be 1-D with one label per row of X ${fmtShape(x.shape)}, got shape ${fmtShape(labels.shape)}`);
    if (n === 0) throw new ValueError(`${op}: X has no rows; a tree needs at least one example`);
    if (d === 0) throw new ValueError(`${op}: X has no features (shape ${fmtShape(x.shape)})`);
    for (let i = 0; i < x.size; i++)
      if (!Number.isFinite(x.data[i]!)) throw new ValueError(`${op}: X[${Math.floor(i / d)},${i % d}] = ${fmtValue(x.data[i])}; features must be finite numbers`);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const c = labels.data[i]!;
      if (c < 0) throw new ValueError(`${op}: class indices must be ≥ 0, but y[${i}] = ${c}`);
      k = Math.max(k, c + 1);
    }
    this.nFeatures = d;
    this.nClasses = k;
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    this.root = this.grow(x.data, d, labels.data, rows, 0);
    return this;
  }

  /** Class counts of a set of rows. */
  private counts(y: ArrayLike<number>, rows: Int32Array): Float64Array {
    const c = new Float64Array(this.nClasses);
    for (const r of rows) c[y[r]!]++;
    return c;
  }

  private grow(x: ArrayLike<number>, d: number, y: ArrayLike<number>, rows: Int32Array, depth: number): TreeNode {
    const counts = this.counts(y, rows);
    const n = rows.length;
    const h = countsEntropy(counts, n);
    const leaf: TreeLeaf = { leaf: true, class: argmaxCounts(counts), counts: Array.from(counts), n, entropy: h };
    if (depth >= this.maxDepth || n < this.minSamplesSplit || h === 0) return leaf;
    const best = bestSplit(x, d, y, rows, this.nClasses);
    if (!best || best.gain <= 1e-12) return leaf;
    const l: number[] = [];
    const r: number[] = [];
    for (const i of rows) (x[i * d + best.feature]! <= best.threshold ? l : r).push(i);
    return {
      leaf: false,
      feature: best.feature,
      threshold: best.threshold,
      gain: best.gain,
      counts: leaf.counts,
      n,
      entropy: h,
      class: leaf.class,
      left: this.grow(x, d, y, Int32Array.from(l), depth + 1),
      right: this.grow(x, d, y, Int32Array.from(r), depth + 1),
    };
  }

  /** Predicted classes for X [m,d]: int32 [m]. */
  predict(X: Tensor | number[][]): Tensor {
    const op = 'DecisionTree.predict';
    if (!this.root) throw new ValueError(`${op}: the tree has not been fitted yet; call fit(X, y) first`);
    const x = asFloatTensor(op, 'X', X);
    if (x.ndim !== 2 || x.shape[1] !== this.nFeatures)
      throw new ShapeError(`${op}: X must be [m,${this.nFeatures}] (the tree was fitted on ${this.nFeatures} features), got shape ${fmtShape(x.shape)}`);
    const m = x.shape[0]!;
    const d = this.nFeatures;
    const out = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      let node = this.root;
      while (!node.leaf) node = x.data[i * d + node.feature]! <= node.threshold ? node.left : node.right;
      out[i] = node.class;
    }
    return new Tensor(out, [m], 'int32');
  }

  /** The fitted tree as plain nested objects (a deep copy), ready for display or JSON. */
  tree(): TreeNode {
    if (!this.root) throw new ValueError('DecisionTree.tree: the tree has not been fitted yet; call fit(X, y) first');
    return structuredClone(this.root);
  }

  /** Same as {@link tree}; lets JSON.stringify(tree) work directly. */
  toJSON(): TreeNode {
    return this.tree();
  }

  /** The tree as indented text, one node a line: `x[2] ≤ 2.45  (gain 0.918 bits, n=150, counts [50,50,50])`. */
  toString(featureNames?: string[]): string {
    if (!this.root) return 'DecisionTree (not fitted)';
    const name = (f: number) => featureNames?.[f] ?? `x[${f}]`;
    const lines: string[] = [];
    const walk = (node: TreeNode, indent: string, label: string) => {
      const info = `n=${node.n}, counts [${node.counts.join(',')}]`;
      if (node.leaf) lines.push(`${indent}${label}class ${node.class}  (${info})`);
      else {
        lines.push(`${indent}${label}${name(node.feature)} ≤ ${+node.threshold.toPrecision(6)}  (gain ${node.gain.toFixed(3)} bits, ${info})`);
        walk(node.left, indent + '  ', 'yes → ');
        walk(node.right, indent + '  ', 'no  → ');
      }
    };
    walk(this.root, '', '');
    return lines.join('\n');
  }
}

/**
 * The split of `rows` with the largest information gain over every feature and every midpoint
 * between consecutive distinct values (null when no feature takes two values). For each feature
 * the rows are sorted once and the left-side class counts are updated as the threshold sweeps
 * upwards, so a node costs O(d · n log n).
 */
export function bestSplit(x: ArrayLike<number>, d: number, y: ArrayLike<number>, rows: Int32Array, nClasses: number): BestSplit | null {
  const n = rows.length;
  const total = new Float64Array(nClasses);
  for (const r of rows) total[y[r]!]++;
  const h = countsEntropy(total, n);
  let best: BestSplit | null = null;
  const left = new Float64Array(nClasses);
  const right = new Float64Array(nClasses);
  const order = Array.from(rows);
  for (let f = 0; f < d; f++) {
    order.sort((a, b) => x[a * d + f]! - x[b * d + f]!);
    left.fill(0);
    right.set(total);
    for (let i = 0; i < n - 1; i++) {
      const c = y[order[i]!]!;
      left[c]++;
      right[c]--;
      const v = x[order[i]! * d + f]!;
      const next = x[order[i + 1]! * d + f]!;
      if (next === v) continue; // a threshold must fall between two different values
      const nl = i + 1;
      const gain = h - (nl / n) * countsEntropy(left, nl) - ((n - nl) / n) * countsEntropy(right, n - nl);
      if (!best || gain > best.gain) {
        let t = v + (next - v) / 2;
        if (!(t < next)) t = v; // adjacent floats: the midpoint rounds up to next; keep v on the left
        best = { feature: f, threshold: t, gain };
      }
    }
  }
  return best;
}
