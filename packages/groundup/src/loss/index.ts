/**
 * Losses: one number that says how wrong a prediction is, whose gradient training follows.
 * Every loss takes `{ reduction: 'mean' (default) | 'sum' | 'none' }`.
 *
 *   import { loss } from 'groundup';
 *   loss.crossEntropy(logits, labels).backward();
 */
export type { Reduction, ReductionOptions } from './reduction.js';
export { mse, l1, huber } from './regression.js';
export type { HuberOptions } from './regression.js';
export { crossEntropy, nll } from './crossEntropy.js';
export type { CrossEntropyOptions, NllOptions } from './crossEntropy.js';
export { bceWithLogits } from './binary.js';
export type { BCEWithLogitsOptions } from './binary.js';
export { dice } from './dice.js';
export type { DiceOptions } from './dice.js';
export { klDiv, klDivReverse } from './kl.js';
export { infoNCE, ntXent, normalizeRows } from './contrastive.js';
export type { InfoNCEOptions, NTXentOptions } from './contrastive.js';
