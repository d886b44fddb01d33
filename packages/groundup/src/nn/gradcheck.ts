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
import { gradcheck, type GradcheckOptions, type GradcheckResult } from '../gradcheck.js';
import { Tensor } from '../tensor.js';
import { Module } from './module.js';

export function gradcheckModule(module: Module, inputs: Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  if (!(module instanceof Module)) throw new TypeError('gradcheckModule: the first argument must be an nn.Module');
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor))) throw new TypeError('gradcheckModule: inputs must be an array of Tensors');
  module.to('float64');
  const r = gradcheck((...xs) => module.forward(...xs), inputs, { ...options, params: module.namedParameters() });
  const message = r.worst
    ? r.message.replace(/^gradcheck/, `gradcheckModule for ${module.constructor.name}:`)
    : `gradcheckModule: ${module.constructor.name} has nothing that requires a gradient`;
  return { ...r, message };
}
