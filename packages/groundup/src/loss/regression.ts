/**
 * Losses for real-valued predictions: squared error, absolute error and Huber's blend of the two.
 * Each compares a prediction with a target of exactly the same shape, element by element.
 */
import { fmtValue } from '../errors.js';
import { lt, where } from '../ops/arithmetic.js';
import { Tensor } from '../tensor.js';
import { type ReductionOptions, floatTensor, positive, readOptions, readReduction, reduce, sameShape } from './reduction.js';

function pair(op: string, pred: unknown, target: unknown): [Tensor, Tensor] {
  const p = floatTensor(op, pred, 'prediction');
  if (!(target instanceof Tensor)) throw new TypeError(`${op}: the target must be a Tensor, got ${fmtValue(target)}`);
  sameShape(op, p, target);
  return [p, target];
}

/**
 * Mean squared error, the loss of least squares (and the negative log-likelihood of a Gaussian
 * with fixed variance, up to constants):
 *
 * $$\mathrm{MSE}(\hat y, y) = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2, \qquad \frac{\partial\,\mathrm{MSE}}{\partial \hat y_i} = \frac{2}{n}(\hat y_i - y_i)$$
 *
 * Shape: pred and target any shape, the same for both. Output: a scalar, or pred's shape with
 * `reduction: 'none'`.
 *
 * @example
 * loss.mse(tensor([1, 2, 3]), tensor([1, 2, 5])).item() // (0 + 0 + 4) / 3 = 1.333…
 */
export function mse(pred: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const reduction = readReduction('mse', readOptions('mse', options));
  const [p, t] = pair('mse', pred, target);
  return reduce(p.sub(t).square(), reduction);
}

/**
 * Mean absolute error (L1 loss), less swayed by outliers than MSE:
 *
 * $$\mathrm{L1}(\hat y, y) = \frac{1}{n}\sum_i |\hat y_i - y_i|, \qquad \frac{\partial}{\partial \hat y_i} = \frac{1}{n}\operatorname{sign}(\hat y_i - y_i)$$
 *
 * Shape: pred and target the same, any shape.
 */
export function l1(pred: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const reduction = readReduction('l1', readOptions('l1', options));
  const [p, t] = pair('l1', pred, target);
  return reduce(p.sub(t).abs(), reduction);
}

export interface HuberOptions extends ReductionOptions {
  /** Where the loss switches from quadratic to linear (default 1). */
  delta?: number;
}

/**
 * Huber loss: quadratic for small residuals r = ŷ − y (smooth near the minimum, like MSE), linear
 * for large ones (robust to outliers, like L1); the two pieces meet with equal slope at |r| = δ:
 *
 * $$\ell_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| < \delta \\ \delta\,(|r| - \tfrac12\delta) & \text{otherwise} \end{cases}$$
 *
 * Shape: pred and target the same, any shape.
 */
export function huber(pred: Tensor, target: Tensor, options?: HuberOptions): Tensor {
  const o = readOptions('huber', options);
  const reduction = readReduction('huber', o);
  const delta = positive('huber', 'delta', o.delta ?? 1);
  const [p, t] = pair('huber', pred, target);
  const r = p.sub(t);
  const a = r.abs();
  return reduce(where(lt(a, delta), r.square().mul(0.5), a.sub(0.5 * delta).mul(delta)), reduction);
}
