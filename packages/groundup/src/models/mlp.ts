/**
 * A multilayer perceptron for feature vectors: `layers` hidden layers of `hidden` units, each a
 * Linear followed by the activation, then a Linear to the outputs. The layers sit in an
 * nn.Sequential, so the parameter names ("0.weight", "2.weight", …) are those of the same
 * torch.nn.Sequential and saved weights load in PyTorch.
 */
import { ValueError, fmtValue } from '../errors.js';
import { GELU, LeakyReLU, type Module, ReLU, Sequential, Sigmoid, Tanh } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { readOptions } from '../validate.js';

export const MLP_ACTIVATIONS = ['relu', 'tanh', 'gelu', 'sigmoid', 'leaky-relu'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

export interface MlpOptions {
  inFeatures: number;
  /** Units per hidden layer. */
  hidden: number;
  /** Outputs: classes for a classifier, 1 for a regression. */
  outFeatures: number;
  /** Hidden layers (default 2; 0 is a linear model). */
  layers?: number;
  /** Default 'relu'. */
  activation?: MlpActivation;
}

function activationLayer(a: MlpActivation): Module {
  switch (a) {
    case 'relu':
      return new ReLU();
    case 'tanh':
      return new Tanh();
    case 'gelu':
      return new GELU();
    case 'sigmoid':
      return new Sigmoid();
    case 'leaky-relu':
      return new LeakyReLU();
  }
}

const whole = (name: string, v: unknown, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ValueError(`mlp: ${name} must be a whole number from ${min} to ${max}, got ${fmtValue(v)}`);
  return v;
};

/**
 * Shape: x [N, inFeatures] → [N, outFeatures].
 * @example
 * const net = models.mlp({ inFeatures: 4, hidden: 16, outFeatures: 3 }); // 4 → 16 → 16 → 3, ReLU
 */
export function mlp(options: MlpOptions): Sequential {
  const o = readOptions('mlp', options, '{ inFeatures: 4, hidden: 16, outFeatures: 3 }', true);
  const inF = whole('inFeatures', o.inFeatures, 1, 1 << 20);
  const h = whole('hidden', o.hidden, 1, 1 << 16);
  const out = whole('outFeatures', o.outFeatures, 1, 1 << 20);
  const layers = whole('layers', o.layers ?? 2, 0, 64);
  const act = o.activation ?? 'relu';
  if (!(MLP_ACTIVATIONS as readonly string[]).includes(act)) throw new ValueError(`mlp: activation must be one of ${MLP_ACTIVATIONS.join(', ')}, got ${fmtValue(act)}`);
  const mods: Module[] = [];
  let width = inF;
  for (let i = 0; i < layers; i++) {
    mods.push(new Linear(width, h), activationLayer(act));
    width = h;
  }
  mods.push(new Linear(width, out));
  return new Sequential(...mods);
}
