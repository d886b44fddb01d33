import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { expectClose, expectGradOk, rnd } from '../testing/helpers.js';
import { crossEntropy, nll } from './crossEntropy.js';

const f64 = (v: number[][]) => tensor(v, { dtype: 'float64' });
const idx = (v: number[]) => tensor(v, { dtype: 'int32' });

/** log softmax of one row, written out: z_c − log Σ_j e^{z_j} (with the max shifted out). */
function logSoftmaxRow(z: number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

const Z = [
  [2, 0, -1],
  [0.5, 1.5, -0.3],
  [-2, 0.1, 3],
];
const Y = [0, 2, 2];

describe('crossEntropy: values by hand', () => {
  it('with class indices equals the mean of −log softmax(z)_y', () => {
    const expected = Z.map((z, i) => -logSoftmaxRow(z)[Y[i]!]!);
    expectClose(crossEntropy(f64(Z), idx(Y), { reduction: 'none' }).data, expected, 1e-12);
    expect(crossEntropy(f64(Z), idx(Y)).item()).toBeCloseTo(expected.reduce((a, b) => a + b) / 3, 12);
    expect(crossEntropy(f64(Z), idx(Y), { reduction: 'sum' }).item()).toBeCloseTo(expected.reduce((a, b) => a + b), 12);
    // the doc-comment example: −log(e²/(e² + 1 + e⁻¹))
    expect(crossEntropy(f64([[2, 0, -1]]), idx([0])).item()).toBeCloseTo(-Math.log(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-1))), 12);
  });

  it('a one-hot probability target gives the same loss as the class index', () => {
    const onehot = Y.map((y) => [0, 1, 2].map((c) => (c === y ? 1 : 0)));
    expectClose(crossEntropy(f64(Z), f64(onehot), { reduction: 'none' }).data, crossEntropy(f64(Z), idx(Y), { reduction: 'none' }).data, 1e-12);
  });

  it('a soft target gives −Σ_c p_c log q_c', () => {
    const P = [
      [0.7, 0.2, 0.1],
      [0, 0.5, 0.5],
      [0.25, 0.25, 0.5],
    ];
    const expected = Z.map((z, i) => -logSoftmaxRow(z).reduce((s, lq, c) => s + P[i]![c]! * lq, 0));
    expectClose(crossEntropy(f64(Z), f64(P), { reduction: 'none' }).data, expected, 1e-12);
  });

  it('label smoothing mixes in the uniform target: (1 − ε)(−log q_y) + (ε/C) Σ_c (−log q_c)', () => {
    const eps = 0.2;
    const expected = Z.map((z, i) => {
      const lq = logSoftmaxRow(z);
      return (1 - eps) * -lq[Y[i]!]! + (eps / 3) * lq.reduce((s, v) => s - v, 0);
    });
    expectClose(crossEntropy(f64(Z), idx(Y), { labelSmoothing: eps, reduction: 'none' }).data, expected, 1e-12);
    // the same loss from a smoothed probability target built by hand
    const smoothed = Y.map((y) => [0, 1, 2].map((c) => (c === y ? 1 - eps : 0) + eps / 3));
    expectClose(crossEntropy(f64(Z), f64(smoothed), { reduction: 'none' }).data, expected, 1e-12);
    // and for a probability target, smoothing is applied to it
    const onehot = Y.map((y) => [0, 1, 2].map((c) => (c === y ? 1 : 0)));
    expectClose(crossEntropy(f64(Z), f64(onehot), { labelSmoothing: eps, reduction: 'none' }).data, expected, 1e-12);
  });

  it('class weights: a weighted mean divides by the total weight of the targets', () => {
    const w = [1, 2, 0.5];
    const per = Z.map((z, i) => w[Y[i]!]! * -logSoftmaxRow(z)[Y[i]!]!);
    const wsum = Y.reduce((s, y) => s + w[y]!, 0);
    const wt = tensor(w, { dtype: 'float64' });
    expect(crossEntropy(f64(Z), idx(Y), { weight: wt }).item()).toBeCloseTo(per.reduce((a, b) => a + b) / wsum, 12);
    expectClose(crossEntropy(f64(Z), idx(Y), { weight: wt, reduction: 'none' }).data, per, 1e-12);
  });

  it('the gradient with respect to the logits is (softmax(z) − onehot(y)) / N', () => {
    const z = f64(Z).requiresGrad_();
    crossEntropy(z, idx(Y)).backward();
    const expected = Z.flatMap((row, i) => logSoftmaxRow(row).map((lq, c) => (Math.exp(lq) - (c === Y[i] ? 1 : 0)) / 3));
    expectClose(z.grad!.data, expected, 1e-12);
  });

  it('[N,C,d] (classes on axis 1) equals [N·d, C] with the class axis moved last', () => {
    const z = rnd([2, 3, 4], 11);
    const y = idx([0, 1, 2, 1, 2, 2, 0, 0]).reshape(2, 4);
    const flat = z.permute(0, 2, 1).reshape(8, 3);
    expect(crossEntropy(z, y).item()).toBeCloseTo(crossEntropy(flat, y.reshape(8)).item(), 12);
    expect(crossEntropy(z, y, { reduction: 'none' }).shape).toEqual([2, 4]);
  });

  it('a single example [C] with a 0-d class index', () => {
    const l = crossEntropy(tensor([2, 0, -1], { dtype: 'float64' }), tensor(1, { dtype: 'int32' }));
    expect(l.shape).toEqual([]);
    expect(l.item()).toBeCloseTo(-logSoftmaxRow([2, 0, -1])[1]!, 12);
  });

  it('ignoreIndex: skipped positions give 0 and leave the mean', () => {
    const y = idx([0, -100, 2]);
    const kept = [0, 2].map((i) => -logSoftmaxRow(Z[i]!)[Y[i]!]!);
    expect(crossEntropy(f64(Z), y, { ignoreIndex: -100 }).item()).toBeCloseTo((kept[0]! + kept[1]!) / 2, 12);
    expectClose(crossEntropy(f64(Z), y, { ignoreIndex: -100, reduction: 'none' }).data, [kept[0]!, 0, kept[1]!], 1e-12);
    // a valid class can be the ignored one too; weights count only the kept positions
    const w = tensor([1, 2, 0.5], { dtype: 'float64' });
    const wl = [w.data[0]! * kept[0]!, w.data[2]! * kept[1]!];
    expect(crossEntropy(f64(Z), y, { ignoreIndex: -100, weight: w }).item()).toBeCloseTo((wl[0]! + wl[1]!) / 1.5, 12);
    // everything ignored: 0, not NaN
    expect(crossEntropy(f64(Z), idx([-1, -1, -1]), { ignoreIndex: -1 }).item()).toBe(0);
    // gradcheck, with smoothing
    expectGradOk((a) => crossEntropy(a, y, { ignoreIndex: -100, labelSmoothing: 0.1 }), [rnd([3, 3], 9)]);
    const z = f64(Z).requiresGrad_();
    crossEntropy(z, y, { ignoreIndex: -100 }).backward();
    expect(Array.from(z.grad!.data).slice(3, 6)).toEqual([0, 0, 0]);
    expect(() => crossEntropy(f64(Z), y)).toThrow(/target class -100/);
    expect(() => crossEntropy(f64(Z), y, { ignoreIndex: 0.5 })).toThrow(TypeError);
  });

  it('nll of logSoftmax equals crossEntropy', () => {
    const z = f64(Z);
    expect(nll(z.logSoftmax(1), idx(Y)).item()).toBeCloseTo(crossEntropy(z, idx(Y)).item(), 12);
    const w = tensor([0.3, 1, 2], { dtype: 'float64' });
    expect(nll(z.logSoftmax(1), idx(Y), { weight: w }).item()).toBeCloseTo(crossEntropy(z, idx(Y), { weight: w }).item(), 12);
  });

  it('property: cross-entropy ≥ 0, and = 0 only as the correct logit dominates', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 2, maxLength: 6 }), fc.nat(), (row, k) => {
        const y = k % row.length;
        const l = crossEntropy(tensor([row], { dtype: 'float64' }), idx([y])).item();
        expect(l).toBeGreaterThanOrEqual(0);
        expect(l).toBeCloseTo(-logSoftmaxRow(row)[y]!, 9);
      }),
      { numRuns: 50 },
    );
  });
});

