import { describe, expect, it } from 'vitest';
import { divergence, divergenceNote, firstOutside, lastShown } from './divergence.js';
import { LANDSCAPES, runPath, type Path } from './model.js';

const path = (losses: number[], error: Path['error'] = null): Path => ({ xs: losses.map((_, i) => i), ys: losses.map(() => 0), losses, error });

describe('divergence', () => {
  it('finds the first loss past the threshold, or the first non-finite one', () => {
    expect(divergence(path([1, 10, 1e5, 2e6, 1e9]))).toEqual({ step: 3, cause: 'loss' });
    expect(divergence(path([1, 10, Infinity]))).toEqual({ step: 2, cause: 'loss' });
    expect(divergence(path([1, 0.5, 0.2]))).toBeNull();
  });
  it('an error from the library cuts the run where it was thrown', () => {
    expect(divergence(path([1, 2, 3], { step: 2, name: 'ValueError', message: '' }))).toEqual({ step: 2, cause: 'error' });
  });
  it('never shows points past the cut', () => {
    const p = path([1, 10, 2e6, 1e9]);
    const d = divergence(p);
    expect(lastShown(p, 3, d)).toBe(2);
    expect(lastShown(p, 1, d)).toBe(1);
    expect(lastShown(p, 99, null)).toBe(3);
  });
  it('words the marker', () => {
    expect(divergenceNote('SGD', { step: 12, cause: 'loss' })).toBe('SGD diverged at step 12: the loss passed 1e6');
  });
  it('plain gradient descent on the bowl with η past 2/λmax passes 1e6 at a step where the loss grew by a constant factor', () => {
    const land = LANDSCAPES.bowl;
    const p = runPath(land, 'sgd', land.start, 300, { lr: 1, lrAdaptive: 0.01, beta: 0, weightDecay: 0 });
    const d = divergence(p)!;
    expect(d).not.toBeNull();
    expect(p.losses[d.step]!).toBeGreaterThan(1e6);
    expect(p.losses[d.step - 1]!).toBeLessThanOrEqual(1e6);
    // a diverging quadratic: late ratios of successive losses settle near one constant > 1
    const r1 = p.losses[d.step - 1]! / p.losses[d.step - 2]!;
    const r2 = p.losses[d.step - 2]! / p.losses[d.step - 3]!;
    expect(r1).toBeGreaterThan(1);
    expect(Math.abs(r1 - r2) / r1).toBeLessThan(0.05);
    expect(divergence(runPath(land, 'sgd', land.start, 300, { lr: 0.3, lrAdaptive: 0.01, beta: 0, weightDecay: 0 }))).toBeNull();
  });
  it('finds the first point that leaves the picture', () => {
    const p: Path = { xs: [0, 1, 5, 0], ys: [0, 0, 0, 9], losses: [0, 0, 0, 0], error: null };
    expect(firstOutside(p, [-2, 2], [-2, 2])).toBe(2);
    expect(firstOutside(p, [-9, 9], [-9, 9])).toBe(Infinity);
    expect(firstOutside({ ...p, xs: [0, NaN] }, [-2, 2], [-2, 2])).toBe(1);
  });
});
