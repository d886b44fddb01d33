import { describe, expect, it } from 'vitest';
import { arange, randn, tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import { Generator } from '../random.js';
import { data, manualSeed } from '../index.js';
import type { Tensor } from '../tensor.js';

const { noise, scale, timeShift, affine2d } = data.augment;

const meanOf = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const stdOf = (a: ArrayLike<number>) => {
  const m = meanOf(a);
  return Math.sqrt(Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};
const rowsOf = (t: Tensor, L: number) => Array.from({ length: t.size / L }, (_, i) => Array.from(t.data.subarray(i * L, (i + 1) * L)));

describe('noise', () => {
  it('keeps the shape and adds zero-mean noise of standard deviation σ', () => {
    const x = randn([100, 200], { generator: new Generator(1) });
    const y = noise(x, 0.3, { seed: 2 });
    expect(y.shape).toEqual([100, 200]);
    expect(y.dtype).toBe('float32');
    const d = Array.from(y.data, (v, i) => v - x.data[i]!);
    // 20,000 draws: the sample std is within ~0.5% of σ and the mean within ~0.002 (1 s.e.)
    expect(Math.abs(stdOf(d) - 0.3) / 0.3).toBeLessThan(0.03);
    expect(Math.abs(meanOf(d))).toBeLessThan(0.01);
  });
  it('is reproducible with a seed, follows manualSeed without one, and std 0 changes nothing', () => {
    const x = arange(10).float();
    expect(noise(x, 1, { seed: 4 }).toArray()).toEqual(noise(x, 1, { seed: 4 }).toArray());
    expect(noise(x, 1, { seed: 4 }).toArray()).not.toEqual(noise(x, 1, { seed: 5 }).toArray());
    manualSeed(3);
    const a = noise(x, 1).toArray();
    manualSeed(3);
    expect(noise(x, 1).toArray()).toEqual(a);
    expect(noise(x, 0, { seed: 1 }).toArray()).toEqual(x.toArray());
  });
  it('passes gradients through (∂x̃/∂x = 1)', () => {
    const r = gradcheck((t) => noise(t, 0.5, { seed: 1 }).square(), [randn([3, 4], { generator: new Generator(2) })]);
    expect(r.ok, r.message).toBe(true);
  });
  it('rejects a bad std', () => {
    expect(() => noise(arange(3), -1)).toThrow(ValueError);
    expect(() => noise(arange(3), -1)).toThrow(/noise: std is a standard deviation and must be ≥ 0, got -1/);
    expect(() => noise(arange(3), NaN)).toThrow(/std must be a finite number/);
    expect(() => noise([1, 2] as unknown as Tensor, 1)).toThrow(TypeError);
  });
});

describe('scale', () => {
  it('multiplies each sample by one factor from [lo, hi], spread over the range', () => {
    const x = randn([2000, 3, 5], { generator: new Generator(3) }).add(10); // no zeros, so ratios are defined
    const y = scale(x, [0.5, 1.5], { seed: 7 });
    expect(y.shape).toEqual([2000, 3, 5]);
    const factors = rowsOf(y, 15).map((row, i) => row.map((v, j) => v / x.data[i * 15 + j]!));
    for (const f of factors) for (const v of f) expect(v).toBeCloseTo(f[0]!, 5);
    const a = factors.map((f) => f[0]!);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0.5 - 1e-6);
    expect(Math.max(...a)).toBeLessThanOrEqual(1.5 + 1e-6);
    // U[0.5, 1.5]: mean 1, std 1/√12 ≈ 0.2887; with 2000 draws both are within a few percent
    expect(meanOf(a)).toBeCloseTo(1, 1);
    expect(Math.abs(stdOf(a) - 1 / Math.sqrt(12))).toBeLessThan(0.015);
    expect(Math.min(...a)).toBeLessThan(0.51);
    expect(Math.max(...a)).toBeGreaterThan(1.49);
  });
  it('with lo = hi scales by exactly that number', () => {
    expect(scale(tensor([[1, 2], [3, 4]]), [2, 2]).toArray()).toEqual([[2, 4], [6, 8]]);
  });
  it('passes gradients through', () => {
    const r = gradcheck((t) => scale(t, [0.5, 2], { seed: 3 }), [randn([4, 3], { generator: new Generator(4) })]);
    expect(r.ok, r.message).toBe(true);
  });
  it('rejects a bad range', () => {
    expect(() => scale(arange(3), [2, 1])).toThrow(/scale: range = \[2, 1\] has lo > hi/);
    expect(() => scale(arange(3), [1, NaN])).toThrow(ValueError);
    expect(() => scale(arange(3), 2 as unknown as [number, number])).toThrow(TypeError);
    expect(() => scale(tensor(3), [1, 2])).toThrow(ShapeError);
  });
});

describe('timeShift', () => {
  const L = 12;
  const x = arange(50 * L).reshape([50, L]).float();
  it('circular: each sample is its own rotation by s ∈ [−max, max]; every shift occurs', () => {
    const y = timeShift(x, 3, { seed: 1 });
    expect(y.shape).toEqual([50, L]);
    const seen = new Set<number>();
    rowsOf(y, L).forEach((row, i) => {
      const orig = rowsOf(x, L)[i]!;
      // s = how far the first value moved (positive: later)
      const s = ((row.indexOf(orig[0]!) + L + 3) % L) - 3;
      expect(Math.abs(s)).toBeLessThanOrEqual(3);
      for (let t = 0; t < L; t++) expect(row[t]).toBe(orig[(((t - s) % L) + L) % L]);
      seen.add(s);
    });
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });
  it('zero: the vacated steps are 0 and the rest is the shifted signal', () => {
    const ones = x.mul(0).add(1);
    const y = timeShift(ones, 4, { seed: 2, mode: 'zero' });
    const shiftsSeen = new Set<number>();
    for (const row of rowsOf(y, L)) {
      const zerosAtStart = row.findIndex((v) => v !== 0);
      const zerosAtEnd = [...row].reverse().findIndex((v) => v !== 0);
      expect(zerosAtStart === 0 || zerosAtEnd === 0).toBe(true);
      expect(row.filter((v) => v === 1).length).toBe(L - zerosAtStart - zerosAtEnd);
      shiftsSeen.add(zerosAtStart - zerosAtEnd);
    }
    expect(shiftsSeen.size).toBeGreaterThan(5);
  });
  it('moves all channels of a sample together', () => {
    const sig = arange(8 * 3 * L).reshape([8, 3, L]).float();
    const y = timeShift(sig, 5, { seed: 3 });
    rowsOf(y, 3 * L).forEach((sample, i) => {
      const s0 = sample[0]! - sig.data[i * 3 * L]!; // value offset of channel 0's first entry
      for (let c = 1; c < 3; c++) expect(sample[c * L]! - sig.data[(i * 3 + c) * L]!).toBe(s0);
    });
  });
  it('max 0 changes nothing', () => {
    expect(timeShift(x, 0, { seed: 1 }).toArray()).toEqual(x.toArray());
  });
  it('passes gradients through, in both modes', () => {
    const t = randn([3, 2, 6], { generator: new Generator(5) });
    expect(gradcheck((v) => timeShift(v, 2, { seed: 1 }), [t]).ok).toBe(true);
    expect(gradcheck((v) => timeShift(v, 2, { seed: 1, mode: 'zero' }), [t]).ok).toBe(true);
  });
  it('rejects bad arguments', () => {
    expect(() => timeShift(x, 12)).toThrow(/timeShift: max must be an integer from 0 to 11 \(the signal has 12 steps\), got 12/);
    expect(() => timeShift(x, -1)).toThrow(ValueError);
    expect(() => timeShift(x, 1.5)).toThrow(ValueError);
    expect(() => timeShift(arange(5), 1)).toThrow(ShapeError);
    expect(() => timeShift(x, 1, { mode: 'wrap' as 'zero' })).toThrow(/mode must be 'circular' or 'zero'/);
  });
});

describe('affine2d', () => {
  const img = arange(16).reshape([1, 4, 4]).float();
  it('with identity parameters returns the image exactly', () => {
    expect(affine2d(img).toArray()).toEqual(img.toArray());
    expect(affine2d(img, { scale: 1, shift: [0, 0], rotate: 0 }).toArray()).toEqual(img.toArray());
  });
  it('rotates 90° counter-clockwise like turning the picture by hand', () => {
    // the last column, read top to bottom, becomes the first row
    const byHand = [
      [
        [3, 7, 11, 15],
        [2, 6, 10, 14],
        [1, 5, 9, 13],
        [0, 4, 8, 12],
      ],
    ];
    expect(affine2d(img, { rotate: 90 }).toArray()).toEqual(byHand);
    // −90° is the other way, and 180° on a non-square image reverses both axes
    expect(affine2d(affine2d(img, { rotate: 90 }), { rotate: -90 }).toArray()).toEqual(img.toArray());
    const rect = tensor([[[[1, 2, 3], [4, 5, 6]]]]); // [1,1,2,3]
    expect(affine2d(rect, { rotate: 180 }).toArray()).toEqual([[[[6, 5, 4], [3, 2, 1]]]]);
  });
  it('shifts right and down in pixels, filling with zeros; half a pixel averages neighbours', () => {
    const s = tensor([[[1, 2, 3], [4, 5, 6]]]);
    expect(affine2d(s, { shift: [1, 0] }).toArray()).toEqual([[[0, 1, 2], [0, 4, 5]]]);
    expect(affine2d(s, { shift: [0, 1] }).toArray()).toEqual([[[0, 0, 0], [1, 2, 3]]]);
    expect(affine2d(s, { shift: [0.5, 0] }).toArray()).toEqual([[[0.5, 1.5, 2.5], [2, 4.5, 5.5]]]);
  });
  it('zooms about the centre', () => {
    // scale 2 on a 3×3: output pixel (1±1) reads input (1±0.5), the average of two pixels
    const s = tensor([[[0, 0, 0], [0, 4, 8], [0, 0, 0]]]);
    const z = affine2d(s, { scale: 2 }).toArray() as number[][][];
    expect(z[0]![1]![1]).toBe(4);
    expect(z[0]![1]![2]).toBe(6);
    expect(z[0]![0]![1]).toBe(2);
  });
  it('applies one transform to all channels, a different one per sample with ranges', () => {
    const imgs = randn([6, 2, 5, 5], { generator: new Generator(6) });
    const out = affine2d(imgs, { rotate: [-30, 30], scale: [0.8, 1.2], shift: [[-1, 1], 0], seed: 2 });
    expect(out.shape).toEqual([6, 2, 5, 5]);
    expect(out.toArray()).toEqual(affine2d(imgs, { rotate: [-30, 30], scale: [0.8, 1.2], shift: [[-1, 1], 0], seed: 2 }).toArray());
    // channel 1 equal to channel 0 in → equal out
    const twin = imgs.narrow(1, 0, 1).expand([6, 2, 5, 5]).clone();
    const o2 = affine2d(twin, { rotate: [-30, 30], seed: 9 });
    expect(o2.narrow(1, 0, 1).toArray()).toEqual(o2.narrow(1, 1, 1).toArray());
    // each sample turned by its own angle: a constant-free image differs across samples
    const same = randn([1, 5, 5], { generator: new Generator(8) }).expand([3, 5, 5]).clone();
    const r = affine2d(same, { rotate: [-45, 45], seed: 1 });
    expect(r.narrow(0, 0, 1).toArray()).not.toEqual(r.narrow(0, 1, 1).toArray());
  });
  it('passes gradients through the bilinear sampling', () => {
    const t = randn([2, 4, 5], { generator: new Generator(7) });
    const res = gradcheck((v) => affine2d(v, { rotate: 30, scale: 1.1, shift: [0.3, -0.4] }), [t]);
    expect(res.ok, res.message).toBe(true);
  });
  it('rejects bad input with typed errors', () => {
    expect(() => affine2d(arange(4).reshape([2, 2]))).toThrow(ShapeError);
    expect(() => affine2d(arange(4).reshape([2, 2]))).toThrow(/affine2d: expected images \[N,H,W\] or \[N,C,H,W\], got shape \[2,2\]/);
    expect(() => affine2d(img, { scale: 0 })).toThrow(/scale must be > 0, got 0/);
    expect(() => affine2d(img, { rotate: [10, -10] })).toThrow(/rotate = \[10, -10\] has lo > hi/);
    expect(() => affine2d(img, { rotate: NaN })).toThrow(ValueError);
    expect(() => affine2d(img, { shift: 2 as unknown as [number, number] })).toThrow(TypeError);
    expect(() => affine2d(img, { shift: [0, [1]] as unknown as [number, number] })).toThrow(TypeError);
  });
});
