/**
 * The Bernoulli distribution: one coin flip that comes up 1 with probability p and 0 otherwise.
 * Give either the probability p or the logits ℓ = log(p / (1 − p)) (what a classifier's last
 * layer produces before the sigmoid).
 */
import { type DType, allocate } from '../dtype.js';
import { fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { sizeOf } from '../shape.js';
import { xlogy } from '../info/xlogy.js';
import {
  type DistributionOptions,
  type Param,
  type SampleOptions,
  broadcastOrThrow,
  checkEach,
  generatorOf,
  resolveDType,
  sampleShape,
  toParam,
  toValue,
} from './util.js';

export class Bernoulli {
  /** p = P(X = 1), shape batchShape (sigmoid of the logits when built from logits). */
  readonly probs: Tensor;
  /** The logits when the distribution was built from them, else null. */
  readonly logits: Tensor | null;
  readonly batchShape: readonly number[];
  readonly dtype: DType;

  /**
   * @param p P(X = 1) in [0, 1], or `{ logits }` with any real logits.
   *
   *   new prob.Bernoulli(0.5).entropy()              // ln 2 nats: a fair coin
   *   new prob.Bernoulli({ logits: tensor([0, 2]) })   // p = [0.5, 0.881]
   */
  constructor(p: Param | { logits: Param }, options?: DistributionOptions) {
    const op = 'prob.Bernoulli';
    if (typeof p === 'object' && p !== null && !(p instanceof Tensor) && !Array.isArray(p)) {
      if (!('logits' in p)) throw new TypeError(`${op}: expected p or { logits }, got an object with keys ${fmtValue(Object.keys(p))}`);
      this.dtype = resolveDType(op, [p.logits], options);
      this.logits = toParam(op, 'logits', p.logits, this.dtype);
      checkEach(op, 'logits', this.logits, (v) => !Number.isNaN(v), 'a number (not NaN)');
      this.probs = this.logits.sigmoid();
    } else {
      this.dtype = resolveDType(op, [p], options);
      this.probs = toParam(op, 'p', p, this.dtype);
      this.logits = null;
      checkEach(op, 'p', this.probs, (v) => v >= 0 && v <= 1, 'a probability in [0, 1]', ' (for a score, pass { logits } instead)');
    }
    this.batchShape = this.probs.shape.slice();
  }

  /** E[X] = p. */
  get mean(): Tensor {
    return this.probs;
  }

  /** Var[X] = p(1 − p). */
  get variance(): Tensor {
    return this.probs.mul(this.probs.sub(1).neg());
  }

  /** Draws of 0 or 1 (in the float dtype), shape [...shape, ...batchShape]: 1 where a uniform u < p. */
  sample(shape?: number | number[], options?: SampleOptions): Tensor {
    const op = 'Bernoulli.sample';
    const s = [...sampleShape(op, shape), ...this.batchShape];
    const g = generatorOf(op, options);
    const p = this.probs.data;
    const m = Math.max(p.length, 1);
    const out = allocate(this.dtype, sizeOf(s));
    for (let i = 0; i < out.length; i++) out[i] = g.random() < p[i % m]! ? 1 : 0;
    return new Tensor(out, s, this.dtype);
  }

  /**
   * $$\log p(x) = x \log p + (1 - x) \log(1 - p), \quad x \in \{0, 1\}$$
   * From logits it is computed stably as $x\ell - \operatorname{softplus}(\ell)$.
   * Shape: x broadcast with batchShape. Differentiable in p (or the logits).
   */
  logProb(x: Param): Tensor {
    const op = 'Bernoulli.logProb';
    const v = toValue(op, x, this.dtype);
    checkEach(op, 'x', v, (t) => t === 0 || t === 1, '0 or 1 (a Bernoulli variable has only these two outcomes)');
    broadcastOrThrow(op, v.shape, this.batchShape, 'x and p');
    if (this.logits) return v.mul(this.logits).sub(this.logits.softplus());
    // x·log p + (1 − x)·log(1 − p) through xlogy, so the term a draw does not use is exactly 0,
    // value and gradient: p = 0 with x = 0 gives log p(x) = 0 and ∂/∂p = −1 (no 0/0 = NaN from log p)
    return xlogy(v, this.probs).add(xlogy(v.neg().add(1), this.probs.neg().add(1)));
  }

  /** $H = -p\log p - (1-p)\log(1-p)$ nats (0 for a certain coin, ln 2 for a fair one), shape batchShape. */
  entropy(): Tensor {
    if (this.logits) {
      // −p log p − (1−p) log(1−p) with log p = −softplus(−ℓ), log(1−p) = −softplus(ℓ)
      const p = this.probs;
      return p.mul(this.logits.neg().softplus()).add(p.neg().add(1).mul(this.logits.softplus()));
    }
    const q = this.probs.neg().add(1);
    return xlogy(this.probs, this.probs).add(xlogy(q, q)).neg().add(0);
  }
}
