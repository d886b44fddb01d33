import { describe, expect, it } from 'vitest';
import { batch, bnView, C, CHANNEL_MEAN } from './bn-model.js';

const col = (x: number[][], c: number) => x.map((r) => r[c]!);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const bvar = (v: number[]) => mean(v.map((x) => (x - mean(v)) ** 2));

describe('batch-norm statistics', () => {
  it('training mode: each channel of the output has mean 0 and variance σ²/(σ² + ε) ≈ 1', () => {
    const v = bnView(5, 0.1, 'train');
    for (let c = 0; c < C; c++) {
      expect(v.after.mean[c]).toBeCloseTo(0, 5);
      const s2 = bvar(col(v.x, c));
      expect(v.after.var[c]).toBeCloseTo(s2 / (s2 + 1e-5), 4);
    }
  });
  it('running statistics follow the recursion by hand, with the unbiased variance', () => {
    const m = 0.1;
    const rm = [0, 0, 0];
    const rv = [1, 1, 1];
    for (let k = 0; k < 20; k++) {
      const x = batch(k).toArray() as number[][];
      for (let c = 0; c < C; c++) {
        const v = col(x, c);
        rm[c] = (1 - m) * rm[c]! + m * mean(v);
        rv[c] = (1 - m) * rv[c]! + m * bvar(v) * (v.length / (v.length - 1));
      }
    }
    const view = bnView(20, m, 'eval');
    for (let c = 0; c < C; c++) {
      expect(view.runningMean[c]).toBeCloseTo(rm[c]!, 3);
      expect(view.runningVar[c]! / rv[c]!).toBeCloseTo(1, 4);
    }
  });
  it('evaluation mode normalises with the running statistics, so the batch no longer has mean exactly 0', () => {
    const v = bnView(3, 0.1, 'eval');
    for (let c = 0; c < C; c++) col(v.y, c).forEach((y, i) => expect(y).toBeCloseTo((v.x[i]![c]! - v.runningMean[c]!) / Math.sqrt(v.runningVar[c]! + 1e-5), 3));
    // after only 3 steps the running mean of the heart-rate channel is far from 70: the output is far from 0
    expect(v.runningMean[1]).toBeLessThan(CHANNEL_MEAN[1]! * 0.5);
    expect(Math.abs(v.after.mean[1]!)).toBeGreaterThan(1);
  });
});
