/**
 * Messages between chapter 5's live-training widget (main thread) and its worker, which owns the
 * network and runs recipes.Trainer, so the page never blocks while the spirals train.
 */
import type { io } from 'groundup';
import type { ScheduleKind, ScheduleSettings, SpiralSettings } from './model.js';

export type ToTrainer =
  | { type: 'reset'; settings: SpiralSettings; grid: number; lim: number }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'steps'; n: number }
  | { type: 'save'; id: number }
  | { type: 'load'; id: number; file: io.ModelFile; tensors: [string, number[], Float32Array][] }
  | { type: 'schedule-run'; id: number; kind: ScheduleKind | 'constant'; settings: ScheduleSettings };

/** The state after some updates: `losses` continues the list from index `from`. */
export interface Progress {
  type: 'progress';
  step: number;
  epoch: number;
  epochs: number;
  /** The lr of the next update. */
  lr: number;
  from: number;
  losses: number[];
  acc: number;
  testAcc: number;
  running: boolean;
  done: boolean;
  /** The predicted class on the grid, when it was recomputed. */
  regions?: Int32Array;
}

export type FromTrainer =
  | Progress
  | { type: 'ready'; x: Float32Array; y: Int32Array }
  | { type: 'saved'; id: number; weights: Uint8Array; sidecar: string }
  | { type: 'loaded'; id: number; acc: number }
  | { type: 'schedule-ran'; id: number; losses: number[]; lrs: number[] }
  | { type: 'error'; id?: number; message: string };
