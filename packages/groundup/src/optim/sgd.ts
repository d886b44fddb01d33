/**
 * Stochastic gradient descent, with momentum, Nesterov momentum and L2 weight decay.
 * (Batch, mini-batch or stochastic is a choice of the data loader: the rule is the same.)
 */
import { type TypedArray } from '../dtype.js';
import { ValueError, fmtValue } from '../errors.js';
import { type Tensor } from '../tensor.js';
import { Optimizer, type ParamState, type ParamsLike, nonNegative, readOptions } from './optimizer.js';

export interface SGDOptions {
  /** The learning rate η (required). */
  lr: number;
  /** μ ≥ 0: how much of the previous step's direction carries over (default 0, plain SGD). */
  momentum?: number;
  /** τ ∈ [0, 1]: damps the new gradient's share of the momentum buffer (default 0). */
  dampening?: number;
  /** Look ahead along the momentum before taking the gradient step (needs momentum > 0, dampening 0). */
  nesterov?: boolean;
  /** λ ≥ 0: L2 penalty ½λ‖w‖², added to the gradient as λw (default 0). */
  weightDecay?: number;
}

/**
 * SGD with PyTorch's update rule. For each parameter w with gradient g, at step t:
 *
 * $$\begin{aligned}
 * g &\leftarrow g + \lambda w && \text{(L2 weight decay)}\\
 * b_t &= \begin{cases} g & t = 1 \\ \mu\, b_{t-1} + (1-\tau)\, g & t > 1 \end{cases} && \text{(momentum buffer, if } \mu > 0)\\
 * d &= \begin{cases} g + \mu\, b_t & \text{Nesterov} \\ b_t & \text{otherwise} \end{cases}\\
 * w &\leftarrow w - \eta\, d
 * \end{aligned}$$
 *
 * Without momentum, d = g: the plain step w ← w − η∇L.
 *
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: ParamsLike, options: SGDOptions) {
    const o = readOptions('SGD', options);
    super('SGD', params, o.lr);
    this.momentum = nonNegative('SGD', 'momentum', o.momentum ?? 0);
    this.dampening = nonNegative('SGD', 'dampening', o.dampening ?? 0);
    if (this.dampening > 1) throw new ValueError(`SGD: dampening must be in [0, 1], got ${this.dampening}`);
    this.weightDecay = nonNegative('SGD', 'weightDecay', o.weightDecay ?? 0);
    const nesterov = o.nesterov ?? false;
    if (typeof nesterov !== 'boolean') throw new TypeError(`SGD: nesterov must be true or false, got ${fmtValue(nesterov)}`);
    if (nesterov && (this.momentum <= 0 || this.dampening !== 0))
      throw new ValueError(
        `SGD: nesterov: true needs momentum > 0 and dampening 0 (got momentum ${this.momentum}, dampening ${this.dampening}); Nesterov's look-ahead is a step along the momentum`,
      );
    this.nesterov = nesterov;
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, p: Tensor): void {
    const { lr, momentum: mu, dampening: tau, nesterov, weightDecay: wd } = this;
    const first = s.momentumBuffer === undefined;
    const buf = mu > 0 ? ((s.momentumBuffer as Tensor | undefined) ?? (s.momentumBuffer = this.buffer(p))).data : null;
    for (let i = 0; i < w.length; i++) {
      let d = g[i]! + wd * w[i]!;
      if (buf) {
        buf[i] = first ? d : mu * buf[i]! + (1 - tau) * d;
        d = nesterov ? d + mu * buf[i]! : buf[i]!;
      }
      w[i] = w[i]! - lr * d;
    }
  }
}
