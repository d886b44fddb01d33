import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import { ShapeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add, div, maximum, minimum, mul, pow, sub, where } from './arithmetic.js';
import { expectClose, expectGradOk, rnd } from '../testing/helpers.js';

/** NumPy's broadcasting rule written out directly, index by index — independent of shape.ts. */
function naiveBroadcastAdd(a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const n = Math.max(a.ndim, b.ndim);
  const pa = [...Array(n - a.ndim).fill(1), ...a.shape];
  const pb = [...Array(n - b.ndim).fill(1), ...b.shape];
  const shape = pa.map((d, i) => Math.max(d, pb[i]!));
  const size = shape.reduce((x, y) => x * y, 1);
  const data: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rem = flat;
    const idx = shape.map(() => 0);
    for (let d = n - 1; d >= 0; d--) {
      idx[d] = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
    }
    const offset = (p: number[]) => idx.reduce((o, v, d) => o * p[d]! + (p[d] === 1 ? 0 : v), 0);
    data.push(a.data[offset(pa)]! + b.data[offset(pb)]!);
  }
  return { shape, data };
}

describe('broadcasting', () => {
  it('matches NumPy rules on random compatible shapes', () => {
    const dim = fc.integer({ min: 1, max: 4 });
    fc.assert(
      fc.property(fc.array(dim, { minLength: 0, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 4 }), (shape, ones, drop) => {
        const sa = shape;
        const sb = shape.slice(Math.min(drop, shape.length)).map((d, i) => (ones[i] ? 1 : d));
        const a = rnd(sa, 1);
        const b = rnd(sb, 2);
        const got = add(a, b);
        const want = naiveBroadcastAdd(a, b);
        expect(got.shape).toEqual(want.shape);
        expectClose(got.data, want.data, 1e-12);
        // broadcasting is symmetric
        expect(add(b, a).shape).toEqual(want.shape);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects incompatible shapes with both shapes in the message', () => {
    expect(() => add(zeros([2, 3]), zeros([4, 3]))).toThrow(ShapeError);
    expect(() => add(zeros([2, 3]), zeros([4, 3]))).toThrow(/add: cannot broadcast \[2,3\] with \[4,3\]/);
    expect(() => broadcastShapes('x', [3], [4])).toThrow(/3 in one and 4 in the other/);
  });

  it('treats zero-size dimensions like any other size', () => {
    expect(add(zeros([0, 3]), zeros([1, 3])).shape).toEqual([0, 3]);
    expect(add(zeros([0, 3]), zeros([3])).size).toBe(0);
  });
});

describe('arithmetic values', () => {
  it('computes by hand', () => {
    expect(add(tensor([1, 2]), 3).toArray()).toEqual([4, 5]);
    expect(sub(10, tensor([1, 2])).toArray()).toEqual([9, 8]);
    expect(mul(tensor([[1], [2]]), tensor([3, 4])).toArray()).toEqual([
      [3, 4],
      [6, 8],
    ]);
    expect(div(tensor([1, 3]), tensor([2, 4])).toArray()).toEqual([0.5, 0.75]);
    expect(pow(tensor([2, 3]), 2).toArray()).toEqual([4, 9]);
    expect(maximum(tensor([1, 5]), tensor([3, 2])).toArray()).toEqual([3, 5]);
    expect(minimum(tensor([1, 5]), 2).toArray()).toEqual([1, 2]);
    expect(where(tensor([1, 0, 1], { dtype: 'int32' }), tensor([1, 2, 3]), -1).toArray()).toEqual([1, -1, 3]);
  });

  it('promotes dtypes like PyTorch', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(add(i, i).dtype).toBe('int32');
    expect(mul(i, 0.5).dtype).toBe('float32');
    expect(mul(i, 2).dtype).toBe('int32');
    expect(div(i, i).dtype).toBe('float32');
    expect(add(tensor([1]), tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('rejects things that are not tensors or numbers', () => {
    expect(() => add(tensor([1]), 'x' as unknown as number)).toThrow(TypeError);
    expect(() => add(tensor([1]), 'x' as unknown as number)).toThrow(/add: second argument must be a Tensor or a number/);
  });
});

describe('arithmetic gradients (gradcheck, incl. through broadcasting)', () => {
  const pairs: [string, number[], number[]][] = [
    ['same shape', [2, 3], [2, 3]],
    ['row vector', [4, 3], [3]],
    ['column', [4, 3], [4, 1]],
    ['both stretched', [4, 1], [1, 5]],
    ['scalar tensor', [2, 3], []],
    ['leading batch', [2, 3, 4], [3, 4]],
  ];
  for (const [label, sa, sb] of pairs) {
    it(`add/sub/mul/div: ${label}`, () => {
      const a = rnd(sa, 3);
      const b = rnd(sb, 4, 0.5, 2); // away from 0 for div
      expectGradOk((x, y) => add(x, y), [a, b]);
      expectGradOk((x, y) => sub(x, y), [a, b]);
      expectGradOk((x, y) => mul(x, y), [a, b]);
      expectGradOk((x, y) => div(x, y), [a, b]);
    });
  }
  it('pow with a number and with a tensor exponent', () => {
    expectGradOk((x) => pow(x, 3), [rnd([3, 2], 5)]);
    expectGradOk((x, p) => pow(x, p), [rnd([3, 2], 6, 0.3, 2), rnd([2], 7, 0.5, 1.5)]);
  });
  it('maximum/minimum/where', () => {
    expectGradOk((x, y) => maximum(x, y), [rnd([3, 4], 8), rnd([4], 9)]);
    expectGradOk((x, y) => minimum(x, y), [rnd([3, 4], 10), rnd([3, 1], 11)]);
    const mask = tensor([[1, 0, 1, 0]], { dtype: 'int32' });
    expectGradOk((x, y) => where(mask, x, y), [rnd([3, 4], 12), rnd([3, 4], 13)]);
  });
  it('neg through a method chain', () => {
    expectGradOk((x) => x.neg().mul(x), [rnd([5], 14)]);
  });
});
