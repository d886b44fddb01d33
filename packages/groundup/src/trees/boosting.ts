/**
 * Gradient-boosted trees grown the way XGBoost's exact greedy method (`tree_method='exact'`) grows
 * them: each round fits a regression tree to the first and second derivatives of the loss at the
 * current predictions, splits by the second-order gain and sets each leaf to the Newton step.
 *
 * For a node holding gradient sum G and Hessian sum H, the best constant to add is
 * $w^* = -G/(H+\lambda)$ and the loss drops by $\tfrac12 G^2/(H+\lambda)$. A split into L and R is
 * worth
 * $$\text{gain} = \tfrac12\Big[\frac{G_L^2}{H_L+\lambda} + \frac{G_R^2}{H_R+\lambda} - \frac{(G_L+G_R)^2}{H_L+H_R+\lambda}\Big] - \gamma .$$
 * XGBoost's code (and so this one) records the bracket without the ½ as the split's `gain`, makes
 * any split whose bracket is positive, and afterwards prunes, bottom-up, every split whose bracket
 * is below γ and whose children are both leaves.
 *
 * Matching XGBoost 1.7 to single precision: features, gradients, thresholds, gains and leaf
 * values are rounded to float32 where XGBoost stores floats, node sums stay float64, each
 * feature is scanned from its largest value down (XGBoost's order for dense columns), equal gains
 * keep the first candidate found (and the lower feature index), and a row goes left when
 * x < threshold, the threshold being the float32 midpoint of two neighbouring distinct values.
 */
import { ValueError, fmtValue } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { presortColumns } from './cart.js';
import { asClassLabels, asMatrix, asMatrixFor, checkSavedTree, asTargets, asWeights, checkOptions, enumOption, intOption, numberOption } from './validate.js';

const f32 = Math.fround;
/** XGBoost's kRtEps: a split must lower the loss by more than this. */
const RT_EPS = f32(1e-6);
/** XGBoost's floor on the Hessian of the logistic and softmax losses. */
const H_EPS = 1e-16;

export type BoostingObjective = 'binary:logistic' | 'multi:softprob' | 'reg:squarederror';
const OBJECTIVES: readonly BoostingObjective[] = ['binary:logistic', 'multi:softprob', 'reg:squarederror'];

export interface GradientBoostingOptions {
  /** The loss: logistic (two classes), softmax (C classes, one tree per class per round) or squared error. */
  objective?: BoostingObjective;
  /** Boosting rounds (default 100). */
  nEstimators?: number;
  /** Shrinkage η applied to every leaf (XGBoost's eta, default 0.3). */
  learningRate?: number;
  /** Deepest split level; the root is depth 0 (default 6, as XGBoost). */
  maxDepth?: number;
  /** L2 penalty λ on leaf weights (default 1). */
  lambda?: number;
  /** γ: splits whose gain bracket is below γ are pruned after growth (XGBoost's min_split_loss; default 0). */
  gamma?: number;
  /** Each child of a split needs a Hessian sum of at least this (default 1). */
  minChildWeight?: number;
  /** The prediction before any tree: a probability for logistic, a raw value otherwise (default 0.5, as XGBoost 1.7). */
  baseScore?: number;
  /** Fraction of rows each round's trees see, drawn without replacement (default 1: all rows, deterministic). */
  subsample?: number;
  /** Seed of the row sampling (default 0). */
  seed?: number;
}

const OPTION_NAMES = ['objective', 'nEstimators', 'learningRate', 'maxDepth', 'lambda', 'gamma', 'minChildWeight', 'baseScore', 'subsample', 'seed'] as const;

/** One node of a boosted tree, as {@link GradientBoosting.trees} returns it. */
export interface BoostedLeaf {
  leaf: true;
  id: number;
  /** What this leaf adds to the margin: η · weight. */
  value: number;
  /** The Newton step −G/(H+λ) before shrinkage. */
  weight: number;
  /** Gradient and Hessian sums of the training rows at this node. */
  G: number;
  H: number;
  n: number;
}
export interface BoostedSplit {
  leaf: false;
  id: number;
  feature: number;
  /** Rows with x[feature] < threshold go left. */
  threshold: number;
  /** G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ): twice the loss reduction, before γ. */
  gain: number;
  weight: number;
  G: number;
  H: number;
  n: number;
  left: BoostedNode;
  right: BoostedNode;
}
export type BoostedNode = BoostedLeaf | BoostedSplit;