describe('crossEntropy: gradcheck', () => {
  const z = rnd([4, 5], 1);
  const y = idx([0, 4, 2, 2]);
  const p = rnd([4, 5], 2).softmax(1).detach();
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`class indices, reduction ${reduction}`, () => expectGradOk((a) => crossEntropy(a, y, { reduction }), [z]));
    it(`probabilities, reduction ${reduction}`, () => expectGradOk((a) => crossEntropy(a, p, { reduction }), [z]));
    it(`label smoothing 0.1, reduction ${reduction}`, () => {
      expectGradOk((a) => crossEntropy(a, y, { reduction, labelSmoothing: 0.1 }), [z]);
      expectGradOk((a) => crossEntropy(a, p, { reduction, labelSmoothing: 0.1 }), [z]);
    });
  }
  it('class weights (with and without smoothing), and the gradient reaches a soft target too', () => {
    const w = tensor([1, 2, 0.5, 1, 3], { dtype: 'float64' });
    expectGradOk((a) => crossEntropy(a, y, { weight: w }), [z]);
    expectGradOk((a) => crossEntropy(a, y, { weight: w, labelSmoothing: 0.3 }), [z]);
    expectGradOk((a) => crossEntropy(a, p, { weight: w }), [z]);
    expectGradOk((a, t) => crossEntropy(a, t), [z, p]);
  });
  it('[N,C,d] segmentation-shaped logits', () => {
    const y3 = idx([0, 1, 2, 1, 2, 2]).reshape(2, 3);
    expectGradOk((a) => crossEntropy(a, y3, { labelSmoothing: 0.05 }), [rnd([2, 3, 3], 5)]);
  });
  it('nll', () => expectGradOk((lp) => nll(lp, y), [z]));
});

