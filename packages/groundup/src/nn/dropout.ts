/**
 * Dropout: during training, zero each activation with probability p and scale the survivors by
 * 1/(1 − p) ("inverted" dropout), so the expected value is unchanged:
 *
 *   y = x ⊙ m / (1 − p),  m ~ Bernoulli(1 − p)     E[y] = x
 *
 * In evaluation mode it is the identity. The mask is drawn from the global seeded generator
 * (`manualSeed`), so a run is reproducible. The gradient flows only through kept units.
 */
import { allocate } from '../dtype.js';
import { ValueError, fmtValue } from '../errors.js';
import { mul } from '../ops/arithmetic.js';
import { requireFloat } from '../ops/util.js';
import { globalGenerator, type Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { Module } from './module.js';

export class Dropout extends Module {
  constructor(
    readonly p = 0.5,
    /** Draw masks from this generator instead of the global one. */
    readonly generator: Generator = globalGenerator,
  ) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1))
      throw new ValueError(`Dropout: p is the probability of dropping a unit and must be in [0, 1), got ${fmtValue(p)}`);
  }

  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('Dropout: the input must be a Tensor');
    requireFloat('Dropout', x);
    if (!this.training || this.p === 0) return x;
    const keep = 1 - this.p;
    const mask = allocate(x.dtype, x.size); // 1/(1−p) where kept, 0 where dropped
    for (let i = 0; i < mask.length; i++) mask[i] = this.generator.random() < keep ? 1 / keep : 0;
    return mul(x, new Tensor(mask, x.shape, x.dtype));
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
