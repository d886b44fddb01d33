/**
 * Task recipes: the data, the network and the default settings of the built-in toy tasks, shared
 * by `groundup train --task …` and the guide, so "train spirals with seed 1" is one run whichever
 * front end starts it.
 *
 *   const r = recipes.spirals;
 *   const d = r.load();                                   // fixed train/test split
 *   const s = recipes.settings('spirals', { lr: 0.02 }); // the defaults, overridden
 *   manualSeed(s.seed);
 *   const net = r.model(s);
 *   new recipes.Trainer(net, d.xTrain, d.yTrain, recipes.trainSettings(s)).fit();
 */
import { moons as moonsData, spirals as spiralsData } from '../data/synthetic.js';
import { ValueError } from '../errors.js';
import { MLP_ACTIVATIONS, type MlpActivation, mlp } from '../models/mlp.js';
import { type Sequential } from '../nn/module.js';
import { knownKeys, oneOf } from '../optim/make.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { indexSelect } from '../ops/index.js';
import { integer, readOptions } from '../validate.js';
import { TRAIN_SETTINGS, type TrainSettings } from './trainer.js';

/** The network's shape: an MLP inFeatures → hidden ×layers → classes. */
export interface NetSettings {
  hidden: number;
  layers: number;
  activation: MlpActivation;
}

/** A recipe's complete settings: every one has a value (the defaults fill the gaps). */
export type RecipeSettings = Required<Pick<TrainSettings, 'optimizer' | 'schedule' | 'lr' | 'weightDecay' | 'epochs' | 'batchSize' | 'seed'>> &
  Omit<TrainSettings, 'optimizer' | 'schedule' | 'lr' | 'weightDecay' | 'epochs' | 'batchSize' | 'seed'> &
  NetSettings;

export const RECIPE_SETTINGS = [...TRAIN_SETTINGS, 'hidden', 'layers', 'activation'] as const;

export interface Split {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
}

export interface TaskRecipe {
  name: 'spirals' | 'moons';
  about: string;
  classNames: string[];
  inFeatures: number;
  /** How the points are drawn: generator options and the seed of the draw. */
  data: { n: number; noise: number; seed: number; classes?: number };
  /** The fixed split: a seeded permutation, its last testFraction is the test set. */
  split: { seed: number; testFraction: number };
  defaults: RecipeSettings;
  /** The data, split (the same tensors every call). */
  load(): Split;
  /** The network for `s` (call manualSeed(s.seed) first for reproducible weights). */
  model(s: Pick<RecipeSettings, 'hidden' | 'layers' | 'activation'>): Sequential;
}

/**
 * Rows of a seeded split: a permutation of 0…n−1 by Generator(seed), the first n − round(n·f)
 * for training, the rest for testing.
 */
export function splitIndices(n: number, testFraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  const order = new Generator(seed).permutation(n);
  const nTest = Math.round(n * testFraction);
  return { train: order.slice(0, n - nTest), test: order.slice(n - nTest) };
}

const rows = (t: Tensor, idx: Int32Array) => indexSelect(t, 0, new Tensor(idx, [idx.length], 'int32'));

function splitOf(x: Tensor, y: Tensor, split: { seed: number; testFraction: number }): Split {
  const { train, test } = splitIndices(x.shape[0]!, split.testFraction, split.seed);
  return { xTrain: rows(x, train), yTrain: rows(y, train), xTest: rows(x, test), yTest: rows(y, test) };
}

function taskRecipe(r: Omit<TaskRecipe, 'load' | 'model'>, draw: () => { x: Tensor; y: Tensor }): TaskRecipe {
  let cache: Split | null = null;
  return {
    ...r,
    load: () => (cache ??= (() => {
      const d = draw();
      return splitOf(d.x, d.y, r.split);
    })()),
    model: (s) => mlp({ inFeatures: r.inFeatures, hidden: s.hidden, layers: s.layers, activation: s.activation, outFeatures: r.classNames.length }),
  };
}

