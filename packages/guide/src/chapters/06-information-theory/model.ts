/**
 * Chapter 6's computations, with no DOM: every number the widgets show comes from here, and here
 * it comes from the library (info.entropy / crossEntropy / kl / informationGain / DecisionTree,
 * loss.crossEntropy / klDiv / klDivReverse / infoNCE, softmax). The tests call the same functions
 * and compare them with plain-JS hand computations.
 */
import { data, info, linspace, loss, tensor, type Tensor } from 'groundup';

export type Unit = 'bits' | 'nats';
export const baseOf = (u: Unit): { base: 2 | 'e' } => ({ base: u === 'bits' ? 2 : 'e' });
/** The five rhythm classes of the synthetic ECG set, in label order. */
export const RHYTHMS: string[] = [...data.ecg.ECG_CLASSES];
export const RHYTHM_NAMES: Record<string, string> = { normal: 'normal sinus', afib: 'atrial fibrillation', pvc: 'PVCs', brady: 'bradycardia', tachy: 'tachycardia' };

const f64 = (xs: number[] | number[][]) => tensor(xs, { dtype: 'float64' });
const arr = (t: Tensor) => Array.from(t.data);

// ---------------------------------------------------------------- entropy

/** softmax(logits) in float64, as a plain array. */
export function softmax(logits: number[]): number[] {
  return arr(f64(logits).softmax(-1));
}

/** H([p, 1−p]) for a coin with P(heads) = p. */
export function coinEntropy(p: number, unit: Unit = 'bits'): number {
  return info.entropy([p, 1 - p], baseOf(unit)).item();
}

/** The entropy curve of a coin over P(heads) ∈ [0, 1], in one batched library call ([n,2] → [n]). */
export function coinCurve(n = 101, unit: Unit = 'bits'): { p: number[]; h: number[] } {
  const p = arr(linspace(0, 1, n, { dtype: 'float64' }));
  const rows = p.map((x) => [x, 1 - x]);
  return { p, h: arr(info.entropy(f64(rows), baseOf(unit))) };
}

/** Surprise −log p(x) of each outcome (∞ for p = 0), via the library's log. */
export function surprise(p: number[], unit: Unit = 'bits'): number[] {
  const s = f64(p).log().neg();
  return arr(unit === 'bits' ? s.div(Math.LN2) : s);
}

export interface DistEntropy {
  p: number[];
  surprise: number[];
  h: number;
  /** log K: the largest entropy K outcomes can have (all equally likely). */
  hMax: number;
}

export function distEntropy(logits: number[], unit: Unit = 'bits'): DistEntropy {
  const p = softmax(logits);
  const uniform = p.map(() => 1 / p.length);
  return { p, surprise: surprise(p, unit), h: info.entropy(p, baseOf(unit)).item(), hMax: info.entropy(uniform, baseOf(unit)).item() };
}

// ---------------------------------------------------------------- information gain on iris

export interface Iris {
  X: number[][];
  y: number[];
  featureNames: string[];
  classNames: string[];
}

let irisCache: Iris | null = null;
export function iris(): Iris {
  if (irisCache) return irisCache;
  const d = data.iris();
  irisCache = { X: d.x.toArray() as number[][], y: arr(d.y), featureNames: d.featureNames, classNames: d.classNames ?? ['setosa', 'versicolor', 'virginica'] };
  return irisCache;
}

/** Candidate thresholds of one feature: halfway between consecutive distinct values (as the tree tries them). */
export function candidates(values: number[]): number[] {
  const s = [...new Set(values)].sort((a, b) => a - b);
  return s.slice(1).map((v, i) => s[i]! + (v - s[i]!) / 2);
}

export interface SplitResult {
  threshold: number;
  gain: number;
  /** class counts of the whole set, the left side (x ≤ t) and the right side */
  counts: number[];
  left: number[];
  right: number[];
  hParent: number;
  hLeft: number;
  hRight: number;
}

const countsOf = (y: number[], k: number) => y.reduce((c, v) => (c[v]++, c), new Array<number>(k).fill(0));
/** Entropy in bits of class counts, via info.entropy on the proportions (0 for an empty side). */
export function countsEntropy(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return n === 0 ? 0 : info.entropy(counts.map((c) => c / n), { base: 2 }).item();
}

