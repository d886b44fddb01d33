import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, ValueError, gradcheck, randn, tensor, linalg } from '../index.js';
import { Tensor } from '../tensor.js';

const { norm } = linalg;

describe('norm: hand values', () => {
  it('‖(3,4)‖₂ = 5, ‖(3,−4)‖₁ = 7, ‖(3,−4)‖∞ = 4', () => {
    expect(norm(tensor([3, 4])).item()).toBe(5);
    expect(norm(tensor([3, -4]), 1).item()).toBe(7);
    expect(norm(tensor([3, -4]), Infinity).item()).toBe(4);
  });

  it("Frobenius of [[1,2],[3,4]] = √(1+4+9+16) = √30", () => {
    expect(norm(tensor([[1, 2], [3, 4]], { dtype: 'float64' }), 'fro').item()).toBeCloseTo(Math.sqrt(30), 14);
  });

  it('along an axis: one norm per row or column; keepdim keeps the axis', () => {
    const x = tensor([[3, 4], [6, 8]], { dtype: 'float64' });
    expect(norm(x, 2, 1).toArray()).toEqual([5, 10]);
    expect(norm(x, 2, -1).toArray()).toEqual([5, 10]);
    const cols = norm(x, 2, 0).toArray() as number[];
    expect(cols[0]).toBeCloseTo(Math.sqrt(45), 14);
    expect(cols[1]).toBeCloseTo(Math.sqrt(80), 14);
    expect(norm(x, 1, 1, true).toArray()).toEqual([[7], [14]]);
    expect(norm(x, Infinity, 0).toArray()).toEqual([6, 8]);
  });

  it("'fro' over two axes of a batch: one Frobenius norm per matrix", () => {
    const x = tensor([[[1, 2], [3, 4]], [[0, 0], [0, 2]]], { dtype: 'float64' }); // [2, 2, 2]
    const r = norm(x, 'fro', [1, 2]).toArray() as number[];
    expect(r[0]).toBeCloseTo(Math.sqrt(30), 14);
    expect(r[1]).toBe(2);
    expect(norm(x, 'fro', [-1, 1], true).shape).toEqual([2, 1, 1]);
  });

  it('a 0-d tensor is a vector of one; an empty vector has length 0', () => {
    expect(norm(tensor(-3)).item()).toBe(3);
    expect(norm(tensor(-3), 1).item()).toBe(3);
    expect(norm(tensor([])).item()).toBe(0);
    expect(norm(tensor([]), 1).item()).toBe(0);
  });

  it('dtypes: float64 stays float64, int32 gives float32', () => {
    expect(norm(tensor([3, 4], { dtype: 'float64' })).dtype).toBe('float64');
    const ni = norm(tensor([3, 4], { dtype: 'int32' }));
    expect(ni.dtype).toBe('float32');
    expect(ni.item()).toBe(5);
  });

  it('float32 entries near the top of the range do not overflow when squared', () => {
    // (3e30)² = 9e60 is far beyond float32's 3.4e38; the sum of squares is formed in float64
    expect(norm(tensor([3e30, 4e30])).item()).toBeCloseTo(5e30, -24);
  });

  it('property: ‖x‖∞ ≤ ‖x‖₂ ≤ ‖x‖₁ ≤ √n·‖x‖₂ (checked against loops)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const x = tensor(xs, { dtype: 'float64' });
        const l1 = norm(x, 1).item();
        const l2 = norm(x).item();
        const li = norm(x, Infinity).item();
        expect(l1).toBeCloseTo(xs.reduce((s, v) => s + Math.abs(v), 0), 8);
        expect(l2).toBeCloseTo(Math.sqrt(xs.reduce((s, v) => s + v * v, 0)), 8);
        const slack = 1e-9 * (1 + l1);
        expect(li).toBeLessThanOrEqual(l2 + slack);
        expect(l2).toBeLessThanOrEqual(l1 + slack);
        expect(l1).toBeLessThanOrEqual(Math.sqrt(xs.length) * l2 + slack);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('norm: gradients (gradcheck away from 0 and from ties)', () => {
  const g = new Generator(4);
  it('L2 of a vector, and along an axis', () => {
    const v = randn([6], { dtype: 'float64', generator: g });
    let r = gradcheck((x) => norm(x), [v]);
    expect(r.ok, r.message).toBe(true);
    const m = randn([4, 3], { dtype: 'float64', generator: g });
    r = gradcheck((x) => norm(x, 2, 1), [m]);
    expect(r.ok, r.message).toBe(true);
    r = gradcheck((x) => norm(x, 2, 0, true), [m]);
    expect(r.ok, r.message).toBe(true);
  });

  it('L1 (entries kept away from 0, where |x| has a corner)', () => {
    const v = tensor([0.7, -1.3, 2.1, -0.4], { dtype: 'float64' });
    const r = gradcheck((x) => norm(x, 1), [v]);
    expect(r.ok, r.message).toBe(true);
    const m = tensor([[0.5, -2], [1.5, -0.25]], { dtype: 'float64' });
    expect(gradcheck((x) => norm(x, 1, 0), [m]).ok).toBe(true);
  });

  it('∞-norm (a unique largest magnitude)', () => {
    const m = tensor([[0.5, -2, 1], [1.5, -0.25, 3]], { dtype: 'float64' });
    const r = gradcheck((x) => norm(x, Infinity, 1), [m]);
    expect(r.ok, r.message).toBe(true);
  });

  it('∞-norm with tied magnitudes shares the gradient, with their signs (as torch.linalg.vector_norm)', () => {
    // torch 1.13: vector_norm([[1,3,3],[2,-2,0]], inf, dim=1).sum() → grad [[0,½,½],[½,−½,0]]
    const x = tensor([[1, 3, 3], [2, -2, 0]], { requiresGrad: true });
    norm(x, Infinity, 1).sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0.5, 0.5], [0.5, -0.5, 0]]);
  });

  it("Frobenius, plain and batched", () => {
    const m = randn([3, 4], { dtype: 'float64', generator: g });
    let r = gradcheck((x) => norm(x, 'fro'), [m]);
    expect(r.ok, r.message).toBe(true);
    const b = randn([2, 3, 2], { dtype: 'float64', generator: g });
    r = gradcheck((x) => norm(x, 'fro', [0, 2]), [b]);
    expect(r.ok, r.message).toBe(true);
  });

  it('the gradient of ‖x‖₂ is x/‖x‖₂, and 0 (not NaN) at x = 0', () => {
    const x = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    norm(x).backward();
    expect(Array.from(x.grad!.data)).toEqual([0.6, 0.8]);
    const z = tensor([[0, 0], [3, 4]], { dtype: 'float64', requiresGrad: true });
    norm(z, 2, 1).sum().backward();
    expect(Array.from(z.grad!.data)).toEqual([0, 0, 0.6, 0.8]);
  });
});

