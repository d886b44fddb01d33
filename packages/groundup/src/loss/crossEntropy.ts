/**
 * Cross-entropy for classification, computed from raw scores (logits) through a stable
 * log-softmax, and its building block the negative log-likelihood.
 *
 * The model's distribution over C classes is q = softmax(z). Cross-entropy against a target
 * distribution p is H(p, q) = −Σ_c p_c log q_c. With a class index y (p one-hot) it is −log q_y.
 * Working with log q = z − logsumexp(z) (never log of a rounded-to-zero probability) keeps the loss
 * and its gradient q − p finite even for logits of ±10⁴.
 */
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { ne, where } from '../ops/arithmetic.js';
import { gather, indexSelect } from '../ops/index.js';
import { logSoftmax } from '../ops/activation.js';
import { softmaxCrossEntropy } from '../ops/fused.js';
import { Tensor } from '../tensor.js';
import { fmtIndex } from '../shape.js';
import { type Reduction, type ReductionOptions, floatTensor, readOptions, readReduction, reduce } from './reduction.js';

export interface CrossEntropyOptions extends ReductionOptions {
  /** ε ∈ [0, 1): mixes the target with the uniform distribution, p ← (1 − ε)·p + ε/C (default 0). */
  labelSmoothing?: number;
  /** A float tensor [C] of non-negative per-class weights w_c (default: all 1). */
  weight?: Tensor;
  /**
   * A class-index value to skip (e.g. the padding token of a sequence): such positions get loss 0
   * and do not count in the mean. Default: none (every index must be a valid class).
   */
  ignoreIndex?: number;
}

export interface NllOptions extends ReductionOptions {
  /** A float tensor [C] of non-negative per-class weights (default: all 1). */
  weight?: Tensor;
  /** A class-index value to skip, as in {@link CrossEntropyOptions.ignoreIndex}. */
  ignoreIndex?: number;
}

/** The class axis: 1 for a batch [N,C,…], 0 for a single example [C]. */
function classAxisOf(op: string, x: Tensor, what: string): number {
  if (x.ndim === 0) throw new ShapeError(`${op}: the ${what} must have a class axis ([C], [N,C] or [N,C,…]), got a 0-d tensor`);
  return x.ndim === 1 ? 0 : 1;
}

/**
 * Decides whether `target` holds class indices (int32, logits' shape without the class axis) or
 * probabilities (float, logits' shape), and validates it. Exported for the losses that share it.
 */
export function targetKind(op: string, logits: Tensor, target: unknown, axis: number, what = 'logits', ignoreIndex?: number): 'index' | 'prob' {
  if (!(target instanceof Tensor)) throw new TypeError(`${op}: the target must be a Tensor (int32 class indices or float probabilities), got ${fmtValue(target)}`);
  const C = logits.shape[axis]!;
  const idxShape = logits.shape.filter((_, i) => i !== axis);
  const sameAs = (s: readonly number[]) => target.ndim === s.length && target.shape.every((d, i) => d === s[i]);
  const expect = `int32 class indices of shape ${fmtShape(idxShape)} or float probabilities of shape ${fmtShape(logits.shape)}`;
  if (target.dtype === 'int32') {
    if (!sameAs(idxShape))
      throw new ShapeError(
        `${op}: ${what} ${fmtShape(logits.shape)} need a target of ${expect}; got int32 of shape ${fmtShape(target.shape)}` +
          (sameAs(logits.shape) ? ' (for a one-hot or probability target, pass a float tensor: target.float())' : ''),
      );
    const d = target.data;
    for (let i = 0; i < d.length; i++)
      if ((d[i]! < 0 || d[i]! >= C) && d[i] !== ignoreIndex)
        throw new ValueError(
          `${op}: target class ${d[i]} at position ${fmtIndex(i, target.shape)} is out of range for ${C} classes (${what} ${fmtShape(logits.shape)}); class indices run 0 … ${C - 1}`,
        );
    return 'index';
  }
  if (sameAs(logits.shape)) {
    const d = target.data;
    for (let i = 0; i < d.length; i++)
      if (!(d[i]! >= 0) || !Number.isFinite(d[i]!))
        throw new ValueError(`${op}: probability targets must be finite and ≥ 0; got ${fmtValue(d[i])} at position ${fmtIndex(i, target.shape)}`);
    return 'prob';
  }
  if (sameAs(idxShape))
    throw new DTypeError(
      `${op}: the target has the shape of class indices ${fmtShape(target.shape)} but dtype ${target.dtype}; class indices must be int32 (convert with target.int()), probabilities must have the logits' shape ${fmtShape(logits.shape)}`,
    );
  throw new ShapeError(`${op}: ${what} ${fmtShape(logits.shape)} need a target of ${expect}; got ${target.dtype} of shape ${fmtShape(target.shape)}`);
}