/** A tree stored as flat arrays; node 0 is the root, leaves have feature −1. */
interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (η·weight) at leaves. */
  value: Float64Array;
  weight: Float64Array;
  gain: Float64Array;
  G: Float64Array;
  H: Float64Array;
  count: Int32Array;
}

/** The part of a fitted model that {@link GradientBoosting.toJSON} writes and {@link GradientBoosting.fromJSON} reads. */
export interface GradientBoostingJSON {
  format: 'groundup-boosting';
  version: 1;
  options: Required<Omit<GradientBoostingOptions, 'seed' | 'subsample'>> & { subsample: number; seed: number };
  nFeatures: number;
  nClasses: number;
  trees: { feature: number[]; threshold: number[]; left: number[]; right: number[]; value: number[]; weight: number[]; gain: number[]; G: number[]; H: number[]; count: number[] }[];
}

/**
 * Gradient-boosted decision trees (XGBoost's exact greedy algorithm).
 *
 *   const gb = new trees.GradientBoosting({ objective: 'multi:softprob', nEstimators: 50, maxDepth: 3 }).fit(X, y);
 *   gb.predict(Xtest);        // int32 [m] classes
 *   gb.predictProba(Xtest);   // [m, C]
 *   gb.predictMargin(Xtest);  // [m, C] raw scores (before softmax)
 *   gb.trees()[0];            // { leaf: false, feature: 2, threshold: 2.45, gain: 51.2, G, H, … }
 */
export class GradientBoosting {
  readonly objective: BoostingObjective;
  readonly nEstimators: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly lambda: number;
  readonly gamma: number;
  readonly minChildWeight: number;
  readonly baseScore: number;
  readonly subsample: number;
  readonly seed: number;
  private forest: FlatTree[] = [];
  private nFeatures = 0;
  /** Trees per round: the number of classes for softprob, else 1. */
  private nGroups = 1;
  private fitted = false;

  constructor(options: GradientBoostingOptions = {}) {
    const op = 'trees.GradientBoosting';
    const o = checkOptions(op, options, OPTION_NAMES);
    this.objective = enumOption(op, 'objective', o.objective, OBJECTIVES, 'binary:logistic');
    this.nEstimators = intOption(op, 'nEstimators', o.nEstimators, 100, 1);
    this.learningRate = numberOption(op, 'learningRate', o.learningRate, 0.3, 0, 1, true);
    this.maxDepth = intOption(op, 'maxDepth', o.maxDepth, 6, 1);
    if (typeof o.lambda === 'number' && o.lambda < 0)
      throw new ValueError(`${op}: lambda must be ≥ 0 (an L2 penalty; a negative one can make H+λ ≤ 0 and the leaf weights blow up), got ${fmtValue(o.lambda)}`);
    this.lambda = numberOption(op, 'lambda', o.lambda, 1, 0);
    this.gamma = numberOption(op, 'gamma', o.gamma, 0, 0);
    this.minChildWeight = numberOption(op, 'minChildWeight', o.minChildWeight, 1, 0);
    const bs = numberOption(op, 'baseScore', o.baseScore, 0.5, -Infinity);
    if (this.objective === 'binary:logistic' && !(bs > 0 && bs < 1))
      throw new ValueError(`${op}: baseScore is a probability for 'binary:logistic' and must lie strictly between 0 and 1, got ${fmtValue(bs)}`);
    this.baseScore = bs;
    this.subsample = numberOption(op, 'subsample', o.subsample, 1, 0, 1, true);
    this.seed = numberOption(op, 'seed', o.seed, 0, -Infinity);
  }

  /** The margin every prediction starts from (logit of baseScore for the logistic loss). */
  private baseMargin(): number {
    const b = f32(this.baseScore);
    return this.objective === 'binary:logistic' ? f32(Math.log(b / (1 - b))) : b;
  }