describe('crossEntropy: numerical safety', () => {
  it('logits of ±1e4 with a target class of probability ~0: finite loss and gradient (float32)', () => {
    const z = tensor([[1e4, -1e4, 0], [-1e4, 1e4, -1e4]], { requiresGrad: true });
    const l = crossEntropy(z, idx([1, 0]));
    // −log q_y = logsumexp(z) − z_y = 1e4 − (−1e4) = 2e4 for both rows
    expect(l.item()).toBeCloseTo(2e4, 0);
    l.backward();
    expect(Array.from(z.grad!.data).every(Number.isFinite)).toBe(true);
    // softmax − onehot, halved by the mean: row 0 = [1, −1, 0] / 2
    expectClose(Array.from(z.grad!.data).slice(0, 3), [0.5, -0.5, 0], 1e-6);
  });

  it('a probability target with mass on a class of probability ~0 is finite too', () => {
    const z = tensor([[1e4, -1e4]], { requiresGrad: true });
    const l = crossEntropy(z, tensor([[0.5, 0.5]]), { labelSmoothing: 0.1 });
    expect(Number.isFinite(l.item())).toBe(true);
    l.backward();
    expect(Array.from(z.grad!.data).every(Number.isFinite)).toBe(true);
  });
});

describe('crossEntropy: bad input', () => {
  const z = f64(Z);
  it('a class index out of range names the index and C', () => {
    expect(() => crossEntropy(z, idx([0, 5, 1]))).toThrow(ValueError);
    expect(() => crossEntropy(z, idx([0, 5, 1]))).toThrow(/target class 5 at position \[1\] is out of range for 3 classes .*\[3,3\].*0 … 2/);
    expect(() => crossEntropy(z, idx([-1, 0, 1]))).toThrow(/target class -1/);
  });
  it('float class indices: a DTypeError with the fix', () => {
    expect(() => crossEntropy(z, tensor([0, 2, 2]))).toThrow(DTypeError);
    expect(() => crossEntropy(z, tensor([0, 2, 2]))).toThrow(/class indices must be int32 \(convert with target\.int\(\)\)/);
  });
  it('a target of the wrong shape names both shapes', () => {
    expect(() => crossEntropy(z, idx([0, 1]))).toThrow(ShapeError);
    expect(() => crossEntropy(z, idx([0, 1]))).toThrow(/logits \[3,3\] need a target of int32 class indices of shape \[3\] or float probabilities of shape \[3,3\]; got int32 of shape \[2\]/);
    expect(() => crossEntropy(z, tensor([[1, 0]]))).toThrow(/got float32 of shape \[1,2\]/);
    expect(() => crossEntropy(z, idx([0, 1, 0, 0, 1, 0, 0, 0, 1]).reshape(3, 3))).toThrow(/pass a float tensor: target\.float\(\)/);
  });
  it('label smoothing outside [0, 1) is a ValueError', () => {
    for (const e of [1, -0.1, 1.5, NaN]) expect(() => crossEntropy(z, idx(Y), { labelSmoothing: e })).toThrow(ValueError);
    expect(() => crossEntropy(z, idx(Y), { labelSmoothing: 1 })).toThrow(/labelSmoothing must be in \[0, 1\), got 1/);
  });
  it('other bad arguments', () => {
    expect(() => crossEntropy(z, idx(Y), { reduction: 'avg' as never })).toThrow(/reduction must be 'mean', 'sum' or 'none', got "avg"/);
    expect(() => crossEntropy(idx([1, 2]) as Tensor, idx(0 as never))).toThrow(DTypeError);
    expect(() => crossEntropy(z, [0, 1, 2] as never)).toThrow(TypeError);
    expect(() => crossEntropy(z, idx(Y), { weight: tensor([1, 2]) })).toThrow(/weight must have one entry per class, shape \[3\], got \[2\]/);
    expect(() => crossEntropy(z, idx(Y), { weight: tensor([1, -2, 1]) })).toThrow(ValueError);
    expect(() => crossEntropy(z, tensor([[0.5, 0.5, NaN], [1, 0, 0], [1, 0, 0]]))).toThrow(/finite and ≥ 0; got NaN at position \[0,2\]/);
    expect(() => crossEntropy(tensor(1), tensor(0, { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => nll(z, tensor([[1, 0, 0], [1, 0, 0], [1, 0, 0]]))).toThrow(/nll: the target must be int32 class indices/);
  });
});
