/**
 * Adam and AdamW: momentum on the gradient (first moment) divided by a running root-mean-square
 * of the gradient (second moment), so every weight gets its own step size. The two differ only
 * in how weight decay enters: Adam adds λw to the gradient (L2 regularisation, which the division
 * by √v̂ then rescales), AdamW shrinks the weights directly (decoupled weight decay).
 */
import { type TypedArray } from '../dtype.js';
import { fmtValue } from '../errors.js';
import { type Tensor } from '../tensor.js';
import { syncKernelState, updateKernelFor } from '../dispatch.js';
import { Optimizer, type ParamState, type ParamsLike, nonNegative, readOptions, unitInterval } from './optimizer.js';

export interface AdamOptions {
  /** The learning rate η (default 1e-3). */
  lr?: number;
  /** [β₁, β₂], each in [0, 1): decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** ε > 0 added to √v̂ so the division never blows up (default 1e-8). */
  eps?: number;
  /** λ ≥ 0 (Adam default 0, L2 added to the gradient; AdamW default 0.01, decoupled). */
  weightDecay?: number;
  /** Divide by the largest v̂ seen so far instead of the current one (AMSGrad; default false). */
  amsgrad?: boolean;
}

/** The shared rule; `decoupled` picks AdamW's form of weight decay. */
abstract class AdamBase extends Optimizer {
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;

  protected constructor(
    name: string,
    params: ParamsLike,
    options: AdamOptions | undefined,
    defaultWd: number,
    private readonly decoupled: boolean,
  ) {
    const o = readOptions(name, options);
    super(name, params, o.lr ?? 1e-3);
    const betas = o.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) throw new TypeError(`${name}: betas must be a pair [β₁, β₂], got ${fmtValue(betas)}`);
    this.betas = [unitInterval(name, 'betas[0] (β₁)', betas[0]), unitInterval(name, 'betas[1] (β₂)', betas[1])];
    this.eps = nonNegative(name, 'eps', o.eps ?? 1e-8);
    this.weightDecay = nonNegative(name, 'weightDecay', o.weightDecay ?? defaultWd);
    const ams = o.amsgrad ?? false;
    if (typeof ams !== 'boolean') throw new TypeError(`${name}: amsgrad must be true or false, got ${fmtValue(ams)}`);
    this.amsgrad = ams;
  }

  /** The moments may be resident in the kernel's memory between steps: copy them into expAvg/expAvgSq. */
  protected override syncState(s: ParamState, drop = false): void {
    const m = s.expAvg as Tensor | undefined, v = s.expAvgSq as Tensor | undefined;
    if (m && v) syncKernelState('adam', m.data, v.data, drop);
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, p: Tensor): void {
    const { lr, eps, weightDecay: wd, amsgrad, decoupled } = this;
    const [b1, b2] = this.betas;
    // (1) count the step; the bias corrections undo the zero start of m and v
    const t = (s.step = ((s.step as number | undefined) ?? 0) + 1);
    const m = ((s.expAvg as Tensor | undefined) ?? (s.expAvg = this.buffer(p))).data;
    const v = ((s.expAvgSq as Tensor | undefined) ?? (s.expAvgSq = this.buffer(p))).data;
    const vmax = amsgrad ? ((s.maxExpAvgSq as Tensor | undefined) ?? (s.maxExpAvgSq = this.buffer(p))).data : null;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    // The fast path: the same rule as the loop below, in one pass of a registered kernel.
    if (!vmax) {
      const h = { lr, beta1: b1, beta2: b2, eps, step: t, weightDecay: decoupled ? 0 : wd, shrink: decoupled ? 1 - lr * wd : 1 };
      const k = updateKernelFor('adam', w, g, m, v, h);
      if (k) return k.run(w, g, m, v, h);
    }
    // the loop below reads and writes m and v here: take them back from a kernel that kept them
    syncKernelState('adam', m, v, true);
    for (let i = 0; i < w.length; i++) {
      let gi = g[i]!;
      // (2) weight decay: AdamW shrinks w directly, Adam adds λw to the gradient
      if (decoupled) w[i] = w[i]! * (1 - lr * wd);
      else gi += wd * w[i]!;
      // (3) moment estimates
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      let vi = v[i]!;
      if (vmax) vi = vmax[i] = Math.max(vmax[i]!, vi);
      // (4) the step: η · m̂ / (√v̂ + ε)
      w[i] = w[i]! - (lr * (m[i]! / bc1)) / (Math.sqrt(vi / bc2) + eps);
    }
  }
}

/**
 * Adam (Kingma & Ba, 2015), with L2 weight decay as in PyTorch's `Adam`. At step t, for each
 * parameter w with gradient g:
 *
 * $$\begin{aligned}
 * g &\leftarrow g + \lambda w && \text{(L2 decay: part of the gradient)}\\
 * m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g^2\\
 * \hat m_t &= \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t} && \text{(bias correction: } m_0 = v_0 = 0)\\
 * w &\leftarrow w - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}
 * \end{aligned}$$
 *
 * State per parameter: `step`, `expAvg` (m), `expAvgSq` (v) and, with amsgrad, `maxExpAvgSq`.
 * On the fast path (float32, ≥ 256 numbers) m and v stay in WebAssembly memory between steps;
 * `state()` and `stateDict()` copy them into `expAvg`/`expAvgSq` first, so what they return is
 * always current. Treat those tensors as read-only (writes are overwritten by the next step);
 * to change the state, `loadStateDict`.
 *
 * @example
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends AdamBase {
  constructor(params: ParamsLike, options?: AdamOptions) {
    super('Adam', params, options, 0, false);
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay. The decay shrinks the weights
 * directly and never passes through the moment estimates:
 *
 * $$w \leftarrow w\,(1 - \eta\lambda), \qquad\text{then the Adam step on the raw gradient } g.$$
 *
 * With L2 decay inside Adam, a weight with large gradients gets its decay divided by a large √v̂
 * and barely shrinks; with AdamW every weight shrinks by the same factor (1 − ηλ) per step.
 * Default λ = 0.01.
 */
export class AdamW extends AdamBase {
  constructor(params: ParamsLike, options?: AdamOptions) {
    super('AdamW', params, options, 0.01, true);
  }
}
