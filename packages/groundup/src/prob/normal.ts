/**
 * The normal (Gaussian) distribution N(μ, σ²): the bell curve, described by its centre μ and its
 * width σ. Parameters may be numbers or tensors; tensors broadcast into a batch of independent
 * normals, and gradients flow from logProb and rsample back to them.
 */
import { noGrad } from '../autograd.js';
import type { DType } from '../dtype.js';
import { allocate } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { sizeOf } from '../shape.js';
import {
  type DistributionOptions,
  type Param,
  type SampleOptions,
  LOG_2PI,
  broadcastOrThrow,
  checkEach,
  generatorOf,
  resolveDType,
  sampleShape,
  toParam,
  toValue,
} from './util.js';

export class Normal {
  /** μ as given (a tensor keeps its graph). */
  readonly loc: Tensor;
  /** σ as given. */
  readonly scale: Tensor;
  /** The shape of the batch of distributions: μ and σ broadcast. */
  readonly batchShape: readonly number[];
  readonly dtype: DType;

  /**
   * @param mean μ, any real number(s).
   * @param std σ > 0 (the standard deviation, not the variance).
   *
   *   new prob.Normal(0, 1).sample([1000])        // [1000] standard normal draws
   *   new prob.Normal(tensor([0, 5]), 2).logProb(1) // [2]
   */
  constructor(mean: Param, std: Param, options?: DistributionOptions) {
    const op = 'prob.Normal';
    this.dtype = resolveDType(op, [mean, std], options);
    this.loc = toParam(op, 'mean', mean, this.dtype);
    this.scale = toParam(op, 'std', std, this.dtype);
    checkEach(op, 'mean', this.loc, Number.isFinite, 'a finite number');
    checkEach(op, 'std', this.scale, (v) => v > 0 && Number.isFinite(v), 'a finite number > 0', ' (a normal distribution needs a positive width; pass the standard deviation, not its log)');
    this.batchShape = broadcastOrThrow(op, this.loc.shape, this.scale.shape, 'mean and std');
  }

  /** E[X] = μ, shape batchShape. */
  get mean(): Tensor {
    return this.loc.expand(this.batchShape.slice());
  }

  /** Var[X] = σ², shape batchShape. */
  get variance(): Tensor {
    return this.scale.square().expand(this.batchShape.slice());
  }

  /** σ, shape batchShape. */
  get stddev(): Tensor {
    return this.scale.expand(this.batchShape.slice());
  }

  /**
   * Reparameterised draws x = μ + σ·z with z ~ N(0, 1) from the generator: gradients flow to μ and
   * σ (the trick a VAE trains with). Shape: [...shape, ...batchShape].
   */
  rsample(shape?: number | number[], options?: SampleOptions): Tensor {
    const op = 'Normal.sample';
    const s = [...sampleShape(op, shape), ...this.batchShape];
    const g = generatorOf(op, options);
    const z = allocate(this.dtype, sizeOf(s));
    for (let i = 0; i < z.length; i++) z[i] = g.normal();
    return this.loc.add(this.scale.mul(new Tensor(z, s, this.dtype)));
  }

  /** Draws with no gradient: shape [...shape, ...batchShape]. */
  sample(shape?: number | number[], options?: SampleOptions): Tensor {
    return noGrad(() => this.rsample(shape, options));
  }

  /**
   * The log-density
   * $$\log p(x) = -\frac{(x-\mu)^2}{2\sigma^2} - \log\sigma - \tfrac12\log 2\pi$$
   * Shape: x broadcast with batchShape. Differentiable in x, μ and σ.
   */
  logProb(x: Param): Tensor {
    const v = toValue('Normal.logProb', x, this.dtype);
    const z = v.sub(this.loc).div(this.scale);
    return z.square().mul(-0.5).sub(this.scale.log()).sub(0.5 * LOG_2PI);
  }

  /** Differential entropy $H = \tfrac12 \log(2\pi e \sigma^2) = \tfrac12 + \tfrac12\log 2\pi + \log\sigma$ (nats), shape batchShape. */
  entropy(): Tensor {
    return this.scale.log().add(0.5 + 0.5 * LOG_2PI).expand(this.batchShape.slice());
  }
}
