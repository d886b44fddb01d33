import { describe, expect, it } from 'vitest';
import { randn, tensor, zeros } from '../creation.js';
import { ShapeError } from '../errors.js';
import { manualSeed } from '../random.js';
import { Tensor } from '../tensor.js';
import { matmul } from './matmul.js';
import { expectClose, expectGradOk, rnd } from '../testing/helpers.js';

/** Σₖ A[i,k]·B[k,j] written as three loops over nested arrays — independent of the kernel. */
function naive(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

describe('matmul', () => {
  it('the spec: (32×1000)@(1000×256) has shape [32,256]', () => {
    manualSeed(0);
    expect(matmul(randn([32, 1000]), randn([1000, 256])).shape).toEqual([32, 256]);
  });

  it('the spec: mismatched inner dimensions throw a ShapeError naming both shapes', () => {
    const X = zeros([32, 1000]);
    const W = zeros([256, 1000]);
    expect(() => matmul(X, W)).toThrow(ShapeError);
    expect(() => matmul(X, W)).toThrow('matmul: cannot multiply [32,1000] by [256,1000]: inner dimensions 1000 ≠ 256 (did you mean W.T?)');
  });

  it('equals the three-loop definition on odd sizes', () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [3, 17, 5],
      [7, 3, 1],
      [2, 9, 13],
    ] as const) {
      const a = rnd([m, k], m + k);
      const b = rnd([k, n], k + n);
      const want = naive(a.toArray() as number[][], b.toArray() as number[][]).flat();
      expectClose(matmul(a, b).data, want, 1e-12);
    }
  });

  it('vectors: 1-D @ 1-D is the dot product, 1-D @ 2-D and 2-D @ 1-D drop the added axis', () => {
    expect(matmul(tensor([2, 3, 1]), tensor([4, 1, 5])).item()).toBe(16);
    const M = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(matmul(tensor([1, 1]), M).toArray()).toEqual([4, 6]);
    expect(matmul(M, tensor([1, 1])).toArray()).toEqual([3, 7]);
  });

  it('batched and broadcast over leading dimensions', () => {
    const a = rnd([2, 1, 3, 4], 1);
    const b = rnd([5, 4, 2], 2);
    const c = matmul(a, b);
    expect(c.shape).toEqual([2, 5, 3, 2]);
    // check one block by hand: c[1,3] = a[1,0] @ b[3]
    const a10 = (a.toArray() as number[][][][])[1]![0]!;
    const b3 = (b.toArray() as number[][][])[3]!;
    expectClose((c.toArray() as number[][][][])[1]![3]!.flat(), naive(a10, b3).flat(), 1e-12);
  });

  it('gradchecks: 2-D, batched, broadcast batch, vectors', () => {
    expectGradOk((x, y) => matmul(x, y), [rnd([3, 4], 3), rnd([4, 2], 4)]);
    expectGradOk((x, y) => matmul(x, y), [rnd([2, 3, 4], 5), rnd([2, 4, 2], 6)]);
    expectGradOk((x, y) => matmul(x, y), [rnd([2, 3, 4], 7), rnd([4, 5], 8)]);
    expectGradOk((x, y) => matmul(x, y), [rnd([4], 9), rnd([4, 3], 10)]);
    expectGradOk((x, y) => matmul(x, y), [rnd([4], 11), rnd([4], 12)]);
    expectGradOk((x, y) => matmul(x.T, y), [rnd([4, 3], 13), rnd([4, 2], 14)]);
  });

  it('zero-size dimensions give empty or zero results', () => {
    expect(matmul(zeros([0, 3]), zeros([3, 2])).shape).toEqual([0, 2]);
    expect(Array.from(matmul(zeros([2, 0]), zeros([0, 2])).data)).toEqual([0, 0, 0, 0]);
  });

  it('rejects 0-d arguments and non-tensors', () => {
    expect(() => matmul(tensor(2), tensor([1]))).toThrow(/matmul: both arguments need at least one dimension/);
    expect(() => matmul([1, 2] as unknown as Tensor, tensor([1]))).toThrow(TypeError);
    expect(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 5]))).toThrow(/cannot broadcast \[2\] with \[3\]/);
  });
});
