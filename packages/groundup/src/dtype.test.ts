import { describe, it, expect } from 'vitest';
import { tensor } from './creation.js';
import { type DType, resultType } from './dtype.js';
import { add, div, eq, maximum, mul, sub, where } from './ops/arithmetic.js';
import type { Tensor } from './tensor.js';

type Kind = 'tensor' | '0-d';
const DT: DType[] = ['float32', 'float64', 'int32'];

/** An operand of dtype d: a [2] tensor or a 0-d tensor, both holding 1s. */
function operand(d: DType, kind: Kind): Tensor {
  return kind === 'tensor' ? tensor([1, 1], { dtype: d }) : tensor(1, { dtype: d });
}

/**
 * PyTorch's promotion written out by hand (and confirmed with torch 1.13's `result_type`):
 * rows are the left operand, columns the right one, in the order
 * f32 [2], f32 0-d, f64 [2], f64 0-d, i32 [2], i32 0-d, the number 2, the number 2.5.
 * A 0-d tensor counts only when it brings a float to an int32 tensor; numbers likewise.
 */
const f32 = 'float32', f64 = 'float64', i32 = 'int32';
const TABLE: Record<string, DType[]> = {
  'float32 tensor': [f32, f32, f64, f32, f32, f32, f32, f32],
  'float32 0-d': [f32, f32, f64, f64, f32, f32, f32, f32],
  'float64 tensor': [f64, f64, f64, f64, f64, f64, f64, f64],
  'float64 0-d': [f32, f64, f64, f64, f64, f64, f64, f64],
  'int32 tensor': [f32, f32, f64, f64, i32, i32, i32, f32],
  'int32 0-d': [f32, f32, f64, f64, i32, i32, i32, f32],
};

describe('type promotion (PyTorch result_type)', () => {
  const columns: [string, () => Tensor | number][] = [];
  for (const d of DT) for (const k of ['tensor', '0-d'] as Kind[]) columns.push([`${d} ${k}`, () => operand(d, k)]);
  columns.push(['2', () => 2], ['2.5', () => 2.5]);

  for (const d of DT)
    for (const k of ['tensor', '0-d'] as Kind[]) {
      const row = `${d} ${k}`;
      it(`${row} with every kind of operand`, () => {
        const got = columns.map(([, right]) => mul(operand(d, k), right()).dtype);
        expect(got, row).toEqual(TABLE[row]);
        // the same table with the operands swapped (promotion is symmetric), and for other ops
        const swapped = columns.map(([, right]) => mul(right(), operand(d, k)).dtype);
        expect(swapped, `${row} on the right`).toEqual(TABLE[row]);
        expect(columns.map(([, right]) => add(operand(d, k), right()).dtype)).toEqual(TABLE[row]);
        expect(columns.map(([, right]) => maximum(operand(d, k), right()).dtype)).toEqual(TABLE[row]);
        expect(columns.map(([, right]) => where(tensor([1, 0], { dtype: 'int32' }), operand(d, k), right()).dtype)).toEqual(TABLE[row]);
      });
    }

  it('resultType itself, on shapes alone', () => {
    expect(resultType({ dtype: 'float32', ndim: 2 }, { dtype: 'float64', ndim: 0 })).toBe('float32');
    expect(resultType({ dtype: 'float64', ndim: 0 }, { dtype: 'int32', ndim: 1 })).toBe('float64');
    expect(resultType({ dtype: 'int32', ndim: 0 }, { dtype: 'float32', ndim: 0 })).toBe('float32');
    expect(resultType({ dtype: 'float32', ndim: 1 }, { dtype: 'float64', ndim: 1 })).toBe('float64');
  });

  it('a [1] tensor is not 0-d: it promotes like any tensor', () => {
    expect(mul(tensor([1, 2]), tensor([3], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('division of int32 by int32 gives float32, whatever the standing', () => {
    expect(div(operand('int32', 'tensor'), operand('int32', '0-d')).dtype).toBe('float32');
    expect(div(operand('float64', '0-d'), operand('int32', 'tensor')).dtype).toBe('float64');
  });

  it('the 0-d operand is rounded to the result dtype first, as in PyTorch', () => {
    // fround(0.1) = 0.100000001490116…; 3 × that = 0.300000004470348…, which rounds to
    // 0.30000001192092896 in float32 (torch: (ones(3) * 3 * tensor(0.1, float64))[0] gives the same)
    const out = mul(tensor([3, 3, 3]), tensor(0.1, { dtype: 'float64' }));
    expect(out.dtype).toBe('float32');
    expect(out.data[0]).toBe(0.30000001192092896);
    // a comparison too: float32 0.1 equals the float64 0-d 0.1 once both are float32
    expect(Array.from(eq(tensor([0.1]), tensor(0.1, { dtype: 'float64' })).data)).toEqual([1]);
    // int32 [2] − float32 0-d 0.5 keeps the fraction: the result is float32
    expect(Array.from(sub(tensor([3, 4], { dtype: 'int32' }), tensor(0.5)).data)).toEqual([2.5, 3.5]);
  });

  it('a 0-d float64 tensor with requiresGrad still gets a float64 gradient', () => {
    const s = tensor(2, { dtype: 'float64', requiresGrad: true });
    const x = tensor([1.5, 2.5, -1]);
    mul(x, s).sum().backward();
    expect(s.grad!.dtype).toBe('float64');
    expect(s.grad!.item()).toBe(3); // Σx = 1.5 + 2.5 − 1
  });
});
