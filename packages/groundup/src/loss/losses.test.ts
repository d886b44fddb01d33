import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { expectClose, expectGradOk, rnd } from '../testing/helpers.js';
import { bceWithLogits } from './binary.js';
import { infoNCE, ntXent } from './contrastive.js';
import { crossEntropy } from './crossEntropy.js';
import { dice } from './dice.js';
import { klDiv, klDivReverse } from './kl.js';
import { huber, l1, mse } from './regression.js';

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
const sigma = (x: number) => 1 / (1 + Math.exp(-x));

describe('mse, l1, huber', () => {
  const p = [1, 2, 3, -1.5];
  const t = [1, 2.5, 5, 0];
  const r = p.map((v, i) => v - t[i]!);
  it('values by hand', () => {
    expect(mse(f64(p), f64(t)).item()).toBeCloseTo(sum(r.map((v) => v * v)) / 4, 12);
    expect(mse(f64(p), f64(t), { reduction: 'sum' }).item()).toBeCloseTo(sum(r.map((v) => v * v)), 12);
    expectClose(mse(f64(p), f64(t), { reduction: 'none' }).data, r.map((v) => v * v), 1e-12);
    expect(l1(f64(p), f64(t)).item()).toBeCloseTo(sum(r.map(Math.abs)) / 4, 12);
    // huber δ = 1: residuals 0, −0.5, −2, −1.5 → 0, 0.125, 1.5, 1
    expectClose(huber(f64(p), f64(t), { reduction: 'none' }).data, [0, 0.125, 1.5, 1], 1e-12);
    // huber δ = 2: 0, 0.125, 2·(2 − 1) = 2, 1.125
    expectClose(huber(f64(p), f64(t), { delta: 2, reduction: 'none' }).data, [0, 0.125, 2, 1.125], 1e-12);
    expect(mse(tensor([1, 2, 3]), tensor([1, 2, 5])).item()).toBeCloseTo(4 / 3, 6);
  });
  it('the gradient of MSE is 2(ŷ − y)/n', () => {
    const x = f64(p).requiresGrad_();
    mse(x, f64(t)).backward();
    expectClose(x.grad!.data, r.map((v) => (2 * v) / 4), 1e-12);
  });
  it('gradchecks for every reduction', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectGradOk((a, b) => mse(a, b, { reduction }), [rnd([3, 4], 1), rnd([3, 4], 2)]);
      expectGradOk((a, b) => l1(a, b, { reduction }), [rnd([3, 4], 3), rnd([3, 4], 4)]);
      expectGradOk((a, b) => huber(a, b, { reduction, delta: 0.7 }), [rnd([3, 4], 5), rnd([3, 4], 6)]);
    }
  });
  it('mismatched shapes: a ShapeError naming both shapes', () => {
    expect(() => mse(zeros([4, 1]), zeros([4]))).toThrow(ShapeError);
    expect(() => mse(zeros([4, 1]), zeros([4]))).toThrow(/mse: the prediction has shape \[4,1\] but the target has shape \[4\]/);
    expect(() => l1(zeros([2]), zeros([3]))).toThrow(/l1: .*\[2\].*\[3\]/);
    expect(() => huber(zeros([2]), zeros([2]), { delta: 0 })).toThrow(/huber: delta must be a finite number > 0, got 0/);
    expect(() => mse(zeros([2], { dtype: 'int32' }), zeros([2]))).toThrow(DTypeError);
    expect(() => mse(zeros([2]), [1, 2] as never)).toThrow(TypeError);
  });
});

