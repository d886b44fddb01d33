/**
 * Soft Dice loss for segmentation masks: one minus the overlap of the predicted and true masks,
 * measured as the Dice coefficient (F1 score) computed with probabilities instead of hard labels.
 */
import { type Tensor } from '../tensor.js';
import { type ReductionOptions, floatTensor, positive, readOptions, readReduction, reduce, sameShape } from './reduction.js';

export interface DiceOptions extends ReductionOptions {
  /** ε > 0 added to numerator and denominator (default 1): defines the loss for empty masks and keeps its gradient moderate. */
  eps?: number;
}

/**
 * Soft Dice loss, per example:
 *
 * $$\mathcal{L}_\text{Dice}(p, t) = 1 - \frac{2\sum_i p_i t_i + \varepsilon}{\sum_i p_i + \sum_i t_i + \varepsilon}$$
 *
 * where p are predicted probabilities (e.g. σ of logits) and t the target mask (0/1 or soft).
 * Perfect overlap gives 0, no overlap gives nearly 1. When both masks are empty the fraction is
 * ε/ε = 1 and the loss is exactly 0: nothing to find, nothing found.
 *
 * Shape: axis 0 is the batch: probs and target [N, …] (the same shape); the sums run over every
 * other axis, giving one loss per example ([N] with `reduction: 'none'`, else averaged or summed).
 * A 0-d or 1-d input is one example.
 *
 * @example
 * loss.dice(tensor([[1, 0]]), tensor([[1, 0]]), { eps: 1 }).item() // 1 − (2+1)/(1+1+1) = 0
 */
export function dice(probs: Tensor, target: Tensor, options?: DiceOptions): Tensor {
  const op = 'dice';
  const o = readOptions(op, options);
  const reduction = readReduction(op, o);
  const eps = positive(op, 'eps', o.eps ?? 1);
  const p = floatTensor(op, probs, 'probabilities');
  const t = floatTensor(op, target, 'target');
  sameShape(op, p, t, 'probabilities', 'target');
  if (p.ndim <= 1) return reduce(diceOf(p, t, null, eps), reduction === 'none' ? 'none' : 'sum');
  const axes = [...p.shape.keys()].slice(1); // every axis but the batch
  return reduce(diceOf(p, t, axes, eps), reduction);
}

function diceOf(p: Tensor, t: Tensor, axes: number[] | null, eps: number): Tensor {
  const inter = p.mul(t).sum(axes); // Σ p·t
  const total = p.sum(axes).add(t.sum(axes)); // Σ p + Σ t
  return inter.mul(2).add(eps).div(total.add(eps)).neg().add(1);
}
