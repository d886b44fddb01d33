/**
 * Linear (dense, fully connected) layer: every output is a weighted sum of every input plus a bias.
 *
 *   y = x·Wᵀ + b          x [..., in]   W [out, in]   b [out]   y [..., out]
 *
 * The weight is stored [out, in], as in PyTorch, so row o of W holds the weights of output unit o.
 * Default init (PyTorch's): W and b ~ U(−1/√in, 1/√in), i.e. Kaiming-uniform with a = √5,
 * Var(W) = 1/(3·in). For deep ReLU nets re-initialise with `init.heNormal(layer.weight)`.
 */
import { zeros } from '../creation.js';
import { ShapeError, assertInt, fmtShape } from '../errors.js';
import { linear } from '../ops/fused.js';
import { Tensor } from '../tensor.js';
import { heUniform, uniform } from './init.js';
import { Module, type ReluFusable } from './module.js';

export interface LinearOptions {
  /** Add a learned bias b (default true). */
  bias?: boolean;
}

export class Linear extends Module implements ReluFusable {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true }: LinearOptions = {},
  ) {
    super();
    assertInt('Linear', 'inFeatures', inFeatures, 1);
    assertInt('Linear', 'outFeatures', outFeatures, 1);
    this.weight = this.registerParameter('weight', heUniform(zeros([outFeatures, inFeatures]), { a: Math.sqrt(5) }));
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = this.registerParameter('bias', bias ? uniform(zeros([outFeatures]), -bound, bound) : null);
  }

  /** x [..., in] → x·Wᵀ + b [..., out] */
  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('Linear: the input must be a Tensor');
    const n = this.inFeatures;
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== n)
      throw new ShapeError(
        `Linear: expected input with ${n} features [...,${n}] (the last dimension), got ${fmtShape(x.shape)}; ` +
          `this layer maps ${n} → ${this.outFeatures}`,
      );
    // linear(x, W, b) is x·Wᵀ + b: on the reference backend literally matmul(x, transpose(W)) then
    // add(·, b); on the fast path one fused kernel with no transpose in memory (ops/fused.ts)
    return linear(x, this.weight, this.bias);
  }

  /**
   * relu(forward(x)) as one op, which the fast path runs as one fused kernel; used by
   * nn.Sequential for a Linear directly followed by a ReLU. Null where it does not apply (a
   * subclass with its own forward, or an input forward() must reject), and the caller then runs
   * the two modules one by one.
   */
  forwardRelu(x: Tensor): Tensor | null {
    if (this.forward !== Linear.prototype.forward) return null;
    if (!(x instanceof Tensor) || x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) return null; // forward() gives the message
    return linear(x, this.weight, this.bias, { relu: true });
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
