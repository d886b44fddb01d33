/**
 * Summary statistics of a distribution given as values and their probabilities, the sample
 * covariance of two variables, and Bayes' rule for a yes/no hypothesis.
 */
import { ShapeError, ValueError, assertFinite, fmtShape, fmtValue } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { asFloatTensor, checkSimplex } from '../info/validate.js';

function valuesAndProbs(op: string, values: unknown, probs: unknown): [Tensor, Tensor] {
  const v = asFloatTensor(op, 'values', values);
  const p = asFloatTensor(op, 'probs', probs);
  checkSimplex(op, 'probs', p);
  const kv = v.shape[v.ndim - 1];
  const kp = p.shape[p.ndim - 1];
  if (v.ndim === 0 || kv !== kp)
    throw new ShapeError(`${op}: values ${fmtShape(v.shape)} and probs ${fmtShape(p.shape)} must list the same outcomes on the last axis (${kv ?? 'none'} vs ${kp})`);
  return [v, p];
}

/**
 * The expected value: every outcome weighted by its probability,
 * $$E[X] = \sum_i x_i\, p_i$$ over the last axis. Shapes: values [..., K], probs [..., K] → [...].
 *
 *   prob.expectation([1, 2, 3, 4, 5, 6], Array(6).fill(1 / 6))  // 3.5, a fair die
 */
export function expectation(values: Tensor | number[] | number[][], probs: Tensor | number[] | number[][]): Tensor {
  const [v, p] = valuesAndProbs('prob.expectation', values, probs);
  return v.mul(p).sum(-1);
}

/**
 * The spread around the mean:
 * $$\operatorname{Var}[X] = \sum_i p_i\,(x_i - E[X])^2$$ over the last axis. Shapes as {@link expectation}.
 */
export function variance(values: Tensor | number[] | number[][], probs: Tensor | number[] | number[][]): Tensor {
  const [v, p] = valuesAndProbs('prob.variance', values, probs);
  const mu = v.mul(p).sum(-1, true);
  return v.sub(mu).square().mul(p).sum(-1);
}

/**
 * The sample covariance of paired observations: do x and y move together?
 * $$\operatorname{cov}(x, y) = \frac{1}{n-1}\sum_i (x_i - \bar x)(y_i - \bar y)$$
 * (divide by n instead with `{ unbiased: false }`). Shapes: x [n], y [n] → 0-d. Differentiable.
 */
export function covariance(x: Tensor | number[], y: Tensor | number[], options: { unbiased?: boolean } = {}): Tensor {
  const op = 'prob.covariance';
  const a = asFloatTensor(op, 'x', x);
  const b = asFloatTensor(op, 'y', y);
  if (a.ndim !== 1 || b.ndim !== 1 || a.size !== b.size)
    throw new ShapeError(`${op}: x and y must be 1-D and of the same length (one pair per observation), got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const n = a.size;
  const unbiased = options.unbiased ?? true;
  const dof = unbiased ? n - 1 : n;
  if (dof < 1) throw new ValueError(`${op}: ${n} observation${n === 1 ? '' : 's'} cannot give a${unbiased ? 'n unbiased (n − 1)' : ''} covariance; need at least ${unbiased ? 2 : 1}`);
  return a.sub(a.mean()).mul(b.sub(b.mean())).sum().div(dof);
}

export interface BayesInput {
  /** P(H): how likely the hypothesis is before the evidence (e.g. how common the condition is). */
  prior: number;
  /** P(E | H): how likely the evidence is when H is true (a test's sensitivity). */
  likelihood: number;
  /** P(E | ¬H): how likely the evidence is when H is false (1 − specificity). */
  falsePositiveRate: number;
}

/**
 * Bayes' rule for a hypothesis H and evidence E:
 * $$P(H \mid E) = \frac{P(E \mid H)\,P(H)}{P(E \mid H)\,P(H) + P(E \mid \neg H)\,(1 - P(H))}$$
 * The denominator is P(E), split over H and not-H. All inputs are probabilities in [0, 1].
 *
 *   prob.bayes({ prior: 0.01, likelihood: 0.95, falsePositiveRate: 0.05 })  // ≈ 0.161
 */
export function bayes(input: BayesInput): number {
  const op = 'prob.bayes';
  if (typeof input !== 'object' || input === null) throw new TypeError(`${op}: expected { prior, likelihood, falsePositiveRate }, got ${fmtValue(input)}`);
  const { prior, likelihood, falsePositiveRate } = input;
  for (const [name, v] of [
    ['prior', prior],
    ['likelihood', likelihood],
    ['falsePositiveRate', falsePositiveRate],
  ] as const) {
    assertFinite(op, name, v);
    if (v < 0 || v > 1) throw new ValueError(`${op}: ${name} must be a probability in [0, 1], got ${fmtValue(v)}`);
  }
  const joint = likelihood * prior;
  const evidence = joint + falsePositiveRate * (1 - prior);
  if (evidence === 0)
    throw new ValueError(
      `${op}: the evidence has probability 0 (likelihood·prior + falsePositiveRate·(1 − prior) = 0 with prior ${prior}, ` +
        `likelihood ${likelihood}, falsePositiveRate ${falsePositiveRate}), so conditioning on it is undefined`,
    );
  return joint / evidence;
}
