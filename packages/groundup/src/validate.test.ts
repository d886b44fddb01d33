import { describe, it, expect } from 'vitest';
import { tensor } from './creation.js';
import { DTypeError, ValueError } from './errors.js';
import { assertTensor, floatTensorArg, integer, nonNegative, positive, readOptions, tensorArg, unitInterval } from './validate.js';

describe('validate: the shared argument checks', () => {
  it('readOptions: undefined is {}, a plain object passes, anything else is a TypeError quoting it', () => {
    expect(readOptions('op', undefined)).toEqual({});
    const o = { lr: 1 };
    expect(readOptions('op', o)).toBe(o);
    expect(() => readOptions('SGD', 3 as never, '{ lr: 0.01 }')).toThrow(new TypeError('SGD: options must be an object like { lr: 0.01 }, got 3'));
    expect(() => readOptions('op', null as never)).toThrow(/op: options must be an object like \{ … \}, got null/);
    expect(() => readOptions('op', [1, 2] as never)).toThrow(/got \[1,2\]/);
    expect(() => readOptions('op', tensor([1]) as never)).toThrow(/got Tensor/);
    expect(() => readOptions('op', undefined, '{ n: 1 }', true)).toThrow(/op: options must be an object like \{ n: 1 \}, got undefined/);
  });

  it('positive, nonNegative, unitInterval: the value back, or the right error with the value quoted', () => {
    expect(positive('op', 'lr', 0.5)).toBe(0.5);
    expect(() => positive('op', 'lr', 0)).toThrow(new ValueError('op: lr must be a finite number > 0, got 0'));
    expect(() => positive('op', 'lr', NaN)).toThrow(/got NaN/);
    expect(() => positive('op', 'lr', Infinity)).toThrow(ValueError);
    expect(() => positive('op', 'lr', '1')).toThrow(new TypeError('op: lr must be a number, got "1"'));
    expect(nonNegative('op', 'wd', 0)).toBe(0);
    expect(() => nonNegative('op', 'wd', -1e-3)).toThrow(new ValueError('op: wd must be a finite number ≥ 0, got -0.001'));
    expect(() => nonNegative('op', 'std', -1, ' (it is a standard deviation)')).toThrow('op: std must be a finite number ≥ 0 (it is a standard deviation), got -1');
    expect(unitInterval('op', 'beta', 0)).toBe(0);
    expect(() => unitInterval('op', 'beta', 1)).toThrow(new ValueError('op: beta must be in [0, 1), got 1'));
    expect(() => unitInterval('op', 'beta', null)).toThrow(TypeError);
  });

  it('integer: a TypeError for a non-number, a ValueError for a fraction or a value below min', () => {
    expect(integer('op', 'n', 3, 1)).toBe(3);
    expect(() => integer('op', 'n', 2.5, 1)).toThrow(new ValueError('op: n must be an integer ≥ 1, got 2.5'));
    expect(() => integer('op', 'n', -1)).toThrow(/n must be an integer ≥ 0, got -1/);
    expect(() => integer('op', 'n', '3')).toThrow(new TypeError('op: n must be an integer, got "3"'));
  });

  it('tensor guards: the tensor back, a TypeError for a non-tensor, a DTypeError with the fix for int32', () => {
    const t = tensor([1, 2]);
    expect(tensorArg('op', t, 'x')).toBe(t);
    expect(() => tensorArg('op', [1, 2], 'x')).toThrow(new TypeError('op: x must be a Tensor, got [1,2]'));
    expect(() => assertTensor('eigh', 5, 'A')).toThrow(/eigh: A must be a Tensor, got 5/);
    expect(floatTensorArg('op', t)).toBe(t);
    expect(() => floatTensorArg('mse', tensor([1], { dtype: 'int32' }), 'the prediction')).toThrow(
      new DTypeError('mse: the prediction must be a float tensor, got int32 (convert with .float())'),
    );
  });
});