/** Information gain (bits) of splitting iris on feature f at threshold t: info.informationGain. */
export function split(d: Iris, f: number, t: number): SplitResult {
  const mask = d.X.map((r) => r[f]! <= t);
  const k = d.classNames.length;
  const yl = d.y.filter((_, i) => mask[i]);
  const yr = d.y.filter((_, i) => !mask[i]);
  const counts = countsOf(d.y, k);
  const left = countsOf(yl, k);
  const right = countsOf(yr, k);
  return { threshold: t, gain: info.informationGain(d.y, mask), counts, left, right, hParent: countsEntropy(counts), hLeft: countsEntropy(left), hRight: countsEntropy(right) };
}

/** Gain for every candidate threshold of feature f. */
export function gainCurve(d: Iris, f: number): { t: number[]; gain: number[] } {
  const t = candidates(d.X.map((r) => r[f]!));
  return { t, gain: t.map((x) => info.informationGain(d.y, d.X.map((r) => r[f]! <= x))) };
}

/** A DecisionTree grown on two chosen iris features; features in its nodes are 0 (fx) or 1 (fy). */
export function growTree(d: Iris, fx: number, fy: number, maxDepth: number): { tree: info.TreeNode; text: string; accuracy: number; names: string[] } {
  const X = d.X.map((r) => [r[fx]!, r[fy]!]);
  const t = new info.DecisionTree({ maxDepth }).fit(X, d.y);
  const pred = arr(t.predict(X));
  const names = [d.featureNames[fx]!, d.featureNames[fy]!];
  return { tree: t.tree(), text: t.toString(names), accuracy: pred.filter((v, i) => v === d.y[i]).length / d.y.length, names };
}

// ---------------------------------------------------------------- cross-entropy

export interface CE {
  p: number[];
  q: number[];
  h: number;
  ce: number;
  gap: number;
  kl: number;
}

export function crossEntropyOf(p: number[], q: number[], unit: Unit): CE {
  const o = baseOf(unit);
  const h = info.entropy(p, o).item();
  const ce = info.crossEntropy(p, q, o).item();
  return { p, q, h, ce, gap: ce - h, kl: info.kl(p, q, o).item() };
}

/** One-hot target y: −log q(y) from info.crossEntropy on the probabilities, and loss.crossEntropy on the logits (nats). */
export function oneHot(logits: number[], y: number): { q: number[]; ce: number; minusLogQ: number; lossOnLogits: number } {
  const q = softmax(logits);
  const p = q.map((_, i) => (i === y ? 1 : 0));
  return {
    q,
    ce: info.crossEntropy(p, q).item(),
    minusLogQ: f64([q[y]!]).log().neg().item(),
    lossOnLogits: loss.crossEntropy(f64(logits), tensor(y, { dtype: 'int32' })).item(),
  };
}

/** −log q over q ∈ (0, 1]: the price of the probability given to the right answer. */
export function priceCurve(n = 200, unit: Unit = 'nats'): { q: number[]; cost: number[] } {
  const q = arr(linspace(0.005, 1, n, { dtype: 'float64' }));
  return { q, cost: surprise(q, unit) };
}

// ---------------------------------------------------------------- KL divergence

export interface KL {
  p: number[];
  q: number[];
  klPQ: number;
  klQP: number;
  hP: number;
  hQ: number;
  cePQ: number;
  ceQP: number;
  /** loss.klDiv(student logits, teacher probs): KL(p‖q) in nats, as distillation trains it */
  klDivLoss: number;
  /** loss.klDivReverse: KL(q‖p) in nats */
  klDivReverseLoss: number;
}

/** Teacher p = softmax(zp / T), student q = softmax(zq / T). */
export function klOf(zp: number[], zq: number[], T: number, unit: Unit): KL {
  const o = baseOf(unit);
  const p = softmax(zp.map((z) => z / T));
  const q = softmax(zq.map((z) => z / T));
  const zs = f64(zq).div(T);
  return {
    p,
    q,
    klPQ: info.kl(p, q, o).item(),
    klQP: info.kl(q, p, o).item(),
    hP: info.entropy(p, o).item(),
    hQ: info.entropy(q, o).item(),
    cePQ: info.crossEntropy(p, q, o).item(),
    ceQP: info.crossEntropy(q, p, o).item(),
    klDivLoss: loss.klDiv(zs, f64(p)).item(),
    klDivReverseLoss: loss.klDivReverse(zs, f64(p)).item(),
  };
}

// ---------------------------------------------------------------- KL is not symmetric