  /**
   * Boosts nEstimators rounds on X [n,d] and y: class indices (int32 or whole numbers) for the
   * classification objectives, real numbers for 'reg:squarederror'. `sampleWeight` [n] scales
   * each row's gradient and Hessian. Returns this.
   */
  fit(X: Tensor | number[][], y: Tensor | ArrayLike<number>, options: { sampleWeight?: Tensor | ArrayLike<number> } = {}): this {
    const op = 'GradientBoosting.fit';
    const o = checkOptions(op, options, ['sampleWeight']);
    const m = asMatrix(op, X);
    const { n, d } = m;
    let labels: Int32Array | null = null;
    let targets: Float64Array | null = null;
    let K = 1;
    if (this.objective === 'reg:squarederror') targets = asTargets(op, y, n);
    else {
      const l = asClassLabels(op, y, n);
      labels = l.y;
      const distinct = new Set(labels).size;
      if (distinct < 2)
        throw new ValueError(`${op}: y holds only class ${labels[0]}; a classifier needs examples of at least two classes`);
      if (this.objective === 'binary:logistic') {
        if (l.classes > 2) throw new ValueError(`${op}: 'binary:logistic' needs labels 0 and 1, but y has class ${l.classes - 1}; use objective 'multi:softprob' for ${l.classes} classes`);
      } else K = l.classes;
    }
    const w = asWeights(op, o.sampleWeight, n);

    // features as float32, row-major (for moving rows to children) and each column sorted once
    const x = Float32Array.from(m.data as ArrayLike<number>);
    const cols = presort(x, n, d);

    this.nFeatures = d;
    this.nGroups = K;
    this.forest = [];
    const margin = new Float32Array(n * K).fill(this.baseMargin());
    const g = new Float32Array(n * K);
    const h = new Float32Array(n * K);
    const gk = new Float32Array(n);
    const hk = new Float32Array(n);
    const rng = new Generator(this.seed);
    const p = new Float32Array(K);
    const eta = f32(this.learningRate);
    const grower = new Grower(x, cols, n, d, f32(this.lambda), f32(this.minChildWeight), f32(this.gamma), eta, this.maxDepth);
    const active = new Uint8Array(n).fill(1);
    for (let round = 0; round < this.nEstimators; round++) {
      // gradients and Hessians of the loss at the current margins, in float32 as XGBoost keeps them
      for (let i = 0; i < n; i++) {
        const wi = w ? f32(w[i]!) : 1;
        if (this.objective === 'binary:logistic') {
          const pi = f32(1 / (1 + f32(Math.exp(-margin[i]!))));
          g[i] = f32(f32(pi - labels![i]!) * wi);
          h[i] = f32(Math.max(f32(pi * f32(1 - pi)), H_EPS) * wi);
        } else if (this.objective === 'reg:squarederror') {
          g[i] = f32(f32(margin[i]! - targets![i]!) * wi);
          h[i] = wi;
        } else {
          let mx = margin[i * K]!;
          for (let k = 1; k < K; k++) mx = Math.max(mx, margin[i * K + k]!);
          let s = 0;
          for (let k = 0; k < K; k++) s += p[k] = f32(Math.exp(f32(margin[i * K + k]! - mx)));
          const sf = f32(s);
          for (let k = 0; k < K; k++) {
            const pk = f32(p[k]! / sf);
            g[i * K + k] = f32(f32(pk - (labels![i] === k ? 1 : 0)) * wi);
            h[i * K + k] = f32(Math.max(f32(f32(2 * pk) * f32(1 - pk)), H_EPS) * wi);
          }
        }
      }
      if (this.subsample < 1) {
        active.fill(0);
        const take = Math.max(1, Math.round(this.subsample * n));
        const perm = rng.permutation(n);
        for (let i = 0; i < take; i++) active[perm[i]!] = 1;
      }
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < n; i++) {
          gk[i] = g[i * K + k]!;
          hk[i] = h[i * K + k]!;
        }
        const tree = grower.grow(gk, hk, active);
        this.forest.push(tree);
        for (let i = 0; i < n; i++) margin[i * K + k] = f32(margin[i * K + k]! + leafValue(tree, x, i * d));
      }
    }
    this.fitted = true;
    return this;
  }

  private check(op: string): void {
    if (!this.fitted) throw new ValueError(`${op}: the model has not been fitted yet; call fit(X, y) first`);
  }

  /** Boosting rounds fitted. */
  get rounds(): number {
    return this.forest.length / this.nGroups;
  }

  private roundsOption(op: string, o: { rounds?: number }): number {
    const r = checkOptions(op, o, ['rounds']).rounds;
    if (r === undefined) return this.rounds;
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r > this.rounds)
      throw new ValueError(`${op}: rounds must be a whole number from 0 to ${this.rounds} (the rounds fitted), got ${fmtValue(r)}`);
    return r;
  }

  /**
   * Raw scores before the link: [m] for logistic and squared error, [m, C] for softprob.
   * `{ rounds: r }` uses the first r rounds only (0: the base score), to watch the model grow.
   */
  predictMargin(X: Tensor | number[][], options: { rounds?: number } = {}): Tensor {
    const op = 'GradientBoosting.predictMargin';
    this.check(op);
    const rounds = this.roundsOption(op, options);
    const { data, n } = asMatrixFor(op, X, this.nFeatures);
    const d = this.nFeatures;
    const K = this.nGroups;
    const x = Float32Array.from(data as ArrayLike<number>);
    const out = new Float32Array(n * K).fill(this.baseMargin());
    for (let t = 0; t < rounds * K; t++) {
      const tree = this.forest[t]!;
      const k = t % K;
      for (let i = 0; i < n; i++) out[i * K + k] = f32(out[i * K + k]! + leafValue(tree, x, i * d));
    }
    return new Tensor(Float64Array.from(out), K > 1 ? [n, K] : [n], 'float64');
  }

  /** Class probabilities [m, C] (C = 2 for the logistic loss: columns 1−p and p). */
  predictProba(X: Tensor | number[][], options: { rounds?: number } = {}): Tensor {
    const op = 'GradientBoosting.predictProba';
    this.check(op);
    if (this.objective === 'reg:squarederror') throw new ValueError(`${op}: a 'reg:squarederror' model predicts numbers, not classes; use predict`);
    this.roundsOption(op, options);
    const mg = this.predictMargin(X, options);
    const n = mg.shape[0]!;
    const K = this.nGroups;
    const out = new Float64Array(n * Math.max(K, 2));
    for (let i = 0; i < n; i++) {
      if (this.objective === 'binary:logistic') {
        const p1 = 1 / (1 + Math.exp(-mg.data[i]!));
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
      } else {
        let mx = -Infinity;
        for (let k = 0; k < K; k++) mx = Math.max(mx, mg.data[i * K + k]!);
        let s = 0;
        for (let k = 0; k < K; k++) s += out[i * K + k] = Math.exp(mg.data[i * K + k]! - mx);
        for (let k = 0; k < K; k++) out[i * K + k]! /= s;
      }
    }
    return new Tensor(out, [n, Math.max(K, 2)], 'float64');
  }

  /** Classes (int32 [m], the most probable; ties go to the lower class) or, for squared error, the predicted values. */
  predict(X: Tensor | number[][], options: { rounds?: number } = {}): Tensor {
    const op = 'GradientBoosting.predict';
    this.check(op);
    this.roundsOption(op, options);
    if (this.objective === 'reg:squarederror') return this.predictMargin(X, options);
    const p = this.predictProba(X, options);
    const [n, C] = p.shape as [number, number];
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (p.data[i * C + c]! > p.data[i * C + best]!) best = c;
      out[i] = best;
    }
    return new Tensor(out, [n], 'int32');
  }

  /** Number of trees per round: C for softprob, otherwise 1. Tree t belongs to class t mod C. */
  get treesPerRound(): number {
    return this.nGroups;
  }

  /** The fitted trees as nested objects (round-major: for softprob, tree r·C + k is round r, class k). */
  trees(): BoostedNode[] {
    this.check('GradientBoosting.trees');
    return this.forest.map((t) => nested(t, 0));
  }

  /**
   * Feature importances, one per feature: 'gain' (the mean gain of the splits on it, XGBoost's
   * default), 'totalGain' (their sum) or 'weight' (how many splits use it). Features never split
   * on get 0. Pass `{ normalize: true }` to make them sum to 1.
   */
  featureImportances(options: { type?: 'gain' | 'totalGain' | 'weight'; normalize?: boolean } = {}): number[] {
    const op = 'GradientBoosting.featureImportances';
    this.check(op);
    const o = checkOptions(op, options, ['type', 'normalize']);
    const type = enumOption(op, 'type', o.type, ['gain', 'totalGain', 'weight'] as const, 'gain');
    const total = new Array<number>(this.nFeatures).fill(0);
    const count = new Array<number>(this.nFeatures).fill(0);
    for (const t of this.forest)
      for (let i = 0; i < t.feature.length; i++) {
        const f = t.feature[i]!;
        if (f < 0) continue;
        total[f]! += t.gain[i]!;
        count[f]!++;
      }
    const imp = total.map((s, f) => (type === 'weight' ? count[f]! : type === 'totalGain' ? s : count[f]! > 0 ? s / count[f]! : 0));
    if (o.normalize) {
      const s = imp.reduce((a, b) => a + b, 0);
      return s > 0 ? imp.map((v) => v / s) : imp;
    }
    return imp;
  }

  /** The fitted model as plain JSON (options and flat trees); {@link GradientBoosting.fromJSON} rebuilds it. */
  toJSON(): GradientBoostingJSON {
    this.check('GradientBoosting.toJSON');
    return {
      format: 'groundup-boosting',
      version: 1,
      options: {
        objective: this.objective,
        nEstimators: this.nEstimators,
        learningRate: this.learningRate,
        maxDepth: this.maxDepth,
        lambda: this.lambda,
        gamma: this.gamma,
        minChildWeight: this.minChildWeight,
        baseScore: this.baseScore,
        subsample: this.subsample,
        seed: this.seed,
      },
      nFeatures: this.nFeatures,
      nClasses: this.objective === 'multi:softprob' ? this.nGroups : this.objective === 'binary:logistic' ? 2 : 0,
      trees: this.forest.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        left: Array.from(t.left),
        right: Array.from(t.right),
        value: Array.from(t.value),
        weight: Array.from(t.weight),
        gain: Array.from(t.gain),
        G: Array.from(t.G),
        H: Array.from(t.H),
        count: Array.from(t.count),
      })),
    };
  }

  /** Rebuilds a model saved with {@link GradientBoosting.toJSON}. */
  static fromJSON(json: GradientBoostingJSON): GradientBoosting {
    const op = 'GradientBoosting.fromJSON';
    if (!json || typeof json !== 'object' || json.format !== 'groundup-boosting' || json.version !== 1)
      throw new ValueError(`${op}: not a saved GradientBoosting model (expected format 'groundup-boosting', version 1, got ${fmtValue((json as { format?: unknown })?.format)})`);
    const gb = new GradientBoosting(json.options);
    if (!Number.isInteger(json.nFeatures) || json.nFeatures < 1 || !Array.isArray(json.trees)) throw new ValueError(`${op}: nFeatures or trees is missing or malformed`);
    gb.nFeatures = json.nFeatures;
    gb.nGroups = json.options.objective === 'multi:softprob' ? json.nClasses : 1;
    gb.forest = json.trees.map((t, i) => {
      checkSavedTree(op, i, t, ['threshold', 'left', 'right', 'value', 'weight', 'gain', 'G', 'H', 'count'], json.nFeatures);
      return {
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        value: Float64Array.from(t.value),
        weight: Float64Array.from(t.weight),
        gain: Float64Array.from(t.gain),
        G: Float64Array.from(t.G),
        H: Float64Array.from(t.H),
        count: Int32Array.from(t.count),
      };
    });
    if (gb.forest.length % gb.nGroups !== 0) throw new ValueError(`${op}: ${gb.forest.length} trees is not a whole number of rounds of ${gb.nGroups}`);
    gb.fitted = true;
    return gb;
  }
}

