import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { data } from '../index.js';
import type { Tensor } from '../tensor.js';

function counts(y: Tensor, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  y.data.forEach((v) => c[v]!++);
  return c;
}

function rows(ds: { x: Tensor; y: Tensor }): string[] {
  const d = ds.x.shape[1]!;
  return Array.from(ds.y.data, (y, i) => `${Array.from(ds.x.data.subarray(i * d, (i + 1) * d)).join(',')}|${y}`).sort();
}

const std = (a: number[]) => {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};

describe.each([
  ['spirals', (seed: number) => data.spirals({ n: 300, classes: 3, noise: 0.1, seed })],
  ['moons', (seed: number) => data.moons({ n: 300, noise: 0.1, seed })],
  ['blobs', (seed: number) => data.blobs({ n: 300, centers: 3, seed })],
] as const)('%s', (_name, make) => {
  it('is the same for the same seed and different for another', () => {
    const a = make(7);
    const b = make(7);
    const c = make(8);
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    expect(Array.from(a.y.data)).toEqual(Array.from(b.y.data));
    expect(Array.from(a.x.data)).not.toEqual(Array.from(c.x.data));
  });
  it('has x [n,2] float32 and y [n] int32', () => {
    const { x, y } = make(0);
    expect(x.shape).toEqual([300, 2]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([300]);
    expect(y.dtype).toBe('int32');
    expect(Array.from(x.data).every(Number.isFinite)).toBe(true);
  });
});

describe('spirals', () => {
  it('balances the classes, giving the extra points to the first classes', () => {
    expect(counts(data.spirals({ n: 300, classes: 3 }).y, 3)).toEqual([100, 100, 100]);
    expect(counts(data.spirals({ n: 10, classes: 3 }).y, 3)).toEqual([4, 3, 3]);
    expect(counts(data.spirals({ n: 50, classes: 5, seed: 2 }).y, 5)).toEqual([10, 10, 10, 10, 10]);
  });
  it('without noise puts point i of arm k at radius i/(m−1) and angle 2πk/K + 4r', () => {
    const K = 4;
    const m = 25;
    const { x, y } = data.spirals({ n: K * m, classes: K, noise: 0, shuffle: false });
    for (let row = 0; row < K * m; row++) {
      const k = Math.floor(row / m);
      const i = row % m;
      expect(y.data[row]).toBe(k);
      const [px, py] = [x.data[2 * row]!, x.data[2 * row + 1]!];
      const r = i / (m - 1);
      expect(Math.hypot(px, py)).toBeCloseTo(r, 5);
      if (r > 0) {
        const theta = (2 * Math.PI * k) / K + 4 * r;
        expect(px).toBeCloseTo(r * Math.cos(theta), 5);
        expect(py).toBeCloseTo(r * Math.sin(theta), 5);
      }
    }
  });
  it('adds noise of the requested standard deviation', () => {
    // residuals from the noise-free points: 2·3000 draws, so the sample std is within ~1% of σ
    const clean = data.spirals({ n: 3000, classes: 3, noise: 0, shuffle: false });
    const noisy = data.spirals({ n: 3000, classes: 3, noise: 0.5, seed: 3, shuffle: false });
    const res = Array.from(noisy.x.data, (v, i) => v - clean.x.data[i]!);
    expect(Math.abs(std(res) - 0.5)).toBeLessThan(0.025);
  });
  it('shuffling only reorders the rows', () => {
    expect(rows(data.spirals({ n: 60, seed: 4 }))).toEqual(rows(data.spirals({ n: 60, seed: 4, shuffle: false })));
    expect(Array.from(data.spirals({ n: 60, seed: 4 }).y.data)).not.toEqual(Array.from(data.spirals({ n: 60, seed: 4, shuffle: false }).y.data));
  });
  it('rejects bad options with a ValueError naming the parameter', () => {
    expect(() => data.spirals({ n: 0 })).toThrow(ValueError);
    expect(() => data.spirals({ n: 0 })).toThrow(/spirals: n must be an integer ≥ 1, got 0/);
    expect(() => data.spirals({ n: 2.5 })).toThrow(/n must be an integer/);
    expect(() => data.spirals({ classes: 0 })).toThrow(/classes must be an integer ≥ 1/);
    expect(() => data.spirals({ n: 2, classes: 3 })).toThrow(/n = 2 points cannot fill 3 classes/);
    expect(() => data.spirals({ noise: -0.1 })).toThrow(/spirals: noise must be a finite number ≥ 0 \(it is a standard deviation\), got -0.1/);
    expect(() => data.spirals({ noise: NaN })).toThrow(ValueError);
    expect(() => data.spirals({ seed: Infinity })).toThrow(/seed must be a finite number/);
    expect(() => data.spirals({ n: '10' as unknown as number })).toThrow(TypeError);
    expect(() => data.spirals(5 as unknown as object)).toThrow(TypeError);
  });
});

describe('moons', () => {
  it('without noise puts class 0 on the upper unit half-circle and class 1 on the shifted lower one', () => {
    const { x, y } = data.moons({ n: 101, noise: 0, seed: 1 });
    expect(counts(y, 2)).toEqual([51, 50]);
    for (let i = 0; i < 101; i++) {
      const [px, py] = [x.data[2 * i]!, x.data[2 * i + 1]!];
      if (y.data[i] === 0) {
        expect(Math.hypot(px, py)).toBeCloseTo(1, 5);
        expect(py).toBeGreaterThanOrEqual(-1e-6);
      } else {
        expect(Math.hypot(px - 1, py - 0.5)).toBeCloseTo(1, 5);
        expect(py).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
  });
  it('rejects bad options', () => {
    expect(() => data.moons({ n: 1 })).toThrow(/moons: n must be an integer ≥ 2/);
    expect(() => data.moons({ noise: -1 })).toThrow(/moons: noise/);
  });
});

describe('blobs', () => {
  it('draws each class around its centre with the given spread', () => {
    const centers = [
      [0, 0],
      [5, -3],
      [-4, 6],
    ];
    const { x, y, centers: c } = data.blobs({ n: 3000, centers, std: [0.5, 1, 2], seed: 5 });
    expect(Array.from(c.data)).toEqual(centers.flat());
    expect(counts(y, 3)).toEqual([1000, 1000, 1000]);
    [0.5, 1, 2].forEach((s, k) => {
      for (let d = 0; d < 2; d++) {
        const vals = Array.from(y.data).flatMap((cls, i) => (cls === k ? [x.data[2 * i + d]!] : []));
        const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
        // standard error of the mean is s/√1000 ≈ 0.03·s; allow 5 standard errors
        expect(Math.abs(mean - centers[k]![d]!)).toBeLessThan((5 * s) / Math.sqrt(1000));
        expect(Math.abs(std(vals) - s) / s).toBeLessThan(0.1);
      }
    });
  });
  it('draws centres in [−10, 10]^dim when given a count, in any dimension', () => {
    const { x, centers } = data.blobs({ n: 40, centers: 4, dim: 5, seed: 1 });
    expect(x.shape).toEqual([40, 5]);
    expect(centers.shape).toEqual([4, 5]);
    expect(Array.from(centers.data).every((v) => v >= -10 && v <= 10)).toBe(true);
  });
  it('rejects bad options with typed errors', () => {
    expect(() => data.blobs({ centers: [] })).toThrow(/centers is an empty list/);
    expect(() => data.blobs({ centers: [[0, 0], [1]] })).toThrow(/centre 1 has 1 coordinates, centre 0 has 2/);
    expect(() => data.blobs({ centers: [[0, 0]], dim: 3 })).toThrow(/dim = 3 but the centres have 2/);
    expect(() => data.blobs({ centers: [[0, NaN]] })).toThrow(/centers\[0\]\[1\] must be a finite number/);
    expect(() => data.blobs({ centers: 2, std: [1, 2, 3] })).toThrow(/std has 3 values for 2 centres/);
    expect(() => data.blobs({ std: -1 })).toThrow(/blobs: std must be a finite number ≥ 0 \(it is a standard deviation\), got -1/);
    expect(() => data.blobs({ n: 2, centers: 3 })).toThrow(ValueError);
    expect(() => data.blobs({ centers: 0 })).toThrow(/centers must be an integer ≥ 1/);
    expect(() => data.blobs({ centers: 'three' as unknown as number })).toThrow(TypeError);
  });
});