describe('bceWithLogits', () => {
  const x = [-3, -0.5, 0, 0.7, 2.5];
  const y = [0, 1, 0.3, 1, 0];
  const naive = (xi: number, yi: number, pw = 1) => -(pw * yi * Math.log(sigma(xi)) + (1 - yi) * Math.log(1 - sigma(xi)));
  it('equals the naive −[y log σ(x) + (1−y) log(1−σ(x))] on moderate values', () => {
    expectClose(bceWithLogits(f64(x), f64(y), { reduction: 'none' }).data, x.map((v, i) => naive(v, y[i]!)), 1e-12);
    expect(bceWithLogits(f64(x), f64(y)).item()).toBeCloseTo(sum(x.map((v, i) => naive(v, y[i]!))) / 5, 12);
    expect(bceWithLogits(tensor([0]), tensor([1])).item()).toBeCloseTo(Math.log(2), 6);
  });
  it('with a positive weight: −[p·y log σ(x) + (1−y) log(1−σ(x))]', () => {
    expectClose(bceWithLogits(f64(x), f64(y), { posWeight: 3, reduction: 'none' }).data, x.map((v, i) => naive(v, y[i]!, 3)), 1e-12);
    const X = [[0.5, -1], [2, 0.1]];
    const Y = [[1, 0.5], [0, 1]];
    const pw = [2, 0.5]; // per class (last axis)
    const expected = X.flatMap((row, i) => row.map((v, c) => naive(v, Y[i]![c]!, pw[c])));
    expectClose(bceWithLogits(f64(X), f64(Y), { posWeight: f64(pw), reduction: 'none' }).data, expected, 1e-12);
  });
  it('the gradient is (σ(x) − y)/n', () => {
    const t = f64(x).requiresGrad_();
    bceWithLogits(t, f64(y)).backward();
    expectClose(t.grad!.data, x.map((v, i) => (sigma(v) - y[i]!) / 5), 1e-12);
  });
  it('finite at ±1e4 (float32), with the exact limits', () => {
    const t = tensor([1e4, -1e4, 1e4, -1e4], { requiresGrad: true });
    const l = bceWithLogits(t, tensor([0, 1, 1, 0]), { reduction: 'none' });
    expect(Array.from(l.data)).toEqual([1e4, 1e4, 0, 0]);
    l.sum().backward();
    expect(Array.from(t.grad!.data)).toEqual([1, -1, 0, 0]);
  });
  it('gradchecks (logits, targets, posWeight) for every reduction', () => {
    const t = rnd([3, 4], 2).sigmoid().detach();
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectGradOk((a, b) => bceWithLogits(a, b, { reduction }), [rnd([3, 4], 1, 2), t]);
      expectGradOk((a, w) => bceWithLogits(a, t, { reduction, posWeight: w }), [rnd([3, 4], 3, 2), f64([1, 2, 0.5, 3])]);
    }
  });
  it('bad input', () => {
    expect(() => bceWithLogits(zeros([3]), tensor([0, 1, 2]))).toThrow(/targets must be probabilities in \[0, 1\], got 2 at element 2/);
    expect(() => bceWithLogits(zeros([3, 1]), zeros([3]))).toThrow(/logits has shape \[3,1\] but the target has shape \[3\]/);
    expect(() => bceWithLogits(zeros([3]), zeros([3], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => bceWithLogits(zeros([3]), zeros([3]), { posWeight: -1 })).toThrow(ValueError);
    expect(() => bceWithLogits(zeros([2, 3]), zeros([2, 3]), { posWeight: tensor([1, 2]) })).toThrow(ShapeError);
  });
});

describe('dice', () => {
  it('values by hand, per example', () => {
    const p = [[0.9, 0.1, 0.8, 0.0], [0.2, 0.2, 0.2, 0.2]];
    const t = [[1, 0, 1, 0], [0, 0, 0, 1]];
    const eps = 1;
    const expected = p.map((row, i) => {
      const inter = sum(row.map((v, k) => v * t[i]![k]!));
      return 1 - (2 * inter + eps) / (sum(row) + sum(t[i]!) + eps);
    });
    expectClose(dice(f64(p), f64(t), { reduction: 'none' }).data, expected, 1e-12);
    expect(dice(f64(p), f64(t)).item()).toBeCloseTo(sum(expected) / 2, 12);
    expect(dice(f64(p), f64(t), { reduction: 'sum', eps: 1e-3 }).item()).toBeCloseTo(
      sum(p.map((row, i) => 1 - (2 * sum(row.map((v, k) => v * t[i]![k]!)) + 1e-3) / (sum(row) + sum(t[i]!) + 1e-3))),
      12,
    );
  });
  it('empty masks are defined: both empty → exactly 0; prediction empty, target not → close to 1', () => {
    expect(dice(zeros([2, 3, 3]), zeros([2, 3, 3])).item()).toBe(0);
    expect(dice(zeros([1, 8]), zeros([1, 8]), { eps: 1e-7 }).item()).toBe(0);
    // 1 − ε/(Σt + ε) with Σt = 4, ε = 1e-6
    expect(dice(zeros([1, 4]), tensor([[1, 1, 1, 1]]), { eps: 1e-6 }).item()).toBeCloseTo(1 - 1e-6 / 4, 6);
    // perfect overlap → 0
    expect(dice(tensor([[1, 0, 1]]), tensor([[1, 0, 1]])).item()).toBe(0);
  });
  it('gradchecks, including an empty target', () => {
    const p = rnd([2, 5], 1).sigmoid().detach();
    const t = f64([[1, 0, 1, 0, 0], [0, 0, 0, 0, 0]]);
    for (const reduction of ['mean', 'sum', 'none'] as const) expectGradOk((a) => dice(a, t, { reduction }), [p]);
    expectGradOk((a) => dice(a.sigmoid(), t, { eps: 1e-2 }), [rnd([2, 5], 2)]);
    expectGradOk((a) => dice(a, t), [zeros([2, 5], { dtype: 'float64' })]);
  });
  it('bad input', () => {
    expect(() => dice(zeros([2, 4]), zeros([2, 5]))).toThrow(/dice: the probabilities has shape \[2,4\] but the target has shape \[2,5\]/);
    expect(() => dice(zeros([2]), zeros([2]), { eps: 0 })).toThrow(ValueError);
  });
});

describe('klDiv: KL(target ‖ softmax(logits))', () => {
  const Z = [[1, 2, 0.5], [-1, 0, 3]];
  const P = [[0.2, 0.5, 0.3], [0.6, 0.4, 0]];
  const q = Z.map((z) => {
    const e = z.map(Math.exp);
    return e.map((v) => v / sum(e));
  });
  it('values by hand, with 0·log 0 = 0', () => {
    const expected = P.map((p, i) => sum(p.map((pc, c) => (pc > 0 ? pc * Math.log(pc / q[i]![c]!) : 0))));
    expectClose(klDiv(f64(Z), f64(P), { reduction: 'none' }).data, expected, 1e-12);
    expect(klDiv(f64(Z), f64(P)).item()).toBeCloseTo(sum(expected) / 2, 12);
    expect(klDiv(f64(Z), f64(P), { reduction: 'sum' }).item()).toBeCloseTo(sum(expected), 12);
  });
  it('KL = cross-entropy − entropy', () => {
    const ce = crossEntropy(f64(Z), f64(P), { reduction: 'none' }).data;
    const H = P.map((p) => -sum(p.map((v) => (v > 0 ? v * Math.log(v) : 0))));
    expectClose(klDiv(f64(Z), f64(P), { reduction: 'none' }).data, Array.from(ce, (c, i) => c - H[i]!), 1e-12);
  });
  it('KL ≥ 0, = 0 when the target is softmax(logits), and is not symmetric', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const z = rnd([2, 4], seed, 2);
        const p = rnd([2, 4], seed + 1, 2).softmax(1);
        expect(klDiv(z, p).item()).toBeGreaterThanOrEqual(-1e-12);
        expect(Math.abs(klDiv(z, z.softmax(1)).item())).toBeLessThan(1e-12);
      }),
      { numRuns: 30 },
    );
    const pz = f64([[0.9, 0.1]]);
    const z = f64([[0, Math.log(0.5 / 0.5)]]); // softmax = [0.5, 0.5]
    const forward = klDiv(z, pz).item(); // KL(p‖q)
    const reverse = klDivReverse(z, pz).item(); // KL(q‖p)
    expect(forward).toBeCloseTo(0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5), 12);
    expect(reverse).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1), 12);
    expect(Math.abs(forward - reverse)).toBeGreaterThan(0.1);
  });
  it('zeros in the target: finite loss and gradient; gradient = (q − p)/N', () => {
    const z = f64(Z).requiresGrad_();
    const l = klDiv(z, f64(P));
    expect(Number.isFinite(l.item())).toBe(true);
    l.backward();
    expectClose(z.grad!.data, q.flatMap((row, i) => row.map((v, c) => (v - P[i]![c]!) / 2)), 1e-12);
    // one-hot targets and extreme logits, float32
    const big = tensor([[1e4, -1e4, 0]], { requiresGrad: true });
    const l2 = klDiv(big, tensor([[0, 1, 0]]));
    expect(l2.item()).toBeCloseTo(2e4, 0);
    l2.backward();
    expect(Array.from(big.grad!.data).every(Number.isFinite)).toBe(true);
    // the reverse KL is +∞ when the target has a zero (softmax gives every class mass)
    expect(klDivReverse(f64(Z), f64(P), { reduction: 'none' }).data[1]).toBe(Infinity);
  });
  it('gradchecks (logits and target, zeros in the target, every reduction)', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) expectGradOk((a) => klDiv(a, f64(P), { reduction }), [rnd([2, 3], 1)]);
    const p = rnd([3, 4], 3).softmax(1).detach();
    expectGradOk((a, b) => klDiv(a, b.softmax(1)), [rnd([3, 4], 4), rnd([3, 4], 5)]);
    expectGradOk((a) => klDivReverse(a, p), [rnd([3, 4], 6)]);
  });
  it('bad input', () => {
    expect(() => klDiv(f64(Z), f64([[0.5, 0.5, 0.5], [1, 0, 0]]))).toThrow(/distribution 0 sums to 1\.5/);
    expect(() => klDiv(f64(Z), f64([[1.5, -0.5, 0], [1, 0, 0]]))).toThrow(ValueError);
    expect(() => klDiv(f64(Z), f64([[1, 0], [1, 0]]))).toThrow(/logits has shape \[2,3\] but the target probabilities has shape \[2,2\]/);
  });
});