function leafValue(t: FlatTree, x: Float32Array, off: number): number {
  let j = 0;
  while (t.feature[j]! >= 0) j = x[off + t.feature[j]!]! < t.threshold[j]! ? t.left[j]! : t.right[j]!;
  return t.value[j]!;
}

function nested(t: FlatTree, j: number): BoostedNode {
  const base = { id: j, weight: t.weight[j]!, G: t.G[j]!, H: t.H[j]!, n: t.count[j]! };
  if (t.feature[j]! < 0) return { leaf: true, ...base, value: t.value[j]! };
  return { leaf: false, ...base, feature: t.feature[j]!, threshold: t.threshold[j]!, gain: t.gain[j]!, left: nested(t, t.left[j]!), right: nested(t, t.right[j]!) };
}

/** Each column's row order by value (ascending), with the sorted values: computed once per fit. */
export interface SortedColumns {
  order: Int32Array[];
  values: Float32Array[];
}

export function presort(x: ArrayLike<number>, n: number, d: number): SortedColumns {
  const order = presortColumns(x, n, d);
  return { order, values: order.map((o, f) => Float32Array.from(o, (r) => x[r * d + f]!)) };
}

/** Grows one tree level by level over the pre-sorted columns (XGBoost's ColMaker). */
class Grower {
  private pos: Int32Array;
  private gh: Float64Array;
  // per-node scratch for one level (indexed by position in the level)
  private eG = new Float64Array(64);
  private eH = new Float64Array(64);
  private last = new Float32Array(64);

