import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, ValueError, gradcheck, randn, tensor, linalg } from '../index.js';
import { Tensor } from '../tensor.js';

const { cov } = linalg;

/** The textbook definition, written as loops: C_jk = Σᵢ (X_ij − x̄_j)(X_ik − x̄_k) / (n − 1). */
function covLoops(x: number[][]): number[][] {
  const n = x.length;
  const d = x[0]!.length;
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + x[i]![j]! / n;
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++)
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i]![j]! - mean[j]!) * (x[i]![k]! - mean[k]!);
      c[j]![k] = s / (n - 1);
    }
  return c;
}

describe('cov', () => {
  it('matches the double loop on random data of several shapes', () => {
    const g = new Generator(1);
    for (const [n, d] of [
      [2, 1],
      [2, 3],
      [10, 4],
      [50, 7],
    ] as const) {
      const x = Array.from({ length: n }, () => Array.from({ length: d }, () => 3 * g.normal() + 5));
      const c = cov(tensor(x, { dtype: 'float64' }));
      expect(c.shape).toEqual([d, d]);
      const ref = covLoops(x);
      (c.toArray() as number[][]).forEach((row, j) => row.forEach((v, k) => expect(v).toBeCloseTo(ref[j]![k]!, 11)));
    }
  });

  it('a hand-worked case: the second column is twice the first', () => {
    // x̄ = (2, 4); deviations (−1,−2), (0,0), (1,2); Σ products / 2 → [[1,2],[2,4]]
    expect(cov(tensor([[1, 2], [2, 4], [3, 6]])).toArray()).toEqual([
      [1, 2],
      [2, 4],
    ]);
  });

  it('is exactly symmetric, and its diagonal is the unbiased variance of each column', () => {
    const X = randn([20, 5], { dtype: 'float64', generator: new Generator(2) });
    const C = cov(X);
    const v = X.var(0);
    for (let j = 0; j < 5; j++) {
      expect(C.data[j * 5 + j]).toBeCloseTo(v.data[j]!, 12);
      for (let k = 0; k < 5; k++) expect(C.data[j * 5 + k]).toBe(C.data[k * 5 + j]);
    }
  });

  it('keeps the float dtype; int32 input gives float32', () => {
    expect(cov(tensor([[1, 2], [3, 5]], { dtype: 'float64' })).dtype).toBe('float64');
    expect(cov(tensor([[1, 2], [3, 5]])).dtype).toBe('float32');
    const ci = cov(tensor([[1, 2], [3, 5]], { dtype: 'int32' }));
    expect(ci.dtype).toBe('float32');
    expect(ci.toArray()).toEqual([
      [2, 3],
      [3, 4.5],
    ]);
  });

  it('is differentiable: gradcheck', () => {
    const X = randn([6, 3], { dtype: 'float64', generator: new Generator(3) });
    const r = gradcheck((x) => cov(x), [X]);
    expect(r.ok, r.message).toBe(true);
  });

  it('hostile input: typed errors', () => {
    expect(() => cov([[1, 2]] as unknown as Tensor)).toThrow(TypeError);
    expect(() => cov(tensor([[1, 2, 3]]))).toThrow(ValueError);
    expect(() => cov(tensor([[1, 2, 3]]))).toThrow(/cov: X \[1,3\] has 1 observation; .*at least 2 rows/);
    expect(() => cov(new Tensor(new Float32Array(0), [0, 3], 'float32'))).toThrow(/has 0 observations/);
    expect(() => cov(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => cov(tensor([1, 2, 3]))).toThrow(/got shape \[3\].*reshape it to \[n, 1\]/);
    expect(() => cov(new Tensor(new Float32Array(0), [4, 0], 'float32'))).toThrow(/empty \(shape \[4,0\]\)/);
  });
});
