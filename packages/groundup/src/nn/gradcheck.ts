/**
 * gradcheckModule: finite-difference check of a module's backward pass with respect to its
 * inputs *and* every parameter.
 *
 *   ∂L/∂θᵢ ≈ (L(θ + ε·eᵢ) − L(θ − ε·eᵢ)) / 2ε,      L = Σ w ⊙ module(x)  (w fixed random weights)
 *
 * The module is converted to float64 first (`module.to('float64')`, in place) so that rounding
 * does not swamp the comparison; float inputs are copied to float64, int32 inputs (ids) pass as is.
 * The tolerance rule is the one of `gradcheck`: |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
import { noGrad } from '../autograd.js';
import { type GradcheckOptions, type GradcheckResult } from '../gradcheck.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { Module } from './module.js';

export function gradcheckModule(module: Module, inputs: Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  if (!(module instanceof Module)) throw new TypeError('gradcheckModule: the first argument must be an nn.Module');
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor))) throw new TypeError('gradcheckModule: inputs must be an array of Tensors');
  module.to('float64');
  const xs = inputs.map((t) => (t.dtype === 'int32' ? t : new Tensor(Float64Array.from(t.data), t.shape, 'float64', true)));
  const named: [string, Tensor][] = [...xs.flatMap((x, i): [string, Tensor][] => (x.requiresGrad ? [[`input ${i}`, x]] : [])), ...module.namedParameters()];
  let weights: Float64Array | null = null;
  const objective = (): Tensor => {
    const out = module.forward(...xs);
    if (!weights) {
      const g = new Generator(777);
      weights = Float64Array.from({ length: out.size }, () => g.normal());
    }
    return out.mul(new Tensor(weights, out.shape, 'float64')).sum();
  };
  module.zeroGrad();
  objective().backward();
  const evalAt = () => noGrad(() => objective().item());

  let worst: (GradcheckResult['worst'] & { name: string }) | null = null;
  let worstRatio = -1;
  let maxAbsError = 0;
  named.forEach(([name, t], k) => {
    const analytic = t.grad ? t.grad.data : new Float64Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const v = t.data[i]!;
      t.data[i] = v + eps;
      const fp = evalAt();
      t.data[i] = v - eps;
      const fm = evalAt();
      t.data[i] = v;
      const numeric = (fp - fm) / (2 * eps);
      const a = analytic[i]!;
      const err = Math.abs(a - numeric);
      const ratio = Number.isNaN(err) ? Infinity : err / (atol + rtol * Math.abs(numeric));
      maxAbsError = Math.max(maxAbsError, Number.isNaN(err) ? Infinity : err);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { name, input: k, index: [i], analytic: a, numeric };
      }
    }
  });
  module.zeroGrad();
  const ok = worstRatio <= 1;
  const w = worst as (GradcheckResult['worst'] & { name: string }) | null;
  const message = w
    ? `gradcheckModule ${ok ? 'passed' : 'FAILED'} for ${module.constructor.name}: worst entry ${w.name}[${w.index[0]}]: backward gives ${w.analytic}, ` +
      `finite differences ${w.numeric} (|Δ| = ${Math.abs(w.analytic - w.numeric).toExponential(2)})`
    : `gradcheckModule: ${module.constructor.name} has nothing that requires a gradient`;
  return { ok, maxAbsError, worst: w, message };
}