  constructor(
    private x: Float32Array,
    private cols: SortedColumns,
    private n: number,
    private d: number,
    private lambda: number,
    private mcw: number,
    private gamma: number,
    private eta: number,
    private maxDepth: number,
  ) {
    this.pos = new Int32Array(n);
    this.gh = new Float64Array(2 * n);
    // Columns with at most 256 distinct values also get each row's rank among them (its "bin"):
    // one bin per distinct value, so sums over bins are the exact greedy sums, gathered in one
    // sequential pass over the rows instead of a scattered pass over each sorted column.
    this.distinct = [];
    this.binCol = new Int32Array(d).fill(-1);
    const binned: number[] = [];
    for (let f = 0; f < d; f++) {
      const vals = cols.values[f]!;
      const u: number[] = [];
      for (let i = 0; i < n; i++) if (i === 0 || vals[i] !== vals[i - 1]) u.push(vals[i]!);
      this.distinct.push(Float32Array.from(u));
      if (u.length <= 256 && u.length > 1) {
        this.binCol[f] = binned.length;
        binned.push(f);
      }
    }
    this.binned = Int32Array.from(binned);
    const nb = binned.length;
    this.bins = new Uint8Array(n * nb);
    binned.forEach((f, q) => {
      const ord = cols.order[f]!;
      const vals = cols.values[f]!;
      let b = 0;
      for (let i = 0; i < n; i++) {
        if (i > 0 && vals[i] !== vals[i - 1]) b++;
        this.bins[ord[i]! * nb + q] = b;
      }
    });
  }

