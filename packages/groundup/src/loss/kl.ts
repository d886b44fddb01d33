/**
 * Kullback–Leibler divergence between a target distribution and the model's softmax(logits):
 * the extra nats paid for coding samples of one distribution with a code built for the other.
 * Used for knowledge distillation (match a teacher's soft labels) and in VAEs.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { gt, where } from '../ops/arithmetic.js';
import { logSoftmax } from '../ops/activation.js';
import { type Tensor } from '../tensor.js';
import { type Reduction, type ReductionOptions, floatTensor, readOptions, readReduction, reduce, sameShape } from './reduction.js';

/** Checks the target: float, logits' shape, entries ≥ 0 and each distribution summing to 1. */
function checkTarget(op: string, z: Tensor, target: unknown): [Tensor, number] {
  if (z.ndim === 0) throw new ShapeError(`${op}: the logits must have a class axis ([C], [N,C] or [N,C,…]), got a 0-d tensor`);
  const t = floatTensor(op, target, 'target probabilities');
  sameShape(op, z, t, 'logits', 'target probabilities');
  const axis = z.ndim === 1 ? 0 : 1;
  for (const v of t.data) if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`${op}: target probabilities must be finite and ≥ 0, got ${fmtValue(v)}`);
  const sums = t.sum(axis).data;
  for (let i = 0; i < sums.length; i++)
    if (Math.abs(sums[i]! - 1) > 1e-3)
      throw new ValueError(
        `${op}: each target distribution must sum to 1 over the class axis ${axis} of ${fmtShape(t.shape)}; distribution ${i} sums to ${sums[i]} (normalise it: t.div(t.sum(${axis}, true)))`,
      );
  return [t, axis];
}

function finish(perClass: Tensor, axis: number, reduction: Reduction): Tensor {
  // Σ over classes gives one KL per example; 'mean' averages over examples (PyTorch's 'batchmean', the true KL)
  return reduce(perClass.sum(axis), reduction);
}

/**
 * KL(target ‖ model): the forward KL of the model's distribution q = softmax(logits) from the
 * target p, summed over classes:
 *
 * $$D_\mathrm{KL}(p \,\|\, q) = \sum_c p_c \left(\log p_c - \log q_c\right) = H(p, q) - H(p), \qquad 0 \log 0 = 0$$
 *
 * Zeros in the target contribute nothing (never 0·(−∞) = NaN), so one-hot targets are fine; then
 * the loss equals cross-entropy, since H(p) = 0. Gradient with respect to the logits: q − p.
 * The argument order follows PyTorch's `kl_div(input, target)` in meaning: the *target* is the
 * first distribution of the divergence. For the other order, see {@link klDivReverse}.
 *
 * Shape: logits [N,C] (or [C], [N,C,…]; classes on axis 1), target the same, each distribution
 * summing to 1. Output: scalar (mean over examples of the per-example KL, PyTorch's 'batchmean'),
 * or [N] with `reduction: 'none'`, or the total with 'sum'.
 */
export function klDiv(logits: Tensor, targetProbs: Tensor, options?: ReductionOptions): Tensor {
  const op = 'klDiv';
  const reduction = readReduction(op, readOptions(op, options));
  const z = floatTensor(op, logits, 'logits');
  const [p, axis] = checkTarget(op, z, targetProbs);
  // log p where p > 0; where p = 0 use log 1 = 0, so p·log p is exactly 0 (and its gradient finite)
  const logP = where(gt(p, 0), p, 1).log();
  return finish(p.mul(logP.sub(logSoftmax(z, axis))), axis, reduction);
}

/**
 * KL(model ‖ target): the reverse KL, $D_\mathrm{KL}(q \,\|\, p) = \sum_c q_c(\log q_c - \log p_c)$ with
 * q = softmax(logits). Mode-seeking: it punishes q for putting mass where p has little; it is +∞
 * if p has a zero anywhere, since softmax gives every class some mass.
 *
 * Shape: as {@link klDiv}.
 */
export function klDivReverse(logits: Tensor, targetProbs: Tensor, options?: ReductionOptions): Tensor {
  const op = 'klDivReverse';
  const reduction = readReduction(op, readOptions(op, options));
  const z = floatTensor(op, logits, 'logits');
  const [p, axis] = checkTarget(op, z, targetProbs);
  const logQ = logSoftmax(z, axis);
  return finish(logQ.exp().mul(logQ.sub(p.log())), axis, reduction);
}
