/**
 * Optimizers and learning-rate schedules: how a gradient becomes a change of the weights.
 *
 *   import { optim } from 'groundup';
 *   const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 *   opt.zeroGrad(); loss.backward(); opt.step();
 */
export { Optimizer } from './optimizer.js';
export type { ParamsLike, ParamState, OptimizerStateDict } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions } from './rmsprop.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export * as schedule from './schedule.js';
export { LRScheduler } from './schedule.js';
export type { Schedule, ScheduleName, ScheduleSettings } from './schedule.js';
export { make, code, OPTIMIZER_NAMES, OPTIMIZER_SETTINGS, SETTINGS_OF } from './make.js';
export type { OptimizerName, OptimizerSettings } from './make.js';
