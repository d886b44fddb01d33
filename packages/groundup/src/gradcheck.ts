/**
 * gradcheck: does backward() agree with the definition of the derivative?
 *
 *   ∂f/∂xᵢ ≈ (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε      (central difference, error O(ε²))
 *
 * Inputs are copied to float64 so that rounding does not swamp the comparison. A function with a
 * non-scalar output is checked through L = Σ w ⊙ f(x) with fixed random weights w, which tests
 * every output entry at once.
 */
import { noGrad } from './autograd.js';
import { ShapeError, fmtShape } from './errors.js';
import { Generator } from './random.js';
import { unravelIndex } from './shape.js';
import { Tensor } from './tensor.js';

export interface GradcheckOptions {
  /** Step of the finite difference (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /**
   * Tensors the function reads besides its inputs (a layer's parameters), checked too. They are
   * perturbed in place, not copied, so they should already be float64 and require gradients.
   * Give [name, tensor] pairs to have the report name them.
   */
  params?: Iterable<Tensor | [string, Tensor]>;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytic − numeric| over all entries. */
  maxAbsError: number;
  /** The entry that came closest to failing (or failed): input k (params follow the inputs), named when known. */
  worst: { input: number; name: string; index: number[]; analytic: number; numeric: number } | null;
  /** One line: what was compared, and the worst entry. */
  message: string;
}

export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  if (typeof fn !== 'function') throw new TypeError('gradcheck: the first argument must be a function of tensors');
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor))) throw new TypeError('gradcheck: inputs must be an array of Tensors');
  const xs = inputs.map((t) => {
    if (t.dtype === 'int32') return t;
    const c = new Tensor(Float64Array.from(t.data), t.shape, 'float64', true);
    c.name = t.name;
    return c;
  });
  const checked: [string, Tensor][] = xs.map((x, i) => [x.name ?? `input ${i}`, x]);
  for (const p of options.params ?? []) {
    const [name, t] = Array.isArray(p) ? p : [p.name ?? `param ${checked.length - xs.length}`, p];
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck: params must be Tensors, got ${String(t)} for ${name}`);
    t.grad = null;
    checked.push([name, t]);
  }
  let weights: Tensor | null = null;
  const objective = (): Tensor => {
    const out = fn(...xs);
    if (!(out instanceof Tensor)) throw new TypeError('gradcheck: the function must return a Tensor');
    if (out.size === 1) return out.sum();
    if (!weights) {
      const g = new Generator(20240601);
      weights = new Tensor(Float64Array.from({ length: out.size }, () => g.normal()), out.shape, 'float64');
    }
    if (weights.size !== out.size) throw new ShapeError(`gradcheck: the output changed shape between calls (now ${fmtShape(out.shape)})`);
    return out.mul(weights).sum();
  };
  objective().backward();
  const evalAt = () => noGrad(() => objective().data[0]!);

  let worst: GradcheckResult['worst'] = null;
  let worstRatio = -1;
  let maxAbsError = 0;
  checked.forEach(([name, x], k) => {
    if (!x.requiresGrad) return;
    const analytic = x.grad ? x.grad.data : new Float64Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const v = x.data[i]!;
      x.data[i] = v + eps;
      const fp = evalAt();
      x.data[i] = v - eps;
      const fm = evalAt();
      x.data[i] = v;
      const numeric = (fp - fm) / (2 * eps);
      const a = analytic[i]!;
      const err = Math.abs(a - numeric);
      const ratio = Number.isNaN(err) ? Infinity : err / (atol + rtol * Math.abs(numeric));
      maxAbsError = Math.max(maxAbsError, Number.isNaN(err) ? Infinity : err);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { input: k, name, index: unravelIndex(i, x.shape), analytic: a, numeric };
      }
    }
  });
  const ok = worstRatio <= 1;
  const w = worst as GradcheckResult['worst'];
  const message = w
    ? `gradcheck ${ok ? 'passed' : 'FAILED'}: worst entry ${w.name}[${w.index.join(',')}]: backward gives ${w.analytic}, finite differences ${w.numeric} (|Δ| = ${Math.abs(w.analytic - w.numeric).toExponential(2)}, tolerance ${(atol + rtol * Math.abs(w.numeric)).toExponential(2)})`
    : 'gradcheck: no input requires a gradient';
  for (const [, t] of checked.slice(xs.length)) t.grad = null;
  return { ok, maxAbsError, worst: w, message };
}
