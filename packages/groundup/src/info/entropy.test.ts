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
  it('is 0 where x = 0; ∂/∂x is log y there too, ∂/∂y is 0, and no NaN appears', () => {
    const x = tensor([0, 0.5, 0], { dtype: 'float64', requiresGrad: true });
    const y = tensor([0, 0.5, 0.3], { dtype: 'float64', requiresGrad: true });
    const out = xlogy(x, y);
    expect(Array.from(out.data)).toEqual([0, 0.5 * Math.log(0.5), 0]);
    out.sum().backward();
    // x·log y is linear in x, so its slope in x is log y even on the line x = 0
    expect(Array.from(x.grad!.data)).toEqual([-Infinity, Math.log(0.5), Math.log(0.3)]);
    // the value does not depend on y where x = 0; elsewhere x/y = 1
    expect(Array.from(y.grad!.data)).toEqual([0, 1, 0]);
  });

  it('NaN in y stays NaN (as in PyTorch), numbers broadcast, int32 x gives a float', () => {
    expect(xlogy(tensor([0]), tensor([NaN])).item()).toBeNaN();
    expect(Array.from(xlogy(tensor([1, 2], { dtype: 'float64' }), Math.E).data)).toEqual([1, 2]);
    expect(xlogy(tensor([2], { dtype: 'int32' }), 1).dtype).toBe('float32');
  });
});

describe('gradients where a probability is 0 (the true value, never a silent 0)', () => {
  const grads = (f: (p: Tensor, q: Tensor) => Tensor, p: number[], q: number[]) => {
    const tp = tensor(p, { dtype: 'float64', requiresGrad: true });
    const tq = tensor(q, { dtype: 'float64', requiresGrad: true });
    const out = f(tp, tq);
    out.backward(out.onesLike()); // an explicit seed: backward() alone refuses an infinite loss
    // + 0 turns −0 into 0, so toEqual compares values, not signs of zero
    const read = (t: Tensor) => (t.grad ? Array.from(t.grad.data, (v) => v + 0) : []);
    return { p: read(tp), q: read(tq) };
  };

  it('crossEntropy: ∂H/∂p_i = −log q_i also where p_i = 0; ∂H/∂q_i = −p_i/q_i (0 where p_i = 0)', () => {
    // by hand: −ln 0.2 = 1.6094379…, −ln 0.3 = 1.2039728…, −ln 0.5 = 0.6931472…
    const g = grads((p, q) => crossEntropy(p, q), [0, 0.5, 0.5], [0.2, 0.3, 0.5]);
    expect(g.p[0]).toBeCloseTo(1.6094379124341003, 14);
    expect(g.p[1]).toBeCloseTo(1.2039728043259361, 14);
    expect(g.p[2]).toBeCloseTo(0.6931471805599453, 14);
    expect(g.q).toEqual([0, -0.5 / 0.3, -1]);
    // in bits the slope is −log2 q: −log2 0.2 = 2.3219281…
    const b = grads((p, q) => crossEntropy(p, q, { base: 2 }), [0, 1], [0.2, 0.8]);
    expect(b.p[0]).toBeCloseTo(2.321928094887362, 14);
    // q_i = 0 where p_i = 0: the value ignores the outcome, but raising p_i would cost +∞
    const z = grads((p, q) => crossEntropy(p, q), [0, 1], [0, 1]);
    expect(z.p).toEqual([Infinity, 0]);
    expect(z.q).toEqual([0, -1]);
  });

  it('crossEntropy: the slope at p_i = 0 is the one-sided difference quotient', () => {
    // H is linear in p, so (H(p + h·e₀) − H(p)) / h = −log q₀ for any small h (p stays within the sum-to-1 tolerance)
    const h = 1e-7;
    const q = [0.2, 0.3, 0.5];
    const quotient = (crossEntropy([h, 0.5, 0.5], q).item() - crossEntropy([0, 0.5, 0.5], q).item()) / h;
    expect(quotient).toBeCloseTo(-Math.log(0.2), 6);
  });

  it('entropy: ∂H/∂p_i = −(log p_i + 1), which is +∞ at p_i = 0 (the one-sided slope grows without bound)', () => {
    const p = tensor([0, 0.5, 0.5], { dtype: 'float64', requiresGrad: true });
    entropy(p).backward();
    // −(ln 0.5 + 1) = −0.3068528…
    expect(p.grad!.data[0]).toBe(Infinity);
    expect(p.grad!.data[1]).toBeCloseTo(-0.30685281944005466, 14);
    expect(p.grad!.data[2]).toBeCloseTo(-0.30685281944005466, 14);
    // (H(h, ½, ½) − H(0, ½, ½)) / h = −ln h: 16.1 at h = 1e-7, 18.4 at 1e-8 — no finite limit
    for (const h of [1e-7, 1e-8]) {
      const quotient = (entropy([h, 0.5, 0.5]).item() - entropy([0, 0.5, 0.5]).item()) / h;
      expect(quotient).toBeCloseTo(-Math.log(h), 3);
    }
  });

  it('kl: ∂D/∂p_i = log(p_i/q_i) + 1 → −∞ where p_i = 0 < q_i, +∞ where q_i = 0; ∂D/∂q_i = −p_i/q_i', () => {
    const g = grads((p, q) => kl(p, q), [0, 0.5, 0.5], [0.2, 0.3, 0.5]);
    expect(g.p[0]).toBe(-Infinity);
    expect(g.p[1]).toBeCloseTo(Math.log(0.5 / 0.3) + 1, 14); // 1.5108256…
    expect(g.p[2]).toBeCloseTo(1, 14);
    expect(g.q).toEqual([0, -0.5 / 0.3, -1]);
    // p₀ = q₀ = 0: D = 0, but any p₀ > 0 makes D infinite, so the slope is +∞ (not ∞ − ∞ = NaN)
    const z = grads((p, q) => kl(p, q), [0, 0.5, 0.5], [0, 0.5, 0.5]);
    expect(kl([0, 0.5, 0.5], [0, 0.5, 0.5]).item()).toBe(0);
    expect(z.p[0]).toBe(Infinity);
    expect(z.p[1]).toBeCloseTo(1, 14);
    expect(z.q).toEqual([0, -1, -1]);
    // p₀ > 0 = q₀: the value is +∞ and so is its slope in p₀; the slope in q₀ is −p₀/q₀ = −∞
    const w = grads((p, q) => kl(p, q), [0.5, 0.5], [0, 1]);
    expect(kl([0.5, 0.5], [0, 1]).item()).toBe(Infinity);
    expect(w.p[0]).toBe(Infinity);
    expect(w.q[0]).toBe(-Infinity);
  });

  it('no NaN reaches a gradient on the edges of the simplex, for any of the three', () => {
    const edges: [number[], number[]][] = [
      [[0, 1], [0, 1]],
      [[1, 0], [0.5, 0.5]],
      [[0, 0, 1], [0.25, 0, 0.75]],
    ];
    for (const [p, q] of edges)
      for (const f of [crossEntropy, kl, (a: Tensor) => entropy(a)]) {
        const g = grads((a, b) => f(a, b).sum(), p, q);
        expect([...g.p, ...g.q].some(Number.isNaN), `${f.name} at p = ${p}, q = ${q}`).toBe(false);
      }
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