describe('norm: hostile input', () => {
  const m = tensor([[1, 2], [3, 4]]);
  it('a non-tensor is a TypeError', () => {
    expect(() => norm([3, 4] as unknown as Tensor)).toThrow(TypeError);
    expect(() => norm(tensor([3, 4]), 2, 0, 'yes' as unknown as boolean)).toThrow(/keepdim must be true or false/);
  });
  it('an unknown ord is a ValueError', () => {
    expect(() => norm(tensor([3, 4]), 3)).toThrow(ValueError);
    expect(() => norm(tensor([3, 4]), 'nuc' as unknown as 'fro')).toThrow(/unknown ord "nuc"/);
  });
  it('a vector norm of a matrix without axis is a ShapeError with a hint', () => {
    expect(() => norm(m)).toThrow(ShapeError);
    expect(() => norm(m, 1)).toThrow(/ord 1 is a vector norm, but x has shape \[2,2\]; pass axis/);
  });
  it("'fro' needs a matrix, or two axes", () => {
    expect(() => norm(tensor([3, 4]), 'fro')).toThrow(/Frobenius norm is for a matrix \(2-D\), got shape \[2\]/);
    expect(() => norm(tensor([[[1]]]), 'fro')).toThrow(ShapeError);
    expect(() => norm(m, 'fro', 0)).toThrow(ValueError);
    expect(() => norm(m, 'fro', [0, 0])).toThrow(ShapeError);
  });
  it('a vector norm takes one axis; an axis out of range is a ShapeError', () => {
    expect(() => norm(m, 2, [0, 1])).toThrow(/takes a single axis/);
    expect(() => norm(m, 2, 2)).toThrow(ShapeError);
    expect(() => norm(m, 2, 2)).toThrow(/axis 2 is out of range/);
  });
  it('the ∞-norm of an empty vector is a ValueError', () => {
    expect(() => norm(tensor([]), Infinity)).toThrow(ValueError);
  });
});
