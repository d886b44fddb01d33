/**
 * The categorical distribution: one draw from K classes, class k with probability p_k (a loaded
 * K-sided die, or a classifier's softmax output). Probabilities live on the last axis; leading
 * axes are a batch of independent distributions.
 */
import { type DType } from '../dtype.js';
import { DTypeError, ShapeError, fmtValue } from '../errors.js';
import { tensor } from '../creation.js';
import { where } from '../ops/arithmetic.js';
import { Tensor } from '../tensor.js';
import { sizeOf } from '../shape.js';
import { checkSimplex } from '../info/validate.js';
import { xlogy } from '../info/xlogy.js';
import { type DistributionOptions, type Param, type SampleOptions, broadcastOrThrow, checkEach, generatorOf, resolveDType, sampleShape, toParam } from './util.js';

export class Categorical {
  /** p [..., K]: each row sums to 1. */
  readonly probs: Tensor;
  /** The logits when built from them (probs = softmax(logits)), else null. */
  readonly logits: Tensor | null;
  readonly batchShape: readonly number[];
  /** K, the number of classes. */
  readonly numClasses: number;
  readonly dtype: DType;

  /**
   * @param probs [..., K], each row non-negative and summing to 1 (within 1e-6 plus rounding);
   *   or `{ logits }` [..., K], any real scores (probs = softmax(logits)).
   *
   *   new prob.Categorical([0.1, 0.7, 0.2]).sample([5])   // int32 [5], mostly 1s
   */
  constructor(probs: Param | { logits: Param }, options?: DistributionOptions) {
    const op = 'prob.Categorical';
    if (typeof probs === 'object' && probs !== null && !(probs instanceof Tensor) && !Array.isArray(probs)) {
      if (!('logits' in probs)) throw new TypeError(`${op}: expected probs or { logits }, got an object with keys ${fmtValue(Object.keys(probs))}`);
      this.dtype = resolveDType(op, [probs.logits], options);
      this.logits = toParam(op, 'logits', probs.logits, this.dtype);
      if (this.logits.ndim === 0) throw new ShapeError(`${op}: logits must have a class axis [..., K], got a 0-d tensor`);
      checkEach(op, 'logits', this.logits, (v) => !Number.isNaN(v) && v !== Infinity, 'a number below +∞ (−∞ rules a class out)');
      this.probs = this.logits.softmax(-1);
    } else {
      this.dtype = resolveDType(op, [probs], options);
      this.probs = toParam(op, 'probs', probs, this.dtype);
      this.logits = null;
      checkSimplex(op, 'probs', this.probs);
    }
    this.numClasses = this.probs.shape[this.probs.ndim - 1]!;
    this.batchShape = this.probs.shape.slice(0, -1);
  }


  /** The class index read as a number: $E[X] = \sum_k k\,p_k$, shape batchShape. */
  get mean(): Tensor {
    const k = tensor(Array.from({ length: this.numClasses }, (_, i) => i), { dtype: this.dtype });
    return this.probs.mul(k).sum(-1);
  }

  /** $\operatorname{Var}[X] = \sum_k k^2 p_k - E[X]^2$ for the class index, shape batchShape. */
  get variance(): Tensor {
    const k = tensor(Array.from({ length: this.numClasses }, (_, i) => i), { dtype: this.dtype });
    return this.probs.mul(k.square()).sum(-1).sub(this.mean.square());
  }

  /**
   * Class indices, int32 [...shape, ...batchShape], by inverting the cumulative distribution:
   * the first k with u < p_0 + … + p_k for a uniform u.
   */
  sample(shape?: number | number[], options?: SampleOptions): Tensor {
    const op = 'Categorical.sample';
    const s = [...sampleShape(op, shape), ...this.batchShape];
    const g = generatorOf(op, options);
    const K = this.numClasses;
    const p = this.probs.data;
    const rows = p.length / K;
    const n = sizeOf(s);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const base = (i % rows) * K;
      const u = g.random();
      let c = 0;
      let last = 0;
      let k = 0;
      for (; k < K; k++) {
        const pk = p[base + k]!;
        if (pk > 0) last = k;
        c += pk;
        if (u < c && pk > 0) break;
      }
      out[i] = k < K ? k : last; // rounding left Σp just below u: take the last possible class
    }
    return new Tensor(out, s, 'int32');
  }

  /**
   * $$\log p(x) = \log p_x$$ for class indices x (int32, broadcast with batchShape).
   * Differentiable in the probabilities (or logits): the gradient lands on the chosen entries
   * (1/p_x from probs, +∞ where p_x = 0 and the value is −∞; 0 for every other class).
   */
  logProb(x: Tensor | number | number[]): Tensor {
    const op = 'Categorical.logProb';
    let v: Tensor;
    if (x instanceof Tensor) {
      if (x.dtype !== 'int32') throw new DTypeError(`${op}: x must be int32 class indices, got ${x.dtype} (convert with .int())`);
      v = x;
    } else {
      v = toParam(op, 'x', x, 'float64');
      checkEach(op, 'x', v, Number.isInteger, 'whole-number class indices');
      v = v.int();
    }
    const K = this.numClasses;
    checkEach(op, 'x', v, (c) => c >= 0 && c < K, `a class index in [0, ${K - 1}]`);
    const out = broadcastOrThrow(op, v.shape, this.batchShape, 'x and the batch of probs');
    const idx = v.expand(out).unsqueeze(-1); // [...out, 1]
    if (this.logits) return this.logits.logSoftmax(-1).expand([...out, K]).gather(-1, idx).squeeze(-1); // [...out]
    // pick p_x first, then take its log: log of the whole row would send 0/0 = NaN back to every
    // class with p = 0 that was not drawn (their true gradient is 0)
    return this.probs.expand([...out, K]).gather(-1, idx).squeeze(-1).log();
  }

  /** $H = -\sum_k p_k \log p_k$ nats, shape batchShape. */
  entropy(): Tensor {
    if (this.logits) {
      // p·log p with log p from logSoftmax (exact for tiny p); classes with p = 0 (logit −∞) add 0
      const zero = this.probs.eq(0);
      return where(zero, 0, this.probs.mul(where(zero, 0, this.logits.logSoftmax(-1)))).sum(-1).neg().add(0);
    }
    return xlogy(this.probs, this.probs).sum(-1).neg().add(0);
  }
}
