/**
 * The tasks `groundup train` and `groundup eval` know: where each one's data comes from, how it is
 * split and preprocessed, which model fits it, and the training settings that work for it. Train
 * writes the model's description (a ModelFile) beside the weights; eval rebuilds the same model,
 * data split and preprocessing from it, so the test accuracy is reproduced exactly.
 */
import { Generator, Tensor, data, io, models, nn, optim, recipes, tensor } from 'groundup';
import { UsageError } from './context.js';

export const TASKS = ['spirals', 'moons', 'iris', 'digits', 'fashion', 'ecg'] as const;
export type TaskName = (typeof TASKS)[number];
/** The library's names (optim.make, optim.schedule.byName): the guide's URL state uses the same. */
export const OPTIMIZERS = optim.OPTIMIZER_NAMES;
export type OptimizerName = optim.OptimizerName;
export const SCHEDULES = optim.schedule.NAMES;
export type ScheduleName = optim.ScheduleName;
/**
 * Which model to train: the task's network ('small', the default), the capstone models.ecgNet
 * (`--task ecg`), or a tree ensemble for tabular tasks ('forest', 'boosted'; see ensemble.ts).
 */
export const MODELS = ['small', 'capstone', 'forest', 'boosted'] as const;
export type ModelName = (typeof MODELS)[number];

/** An MLP for feature vectors, or a 1-D CNN for multichannel signals. */
export type ModelConfig =
  /** classes: the outputs (one per class; 1 for a regression on a table). */
  | { kind: 'mlp'; inFeatures: number; hidden: number; classes: number; layers?: number; activation?: models.MlpActivation }
  | { kind: 'cnn1d'; channels: number; length: number; hidden: number; classes: number }
  | { kind: 'ecgnet'; leads: number; samples: number; width: number; heads: number; dropout: number; classes: number };

/** What is done to the raw inputs before the model sees them (fitted on the training split only). */
export type Preprocess =
  | { kind: 'none' }
  | { kind: 'scale'; factor: number }
  | { kind: 'standardize'; mean: number[]; std: number[] }
  | { kind: 'standardize-each-channel' };

/** How the data set was made and split; enough to make it again. */
export interface DataConfig {
  /** Seed of the generator for synthetic sets (spirals, moons, ecg). */
  seed: number;
  /** Number of samples drawn or loaded. */
  n: number;
  /** 'shuffle' = a seeded permutation, last `testFraction` of it is the test set; 'given' = the set's own split. */
  split: 'shuffle' | 'given';
  splitSeed: number;
  testFraction: number;
  /** Task-specific generator options (noise level, ECG length and rate). */
  options: Record<string, number>;
}

export interface TrainingConfig {
  epochs: number;
  lr: number;
  batchSize: number;
  optimizer: OptimizerName;
  weightDecay: number;
  schedule: ScheduleName;
  seed: number;
  /** Regularisation used by the capstone recipe (absent: plain cross-entropy, no clipping, no augmentation). */
  recipe?: Recipe;
}

/**
 * The capstone's training extras: label smoothing in the cross-entropy, gradient-norm clipping,
 * and a fresh random augmentation of every mini-batch (Gaussian noise, amplitude scaling, a
 * circular time shift — the leads of a record move together).
 */
export interface Recipe {
  labelSmoothing: number;
  clipNorm: number;
  augment: { noise: number; scale: [number, number]; shift: number };
}

/** The recipe `--model capstone` trains with. */
export const CAPSTONE_RECIPE: Recipe = { labelSmoothing: 0.1, clipNorm: 1, augment: { noise: 0.05, scale: [0.8, 1.2], shift: 20 } };

/** Defaults that replace the task's when `--task ecg --model capstone`: `hidden` is the token width. */
export const CAPSTONE_DEFAULTS = { epochs: 12, lr: 3e-3, batchSize: 16, hidden: 32, heads: 2, dropout: 0.1 };

/** The JSON sidecar written next to the weights (also stored in the safetensors header). */
export interface ModelFile {
  format: 'groundup-model';
  version: 1;
  task: TaskName;
  classNames: string[];
  model: ModelConfig;
  preprocess: Preprocess;
  data: DataConfig;
  training: TrainingConfig;
  results: { trainLoss: number; testAccuracy: number; macroF1: number; seconds: number };
}

export interface TaskDefaults {
  epochs: number;
  lr: number;
  batchSize: number;
  hidden: number;
  optimizer: OptimizerName;
  schedule: ScheduleName;
  /** One line for --help. */
  about: string;
}

