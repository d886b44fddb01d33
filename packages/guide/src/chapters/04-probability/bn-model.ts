/**
 * Batch-norm statistics, DOM-free (the widget and its tests call this). Mini-batches of 16 rows with
 * three channels at very different scales go through the library's nn.BatchNorm1d for a number of
 * training steps; then one more batch goes through it in training mode (its own μ_B, σ²_B) or in
 * evaluation mode (the running statistics). Per-channel mean and variance are read before and after.
 */
import { Generator, nn, randn, tensor, type Tensor } from 'groundup';

export const C = 3;
export const BATCH = 16;
/** The channels' true mean and standard deviation (an amplitude in mV, a heart rate, a ratio). */
export const CHANNEL_MEAN = [1.2, 70, -0.3];
export const CHANNEL_STD = [0.4, 12, 0.05];

/** Batch number k (a fixed stream per k): [BATCH, C], channel c ~ N(mean_c, std_c²). */
export function batch(k: number): Tensor {
  const z = randn([BATCH, C], { generator: new Generator(1000 + k), dtype: 'float32' });
  return z.mul(tensor([CHANNEL_STD])).add(tensor([CHANNEL_MEAN]));
}

/** Per-channel mean and biased variance of a [N, C] tensor. */
export function channelStats(x: Tensor): { mean: number[]; var: number[] } {
  return { mean: Array.from(x.mean(0).data), var: Array.from(x.var(0, { unbiased: false }).data) };
}

export interface BnView {
  before: { mean: number[]; var: number[] };
  after: { mean: number[]; var: number[] };
  runningMean: number[];
  runningVar: number[];
  x: number[][];
  y: number[][];
}

/** Trains the layer on batches 0 … steps − 1, then normalises batch `steps` in the given mode. */
export function bnView(steps: number, momentum: number, mode: 'train' | 'eval'): BnView {
  const layer = new nn.BatchNorm1d(C, { momentum });
  layer.train();
  for (let k = 0; k < steps; k++) layer.forward(batch(k));
  const rm = Array.from(layer.runningMean!.data);
  const rv = Array.from(layer.runningVar!.data);
  if (mode === 'eval') layer.eval();
  const x = batch(steps);
  const y = layer.forward(x).detach();
  return { before: channelStats(x), after: channelStats(y), runningMean: rm, runningVar: rv, x: x.toArray() as number[][], y: y.toArray() as number[][] };
}
