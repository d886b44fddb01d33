/**
 * Binary cross-entropy from logits: one independent yes/no question per element (multi-label
 * classification, segmentation masks), each answered with probability σ(x).
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { softplus } from '../ops/activation.js';
import { Tensor } from '../tensor.js';
import { type ReductionOptions, floatTensor, readOptions, readReduction, reduce, sameShape } from './reduction.js';

export interface BCEWithLogitsOptions extends ReductionOptions {
  /**
   * p > 0: weight of the positive term, a number or a tensor broadcasting against the logits
   * (usually one per class, shape [C]). p > 1 favours recall: set it to #negatives / #positives
   * to balance rare positives. Default 1.
   */
  posWeight?: number | Tensor;
}

/**
 * Binary cross-entropy of σ(x) against targets y ∈ [0, 1], computed from the logits x:
 *
 * $$\ell(x, y) = -\big[y \log \sigma(x) + (1-y)\log(1-\sigma(x))\big] = \max(x, 0) - x\,y + \log\!\left(1 + e^{-|x|}\right)$$
 *
 * The right-hand form never exponentiates a positive number, so x = ±10⁴ gives a finite loss
 * (the left-hand form would take log σ(−10⁴) = log 0). Its gradient is ∂ℓ/∂x = σ(x) − y.
 * With a positive weight p the positive term is scaled:
 * $\ell = -[p\,y\log\sigma(x) + (1-y)\log(1-\sigma(x))] = (1-y)\,x + (1 + (p-1)\,y)\,\operatorname{softplus}(-x)$,
 * where softplus(−x) = max(−x, 0) + log(1 + e^{−|x|}) is computed the same stable way.
 *
 * Shape: logits and target the same shape (float). Output: scalar, or that shape with `reduction: 'none'`.
 *
 * @example
 * loss.bceWithLogits(tensor([0]), tensor([1])).item() // log 2 ≈ 0.6931
 */
export function bceWithLogits(logits: Tensor, target: Tensor, options?: BCEWithLogitsOptions): Tensor {
  const op = 'bceWithLogits';
  const o = readOptions(op, options);
  const reduction = readReduction(op, o);
  const x = floatTensor(op, logits, 'logits');
  const y = floatTensor(op, target, 'target');
  sameShape(op, x, y, 'logits', 'target');
  const yd = y.data;
  for (let i = 0; i < yd.length; i++)
    if (!(yd[i]! >= 0 && yd[i]! <= 1))
      throw new ValueError(`${op}: targets must be probabilities in [0, 1], got ${fmtValue(yd[i])} at element ${i} (for class indices use crossEntropy)`);
  let pw: Tensor | number = 1;
  if (o.posWeight !== undefined) {
    if (typeof o.posWeight === 'number') {
      if (!(o.posWeight > 0) || !Number.isFinite(o.posWeight)) throw new ValueError(`${op}: posWeight must be a finite number > 0, got ${fmtValue(o.posWeight)}`);
      pw = o.posWeight;
    } else {
      const w = floatTensor(op, o.posWeight, 'posWeight');
      pw = w;
      for (const v of w.data) if (!(v > 0) || !Number.isFinite(v)) throw new ValueError(`${op}: posWeight entries must be finite and > 0, got ${fmtValue(v)}`);
      if (w.ndim > x.ndim || w.shape.some((d, i) => d !== 1 && d !== x.shape[x.ndim - w.ndim + i]))
        throw new ShapeError(`${op}: posWeight of shape ${fmtShape(w.shape)} does not broadcast against the logits ${fmtShape(x.shape)}; give one weight per class (the last axis)`);
    }
  }
  // ℓ = (1 − y)·x + c·softplus(−x), c = 1 + (p − 1)·y   (c = 1 without a positive weight)
  const sp = softplus(x.neg());
  const c = pw === 1 ? null : y.mul(typeof pw === 'number' ? pw - 1 : pw.sub(1)).add(1);
  const l = y.neg().add(1).mul(x).add(c ? c.mul(sp) : sp);
  return reduce(l, reduction);
}