/** Settings that train each task well in seconds to a minute on a laptop CPU. */
export const DEFAULTS: Record<TaskName, TaskDefaults> = {
  // spirals and moons: the library's recipes (recipes.spirals / recipes.moons), which the guide trains too
  spirals: { ...recipes.spirals.defaults, about: recipes.spirals.about },
  moons: { ...recipes.moons.defaults, about: recipes.moons.about },
  iris: { epochs: 60, lr: 0.01, batchSize: 16, hidden: 16, optimizer: 'adam', schedule: 'cosine', about: "Fisher's iris, 150 flowers; MLP 4 → h → h → 3" },
  digits: { epochs: 15, lr: 3e-3, batchSize: 32, hidden: 64, optimizer: 'adam', schedule: 'cosine', about: '8×8 handwritten digits, 1,797 images; MLP 64 → h → h → 10' },
  fashion: { epochs: 10, lr: 1e-3, batchSize: 32, hidden: 128, optimizer: 'adam', schedule: 'cosine', about: 'Fashion-MNIST subset, 2,000 + 500 images; MLP 784 → h → h → 10' },
  ecg: { epochs: 15, lr: 3e-3, batchSize: 32, hidden: 16, optimizer: 'adamw', schedule: 'warmupCosine', about: 'synthetic 12-lead ECG rhythms; Conv1d + BatchNorm + pooling + Linear' },
};

/** Settings of the data of each task. */
const SPLIT_SEED = 2024;
const TEST_FRACTION = 0.2;
const ECG = { n: 600, samples: 500, fs: 250 };

export function isTask(s: string): s is TaskName {
  return (TASKS as readonly string[]).includes(s);
}

export interface Split {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  classNames: string[];
  data: DataConfig;
}

interface Loaded {
  x: Tensor;
  y: Tensor;
  classNames: string[];
  /** The set's own test part, when it ships one. */
  test?: { x: Tensor; y: Tensor };
  seed: number;
  options: Record<string, number>;
}

/** The generator `data.ecg.synthetic`, if this build of the library has it. */
type EcgSynthetic = (o: { n: number; leads: number; samples: number; fs: number; seed: number }) => { x: Tensor; y: Tensor; classNames: string[] };
export function ecgGenerator(): EcgSynthetic | undefined {
  const f = (data.ecg as unknown as { synthetic?: unknown }).synthetic;
  return typeof f === 'function' ? (f as EcgSynthetic) : undefined;
}

async function load(task: TaskName): Promise<Loaded> {
  switch (task) {
    case 'spirals': {
      const { seed, ...o } = recipes.spirals.data;
      const d = data.spirals({ ...o, seed });
      return { ...d, classNames: recipes.spirals.classNames, seed, options: o as Record<string, number> };
    }
    case 'moons': {
      const { seed, ...o } = recipes.moons.data;
      const d = data.moons({ ...o, seed });
      return { ...d, classNames: recipes.moons.classNames, seed, options: o as Record<string, number> };
    }
    case 'iris': {
      const d = data.iris();
      return { x: d.x, y: d.y, classNames: d.classNames, seed: 0, options: {} };
    }
    case 'digits': {
      const d = data.digits();
      return { x: d.x, y: d.y, classNames: d.classNames, seed: 0, options: {} };
    }
    case 'fashion': {
      const train = await data.fashionMnist({ split: 'train' });
      const test = await data.fashionMnist({ split: 'test' });
      const flat = (t: Tensor) => t.reshape(t.shape[0]!, 28 * 28);
      return { x: flat(train.x), y: train.y, classNames: train.classNames, test: { x: flat(test.x), y: test.y }, seed: 0, options: {} };
    }
    case 'ecg': {
      const gen = ecgGenerator();
      if (!gen)
        throw new UsageError(
          'groundup: --task ecg needs the synthetic ECG generator (data.ecg.synthetic), which this build of the library does not have yet; ' +
            `try another task: ${TASKS.filter((t) => t !== 'ecg').join(', ')}`,
        );
      const d = gen({ n: ECG.n, leads: 12, samples: ECG.samples, fs: ECG.fs, seed: 0 });
      return { x: d.x, y: d.y, classNames: d.classNames, seed: 0, options: { ...ECG, leads: 12 } };
    }
  }
}

/** Rows `idx` of a tensor. */
function rows(t: Tensor, idx: Int32Array): Tensor {
  return t.indexSelect(0, new Tensor(idx, [idx.length], 'int32'));
}

/**
 * The task's data, split into train and test. The split is fixed (seed SPLIT_SEED), whatever
 * --seed says, so that every run and every eval of a task is judged on the same test set.
 */
export async function loadSplit(task: TaskName): Promise<Split> {
  const d = await load(task);
  const n = d.x.shape[0]!;
  const base = { seed: d.seed, options: d.options, splitSeed: SPLIT_SEED };
  if (d.test) {
    return {
      xTrain: d.x,
      yTrain: d.y,
      xTest: d.test.x,
      yTest: d.test.y,
      classNames: d.classNames,
      data: { ...base, n: n + d.test.x.shape[0]!, split: 'given', testFraction: d.test.x.shape[0]! / (n + d.test.x.shape[0]!) },
    };
  }
  const order = new Generator(SPLIT_SEED).permutation(n);
  const nTest = Math.round(n * TEST_FRACTION);
  const testIdx = order.slice(n - nTest);
  const trainIdx = order.slice(0, n - nTest);
  return {
    xTrain: rows(d.x, trainIdx),
    yTrain: rows(d.y, trainIdx),
    xTest: rows(d.x, testIdx),
    yTest: rows(d.y, testIdx),
    classNames: d.classNames,
    data: { ...base, n, split: 'shuffle', testFraction: TEST_FRACTION },
  };
}

