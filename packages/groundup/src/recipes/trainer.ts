/**
 * The training loop every front end runs: mini-batches in a seeded order, the schedule setting
 * the learning rate of each update, forward, loss, backward, (clip), step. The CLI's `train`, the
 * guide's chapter 5 widget and its data page all drive this one class, so a run with the same
 * settings and seed gives the same losses in each.
 *
 *   const t = new recipes.Trainer(model, x, y, { optimizer: 'adam', lr: 0.01, schedule: 'cosine', epochs: 20, batchSize: 32, seed: 0 });
 *   t.fit((epoch, loss) => console.log(epoch, loss));
 *
 * Step by step (a widget that draws between updates): `t.steps(50)`; epoch by epoch (a worker
 * that yields between epochs): `t.runEpoch()`.
 */
import { clipGradNorm } from '../optim/clip.js';
import { crossEntropy } from '../loss/crossEntropy.js';
import { mse } from '../loss/regression.js';
import { DataLoader } from '../data/loader.js';
import { ValueError, fmtValue } from '../errors.js';
import { type Module } from '../nn/module.js';
import { type Optimizer } from '../optim/optimizer.js';
import { OPTIMIZER_NAMES, OPTIMIZER_SETTINGS, type OptimizerName, type OptimizerSettings, knownKeys, make, oneOf } from '../optim/make.js';
import { NAMES as SCHEDULE_NAMES, SCHEDULE_SETTINGS, type Schedule, type ScheduleName, byName } from '../optim/schedule.js';
import { type Tensor } from '../tensor.js';
import { integer, nonNegative, positive, readOptions, tensorArg } from '../validate.js';

/**
 * Everything a run is set by. The names are the guide's URL keys and, in kebab-case, the CLI's
 * flags (batchSize ↔ --batch-size, weightDecay ↔ --weight-decay, minLr ↔ --min-lr, …).
 */
export interface TrainSettings extends OptimizerSettings {
  /** The update rule (default 'adam'). */
  optimizer?: OptimizerName;
  /** The learning-rate schedule over all updates (default 'constant'). */
  schedule?: ScheduleName;
  minLr?: number;
  warmupSteps?: number;
  stepSize?: number;
  gamma?: number;
  /** Passes over the data; sets the schedule's length (default 1). */
  epochs?: number;
  /** Samples per update (default: all of them, full-batch gradient descent). */
  batchSize?: number;
  /** Seed of the batch order (default 0). */
  seed?: number;
  /** Drop a last, smaller batch (default false). */
  dropLast?: boolean;
  /** Clip the gradient's global norm to this before each step (default: no clipping). */
  clipNorm?: number;
}

export const TRAIN_SETTINGS = [
  ...OPTIMIZER_SETTINGS,
  'optimizer',
  'schedule',
  ...SCHEDULE_SETTINGS.filter((k) => k !== 'lr' && k !== 'totalSteps'),
  'epochs',
  'batchSize',
  'seed',
  'dropLast',
  'clipNorm',
] as const;

export type LossName = 'crossEntropy' | 'mse';
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

export interface TrainerExtras {
  /** 'crossEntropy' (default; y holds class indices), 'mse', or any (output, y) → scalar loss. */
  loss?: LossName | LossFn;
  /** Applied to each input batch before the forward pass (augmentation). */
  transform?: (xb: Tensor) => Tensor;
  /** A schedule object (optim.schedule.*) used instead of the named one (settings.schedule is then ignored). */
  schedule?: Schedule;
}

const OP = 'recipes.Trainer';

export class Trainer {
  readonly optimizer: Optimizer;
  readonly schedule: Schedule;
  readonly loader: DataLoader;
  readonly optimizerName: OptimizerName;
  readonly scheduleName: ScheduleName;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Updates per epoch and in the whole run (epochs × stepsPerEpoch). */
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Updates done so far. */
  step = 0;
  /** Epochs completed so far. */
  epoch = 0;
  /** The loss of each update's batch (measured before that update). */
  readonly losses: number[] = [];
  /** The mean loss over each completed epoch's samples. */
  readonly epochLosses: number[] = [];
  private readonly lossFn: LossFn;
  private readonly clipNorm: number | undefined;
  private batches: Iterator<[Tensor, Tensor]> | null = null;
  private sum = 0;
  private seen = 0;