describe('infoNCE', () => {
  const z1 = [[1, 0, 0.5], [0, 2, 0], [1, 1, 1]];
  const z2 = [[0.8, 0.1, 0.4], [0.2, 1, -0.3], [0, 1, 2]];
  const unit = (v: number[]) => v.map((x) => x / Math.sqrt(sum(v.map((y) => y * y))));
  const byHand = (a: number[][], b: number[][], tau: number) =>
    a.map((ai, i) => {
      const s = b.map((bj) => sum(unit(ai).map((v, k) => v * unit(bj)[k]!)) / tau);
      const m = Math.max(...s);
      return -(s[i]! - m - Math.log(sum(s.map((v) => Math.exp(v - m)))));
    });
  it('values by hand: cross-entropy over cosine similarities / τ, positives on the diagonal', () => {
    expectClose(infoNCE(f64(z1), f64(z2), { temperature: 0.5, reduction: 'none' }).data, byHand(z1, z2, 0.5), 1e-12);
    expect(infoNCE(f64(z1), f64(z2)).item()).toBeCloseTo(sum(byHand(z1, z2, 0.1)) / 3, 10);
    // symmetric: the mean of both directions
    const both = byHand(z1, z2, 0.5).map((v, i) => (v + byHand(z2, z1, 0.5)[i]!) / 2);
    expectClose(infoNCE(f64(z1), f64(z2), { temperature: 0.5, symmetric: true, reduction: 'none' }).data, both, 1e-12);
  });
  it('cosine similarity: the loss ignores each row’s length; aligned pairs score lower than shuffled ones', () => {
    const scaled = z2.map((r, i) => r.map((v) => v * (i + 1) * 3));
    expect(infoNCE(f64(z1), f64(scaled)).item()).toBeCloseTo(infoNCE(f64(z1), f64(z2)).item(), 10);
    const a = rnd([6, 4], 1);
    const aligned = infoNCE(a, a.add(rnd([6, 4], 2, 0.05))).item();
    const shuffled = infoNCE(a, a.indexSelect(0, [1, 2, 3, 4, 5, 0])).item();
    expect(aligned).toBeLessThan(shuffled);
  });
  it('gradchecks (both inputs, symmetric, an all-zero row)', () => {
    expectGradOk((a, b) => infoNCE(a, b, { temperature: 0.5 }), [rnd([4, 3], 1), rnd([4, 3], 2)]);
    expectGradOk((a, b) => infoNCE(a, b, { temperature: 0.3, symmetric: true, reduction: 'sum' }), [rnd([4, 3], 3), rnd([4, 3], 4)]);
    const withZero = f64([[0, 0, 0], [1, 2, 3]]).requiresGrad_();
    infoNCE(withZero, f64([[1, 0, 0], [0, 1, 0]])).backward();
    expect(Array.from(withZero.grad!.data).every(Number.isFinite)).toBe(true);
  });
  it('bad input', () => {
    expect(() => infoNCE(zeros([4, 3]), zeros([4, 2]))).toThrow(/infoNCE: the z1 has shape \[4,3\] but the z2 has shape \[4,2\]/);
    expect(() => infoNCE(zeros([4]), zeros([4]))).toThrow(/must be \[N, D\]/);
    expect(() => infoNCE(zeros([2, 2]), zeros([2, 2]), { temperature: 0 })).toThrow(/temperature must be a finite number > 0, got 0/);
  });
});

