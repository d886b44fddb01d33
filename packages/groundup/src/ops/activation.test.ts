import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { DTypeError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, softplus, tanh } from './activation.js';
import { erf } from './math.js';
import { expectClose, expectGradOk, rnd } from '../testing/helpers.js';

describe('activations', () => {
  it('values by hand', () => {
    expect(relu(tensor([-1, 0, 2])).toArray()).toEqual([0, 0, 2]);
    expect(leakyRelu(tensor([-1, 2]), 0.1).toArray()).toEqual([-0.1, 2].map(Math.fround));
    expect(sigmoid(tensor([0])).item()).toBe(0.5);
    expect(tanh(tensor([0])).item()).toBe(0);
    // GELU(1) = 1·Φ(1) = 0.8413447460685429
    expect(gelu(tensor([1], { dtype: 'float64' })).item()).toBeCloseTo(0.8413447460685429, 12);
    expect(softplus(tensor([0], { dtype: 'float64' })).item()).toBeCloseTo(Math.log(2), 12);
  });

  it('sigmoid and softplus do not overflow at ±1e4', () => {
    const s = sigmoid(tensor([-1e4, 1e4]));
    expect(Array.from(s.data)).toEqual([0, 1]);
    const p = softplus(tensor([-1e4, 1e4]));
    expect(Array.from(p.data)).toEqual([0, 1e4]);
  });

  it('gradchecks', () => {
    expectGradOk((x) => relu(x), [rnd([10], 1)]);
    expectGradOk((x) => leakyRelu(x, 0.2), [rnd([10], 2)]);
    expectGradOk((x) => sigmoid(x), [rnd([10], 3, 3)]);
    expectGradOk((x) => tanh(x), [rnd([10], 4, 2)]);
    expectGradOk((x) => gelu(x), [rnd([10], 5, 2)]);
    expectGradOk((x) => softplus(x), [rnd([10], 6, 3)]);
    for (const axis of [0, 1, -1]) {
      expectGradOk((x) => softmax(x, axis), [rnd([3, 4], 7 + axis)]);
      expectGradOk((x) => logSoftmax(x, axis), [rnd([3, 4], 9 + axis)]);
    }
  });
});

describe('softmax', () => {
  it('matches the textbook formula on small logits', () => {
    const x = [1, 2, 3];
    const z = x.map(Math.exp).reduce((a, b) => a + b);
    expectClose(softmax(tensor(x, { dtype: 'float64' })).data, x.map((v) => Math.exp(v) / z), 1e-14);
    expectClose(logSoftmax(tensor(x, { dtype: 'float64' })).data, x.map((v) => v - Math.log(z)), 1e-14);
  });

  it('rows sum to 1 and never NaN for logits up to ±1e4 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 48, maxLength: 48 }),
        (rows, cols, vals) => {
          const t = new Tensor(Float32Array.from(vals.slice(0, rows * cols)), [rows, cols], 'float32');
          const s = softmax(t, -1);
          const ls = logSoftmax(t, -1);
          for (let r = 0; r < rows; r++) {
            let sum = 0;
            for (let c = 0; c < cols; c++) {
              const v = s.data[r * cols + c]!;
              expect(Number.isFinite(v)).toBe(true);
              expect(v).toBeGreaterThanOrEqual(0);
              sum += v;
              expect(Number.isNaN(ls.data[r * cols + c]!)).toBe(false);
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is unchanged by adding a constant to every logit', () => {
    const x = rnd([2, 5], 11);
    expectClose(softmax(x.add(1000)).data, softmax(x).data, 1e-12);
  });

  it('errors', () => {
    expect(() => softmax(tensor([1, 2]), 1)).toThrow(ShapeError);
    expect(() => softmax(tensor([1, 2]), 1)).toThrow(/softmax: axis 1 is out of range for a tensor with 1 dimension \[2\]/);
    expect(() => softmax(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
  });

  it('GELU derivative matches Φ(x) + xφ(x) evaluated independently', () => {
    const x = tensor([-2, -0.5, 0.3, 1.7], { dtype: 'float64', requiresGrad: true });
    gelu(x).sum().backward();
    const want = [-2, -0.5, 0.3, 1.7].map((v) => 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp((-v * v) / 2)) / Math.sqrt(2 * Math.PI));
    expectClose(x.grad!.data, want, 1e-12);
  });
});
