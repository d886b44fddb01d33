/**
 * Optimizers by name: one factory the CLI, the guide and a script all use, so that 'sgd' means
 * the same rule everywhere and a setting has one name everywhere.
 *
 *   const opt = optim.make('momentum', model.parameters(), { lr: 0.05, momentum: 0.9 });
 *
 * Names: sgd (plain, no momentum), momentum, nesterov, rmsprop, adam, adamw.
 * Settings (camelCase here, kebab-case as CLI flags, the same word as a guide URL key):
 *   lr, momentum (μ of momentum/nesterov, default 0.9), beta1, beta2 (Adam's β, defaults 0.9,
 *   0.999), alpha (RMSprop's decay, default 0.99), eps, weightDecay (default 0.01 for adamw, else 0).
 * A setting the chosen rule does not read is ignored (so one settings object can drive a choice of
 * rules); a name that is no setting at all is a ValueError listing the settings.
 */
import { ValueError, fmtValue } from '../errors.js';
import { nonNegative, positive, readOptions, unitInterval } from '../validate.js';
import { Adam, AdamW } from './adam.js';
import { type Optimizer, type ParamsLike } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface OptimizerSettings {
  /** Learning rate η (default 0.01 for the SGD family, 1e-3 for rmsprop/adam/adamw). */
  lr?: number;
  /** μ ∈ [0, 1) for momentum and nesterov (default 0.9). */
  momentum?: number;
  /** Adam/AdamW β₁ ∈ [0, 1) (default 0.9). */
  beta1?: number;
  /** Adam/AdamW β₂ ∈ [0, 1) (default 0.999). */
  beta2?: number;
  /** RMSprop's decay α ∈ [0, 1) (default 0.99). */
  alpha?: number;
  /** ε > 0 of the adaptive rules (default 1e-8). */
  eps?: number;
  /** λ ≥ 0: L2 in the gradient for sgd/momentum/nesterov/rmsprop/adam, decoupled for adamw (default 0.01 for adamw, else 0). */
  weightDecay?: number;
}

export const OPTIMIZER_SETTINGS = ['lr', 'momentum', 'beta1', 'beta2', 'alpha', 'eps', 'weightDecay'] as const;

/** Which settings each rule reads. */
export const SETTINGS_OF: Record<OptimizerName, readonly (keyof OptimizerSettings)[]> = {
  sgd: ['lr', 'weightDecay'],
  momentum: ['lr', 'momentum', 'weightDecay'],
  nesterov: ['lr', 'momentum', 'weightDecay'],
  rmsprop: ['lr', 'alpha', 'eps', 'weightDecay'],
  adam: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
  adamw: ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'],
};

/** `v` if it is one of `choices`, else a ValueError (TypeError for a non-string) listing them. */
export function oneOf<T extends string>(op: string, what: string, v: unknown, choices: readonly T[]): T {
  if (typeof v !== 'string') throw new TypeError(`${op}: ${what} must be a string, one of ${choices.join(', ')}; got ${fmtValue(v)}`);
  if (!(choices as readonly string[]).includes(v)) throw new ValueError(`${op}: unknown ${what} ${fmtValue(v)}; choose one of ${choices.join(', ')}`);
  return v as T;
}

/** Refuses keys that are none of `known` (a typo such as `weight_decay` would otherwise do nothing). */
export function knownKeys(op: string, o: object, known: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!known.includes(k)) throw new ValueError(`${op}: unknown setting ${fmtValue(k)}; the settings are ${known.join(', ')}`);
}

/** The optimizer `name` over `params`, with `settings` (see the module comment for names and defaults). */
export function make(name: OptimizerName, params: ParamsLike, settings: OptimizerSettings = {}): Optimizer {
  const op = 'optim.make';
  const id = oneOf(op, 'optimizer', name, OPTIMIZER_NAMES);
  const s = readOptions(op, settings, '{ lr: 0.01 }');
  knownKeys(op, s, OPTIMIZER_SETTINGS);
  const adaptive = id === 'rmsprop' || id === 'adam' || id === 'adamw';
  const lr = positive(op, 'lr', s.lr ?? (adaptive ? 1e-3 : 0.01));
  const weightDecay = nonNegative(op, 'weightDecay', s.weightDecay ?? (id === 'adamw' ? 0.01 : 0));
  const eps = positive(op, 'eps', s.eps ?? 1e-8);
  switch (id) {
    case 'sgd':
      return new SGD(params, { lr, weightDecay });
    case 'momentum':
    case 'nesterov': {
      const momentum = unitInterval(op, 'momentum', s.momentum ?? 0.9);
      if (id === 'nesterov' && momentum === 0) throw new ValueError(`${op}: nesterov needs momentum > 0, got 0; for no momentum choose sgd`);
      return new SGD(params, { lr, momentum, nesterov: id === 'nesterov', weightDecay });
    }
    case 'rmsprop':
      return new RMSprop(params, { lr, alpha: unitInterval(op, 'alpha', s.alpha ?? 0.99), eps, weightDecay });
    case 'adam':
    case 'adamw': {
      const betas = [unitInterval(op, 'beta1', s.beta1 ?? 0.9), unitInterval(op, 'beta2', s.beta2 ?? 0.999)] as const;
      return id === 'adam' ? new Adam(params, { lr, betas, eps, weightDecay }) : new AdamW(params, { lr, betas, eps, weightDecay });
    }
  }
}

/** The JavaScript that builds the same optimizer (for code cells and printed recipes); `params` is its first argument's text. */
export function code(name: OptimizerName, settings: OptimizerSettings = {}, params = 'model.parameters()'): string {
  const id = oneOf('optim.code', 'optimizer', name, OPTIMIZER_NAMES);
  const used = SETTINGS_OF[id].filter((k) => settings[k] !== undefined).map((k) => `${k}: ${settings[k]}`);
  return `optim.make('${id}', ${params}, { ${used.join(', ')} })`;
}
