/**
 * The capstone's data and network, without any DOM: the page, its training worker and the tests
 * all build them from here, so a weight file trained in the worker loads into the page's network
 * and into a Node-side one alike.
 */
import { data, io, models, type Tensor } from 'groundup';

/** A small set so that an epoch takes a second or two in a browser: 240 records of 4 s at 125 Hz. */
export const CAPSTONE = {
  n: 240,
  nTrain: 180,
  samples: 500,
  fs: 125,
  classes: ['normal', 'afib', 'brady'] as string[],
  seed: 1,
  width: 16,
  heads: 2,
  dropout: 0.1,
  batchSize: 16,
  epochs: 15,
  lr: 5e-3,
  weightDecay: 0.01,
  labelSmoothing: 0.1,
  clipNorm: 1,
  augment: { noise: 0.05, scale: [0.8, 1.2] as [number, number], shift: 20 },
};

/** Each lead of each record to mean 0 and standard deviation 1 over time: x [N, 12, L] → same. */
export function standardize(x: Tensor): Tensor {
  const mu = x.mean(2, true);
  const sd = x.std(2, { keepdim: true, unbiased: false }).add(1e-6);
  return x.sub(mu).div(sd);
}

export interface CapstoneData {
  /** Raw records in mV [n, 12, samples] (for plotting). */
  raw: Tensor;
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  classNames: string[];
  leadNames: string[];
}

/** The fixed train/test split the worker trains on and the page evaluates on. */
export function capstoneData(): CapstoneData {
  const c = CAPSTONE;
  const d = data.ecg.synthetic({ n: c.n, leads: 12, samples: c.samples, fs: c.fs, classes: c.classes, seed: c.seed });
  const x = standardize(d.x);
  const nTest = c.n - c.nTrain;
  return {
    raw: d.x,
    xTrain: x.narrow(0, 0, c.nTrain),
    yTrain: d.y.narrow(0, 0, c.nTrain),
    xTest: x.narrow(0, c.nTrain, nTest),
    yTest: d.y.narrow(0, c.nTrain, nTest),
    classNames: d.classNames,
    leadNames: d.leadNames,
  };
}

/** The network with the capstone's settings (random weights until a state dict is loaded). */
export function capstoneNet(): models.EcgNet {
  const c = CAPSTONE;
  return models.ecgNet({ leads: 12, samples: c.samples, classes: c.classes.length, width: c.width, heads: c.heads, dropout: c.dropout });
}

/** The network in the model-file format: the CLI's `--task ecg --model capstone` config (kind 'ecgnet'). */
export const capstoneConfig = () => ({ kind: 'ecgnet', leads: 12, samples: CAPSTONE.samples, width: CAPSTONE.width, heads: CAPSTONE.heads, dropout: CAPSTONE.dropout, classes: CAPSTONE.classes.length });

/** The weights as the two files `groundup train` writes; `groundup eval --weights` reads them (task ecg). */
export function capstoneFiles(stateDict: Record<string, Tensor>, o: { epoch: number; testAccuracy: number | null }): { weights: Uint8Array; sidecar: string } {
  const c = CAPSTONE;
  return io.saveModelFile(stateDict, {
    format: 'groundup-model',
    version: 1,
    task: 'ecg',
    kind: 'classification',
    classNames: c.classes,
    model: capstoneConfig(),
    preprocess: { kind: 'standardize-each-channel' },
    data: { n: c.n, nTrain: c.nTrain, samples: c.samples, fs: c.fs, seed: c.seed },
    training: { epochs: o.epoch, lr: c.lr, batchSize: c.batchSize, optimizer: 'adamw', weightDecay: c.weightDecay, schedule: 'warmup-cosine', seed: 0 },
    results: { testAccuracy: o.testAccuracy },
    source: 'guide:ecgtrain',
  });
}

/** Messages between the page and the training worker; `weights` (safetensors) continues from a loaded model. */
export type ToWorker = { type: 'start'; seed: number; weights?: Uint8Array } | { type: 'pause' } | { type: 'resume' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; step: number; epoch: number; loss: number; lr: number; totalSteps: number }
  | { type: 'epoch'; epoch: number; step: number; meanLoss: number; testAccuracy: number; weights: Uint8Array }
  | { type: 'paused'; step: number }
  | { type: 'done'; step: number }
  | { type: 'error'; message: string };
