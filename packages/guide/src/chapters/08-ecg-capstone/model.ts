/**
 * The capstone's data and network, without any DOM: the page, its training worker and the tests
 * all build them from here, so a weight file trained in the worker loads into the page's network
 * and into a Node-side one alike.
 */
import { data, models, type Tensor } from 'groundup';

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

/** Messages between the page and the training worker. */
export type ToWorker = { type: 'start'; seed: number } | { type: 'pause' } | { type: 'resume' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; step: number; epoch: number; loss: number; lr: number; totalSteps: number }
  | { type: 'epoch'; epoch: number; step: number; meanLoss: number; testAccuracy: number; weights: Uint8Array }
  | { type: 'paused'; step: number }
  | { type: 'done'; step: number }
  | { type: 'error'; message: string };
