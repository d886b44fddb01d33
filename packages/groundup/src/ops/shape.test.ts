import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { cast, expand, flatten, permute, reshape, squeeze, transpose, unsqueeze } from './shape.js';
import { expectGradOk, rnd } from '../testing/helpers.js';

describe('shape ops', () => {
  const x = arange(24).reshape(2, 3, 4);
  it('reshape, with −1 inferred, sharing the numbers', () => {
    expect(reshape(x, [4, -1]).shape).toEqual([4, 6]);
    expect(reshape(x, [24]).data).toBe(x.data);
    expect(() => reshape(x, [5, -1])).toThrow(/reshape: cannot reshape \[2,3,4\] \(24 elements\) into \[5,-1\]/);
    expect(() => reshape(x, [-1, -1])).toThrow(ValueError);
    expect(() => reshape(x, [7, 3])).toThrow(ShapeError);
  });
  it('flatten, squeeze, unsqueeze', () => {
    expect(flatten(x).shape).toEqual([24]);
    expect(flatten(x, 1).shape).toEqual([2, 12]);
    expect(squeeze(zeros([1, 3, 1])).shape).toEqual([3]);
    expect(squeeze(zeros([1, 3, 1]), 0).shape).toEqual([3, 1]);
    expect(unsqueeze(zeros([3]), -1).shape).toEqual([3, 1]);
    expect(unsqueeze(zeros([3]), 0).shape).toEqual([1, 3]);
  });
  it('permute and transpose move elements to the right places', () => {
    const p = permute(x, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[k,i,j] = x[i,j,k] = 12i + 4j + k
    const pa = p.toArray() as number[][][];
    for (let k = 0; k < 4; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(pa[k]![i]![j]).toBe(12 * i + 4 * j + k);
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.T.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(transpose(x, 0, 2).shape).toEqual([4, 3, 2]);
    expect(() => permute(x, [0, 0, 1])).toThrow(/not a permutation/);
    expect(() => permute(x, [0, 1])).toThrow(ShapeError);
  });
  it('expand repeats size-1 dimensions', () => {
    expect(expand(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(() => expand(zeros([2, 3]), [4, 3])).toThrow(ShapeError);
  });
  it('casts', () => {
    expect(cast(tensor([1.7, -1.7]), 'int32').toArray()).toEqual([1, -1]);
    expect(() => cast(tensor([1]), 'float16' as never)).toThrow(DTypeError);
  });
  it('gradchecks', () => {
    const t = rnd([2, 3, 4], 1);
    expectGradOk((a) => reshape(a, [6, 4]).mul(a.reshape(6, 4)), [t]);
    expectGradOk((a) => permute(a, [1, 2, 0]), [t]);
    expectGradOk((a) => transpose(a, 0, 1), [t]);
    expectGradOk((a) => expand(a, [3, 2, 3]), [rnd([2, 1], 2)]);
    expectGradOk((a) => squeeze(unsqueeze(a, 1), 1).flatten(), [rnd([3, 2], 3)]);
    // through float32 the finite difference needs a step far above float32 rounding (≈1e-7)
    expectGradOk((a) => cast(a, 'float32').double(), [rnd([3], 4)], { eps: 1e-2, atol: 1e-4 });
  });
});