/** The preprocessing of a task, its statistics (if any) taken from the training inputs. */
export function fitPreprocess(task: TaskName, xTrain: Tensor): Preprocess {
  switch (task) {
    case 'iris': {
      // z-score each feature with the training split's mean and standard deviation
      const mean = xTrain.mean(0).toArray() as number[];
      const std = (xTrain.std(0).toArray() as number[]).map((s) => (s > 0 ? s : 1));
      return { kind: 'standardize', mean, std };
    }
    case 'digits':
      return { kind: 'scale', factor: 1 / 16 }; // pixel counts 0 … 16 → 0 … 1
    case 'ecg':
      return { kind: 'standardize-each-channel' }; // each lead of each recording to mean 0, std 1
    default:
      return { kind: 'none' };
  }
}

export function applyPreprocess(p: Preprocess, x: Tensor): Tensor {
  switch (p.kind) {
    case 'none':
      return x;
    case 'scale':
      return x.mul(p.factor);
    case 'standardize':
      return x.sub(tensor(p.mean)).div(tensor(p.std));
    case 'standardize-each-channel': {
      // x [N, C, L]: statistics over time, separately for every recording and lead
      const mu = x.mean(2, true);
      const sd = x.std(2, { keepdim: true, unbiased: false }).add(1e-6);
      return x.sub(mu).div(sd);
    }
  }
}

/** The model that suits a task's inputs. */
export function modelConfigFor(task: TaskName, xTrain: Tensor, classes: number, hidden: number, model: ModelName = 'small'): ModelConfig {
  if (model === 'capstone') {
    if (task !== 'ecg') throw new UsageError(`groundup: --model capstone is the ECG network; use it with --task ecg (not ${task})`);
    if (hidden % CAPSTONE_DEFAULTS.heads !== 0 || hidden % 2 !== 0)
      throw new UsageError(`groundup: --hidden ${hidden} is the capstone's token width and must be even (split over ${CAPSTONE_DEFAULTS.heads} attention heads)`);
    const { heads, dropout } = CAPSTONE_DEFAULTS;
    return { kind: 'ecgnet', leads: xTrain.shape[1]!, samples: xTrain.shape[2]!, width: hidden, heads, dropout, classes };
  }
  if (task === 'ecg') return { kind: 'cnn1d', channels: xTrain.shape[1]!, length: xTrain.shape[2]!, hidden, classes };
  return { kind: 'mlp', inFeatures: xTrain.shape[1]!, hidden, classes };
}

/**
 * Builds the network a config describes. Parameter names follow PyTorch, so the same
 * nn.Sequential in PyTorch loads the saved weights.
 *
 * - mlp:   models.mlp: Linear(in, h) → ReLU → Linear(h, h) → ReLU → Linear(h, classes) (layers and activation may differ)
 * - cnn1d: [N, C, L] → Conv1d(C, h, 7, pad 3) → BatchNorm1d → ReLU → MaxPool1d(4)
 *                    → Conv1d(h, 2h, 5, pad 2) → BatchNorm1d → ReLU → MaxPool1d(4)
 *                    → AvgPool1d(over what is left) → Flatten → Dropout(0.1) → Linear(2h, classes)
 * - ecgnet: the capstone, models.ecgNet (conv stem, positional encoding, self-attention, linear head)
 */
export function buildModel(cfg: ModelConfig): nn.Module {
  if (cfg.kind === 'ecgnet')
    return models.ecgNet({ leads: cfg.leads, samples: cfg.samples, classes: cfg.classes, width: cfg.width, heads: cfg.heads, dropout: cfg.dropout });
  if (cfg.kind === 'mlp') {
    // layers and activation are absent in files from before they were choices: 2 × ReLU then
    return models.mlp({ inFeatures: cfg.inFeatures, hidden: cfg.hidden, outFeatures: cfg.classes, layers: cfg.layers ?? 2, activation: cfg.activation ?? 'relu' });
  }
  const h = cfg.hidden;
  const afterPools = Math.floor(Math.floor(cfg.length / 4) / 4);
  if (afterPools < 1) throw new UsageError(`groundup: a signal of ${cfg.length} samples is too short for two pooling layers of 4`);
  return new nn.Sequential(
    new nn.Conv1d(cfg.channels, h, 7, { padding: 3 }),
    new nn.BatchNorm1d(h),
    new nn.ReLU(),
    new nn.MaxPool1d(4),
    new nn.Conv1d(h, 2 * h, 5, { padding: 2 }),
    new nn.BatchNorm1d(2 * h),
    new nn.ReLU(),
    new nn.MaxPool1d(4),
    new nn.AvgPool1d(afterPools),
    new nn.Flatten(),
    new nn.Dropout(0.1),
    new nn.Linear(2 * h, cfg.classes),
  );
}

/** Where the sidecar of a weights file lives: model.safetensors → model.json. */
export const sidecarPath = io.sidecarPath;