  constructor(
    readonly model: Module,
    x: Tensor,
    y: Tensor,
    settings: TrainSettings = {},
    private readonly extras: TrainerExtras = {},
  ) {
    tensorArg(OP, x, 'x');
    tensorArg(OP, y, 'y');
    const s = readOptions(OP, settings, "{ optimizer: 'adam', lr: 0.01, epochs: 10 }");
    knownKeys(OP, s, TRAIN_SETTINGS);
    this.optimizerName = oneOf(OP, 'optimizer', s.optimizer ?? 'adam', OPTIMIZER_NAMES);
    this.scheduleName = oneOf(OP, 'schedule', s.schedule ?? 'constant', SCHEDULE_NAMES);
    this.epochs = integer(OP, 'epochs', s.epochs ?? 1, 1);
    const n = x.shape[0] ?? 0;
    this.batchSize = integer(OP, 'batchSize', s.batchSize ?? Math.max(1, n), 1);
    if (n > 0 && this.batchSize > n) throw new ValueError(`${OP}: batchSize ${this.batchSize} is larger than the ${n} training samples`);
    this.seed = integer(OP, 'seed', s.seed ?? 0, 0);
    if (s.clipNorm !== undefined) positive(OP, 'clipNorm', s.clipNorm);
    this.clipNorm = s.clipNorm;
    this.loader = new DataLoader(x, y, { batchSize: this.batchSize, shuffle: true, seed: this.seed, dropLast: !!s.dropLast });
    this.stepsPerEpoch = this.loader.length;
    if (this.stepsPerEpoch === 0) throw new ValueError(`${OP}: dropLast with batchSize ${this.batchSize} > ${n} samples leaves no batch`);
    this.totalSteps = this.epochs * this.stepsPerEpoch;
    const { lr, momentum, beta1, beta2, alpha, eps, weightDecay } = s;
    const opt: OptimizerSettings = { lr, momentum, beta1, beta2, alpha, eps, weightDecay };
    for (const k of Object.keys(opt) as (keyof OptimizerSettings)[]) if (opt[k] === undefined) delete opt[k];
    this.optimizer = make(this.optimizerName, model.parameters(), opt);
    const sched = { lr: this.optimizer.lr, totalSteps: this.totalSteps, minLr: s.minLr, warmupSteps: s.warmupSteps, stepSize: s.stepSize, gamma: s.gamma };
    if (sched.minLr !== undefined) nonNegative(OP, 'minLr', sched.minLr);
    for (const k of ['minLr', 'warmupSteps', 'stepSize', 'gamma'] as const) if (sched[k] === undefined) delete sched[k];
    if (extras.schedule !== undefined && typeof (extras.schedule as Schedule).lrAt !== 'function')
      throw new TypeError(`${OP}: extras.schedule must be a schedule such as optim.schedule.cosine({ … }), got ${fmtValue(extras.schedule)}`);
    this.schedule = extras.schedule ?? byName(this.scheduleName, sched);
    const loss = extras.loss ?? 'crossEntropy';
    if (typeof loss === 'function') this.lossFn = loss;
    else this.lossFn = oneOf(OP, 'loss', loss, ['crossEntropy', 'mse'] as const) === 'mse' ? (o, t) => mse(o, t) : (o, t) => crossEntropy(o, t);
  }

  /** True once all `epochs` are done (steps() may still go on, at the schedule's final lr). */
  get done(): boolean {
    return this.epoch >= this.epochs;
  }

  /** The learning rate of the next update. */
  get lr(): number {
    return this.schedule.lrAt(this.step);
  }

  /** One update on the next batch; returns that batch's loss (before the update). */
  trainStep(): number {
    if (!this.batches) {
      this.batches = this.loader[Symbol.iterator]();
      this.sum = 0;
      this.seen = 0;
    }
    const next = this.batches.next();
    if (next.done) {
      this.batches = null;
      return this.trainStep();
    }
    const [batch, yb] = next.value;
    this.model.train();
    const xb = this.extras.transform ? this.extras.transform(batch) : batch;
    this.schedule.apply(this.optimizer, this.step);
    this.optimizer.zeroGrad();
    const l = this.lossFn(this.model.forward(xb), yb);
    const v = l.item();
    if (!Number.isFinite(v))
      throw new ValueError(`${OP}: the loss became ${fmtValue(v)} at update ${this.step + 1} (epoch ${this.epoch + 1}); lower lr (now ${this.optimizer.lr})`);
    l.backward();
    if (this.clipNorm !== undefined) clipGradNorm(this.model.parameters(), this.clipNorm);
    this.optimizer.step();
    this.losses.push(v);
    this.step++;
    const b = xb.shape[0]!;
    this.sum += v * b;
    this.seen += b;
    if (this.step % this.stepsPerEpoch === 0) {
      this.epoch++;
      this.epochLosses.push(this.sum / this.seen);
      this.batches = null;
    }
    return v;
  }

  /** `n` updates (crossing epoch boundaries as needed); returns the loss of the last one. */
  steps(n: number): number {
    integer(`${OP}.steps`, 'n', n, 0);
    let v = NaN;
    for (let k = 0; k < n; k++) v = this.trainStep();
    return v;
  }

  /** Finishes the current epoch; returns its mean loss over the samples. */
  runEpoch(): number {
    const target = this.epoch + 1;
    while (this.epoch < target) this.trainStep();
    return this.epochLosses.at(-1)!;
  }

  /** Runs the remaining epochs, calling `onEpoch(epoch, meanLoss)` after each; returns the last epoch's mean loss. */
  fit(onEpoch?: (epoch: number, loss: number) => void): number {
    while (!this.done) {
      const l = this.runEpoch();
      onEpoch?.(this.epoch, l);
    }
    return this.epochLosses.at(-1) ?? NaN;
  }
}
