import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { entropy, crossEntropy, kl, xlogy } from './index.js';

/** A random distribution over k outcomes: positive weights normalised to sum 1. */
function randomDist(g: Generator, k: number): number[] {
  const w = Array.from({ length: k }, () => g.random() + 1e-3);
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

/** fast-check arbitrary for a distribution over k outcomes (some entries may be exactly 0). */
const dist = (k: number) =>
  fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { minLength: k, maxLength: k })
    .filter((w) => w.some((v) => v > 0))
    .map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / s);
    });

describe('info.entropy', () => {
  it('a fair coin has exactly 1 bit of entropy and a certain coin 0', () => {
    expect(entropy([0.5, 0.5], { base: 2 }).item()).toBeCloseTo(1, 12);
    expect(entropy([1, 0], { base: 2 }).item()).toBe(0);
    expect(entropy([0, 1]).item()).toBe(0);
    // in nats the fair coin has ln 2
    expect(entropy([0.5, 0.5]).item()).toBeCloseTo(Math.log(2), 12);
  });

  it('matches hand-worked values and reduces over the last axis only', () => {
    // [1/4, 1/4, 1/2]: 1/4·2 + 1/4·2 + 1/2·1 = 1.5 bits
    expect(entropy([0.25, 0.25, 0.5], { base: 2 }).item()).toBeCloseTo(1.5, 12);
    // uniform over 8 outcomes: log2 8 = 3 bits
    const h = entropy([Array(8).fill(1 / 8), [1, 0, 0, 0, 0, 0, 0, 0]], { base: 2 });
    expect(h.shape).toEqual([2]);
    expect(h.data[0]).toBeCloseTo(3, 12);
    expect(h.data[1]).toBe(0);
  });

  it('bits = nats / ln 2, and base 10 works too', () => {
    const p = [0.1, 0.2, 0.7];
    const nats = -p.reduce((s, v) => s + v * Math.log(v), 0);
    expect(entropy(p).item()).toBeCloseTo(nats, 12);
    expect(entropy(p, { base: 2 }).item()).toBeCloseTo(nats / Math.LN2, 12);
    expect(entropy(p, { base: 10 }).item()).toBeCloseTo(nats / Math.LN10, 12);
  });

  it('is largest for the uniform distribution (property)', () => {
    fc.assert(
      fc.property(dist(5), (p) => {
        expect(entropy(p).item()).toBeLessThanOrEqual(Math.log(5) + 1e-12);
        expect(entropy(p).item()).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100 },
    );
  });

  it('gradcheck: ∂H/∂p = −(log p + 1)', () => {
    const g = new Generator(3);
    const p = tensor([randomDist(g, 4), randomDist(g, 4)], { dtype: 'float64' });
    // eps 1e-7 keeps each perturbed row within the sum-to-1 tolerance (1e-6)
    const r = gradcheck((x: Tensor) => entropy(x, { base: 2 }), [p], { eps: 1e-7, atol: 1e-6 });
    expect(r.ok, r.message).toBe(true);
    // and through a softmax, the way a model produces p
    const z = tensor([[0.3, -1.2, 2.0], [0.0, 0.5, -0.5]], { dtype: 'float64' });
    const r2 = gradcheck((x: Tensor) => entropy(x.softmax(-1)), [z]);
    expect(r2.ok, r2.message).toBe(true);
  });

  it('float32 softmax output passes validation', () => {
    const z = tensor(Array.from({ length: 100 }, (_, i) => Math.sin(i) * 5));
    expect(Number.isFinite(entropy(z.softmax()).item())).toBe(true);
  });
});

describe('info.crossEntropy and info.kl', () => {
  it('KL = cross-entropy − entropy on random distributions', () => {
    const g = new Generator(11);
    for (let t = 0; t < 20; t++) {
      const k = 2 + (t % 6);
      const p = randomDist(g, k);
      const q = randomDist(g, k);
      const lhs = kl(p, q).item();
      const rhs = crossEntropy(p, q).item() - entropy(p).item();
      expect(lhs).toBeCloseTo(rhs, 12);
      // independent sum: Σ p log(p/q)
      expect(lhs).toBeCloseTo(p.reduce((s, v, i) => s + v * Math.log(v / q[i]!), 0), 12);
    }
  });

  it('KL is not symmetric: a concrete pair', () => {
    const p = [0.5, 0.5];
    const q = [0.9, 0.1];
    // by hand: KL(p‖q) = ½ln(0.5/0.9) + ½ln(0.5/0.1) ≈ 0.5108; KL(q‖p) = 0.9 ln 1.8 + 0.1 ln 0.2 ≈ 0.3681
    const pq = 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1);
    const qp = 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5);
    expect(kl(p, q).item()).toBeCloseTo(pq, 12);
    expect(kl(q, p).item()).toBeCloseTo(qp, 12);
    expect(pq).toBeCloseTo(0.5108, 4);
    expect(qp).toBeCloseTo(0.3681, 4);
    expect(Math.abs(kl(p, q).item() - kl(q, p).item())).toBeGreaterThan(0.1);
  });

  it('KL ≥ 0 over random distributions, with equality when p = q (property)', () => {
    fc.assert(
      fc.property(dist(4), dist(4), (p, q) => {
        const d = kl(p, q).item();
        expect(d).toBeGreaterThanOrEqual(-1e-12); // rounding only
        expect(Math.abs(kl(p, p).item())).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('cross-entropy is never below entropy (Gibbs), in bits too (property)', () => {
    fc.assert(
      fc.property(dist(3), dist(3), (p, q) => {
        expect(crossEntropy(p, q, { base: 2 }).item()).toBeGreaterThanOrEqual(entropy(p, { base: 2 }).item() - 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('with a one-hot target, cross-entropy is −log q(correct)', () => {
    const q = [0.1, 0.7, 0.2];
    expect(crossEntropy([0, 1, 0], q).item()).toBeCloseTo(-Math.log(0.7), 14);
    expect(crossEntropy([0, 0, 1], q, { base: 2 }).item()).toBeCloseTo(-Math.log2(0.2), 14);
    // a batch of rows: each row is −log of its own correct entry
    const ce = crossEntropy(
      [
        [1, 0, 0],
        [0, 0, 1],
      ],
      [
        [0.6, 0.3, 0.1],
        [0.2, 0.2, 0.6],
      ],
    );
    expect(ce.shape).toEqual([2]);
    expect(ce.data[0]).toBeCloseTo(-Math.log(0.6), 14);
    expect(ce.data[1]).toBeCloseTo(-Math.log(0.6), 14);
  });

  it('is +∞ when q rules out an outcome p allows, and ignores outcomes p rules out', () => {
    expect(crossEntropy([0.5, 0.5], [1, 0]).item()).toBe(Infinity);
    expect(kl([0.5, 0.5], [1, 0]).item()).toBe(Infinity);
    expect(kl([1, 0], [0.5, 0.5]).item()).toBeCloseTo(Math.log(2), 14);
  });

  it('broadcasts a single q against a batch of p', () => {
    const q = [0.25, 0.75];
    const out = kl([[0.5, 0.5], [0.25, 0.75]], q);
    expect(out.shape).toEqual([2]);
    expect(out.data[1]).toBeCloseTo(0, 14);
  });

  it('gradcheck with respect to both arguments', () => {
    const g = new Generator(5);
    const p = tensor([randomDist(g, 3), randomDist(g, 3)], { dtype: 'float64' });
    const q = tensor([randomDist(g, 3), randomDist(g, 3)], { dtype: 'float64' });
    for (const f of [crossEntropy, kl]) {
      const r = gradcheck((a: Tensor, b: Tensor) => f(a, b), [p, q], { eps: 1e-7, atol: 1e-6 });
      expect(r.ok, r.message).toBe(true);
    }
  });
});

describe('xlogy', () => {
  it('is 0 where x = 0 and its gradient has no NaN there', () => {
    const x = tensor([0, 0.5, 0], { dtype: 'float64', requiresGrad: true });
    const y = tensor([0, 0.5, 0.3], { dtype: 'float64', requiresGrad: true });
    const out = xlogy(x, y);
    expect(Array.from(out.data)).toEqual([0, 0.5 * Math.log(0.5), 0]);
    out.sum().backward();
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
    expect(Array.from(y.grad!.data).every(Number.isFinite)).toBe(true);
    expect(y.grad!.data[1]).toBeCloseTo(1, 14); // x/y = 1
  });
});

describe('bad input', () => {
  it('negative probabilities are a ValueError naming the entry', () => {
    expect(() => entropy([0.6, -0.1, 0.5])).toThrow(ValueError);
    expect(() => entropy([0.6, -0.1, 0.5])).toThrow(/info\.entropy: p must hold probabilities ≥ 0, but p\[1\] = -0\.1/);
    expect(() => kl([0.5, 0.5], [1.2, -0.2])).toThrow(/info\.kl: q .*q\[1\] = -0\.2/);
  });

  it('rows that do not sum to 1 are a ValueError quoting the sum', () => {
    expect(() => entropy([0.5, 0.4])).toThrow(ValueError);
    expect(() => entropy([0.5, 0.4])).toThrow(/sums to 0\.9/);
    expect(() => crossEntropy([[0.5, 0.5], [0.3, 0.3]], [0.5, 0.5])).toThrow(/p must sum to 1 .* row \[1\] sums to 0\.6/);
    expect(() => entropy([NaN, 1])).toThrow(/NaN/);
  });

  it('mismatched shapes are a ShapeError', () => {
    expect(() => kl([0.5, 0.5], [0.2, 0.3, 0.5])).toThrow(ShapeError);
    expect(() => kl([0.5, 0.5], [0.2, 0.3, 0.5])).toThrow(/\[2\] and q \[3\] .* \(2 ≠ 3\)/);
    expect(() => crossEntropy([[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).toThrow(ShapeError);
    expect(() => entropy(tensor(1))).toThrow(ValueError);
  });

  it('a bad base or argument kind is rejected', () => {
    expect(() => entropy([0.5, 0.5], { base: 1 })).toThrow(ValueError);
    expect(() => entropy([0.5, 0.5], { base: -2 })).toThrow(/positive number other than 1/);
    expect(() => entropy([0.5, 0.5], { base: '2' as unknown as number })).toThrow(TypeError);
    expect(() => entropy('0.5' as unknown as number[])).toThrow(TypeError);
  });
});
