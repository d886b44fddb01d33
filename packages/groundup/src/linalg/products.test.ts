import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, gradcheck, randn, tensor, linalg } from '../index.js';
import { Tensor } from '../tensor.js';

const { outer, trace, dot } = linalg;

describe('dot', () => {
  it('the guide\'s example: [2,3,1]·[4,1,5] = 16', () => {
    expect(dot(tensor([2, 3, 1]), tensor([4, 1, 5])).item()).toBe(16);
  });
  it('gradcheck, and a ShapeError for different lengths', () => {
    const g = new Generator(1);
    const r = gradcheck((a, b) => dot(a, b), [randn([4], { dtype: 'float64', generator: g }), randn([4], { dtype: 'float64', generator: g })]);
    expect(r.ok, r.message).toBe(true);
    expect(() => dot(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/dot: needs two vectors of the same length, got \[2\] and \[3\]/);
  });
});

describe('outer', () => {
  it('(a ⊗ b)ᵢⱼ = aᵢbⱼ', () => {
    expect(outer(tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
  });
  it('its trace is the dot product, and it has rank one (every 2×2 minor is 0)', () => {
    const a = tensor([1.5, -2, 0.5], { dtype: 'float64' });
    const b = tensor([2, 1, 4], { dtype: 'float64' });
    expect(trace(outer(a, b)).item()).toBeCloseTo(dot(a, b).item(), 14);
    const M = outer(a, b).toArray() as number[][];
    expect(M[0]![0]! * M[1]![1]! - M[0]![1]! * M[1]![0]!).toBeCloseTo(0, 14);
  });
  it('gradcheck in both arguments', () => {
    const g = new Generator(2);
    const r = gradcheck((a, b) => outer(a, b), [randn([3], { dtype: 'float64', generator: g }), randn([4], { dtype: 'float64', generator: g })]);
    expect(r.ok, r.message).toBe(true);
  });
  it('hostile input', () => {
    expect(() => outer([1] as unknown as Tensor, tensor([1]))).toThrow(TypeError);
    expect(() => outer(tensor([[1, 2]]), tensor([1]))).toThrow(ShapeError);
    expect(() => outer(tensor([[1, 2]]), tensor([1]))).toThrow(/outer: needs two vectors \(1-D\), got \[1,2\] and \[1\]/);
  });
});

describe('trace', () => {
  it('tr [[1,2],[3,4]] = 5; a rectangular matrix sums its min(m, n) diagonal entries', () => {
    expect(trace(tensor([[1, 2], [3, 4]])).item()).toBe(5);
    expect(trace(tensor([[1, 2, 3], [4, 5, 6]])).item()).toBe(6);
    expect(trace(tensor([[1, 2], [3, 4], [5, 6]])).item()).toBe(5);
  });
  it('tr(AB) = tr(BA) for random A [3,5], B [5,3]', () => {
    const g = new Generator(3);
    const A = randn([3, 5], { dtype: 'float64', generator: g });
    const B = randn([5, 3], { dtype: 'float64', generator: g });
    expect(trace(A.matmul(B)).item()).toBeCloseTo(trace(B.matmul(A)).item(), 12);
  });
  it('gradcheck: ∂tr(A)/∂A = I', () => {
    const A = randn([3, 4], { dtype: 'float64', generator: new Generator(4) });
    const r = gradcheck((a) => trace(a), [A]);
    expect(r.ok, r.message).toBe(true);
    const B = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    trace(B).backward();
    expect(B.grad!.toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
  it('hostile input', () => {
    expect(() => trace('A' as unknown as Tensor)).toThrow(TypeError);
    expect(() => trace(tensor([1, 2]))).toThrow(/trace: needs a matrix \(2-D\), got shape \[2\]/);
  });
});