const common = { optimizer: 'adam', schedule: 'cosine', weightDecay: 0, batchSize: 32, seed: 0, layers: 2, activation: 'relu' } as const;

export const spirals: TaskRecipe = taskRecipe(
  {
    name: 'spirals',
    about: '3 interleaved spirals, 600 points; MLP 2 → h → h → 3',
    classNames: ['arm 0', 'arm 1', 'arm 2'],
    inFeatures: 2,
    data: { n: 600, classes: 3, noise: 0.05, seed: 0 },
    split: { seed: 2024, testFraction: 0.2 },
    defaults: { ...common, epochs: 60, lr: 0.01, hidden: 64 },
  },
  () => spiralsData({ n: 600, classes: 3, noise: 0.05, seed: 0 }),
);

export const moons: TaskRecipe = taskRecipe(
  {
    name: 'moons',
    about: 'two moons, 500 points; MLP 2 → h → h → 2',
    classNames: ['upper', 'lower'],
    inFeatures: 2,
    data: { n: 500, noise: 0.15, seed: 0 },
    split: { seed: 2024, testFraction: 0.2 },
    defaults: { ...common, epochs: 30, lr: 0.01, hidden: 32 },
  },
  () => moonsData({ n: 500, noise: 0.15, seed: 0 }),
);

export const TASKS = { spirals, moons } as const;
export type TaskName = keyof typeof TASKS;
export const TASK_NAMES = Object.keys(TASKS) as TaskName[];

/**
 * A recipe's settings: its defaults overridden by `overrides` (undefined entries keep the
 * default). cosine and warmupCosine decay to lr/100 unless minLr is given.
 */
export function settings(task: TaskName, overrides: Partial<RecipeSettings> = {}): RecipeSettings {
  const op = 'recipes.settings';
  const r = TASKS[oneOf(op, 'task', task, TASK_NAMES)];
  const o = readOptions(op, overrides);
  knownKeys(op, o, RECIPE_SETTINGS);
  const s: Record<string, unknown> = { ...r.defaults };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) s[k] = v;
  const out = s as unknown as RecipeSettings;
  oneOf(op, 'activation', out.activation, MLP_ACTIVATIONS);
  integer(op, 'hidden', out.hidden, 1);
  integer(op, 'layers', out.layers, 0);
  if ((out.schedule === 'cosine' || out.schedule === 'warmupCosine') && out.minLr === undefined) out.minLr = out.lr / 100;
  if (out.batchSize > r.load().xTrain.shape[0]!)
    throw new ValueError(`${op}: batchSize ${out.batchSize} is larger than the ${r.load().xTrain.shape[0]} training samples of ${task}`);
  return out;
}

/** The part of a recipe's settings the Trainer reads (everything but the network's shape). */
export function trainSettings(s: RecipeSettings | (TrainSettings & Partial<NetSettings>)): TrainSettings {
  const { hidden: _h, layers: _l, activation: _a, ...rest } = s as RecipeSettings;
  return rest;
}

/**
 * A table of your own (`groundup train --csv`, the guide's data page): an MLP on the standardised
 * feature columns; cross-entropy for classes, MSE on the standardised target for a regression.
 */
export const table = {
  defaults: { optimizer: 'adam', schedule: 'cosine', lr: 0.01, weightDecay: 0, batchSize: 32, seed: 0, hidden: 32, layers: 2, activation: 'relu' } as Omit<RecipeSettings, 'epochs'>,
  /** About this many updates fit a small table. */
  steps: 3000,
  /** The batch size for n training rows (the default 32, or all rows if fewer). */
  batchSizeFor(nTrain: number, batchSize?: number): number {
    return Math.min(batchSize ?? table.defaults.batchSize, nTrain);
  },
  /** Epochs that give about `steps` updates, between 5 and 500. */
  epochsFor(nTrain: number, batchSize: number): number {
    return Math.max(5, Math.min(500, Math.round(table.steps / Math.ceil(nTrain / batchSize))));
  },
};
