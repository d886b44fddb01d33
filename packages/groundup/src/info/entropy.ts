/**
 * Entropy, cross-entropy and KL divergence (chapter 6 of the guide), each over the last axis of
 * its arguments, in nats (base e, the default) or bits (base 2).
 *
 * All three are compositions of tensor ops (xlogy, sum, division), so they are differentiable
 * with respect to both arguments.
 *
 * Gradients at zero probabilities. The value keeps the convention 0·log 0 = 0, but the gradient is
 * the true one, never a silent 0: where p_i = 0 the derivative with respect to p_i is
 * −log q_i for the cross-entropy (+∞ if q_i = 0 as well), and the one-sided limit for entropy
 * (+∞) and KL (−∞, or +∞ where q_i = 0). Infinite gradients follow the README's IEEE policy
 * (∞ values are allowed); they mean that p sits on the edge of the simplex, where a step in p
 * changes the value infinitely fast. To train through probabilities that come out of a softmax,
 * use the logits instead (`loss.crossEntropy`, `prob.Categorical({ logits }).entropy()`), whose
 * gradients stay finite when a probability underflows to 0.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { sub, where } from '../ops/arithmetic.js';
import type { Tensor } from '../tensor.js';
import { asFloatTensor, checkSimplex } from './validate.js';
import { xlogy } from './xlogy.js';
import { readOptions } from '../validate.js';

export interface InfoOptions {
  /** Logarithm base: 'e' for nats (default), 2 for bits, or any other positive number ≠ 1. */
  base?: 'e' | number;
}

/** ln(base), the divisor that turns nats into the requested unit. */
export function logBase(op: string, options: InfoOptions | undefined): number {
  const b = readOptions(op, options, '{ base: 2 }').base;
  if (b === undefined || b === 'e') return 1;
  if (typeof b !== 'number') throw new TypeError(`${op}: base must be 'e' or a number such as 2, got ${fmtValue(b)}`);
  if (!(b > 0) || b === 1 || !Number.isFinite(b)) throw new ValueError(`${op}: base must be a positive number other than 1 (2 for bits, 'e' for nats), got ${fmtValue(b)}`);
  return Math.log(b);
}

function pair(op: string, p: unknown, q: unknown): [Tensor, Tensor] {
  const tp = asFloatTensor(op, 'p', p);
  const tq = asFloatTensor(op, 'q', q);
  if (tp.ndim === 0 || tq.ndim === 0) throw new ShapeError(`${op}: p and q need an outcomes axis; got shapes ${fmtShape(tp.shape)} and ${fmtShape(tq.shape)}`);
  const kp = tp.shape[tp.ndim - 1];
  const kq = tq.shape[tq.ndim - 1];
  if (kp !== kq)
    throw new ShapeError(`${op}: p ${fmtShape(tp.shape)} and q ${fmtShape(tq.shape)} must have the same number of outcomes on the last axis (${kp} ≠ ${kq})`);
  try {
    broadcastShapes(op, tp.shape, tq.shape);
  } catch {
    throw new ShapeError(`${op}: p ${fmtShape(tp.shape)} and q ${fmtShape(tq.shape)} cannot be broadcast together`);
  }
  checkSimplex(op, 'p', tp);
  checkSimplex(op, 'q', tq);
  return [tp, tq];
}

/**
 * Shannon entropy, the average surprise of a draw from p:
 * $$H(p) = -\sum_x p(x) \log p(x), \qquad 0 \log 0 = 0$$
 *
 * Shape: p [..., K] → [...]. A fair coin has 1 bit, a certain outcome 0.
 * Gradient: $\partial H/\partial p_i = -(\log p_i + 1)$, which is +∞ where p_i = 0.
 *
 *   info.entropy([0.5, 0.5], { base: 2 })  // 1
 */
export function entropy(p: Tensor | number[] | number[][], options?: InfoOptions): Tensor {
  const op = 'info.entropy';
  const lb = logBase(op, options);
  const tp = asFloatTensor(op, 'p', p);
  checkSimplex(op, 'p', tp);
  const h = sub(0, xlogy(tp, tp).sum(-1)); // 0 − s rather than −s, so a certain outcome gives +0, not −0
  return lb === 1 ? h : h.div(lb);
}

/**
 * Cross-entropy, the average surprise when outcomes come from p but are scored with q:
 * $$H(p, q) = -\sum_x p(x) \log q(x)$$
 *
 * Shapes: p [..., K] and q [..., K] (broadcasting) → [...]. With a one-hot p it is −log q(correct);
 * it is +∞ when q gives probability 0 to an outcome that p can produce.
 * Gradients: $\partial H/\partial p_i = -\log q_i$, also where p_i = 0 (+∞ where q_i = 0), and
 * $\partial H/\partial q_i = -p_i/q_i$ (0 where p_i = 0: that outcome does not count).
 */
export function crossEntropy(p: Tensor | number[] | number[][], q: Tensor | number[] | number[][], options?: InfoOptions): Tensor {
  const op = 'info.crossEntropy';
  const lb = logBase(op, options);
  const [tp, tq] = pair(op, p, q);
  const h = sub(0, xlogy(tp, tq).sum(-1));
  return lb === 1 ? h : h.div(lb);
}

/**
 * Kullback–Leibler divergence of q from p (the truth is p):
 * $$D_{KL}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)} = H(p, q) - H(p) \ge 0$$
 *
 * Not symmetric: kl(p, q) and kl(q, p) differ in general. Shapes: [..., K] and [..., K] → [...].
 * Gradients: $\partial D/\partial p_i = \log(p_i/q_i) + 1$, which is −∞ where p_i = 0 < q_i and
 * +∞ where q_i = 0 (any p_i > 0 there makes D infinite); $\partial D/\partial q_i = -p_i/q_i$.
 */
export function kl(p: Tensor | number[] | number[][], q: Tensor | number[] | number[][], options?: InfoOptions): Tensor {
  const op = 'info.kl';
  const lb = logBase(op, options);
  const [tp, tq] = pair(op, p, q);
  // p log p − p log q, with p log p read as p log 1 where q = 0: the value there is +∞ either way,
  // and the ∂/∂p of the first term (−∞ at p = 0) no longer meets the +∞ of the second as ∞ − ∞
  const d = xlogy(tp, where(tq.eq(0), 1, tp)).sub(xlogy(tp, tq)).sum(-1);
  return lb === 1 ? d : d.div(lb);
}