  /** Distinct values of each column, ascending. */
  private distinct: Float32Array[];
  /** Position of column f among the binned columns, or −1. */
  private binCol: Int32Array;
  private binned: Int32Array;
  /** Row-major [n, binned columns] ranks. */
  private bins: Uint8Array;

  private score(G: number, H: number): number {
    return H <= 0 ? 0 : f32((G * G) / (H + this.lambda));
  }

  private weightOf(G: number, H: number): number {
    return H < this.mcw || H <= 0 ? 0 : f32(-G / (H + this.lambda));
  }

  grow(g: Float32Array, h: Float32Array, active: Uint8Array): FlatTree {
    const { n, d, x, pos } = this;
    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const gain: number[] = [];
    const G: number[] = [];
    const H: number[] = [];
    const W: number[] = [];
    const rootGain: number[] = [];
    const count: number[] = [];
    const addNode = (sg: number, sh: number, c: number) => {
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      gain.push(0);
      G.push(sg);
      H.push(sh);
      W.push(this.weightOf(sg, sh));
      rootGain.push(this.score(sg, sh));
      count.push(c);
      return feature.length - 1;
    };
    let sg = 0;
    let sh = 0;
    let c0 = 0;
    for (let i = 0; i < n; i++) {
      if (active[i]) {
        pos[i] = 0;
        sg += g[i]!;
        sh += h[i]!;
        c0++;
      } else pos[i] = -1;
    }
    // gradient and Hessian side by side (one cache line per row in the scans below)
    const gh = this.gh;
    for (let i = 0; i < n; i++) {
      gh[2 * i] = g[i]!;
      gh[2 * i + 1] = h[i]!;
    }
    let level = [addNode(sg, sh, c0)];
    for (let depth = 0; depth < this.maxDepth && level.length > 0; depth++) {
      const L = level.length;
      if (this.eG.length < L) {
        this.eG = new Float64Array(2 * L);
        this.eH = new Float64Array(2 * L);
        this.last = new Float32Array(2 * L);
      }
      const { eG, eH, last } = this;
      const bestLoss = new Float64Array(L);
      const bestF = new Int32Array(L).fill(-1);
      const bestT = new Float64Array(L);
      const nodeG = Float64Array.from(level, (j) => G[j]!);
      const nodeH = Float64Array.from(level, (j) => H[j]!);
      const nodeRoot = Float64Array.from(level, (j) => rootGain[j]!);
      const mcw = this.mcw;
      const lam = this.lambda;
      /**
       * The split of node k between values v (left side's largest) and lastV (right side's
       * smallest), the right side holding gradient sum eg and Hessian sum eh: XGBoost's loss
       * change in float32, kept if strictly better than the node's best so far.
       */
      const consider = (k: number, f: number, eg: number, eh: number, v: number, lastV: number) => {
        const cH = nodeH[k]! - eh;
        if (!(cH >= mcw)) return;
        const cG = nodeG[k]! - eg;
        const sl = cH <= 0 ? 0 : f32((cG * cG) / (cH + lam));
        const sr = f32((eg * eg) / (eh + lam));
        const loss = f32(f32(sl + sr) - nodeRoot[k]!);
        if (loss > bestLoss[k]!) {
          bestLoss[k] = loss;
          bestF[k] = f;
          bestT[k] = f32(f32(v + lastV) * 0.5);
        }
      };
      // binned columns worth it at this level (a bin scan costs L·B, a sorted scan n): one pass over the rows
      const nb = this.binned.length;
      const useBins = new Uint8Array(d);
      const qs: number[] = [];
      const offs: number[] = [];
      let total = 0;
      for (let q = 0; q < nb; q++) {
        const f = this.binned[q]!;
        const B = this.distinct[f]!.length;
        if (B * L > 2 * n) continue;
        useBins[f] = 1;
        qs.push(q);
        offs.push(total);
        total += B * L;
      }
      // per (column, node, bin): gradient sum, Hessian sum, row count, side by side
      const hist = new Float64Array(3 * total);
      if (qs.length > 0) {
        const qa = Int32Array.from(qs);
        const oa = Int32Array.from(offs);
        const Bs = Int32Array.from(qs, (q) => this.distinct[this.binned[q]!]!.length);
        const nq = qa.length;
        const bins = this.bins;
        for (let r = 0; r < n; r++) {
          const k = pos[r]!;
          if (k < 0) continue;
          const gr = gh[2 * r]!;
          const hr = gh[2 * r + 1]!;
          const base = r * nb;
          for (let t = 0; t < nq; t++) {
            const idx = 3 * (oa[t]! + k * Bs[t]! + bins[base + qa[t]!]!);
            hist[idx] = hist[idx]! + gr;
            hist[idx + 1] = hist[idx + 1]! + hr;
            hist[idx + 2] = hist[idx + 2]! + 1;
          }
        }
      }
      let slot = 0;
      for (let f = 0; f < d; f++) {
        if (useBins[f]) {
          // the same backward sweep as below, over the node's non-empty bins
          const u = this.distinct[f]!;
          const B = u.length;
          const off = offs[slot++]!;
          for (let k = 0; k < L; k++) {
            let egk = 0;
            let ek = 0;
            let lastV = 0;
            const o = off + k * B;
            for (let b = B - 1; b >= 0; b--) {
              if (hist[3 * (o + b) + 2] === 0) continue;
              const v = u[b]!;
              if (ek !== 0 && ek >= mcw) consider(k, f, egk, ek, v, lastV);
              egk += hist[3 * (o + b)]!;
              ek += hist[3 * (o + b) + 1]!;
              lastV = v;
            }
          }
          continue;
        }
        const ord = this.cols.order[f]!;
        const vals = this.cols.values[f]!;
        if (vals[0] === vals[n - 1]) continue; // a constant column has no split
        eG.fill(0, 0, L);
        eH.fill(0, 0, L);
        // backward scan: e holds the rows with the larger values (the right child)
        for (let i = n - 1; i >= 0; i--) {
          const r = ord[i]!;
          const k = pos[r]!;
          if (k < 0) continue;
          const v = vals[i]!;
          const ek = eH[k]!;
          if (ek !== 0 && v !== last[k]! && ek >= mcw) consider(k, f, eG[k]!, ek, v, last[k]!);
          eG[k] = eG[k]! + gh[2 * r]!;
          eH[k] = ek + gh[2 * r + 1]!;
          last[k] = v;
        }
      }
      // split the nodes that gained enough, then move their rows down
      const next: number[] = [];
      const childOf = new Int32Array(L * 2).fill(-1);
      for (let k = 0; k < L; k++) {
        if (!(bestLoss[k]! > RT_EPS)) continue;
        const j = level[k]!;
        feature[j] = bestF[k]!;
        threshold[j] = bestT[k]!;
        gain[j] = bestLoss[k]!;
        childOf[2 * k] = next.length;
        childOf[2 * k + 1] = next.length + 1;
        next.push(-1, -1);
      }
      if (next.length === 0) break;
      const cg = new Float64Array(next.length);
      const ch = new Float64Array(next.length);
      const cc = new Int32Array(next.length);
      for (let i = 0; i < n; i++) {
        const k = pos[i]!;
        if (k < 0) continue;
        const j = level[k]!;
        if (feature[j]! < 0) {
          pos[i] = -1;
          continue;
        }
        const c = x[i * d + feature[j]!]! < threshold[j]! ? childOf[2 * k]! : childOf[2 * k + 1]!;
        pos[i] = c;
        cg[c] = cg[c]! + g[i]!;
        ch[c] = ch[c]! + h[i]!;
        cc[c]!++;
      }
      for (let k = 0; k < L; k++) {
        const j = level[k]!;
        if (feature[j]! < 0) continue;
        const a = childOf[2 * k]!;
        const b = childOf[2 * k + 1]!;
        left[j] = next[a] = addNode(cg[a]!, ch[a]!, cc[a]!);
        right[j] = next[b] = addNode(cg[b]!, ch[b]!, cc[b]!);
      }
      level = next;
    }
    // prune bottom-up: a split whose children are both leaves and whose gain is below γ becomes a leaf
    const prune = (j: number): void => {
      if (feature[j]! < 0) return;
      prune(left[j]!);
      prune(right[j]!);
      if (feature[left[j]!]! < 0 && feature[right[j]!]! < 0 && gain[j]! < this.gamma) feature[j] = -1;
    };
    prune(0);
    // keep the reachable nodes, renumbered in breadth-first order (as XGBoost's dump lists them)
    const keep: number[] = [0];
    for (let q = 0; q < keep.length; q++) {
      const j = keep[q]!;
      if (feature[j]! >= 0) keep.push(left[j]!, right[j]!);
    }
    const newId = new Map(keep.map((j, i) => [j, i]));
    const m = keep.length;
    const t: FlatTree = {
      feature: new Int32Array(m),
      threshold: new Float64Array(m),
      left: new Int32Array(m).fill(-1),
      right: new Int32Array(m).fill(-1),
      value: new Float64Array(m),
      weight: new Float64Array(m),
      gain: new Float64Array(m),
      G: new Float64Array(m),
      H: new Float64Array(m),
      count: new Int32Array(m),
    };
    keep.forEach((j, i) => {
      const isLeaf = feature[j]! < 0;
      t.feature[i] = isLeaf ? -1 : feature[j]!;
      t.threshold[i] = isLeaf ? 0 : threshold[j]!;
      if (!isLeaf) {
        t.left[i] = newId.get(left[j]!)!;
        t.right[i] = newId.get(right[j]!)!;
        t.gain[i] = gain[j]!;
      }
      t.weight[i] = W[j]!;
      t.value[i] = isLeaf ? f32(W[j]! * this.eta) : 0;
      t.G[i] = G[j]!;
      t.H[i] = H[j]!;
      t.count[i] = count[j]!;
    });
    return t;
  }
}
