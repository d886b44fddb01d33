import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { concat, gather, indexSelect, narrow, select, slice, stack } from './index.js';
import { expectGradOk, rnd } from '../testing/helpers.js';

describe('indexing', () => {
  const x = arange(12).reshape(3, 4); // [[0,1,2,3],[4,5,6,7],[8,9,10,11]]
  it('slices like NumPy', () => {
    expect(slice(x, [1]).toArray()).toEqual([4, 5, 6, 7]);
    expect(slice(x, [null, 2]).toArray()).toEqual([2, 6, 10]);
    expect(slice(x, ['1:', '::2']).toArray()).toEqual([
      [4, 6],
      [8, 10],
    ]);
    expect(slice(x, [-1, '::-1']).toArray()).toEqual([11, 10, 9, 8]);
    expect(slice(x, [[0, 2], [1, 3]]).toArray()).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(slice(x, ['5:']).shape).toEqual([0, 4]); // out-of-range bounds clip, as in Python
    expect(slice(x, [':', '3:0:-1']).toArray()).toEqual([
      [3, 2, 1],
      [7, 6, 5],
      [11, 10, 9],
    ]);
  });
  it('select and narrow', () => {
    expect(select(x, 1, 0).toArray()).toEqual([0, 4, 8]);
    expect(narrow(x, 1, 1, 2).shape).toEqual([3, 2]);
    expect(() => narrow(x, 1, 3, 2)).toThrow(/narrow: \[3, 3\+2\) does not fit axis 1 of size 4/);
  });
  it('indexSelect and gather', () => {
    expect(indexSelect(x, 0, [2, 0, 2]).toArray()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
    const idx = tensor([[3], [0], [1]], { dtype: 'int32' });
    expect(gather(x, 1, idx).toArray()).toEqual([[3], [4], [9]]);
  });
  it('concat and stack', () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4]]);
    expect(concat([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(concat([a, b], 1).toArray()).toEqual([[1, 2, 3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(() => concat([a, zeros([1, 3])])).toThrow(/concat: tensor 1 has shape \[1,3\] but tensor 0 has \[1,2\]/);
    expect(() => stack([])).toThrow(ValueError);
  });
  it('errors', () => {
    expect(() => slice(x, [3])).toThrow(/slice: index 3 is out of range for axis 0 of size 3 in \[3,4\]/);
    expect(() => slice(x, [0, 0, 0])).toThrow(ShapeError);
    expect(() => slice(x, ['::0'])).toThrow(/step must be a non-zero integer/);
    expect(() => indexSelect(x, 0, [3])).toThrow(/indexSelect: index 3 is out of range for axis 0 of size 3/);
    expect(() => indexSelect(x, 0, tensor([0]))).toThrow(DTypeError);
    expect(() => gather(x, 1, tensor([[0]], { dtype: 'int32' }))).toThrow(ShapeError);
  });
  it('gradchecks (repeated indices accumulate)', () => {
    const t = rnd([4, 5], 1);
    expectGradOk((a) => slice(a, ['1:3', '::-2']), [t]);
    expectGradOk((a) => select(a, 1, 2), [t]);
    expectGradOk((a) => indexSelect(a, 0, [1, 1, 3]), [t]);
    expectGradOk((a) => gather(a, 1, tensor([[0, 0], [4, 1], [2, 2], [3, 0]], { dtype: 'int32' })), [t]);
    expectGradOk((a, b) => concat([a, b, a], 1), [rnd([2, 3], 2), rnd([2, 1], 3)]);
    expectGradOk((a, b) => stack([a, b], 0), [rnd([2, 3], 4), rnd([2, 3], 5)]);
  });
});
