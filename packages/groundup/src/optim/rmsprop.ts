/**
 * RMSprop: divide each gradient by a running root-mean-square of its recent values, so that
 * weights with consistently large gradients take smaller steps and rarely-moved weights larger ones.
 */
import { type TypedArray } from '../dtype.js';
import { fmtValue } from '../errors.js';
import { type Tensor } from '../tensor.js';
import { Optimizer, type ParamState, type ParamsLike, nonNegative, readOptions, unitInterval } from './optimizer.js';

export interface RMSpropOptions {
  /** The learning rate η (default 1e-2). */
  lr?: number;
  /** α ∈ [0, 1): decay of the running mean of g² (default 0.99). */
  alpha?: number;
  /** ε ≥ 0 added to the root mean square (default 1e-8). */
  eps?: number;
  /** μ ≥ 0: momentum on the normalised step (default 0). */
  momentum?: number;
  /** Subtract the running mean of g, dividing by an estimate of the standard deviation instead (default false). */
  centered?: boolean;
  /** λ ≥ 0: L2 penalty, added to the gradient as λw (default 0). */
  weightDecay?: number;
}

/**
 * RMSprop with PyTorch's update rule. At each step, for a parameter w with gradient g:
 *
 * $$\begin{aligned}
 * g &\leftarrow g + \lambda w\\
 * v &\leftarrow \alpha v + (1-\alpha)\, g^2 && (v_0 = 0)\\
 * \bar g &\leftarrow \alpha \bar g + (1-\alpha)\, g, \quad \tilde v = v - \bar g^2 && \text{(centered only; else } \tilde v = v)\\
 * b &\leftarrow \mu b + \frac{g}{\sqrt{\tilde v} + \varepsilon}, \quad w \leftarrow w - \eta\, b && \text{(with momentum } \mu > 0)\\
 * w &\leftarrow w - \eta\,\frac{g}{\sqrt{\tilde v} + \varepsilon} && \text{(without)}
 * \end{aligned}$$
 *
 * State per parameter: `step`, `squareAvg` (v), and `momentumBuffer` (b), `gradAvg` (ḡ) when used.
 */
export class RMSprop extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;

  constructor(params: ParamsLike, options?: RMSpropOptions) {
    const o = readOptions('RMSprop', options);
    super('RMSprop', params, o.lr ?? 1e-2);
    this.alpha = unitInterval('RMSprop', 'alpha', o.alpha ?? 0.99);
    this.eps = nonNegative('RMSprop', 'eps', o.eps ?? 1e-8);
    this.momentum = nonNegative('RMSprop', 'momentum', o.momentum ?? 0);
    this.weightDecay = nonNegative('RMSprop', 'weightDecay', o.weightDecay ?? 0);
    const centered = o.centered ?? false;
    if (typeof centered !== 'boolean') throw new TypeError(`RMSprop: centered must be true or false, got ${fmtValue(centered)}`);
    this.centered = centered;
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, p: Tensor): void {
    const { lr, alpha, eps, momentum: mu, centered, weightDecay: wd } = this;
    s.step = ((s.step as number | undefined) ?? 0) + 1;
    const v = ((s.squareAvg as Tensor | undefined) ?? (s.squareAvg = this.buffer(p))).data;
    const gbar = centered ? ((s.gradAvg as Tensor | undefined) ?? (s.gradAvg = this.buffer(p))).data : null;
    const buf = mu > 0 ? ((s.momentumBuffer as Tensor | undefined) ?? (s.momentumBuffer = this.buffer(p))).data : null;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i]! + wd * w[i]!;
      v[i] = alpha * v[i]! + (1 - alpha) * gi * gi;
      let vt = v[i]!;
      if (gbar) {
        gbar[i] = alpha * gbar[i]! + (1 - alpha) * gi;
        vt -= gbar[i]! * gbar[i]!;
      }
      const stepDir = gi / (Math.sqrt(Math.max(vt, 0)) + eps);
      if (buf) {
        buf[i] = mu * buf[i]! + stepDir;
        w[i] = w[i]! - lr * buf[i]!;
      } else w[i] = w[i]! - lr * stepDir;
    }
  }
}
