/**
 * The boosted-trees and random-forest widget's computations, with no DOM. Every number comes from
 * the library (trees.GradientBoosting, trees.RandomForest, info.informationGain, trees.DecisionTree);
 * boost-model.test.ts checks them against hand computations in plain JS.
 */
import { data, info, trees } from 'groundup';

export interface Points {
  X: number[][];
  y: number[];
}

/** Two interleaved half-moons, noisy enough that no single cut separates them. */
export function moons(): Points {
  const d = data.moons({ n: 120, noise: 0.3, seed: 3 });
  const X = d.x.toArray() as number[][];
  return { X, y: Array.from(d.y.data) };
}

export const MAX_ROUNDS = 12;
export const MAX_TREES = 60;

export interface BoostSettings {
  lambda: number;
  gamma: number;
  depth: number;
  eta: number;
}

const cache = new Map<string, trees.GradientBoosting>();
/** A booster of MAX_ROUNDS rounds for these settings (cached: the round slider only slices it). */
export function booster(p: Points, s: BoostSettings): trees.GradientBoosting {
  const key = `${s.lambda}|${s.gamma}|${s.depth}|${s.eta}`;
  let gb = cache.get(key);
  if (!gb) {
    gb = new trees.GradientBoosting({ objective: 'binary:logistic', nEstimators: MAX_ROUNDS, maxDepth: s.depth, learningRate: s.eta, lambda: s.lambda, gamma: s.gamma }).fit(p.X, p.y);
    if (cache.size > 40) cache.clear();
    cache.set(key, gb);
  }
  return gb;
}

export interface RootSplit {
  feature: number;
  threshold: number;
  GL: number;
  HL: number;
  GR: number;
  HR: number;
  /** XGBoost's recorded gain: the bracket G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ). */
  bracket: number;
  /** The textbook gain ½·bracket − γ. */
  gain: number;
  /** Information gain (bits) of the same cut on the labels, as an entropy-based tree scores it. */
  entropyGain: number;
}

export interface Round {
  r: number;
  /** p, g = p − y and h = p(1 − p) of every point before this round's tree. */
  p: number[];
  g: number[];
  h: number[];
  G: number;
  H: number;
  /** The new tree's root split (null when the tree is a single leaf). */
  root: RootSplit | null;
  /** The new tree's leaves, left to right: G, H, weight −G/(H+λ), value η·weight. */
  leaves: { G: number; H: number; weight: number; value: number }[];
  /** Training accuracy after this round. */
  accuracy: number;
}

function leavesOf(node: trees.BoostedNode, out: Round['leaves'] = []): Round['leaves'] {
  if (node.leaf) out.push({ G: node.G, H: node.H, weight: node.weight, value: node.value });
  else {
    leavesOf(node.left, out);
    leavesOf(node.right, out);
  }
  return out;
}

/** Round r (1 … MAX_ROUNDS): the gradients the r-th tree was fitted to, and that tree. */
export function round(p: Points, s: BoostSettings, r: number): Round {
  const gb = booster(p, s);
  const before = gb.predictProba(p.X, { rounds: r - 1 });
  const prob = p.y.map((_, i) => before.data[2 * i + 1]!);
  const g = prob.map((q, i) => q - p.y[i]!);
  const h = prob.map((q) => q * (1 - q));
  const tree = gb.trees()[r - 1]!;
  let root: RootSplit | null = null;
  if (!tree.leaf) {
    const { left, right, feature, threshold } = tree;
    const mask = p.X.map((row) => row[feature]! < threshold);
    root = {
      feature,
      threshold,
      GL: left.G,
      HL: left.H,
      GR: right.G,
      HR: right.H,
      bracket: tree.gain,
      gain: tree.gain / 2 - s.gamma,
      entropyGain: info.informationGain(p.y, mask),
    };
  }
  const after = gb.predict(p.X, { rounds: r });
  const accuracy = p.y.filter((c, i) => after.data[i] === c).length / p.y.length;
  return { r, p: prob, g, h, G: g.reduce((a, b) => a + b, 0), H: h.reduce((a, b) => a + b, 0), root, leaves: leavesOf(tree), accuracy };
}

/** The split an entropy-based tree (trees.DecisionTree, criterion 'entropy') makes first on the same points. */
export function entropyRoot(p: Points): { feature: number; threshold: number; gain: number } {
  const t = new trees.DecisionTree({ criterion: 'entropy', maxDepth: 1 }).fit(p.X, p.y).tree();
  if (t.leaf) throw new Error('the moons always split');
  return { feature: t.feature, threshold: t.threshold, gain: t.improvement / p.y.length };
}

/** An n×n grid over the points' box (row-major, y from the bottom), for the decision surfaces. */
export function grid(p: Points, n: number): { X: number[][]; x0: number; x1: number; y0: number; y1: number } {
  const xs = p.X.map((r) => r[0]!);
  const ys = p.X.map((r) => r[1]!);
  const pad = 0.3;
  const x0 = Math.min(...xs) - pad;
  const x1 = Math.max(...xs) + pad;
  const y0 = Math.min(...ys) - pad;
  const y1 = Math.max(...ys) + pad;
  const X: number[][] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) X.push([x0 + ((i + 0.5) / n) * (x1 - x0), y0 + ((j + 0.5) / n) * (y1 - y0)]);
  return { X, x0, x1, y0, y1 };
}

/** P(class 1) on the grid after r rounds. */
export function boostSurface(p: Points, s: BoostSettings, r: number, G: number[][]): number[] {
  const pr = booster(p, s).predictProba(G, { rounds: r });
  return G.map((_, i) => pr.data[2 * i + 1]!);
}

let forestCache: trees.RandomForest | null = null;
/** A forest of MAX_TREES trees on the points (seed 0); the slider shows the vote of its first k. */
export function forest(p: Points): trees.RandomForest {
  forestCache ??= new trees.RandomForest({ nEstimators: MAX_TREES, seed: 0 }).fit(p.X, p.y);
  return forestCache;
}

/** The share of the first k trees' probability on class 1, on the grid, and the training accuracy of that vote. */
export function forestVote(p: Points, k: number, G: number[][]): { share: number[]; accuracy: number } {
  const f = forest(p);
  const share = f.predictProba(G, { trees: k });
  const pred = f.predictWith(p.X, k);
  return { share: G.map((_, i) => share.data[2 * i + 1]!), accuracy: p.y.filter((c, i) => pred.data[i] === c).length / p.y.length };
}