describe('ntXent', () => {
  const z1 = [[1, 0, 0.5], [0, 2, 0], [1, 1, 1]];
  const z2 = [[0.8, 0.1, 0.4], [0.2, 1, -0.3], [0, 1, 2]];
  const unit = (v: number[]) => v.map((x) => x / Math.sqrt(sum(v.map((y) => y * y))));
  it('values by hand: 2N anchors, positive = the other view, the anchor itself left out', () => {
    const all = [...z1, ...z2].map(unit);
    const n = z1.length;
    const tau = 0.5;
    const expected = all.map((zi, i) => {
      const others = all.map((zj, j) => (j === i ? null : sum(zi.map((v, k) => v * zj[k]!)) / tau)).filter((v): v is number => v !== null);
      const pos = sum(zi.map((v, k) => v * all[(i + n) % (2 * n)]![k]!)) / tau;
      return -(pos - Math.log(sum(others.map(Math.exp))));
    });
    expectClose(ntXent(f64(z1), f64(z2), { reduction: 'none' }).data, expected, 1e-12);
    expect(ntXent(f64(z1), f64(z2)).item()).toBeCloseTo(sum(expected) / 6, 12);
    // symmetric in the two views
    expect(ntXent(f64(z2), f64(z1)).item()).toBeCloseTo(ntXent(f64(z1), f64(z2)).item(), 12);
  });
  it('gradcheck, and finite gradients despite the masked diagonal', () => {
    expectGradOk((a, b) => ntXent(a, b, { temperature: 0.3 }), [rnd([3, 4], 1), rnd([3, 4], 2)]);
    const a = rnd([3, 4], 3).requiresGrad_();
    ntXent(a, rnd([3, 4], 4)).backward();
    expect(Array.from(a.grad!.data).every(Number.isFinite)).toBe(true);
  });
  it('bad input', () => {
    expect(() => ntXent(zeros([2, 3]), zeros([3, 3]))).toThrow(/ntXent: the z1 has shape \[2,3\] but the z2 has shape \[3,3\]/);
    expect(() => ntXent(zeros([2, 3]), zeros([2, 3]), { temperature: -1 })).toThrow(ValueError);
  });
});