/** Bins of a 1-D outcome (heart rate, beats per minute) for the asymmetry widget. */
export const BINS: number[] = Array.from({ length: 50 }, (_, i) => 20 + i * 4 + 2); // 22 … 218 bpm

/** A discretised bump (or a mixture of bumps) over BINS, normalised by softmax of log-densities. */
export function bumps(components: { mu: number; sigma: number; w: number }[]): number[] {
  const x = f64(BINS);
  // log of a mixture density, up to a constant: logsumexp_k [log w_k − log σ_k − (x − μ_k)² / 2σ_k²]
  const logs = components.map((c) => x.sub(c.mu).div(c.sigma).square().mul(-0.5).add(Math.log(c.w) - Math.log(c.sigma)));
  const stacked = logs.length === 1 ? logs[0]! : tensor(logs.map((l) => arr(l)), { dtype: 'float64' }).logsumexp(0);
  return arr(stacked.softmax(-1));
}

/** The "truth" of the asymmetry widget: heart rates of a population with two modes (at rest, and in tachycardia). */
export const TRUE_MODES = [
  { mu: 68, sigma: 8, w: 0.6 },
  { mu: 148, sigma: 10, w: 0.4 },
];
export const trueP = (): number[] => bumps(TRUE_MODES);

export function asym(p: number[], mu: number, sigma: number, unit: Unit): { q: number[]; forward: number; reverse: number } {
  const q = bumps([{ mu, sigma, w: 1 }]);
  const o = baseOf(unit);
  return { q, forward: info.kl(p, q, o).item(), reverse: info.kl(q, p, o).item() };
}

/**
 * The single bump q(μ, σ) that minimises each direction, by a grid search over μ and σ in which
 * every candidate's KL comes from one batched info.kl call.
 */
export function bestFits(p: number[], unit: Unit = 'nats'): { forward: { mu: number; sigma: number; kl: number }; reverse: { mu: number; sigma: number; kl: number } } {
  const mus: number[] = [];
  const sigmas: number[] = [];
  const qs: number[][] = [];
  for (let mu = 40; mu <= 200; mu += 2)
    for (const sigma of [4, 6, 8, 10, 12, 16, 20, 25, 30, 35, 40, 45, 50, 60]) {
      mus.push(mu);
      sigmas.push(sigma);
      qs.push(bumps([{ mu, sigma, w: 1 }]));
    }
  const Q = f64(qs);
  const P = f64(qs.map(() => p));
  const o = baseOf(unit);
  const fwd = arr(info.kl(P, Q, o));
  const rev = arr(info.kl(Q, P, o));
  const pick = (v: number[]) => {
    let b = 0;
    for (let i = 1; i < v.length; i++) if (v[i]! < v[b]!) b = i;
    return { mu: mus[b]!, sigma: sigmas[b]!, kl: v[b]! };
  };
  return { forward: pick(fwd), reverse: pick(rev) };
}

// ---------------------------------------------------------------- contrastive loss

/** Four ECGs; view 1 of ECG i sits at angle A1[i], view 2 at the learner's angle. Degrees. */
export const VIEW1_ANGLES = [0, 90, 180, 270];
export const unit2 = (deg: number): number[] => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];

export interface Contrastive {
  z1: number[][];
  z2: number[][];
  /** cosine similarity matrix [4,4], computed with loss.normalizeRows and matmul */
  cos: number[][];
  /** softmax over row i of cos/τ: how strongly anchor i picks each candidate */
  pick: number[][];
  /** per-anchor InfoNCE loss (loss.infoNCE, reduction 'none') */
  perRow: number[];
  mean: number;
}

export function contrastive(view2: number[], tau: number): Contrastive {
  const z1 = VIEW1_ANGLES.map(unit2);
  const z2 = view2.map(unit2);
  const a = f64(z1);
  const b = f64(z2);
  const cos = loss.normalizeRows(a).matmul(loss.normalizeRows(b).T);
  return {
    z1,
    z2,
    cos: cos.toArray() as number[][],
    pick: cos.div(tau).softmax(-1).toArray() as number[][],
    perRow: arr(loss.infoNCE(a, b, { temperature: tau, reduction: 'none' })),
    mean: loss.infoNCE(a, b, { temperature: tau }).item(),
  };
}

/** Numbers printed in code cells: short, and exact enough to reproduce the widget. */
export const lit = (xs: number[] | number[][]): string => JSON.stringify(xs, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(6)) : v)).replace(/,/g, ', ');
