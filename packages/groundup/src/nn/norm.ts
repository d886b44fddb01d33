/**
 * Normalisation layers: shift and scale activations to zero mean and unit variance, then let the
 * network pick its own mean and scale back with learned γ (weight) and β (bias).
 *
 *   x̂ = (x − μ) / √(σ² + ε)        y = γ ⊙ x̂ + β
 *
 * BatchNorm1d takes μ, σ² per channel over the batch (and the length); LayerNorm takes them per
 * sample over its last dimension(s). Both are built from differentiable ops, so their gradients
 * (including the paths through μ and σ²) come from autograd.
 */
import { zeros, ones } from '../creation.js';
import { noGrad } from '../autograd.js';
import { ShapeError, ValueError, assertInt, fmtShape, fmtValue } from '../errors.js';
import { add, div, mul, sub } from '../ops/arithmetic.js';
import { sqrt } from '../ops/math.js';
import { mean, variance } from '../ops/reduce.js';
import { reshape } from '../ops/shape.js';
import { Tensor } from '../tensor.js';
import { positive } from '../validate.js';
import { Module } from './module.js';

export interface BatchNormOptions {
  /** Weight of the newest batch in the running statistics (default 0.1, PyTorch's convention). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn γ and β (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true); without them eval also uses batch statistics. */
  trackRunningStats?: boolean;
}

const checkEps = (layer: string, eps: unknown): number => positive(layer, 'eps', eps);

/**
 * Batch normalisation over channels, for inputs [N, C] or [N, C, L].
 *
 * Training: μ_c and σ²_c are the mean and (biased) variance of channel c over the batch (and the
 * length), and the running statistics move toward them:
 *
 *   running_mean ← (1 − m)·running_mean + m·μ
 *   running_var  ← (1 − m)·running_var  + m·σ²·n/(n − 1)    (n values per channel: the unbiased estimate, as PyTorch)
 *
 * Evaluation: the running statistics replace the batch's, so an output depends only on its own input.
 * Parameters weight γ [C] (init 1) and bias β [C] (init 0); buffers running_mean [C] (0),
 * running_var [C] (1) and num_batches_tracked (int32 scalar), named as in PyTorch.
 */
export class BatchNorm1d extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  readonly momentum: number;
  readonly eps: number;

  constructor(
    readonly numFeatures: number,
    { momentum = 0.1, eps = 1e-5, affine = true, trackRunningStats = true }: BatchNormOptions = {},
  ) {
    super();
    assertInt('BatchNorm1d', 'numFeatures', numFeatures, 1);
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1))
      throw new ValueError(`BatchNorm1d: momentum must be a number in [0, 1], got ${fmtValue(momentum)}`);
    this.momentum = momentum;
    this.eps = checkEps('BatchNorm1d', eps);
    this.weight = this.registerParameter('weight', affine ? ones([numFeatures]) : null);
    this.bias = this.registerParameter('bias', affine ? zeros([numFeatures]) : null);
    if (trackRunningStats) {
      this.runningMean = this.registerBuffer('running_mean', zeros([numFeatures]));
      this.runningVar = this.registerBuffer('running_var', ones([numFeatures]));
      this.numBatchesTracked = this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
    } else this.runningMean = this.runningVar = this.numBatchesTracked = null;
  }

  /** x [N, C] or [N, C, L] → the same shape, normalised per channel. */
  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('BatchNorm1d: the input must be a Tensor');
    const C = this.numFeatures;
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== C)
      throw new ShapeError(`BatchNorm1d: expected input with ${C} channels [N,${C}] or [N,${C},L], got ${fmtShape(x.shape)}`);
    const axes = x.ndim === 2 ? [0] : [0, 2]; //                 reduce over everything but the channel
    const statShape = x.ndim === 2 ? [1, C] : [1, C, 1]; //      so [C] statistics broadcast against x
    let mu: Tensor;
    let v: Tensor;
    if (this.training || !this.runningMean) {
      const n = axes.reduce((c, a) => c * x.shape[a]!, 1);
      if (n < 2 && this.training)
        throw new ValueError(
          `BatchNorm1d: training needs more than one value per channel to compute a variance, got input ${fmtShape(x.shape)}; use a batch of 2 or more, or call eval()`,
        );
      mu = mean(x, axes, true); //                               μ   [1, C(, 1)]
      v = variance(x, axes, { unbiased: false, keepdim: true }); // σ² [1, C(, 1)], biased: divides by n
      if (this.training && this.runningMean && this.runningVar) this.updateRunningStats(mu, v, n);
    } else {
      mu = reshape(this.runningMean, statShape);
      v = reshape(this.runningVar!, statShape);
    }
    const xhat = div(sub(x, mu), sqrt(add(v, this.eps))); //    x̂ = (x − μ)/√(σ² + ε)
    if (!this.weight || !this.bias) return xhat;
    return add(mul(xhat, reshape(this.weight, statShape)), reshape(this.bias, statShape)); // γ x̂ + β
  }

  private updateRunningStats(mu: Tensor, v: Tensor, n: number): void {
    noGrad(() => {
      const m = this.momentum;
      const rm = this.runningMean!.data;
      const rv = this.runningVar!.data;
      for (let c = 0; c < rm.length; c++) {
        rm[c] = (1 - m) * rm[c]! + m * mu.data[c]!;
        rv[c] = (1 - m) * rv[c]! + (m * v.data[c]! * n) / (n - 1);
      }
      this.numBatchesTracked!.data[0]! += 1;
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}`;
  }
}

export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn γ and β of the normalised shape (default true). */
  elementwiseAffine?: boolean;
}

/**
 * Layer normalisation over the last dimension(s) of each sample:
 *
 *   μ, σ² over the last `normalizedShape.length` axes,   y = γ ⊙ (x − μ)/√(σ² + ε) + β
 *
 * Unlike BatchNorm it needs no batch statistics, so it behaves the same in training and
 * evaluation and works for a batch of one — the normalisation of choice in transformers.
 * weight γ and bias β have the normalised shape (init 1 and 0).
 */
export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly normalizedShape: number[];
  readonly eps: number;

  constructor(normalizedShape: number | number[], { eps = 1e-5, elementwiseAffine = true }: LayerNormOptions = {}) {
    super();
    const shape = Array.isArray(normalizedShape) ? normalizedShape.slice() : [normalizedShape];
    if (shape.length === 0) throw new ValueError('LayerNorm: normalizedShape must name at least one dimension');
    shape.forEach((d) => assertInt('LayerNorm', 'normalizedShape', d, 1));
    this.normalizedShape = shape;
    this.eps = checkEps('LayerNorm', eps);
    this.weight = this.registerParameter('weight', elementwiseAffine ? ones(shape) : null);
    this.bias = this.registerParameter('bias', elementwiseAffine ? zeros(shape) : null);
  }

  /** x [..., *normalizedShape] → the same shape, each sample normalised over the trailing dims. */
  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('LayerNorm: the input must be a Tensor');
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i]))
      throw new ShapeError(
        `LayerNorm: expected input ending in ${fmtShape(this.normalizedShape)} [...,${this.normalizedShape.join(',')}], got ${fmtShape(x.shape)}`,
      );
    const axes = Array.from({ length: k }, (_, i) => x.ndim - k + i);
    const mu = mean(x, axes, true); //                                   [..., 1]
    const v = variance(x, axes, { unbiased: false, keepdim: true }); //  [..., 1]
    const xhat = div(sub(x, mu), sqrt(add(v, this.eps)));
    if (!this.weight || !this.bias) return xhat;
    return add(mul(xhat, this.weight), this.bias);
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
