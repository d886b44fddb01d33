/**
 * Messages between the "your data" page and its worker. The worker holds the CSV text (a 50 MB
 * file never sits on the main thread), parses it with data.describeCSV, trains models.mlp on it and
 * answers with summaries, curves and the model files; the page only draws.
 */
import type { data, models } from 'groundup';

export interface Settings {
  target: string;
  features: string[];
  kind: data.TargetKind;
  layers: number;
  hidden: number;
  activation: models.MlpActivation;
  optimizer: 'adam' | 'sgd';
  lr: number;
  epochs: number;
  testSplit: number;
  seed: number;
}

export type ToWorker =
  | { type: 'parse'; file?: File; text?: string; name: string }
  /** carryOn: start from the current model's weights (after a load) instead of random ones. */
  | { type: 'train'; settings: Settings; carryOn: boolean }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'load'; weights: Uint8Array; sidecar?: string }
  | { type: 'export' };

export interface Evaluation {
  kind: data.TargetKind;
  classNames: string[];
  /** Test rows: true value (class index or number) and prediction. */
  truth: number[];
  pred: number[];
  /** Classification: confusion[true][pred] over the test rows. */
  confusion?: number[][];
  testAccuracy?: number;
  testRmse?: number;
  testR2?: number;
  /** The test rows' 1-based line numbers in the file (for the predictions table). */
  rows: number[];
}

export type FromWorker =
  | { type: 'progress'; fraction: number }
  | { type: 'parsed'; name: string; bytes: number; summary: data.CSVSummary; seconds: number }
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; trainMetric: number; testMetric: number }
  | { type: 'paused'; epoch: number }
  | { type: 'done'; evaluation: Evaluation; epochs: number }
  | { type: 'loaded'; evaluation: Evaluation; settings: Settings; source: string }
  | { type: 'exported'; weights: Uint8Array; sidecar: string }
  | { type: 'error'; stage: 'parse' | 'train' | 'load' | 'export'; message: string };

/** The model settings the page starts with. */
export const DEFAULT_SETTINGS: Omit<Settings, 'target' | 'features' | 'kind'> = {
  layers: 2,
  hidden: 32,
  activation: 'relu',
  optimizer: 'adam',
  lr: 0.01,
  epochs: 100,
  testSplit: 0.2,
  seed: 0,
};
