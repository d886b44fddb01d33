import { describe, expect, it } from 'vitest';
import { arange, tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { data, manualSeed } from '../index.js';
import type { Tensor } from '../tensor.js';

// Sample i of x is the row [i, 100 + i], its label is i: a batch tells which samples it holds.
const N = 23;
const x = tensor(Array.from({ length: N }, (_, i) => [i, 100 + i]));
const y = arange(N, { dtype: 'int32' });

function epoch(loader: Iterable<[Tensor, Tensor]>): number[][] {
  return [...loader].map(([xb, yb]) => {
    const ids = Array.from(yb.data);
    // rows of xb belong to the same samples as yb
    expect(xb.toArray()).toEqual(ids.map((i) => [i, 100 + i]));
    return ids;
  });
}

describe('DataLoader', () => {
  it('covers every sample exactly once per epoch, in order without shuffle', () => {
    const loader = new data.DataLoader(x, y, { batchSize: 5 });
    expect(loader.length).toBe(5); // ⌈23/5⌉
    const batches = epoch(loader);
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
    expect(batches.flat()).toEqual(Array.from({ length: N }, (_, i) => i));
  });
  it('with shuffle visits a permutation each epoch, a different one each epoch', () => {
    const loader = new data.DataLoader(x, y, { batchSize: 4, shuffle: true, seed: 3 });
    const e1 = epoch(loader).flat();
    const e2 = epoch(loader).flat();
    expect([...e1].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect([...e2].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(e1).not.toEqual(e2);
    expect(e1).not.toEqual(Array.from({ length: N }, (_, i) => i));
    expect(loader.epoch).toBe(2);
  });
  it('repeats the same sequence of epochs for the same seed, not for another', () => {
    const run = (seed: number) => {
      const l = new data.DataLoader(x, y, { batchSize: 6, shuffle: true, seed });
      return [epoch(l), epoch(l), epoch(l)];
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });
  it('stopping an epoch early does not change the next one', () => {
    const a = new data.DataLoader(x, y, { batchSize: 4, shuffle: true, seed: 9 });
    const b = new data.DataLoader(x, y, { batchSize: 4, shuffle: true, seed: 9 });
    for (const _ of a) break;
    epoch(b);
    expect(epoch(a)).toEqual(epoch(b));
  });
  it('without a seed follows manualSeed', () => {
    manualSeed(5);
    const a = epoch(new data.DataLoader(x, y, { batchSize: 4, shuffle: true }));
    manualSeed(5);
    const b = epoch(new data.DataLoader(x, y, { batchSize: 4, shuffle: true }));
    expect(a).toEqual(b);
  });
  it('dropLast leaves out the short last batch', () => {
    const loader = new data.DataLoader(x, y, { batchSize: 5, dropLast: true, shuffle: true, seed: 1 });
    expect(loader.length).toBe(4);
    const batches = epoch(loader);
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5]);
    expect(new Set(batches.flat()).size).toBe(20);
    expect(new data.DataLoader(x, y, { batchSize: 23, dropLast: true }).length).toBe(1);
    expect(new data.DataLoader(x, y, { batchSize: 30, dropLast: true }).length).toBe(0);
    expect(new data.DataLoader(x, y, { batchSize: 30 }).length).toBe(1);
  });
  it('slices tensors of any rank along axis 0', () => {
    const imgs = arange(4 * 2 * 3).reshape([4, 2, 3]);
    const [[xb, yb]] = [...new data.DataLoader(imgs, imgs, { batchSize: 4 })] as [[Tensor, Tensor]];
    expect(xb.shape).toEqual([4, 2, 3]);
    expect(yb.toArray()).toEqual(imgs.toArray());
  });
  it('rejects mismatched sizes with a ShapeError and a bad batch size with a ValueError', () => {
    expect(() => new data.DataLoader(x, arange(22), { batchSize: 4 })).toThrow(ShapeError);
    expect(() => new data.DataLoader(x, arange(22), { batchSize: 4 })).toThrow(/x \[23,2\] has 23 samples but y \[22\] has 22/);
    expect(() => new data.DataLoader(x, y, { batchSize: 0 })).toThrow(ValueError);
    expect(() => new data.DataLoader(x, y, { batchSize: -3 })).toThrow(/batchSize must be an integer ≥ 1, got -3/);
    expect(() => new data.DataLoader(x, y, { batchSize: 2.5 })).toThrow(ValueError);
    expect(() => new data.DataLoader(x, y, { batchSize: '4' as unknown as number })).toThrow(TypeError);
    expect(() => new data.DataLoader(x, y, { batchSize: 4, seed: NaN })).toThrow(/seed must be a finite number/);
    expect(() => new data.DataLoader([1, 2] as unknown as Tensor, y, { batchSize: 1 })).toThrow(TypeError);
    expect(() => new data.DataLoader(tensor(3), y, { batchSize: 1 })).toThrow(ShapeError);
    expect(() => new data.DataLoader(tensor([]), tensor([]), { batchSize: 1 })).toThrow(/empty/);
  });
});