function readWeight(op: string, w: unknown, C: number): Tensor | null {
  if (w === undefined || w === null) return null;
  const t = floatTensor(op, w, 'weight');
  if (t.ndim !== 1 || t.shape[0] !== C)
    throw new ShapeError(`${op}: weight must have one entry per class, shape [${C}], got ${fmtShape(t.shape)}`);
  for (const v of t.data) if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`${op}: class weights must be finite and ≥ 0, got ${fmtValue(v)}`);
  return t;
}

function readIgnore(op: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${op}: ignoreIndex must be an integer (e.g. -100), got ${fmtValue(v)}`);
  return v;
}

/** w reshaped to broadcast along the class axis of a tensor with `ndim` dimensions: [C, 1, …, 1]. */
function alongClassAxis(w: Tensor, axis: number, ndim: number): Tensor {
  return w.reshape([w.size, ...new Array<number>(ndim - axis - 1).fill(1)]);
}

/**
 * The shared core: from log-probabilities `logp` (class axis `axis`) and a validated target,
 * the (possibly smoothed, weighted) cross-entropy.
 */
function fromLogProbs(
  logp: Tensor,
  target: Tensor,
  kind: 'index' | 'prob',
  axis: number,
  eps: number,
  w: Tensor | null,
  reduction: Reduction,
  ignoreIndex?: number,
): Tensor {
  const C = logp.shape[axis]!;
  const wc = w ? alongClassAxis(w, axis, logp.ndim) : null;
  if (kind === 'prob') {
    // (1) smooth the target: p ← (1 − ε)·p + ε/C;  (2) ℓ = −Σ_c w_c p_c log q_c;  (3) reduce over examples
    const p = eps > 0 ? target.mul(1 - eps).add(eps / C) : target;
    const terms = wc ? p.mul(logp).mul(wc) : p.mul(logp);
    return reduce(terms.sum(axis).neg(), reduction);
  }
  // (0) positions to skip: keep = [y ≠ ignoreIndex], and a valid stand-in class 0 where they are
  const keep = ignoreIndex === undefined ? null : ne(target, ignoreIndex);
  const y = keep ? where(keep, target, 0) : target;
  // (1) −w_y log q_y for each example, picked out with gather
  const picked = gather(logp, axis, y.unsqueeze(axis)).squeeze(axis).neg(); // logits' shape without the class axis
  let wy = w ? indexSelect(w, 0, y.reshape([y.size])).reshape([...y.shape]) : null;
  if (wy && keep) wy = wy.mul(keep);
  let per = wy ? picked.mul(wy) : picked;
  // (2) label smoothing adds ε/C of the uniform target: −(ε/C)·Σ_c w_c log q_c
  if (eps > 0) {
    const smooth = (wc ? logp.mul(wc) : logp).sum(axis).neg();
    per = per.mul(1 - eps).add(smooth.mul(eps / C));
  }
  if (keep) per = per.mul(keep);
  // (3) reduce; a weighted mean divides by the total weight of the targets, as PyTorch does, and
  // skipped positions do not count. If nothing counts, the loss is 0 (not 0/0 = NaN).
  if (reduction !== 'mean' || (!wy && !keep)) return reduce(per, reduction);
  const denom = wy ? wy.sum() : keep!.sum();
  return denom.item() === 0 ? per.sum() : per.sum().div(denom);
}

/**
 * Cross-entropy between the target and softmax(logits), from the logits:
 *
 * $$\ell = -\sum_{c=1}^{C} w_c\, p_c \log \operatorname{softmax}(z)_c, \qquad \log\operatorname{softmax}(z)_c = z_c - \log\sum_j e^{z_j}$$
 *
 * With a class index y this is $-w_y \log \operatorname{softmax}(z)_y$; its gradient with respect
 * to the logits is $\operatorname{softmax}(z) - \operatorname{onehot}(y)$ (unweighted). Label
 * smoothing ε replaces the target by $(1-\varepsilon)\,p + \varepsilon/C$.
 *
 * Shape: logits [N,C] (or [C], or [N,C,d₁,…] with the class axis second, as in segmentation);
 * target int32 [N] (or [], [N,d₁,…]) holding class indices, or float [N,C] (same as logits)
 * holding probabilities. Output: scalar, or [N] (resp. [N,d₁,…]) with `reduction: 'none'`.
 * A weighted `'mean'` divides by Σ w_{y_i} (class-index targets) — PyTorch's convention.
 * With `ignoreIndex`, positions whose target equals it contribute 0 and are left out of the mean.
 *
 * @example
 * const logits = tensor([[2, 0, -1]]);
 * loss.crossEntropy(logits, tensor([0], { dtype: 'int32' })).item() // −log(e²/(e²+1+e⁻¹)) ≈ 0.1698
 */
export function crossEntropy(logits: Tensor, target: Tensor, options?: CrossEntropyOptions): Tensor {
  const op = 'crossEntropy';
  const o = readOptions(op, options);
  const reduction = readReduction(op, o);
  const eps = o.labelSmoothing ?? 0;
  if (typeof eps !== 'number') throw new TypeError(`${op}: labelSmoothing must be a number, got ${fmtValue(eps)}`);
  if (!(eps >= 0 && eps < 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1), got ${fmtValue(eps)}`);
  const z = floatTensor(op, logits, 'logits');
  const axis = classAxisOf(op, z, 'logits');
  const ignore = readIgnore(op, o.ignoreIndex);
  const kind = targetKind(op, z, target, axis, 'logits', ignore);
  const w = readWeight(op, o.weight, z.shape[axis]!);
  // The common case (a batch [N,C] of class indices, no smoothing, weights or ignored positions)
  // is one op, which the fast path runs as a fused kernel with gradient softmax − onehot.
  if (kind === 'index' && z.ndim === 2 && eps === 0 && !w && ignore === undefined)
    return softmaxCrossEntropy(z, target, reduction);
  return fromLogProbs(logSoftmax(z, axis), target, kind, axis, eps, w, reduction, kind === 'index' ? ignore : undefined);
}

/**
 * Negative log-likelihood of class indices, given log-probabilities (e.g. the output of
 * logSoftmax): $\ell_i = -w_{y_i}\, \log q_{i, y_i}$. `crossEntropy(z, y)` equals
 * `nll(z.logSoftmax(1), y)`.
 *
 * Shape: logProbs [N,C] (or [C], [N,C,d₁,…]); target int32 [N] (or [], [N,d₁,…]).
 */
export function nll(logProbs: Tensor, target: Tensor, options?: NllOptions): Tensor {
  const op = 'nll';
  const o = readOptions(op, options);
  const reduction = readReduction(op, o);
  const lp = floatTensor(op, logProbs, 'log-probabilities');
  const axis = classAxisOf(op, lp, 'log-probabilities');
  const ignore = readIgnore(op, o.ignoreIndex);
  const kind = targetKind(op, lp, target, axis, 'log-probabilities', ignore);
  if (kind !== 'index') throw new DTypeError(`${op}: the target must be int32 class indices; for probability targets use crossEntropy`);
  const w = readWeight(op, o.weight, lp.shape[axis]!);
  return fromLogProbs(lp, target, kind, axis, 0, w, reduction, ignore);
}
