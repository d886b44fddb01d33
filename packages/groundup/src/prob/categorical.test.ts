import { describe, it, expect } from 'vitest';
import { tensor } from '../creation.js';
import { DTypeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Categorical } from './index.js';

const N = 20000;

describe('prob.Categorical', () => {
  it('sample frequencies converge to the probabilities; index mean/variance to the analytic ones', () => {
    const p = [0.1, 0.6, 0.3];
    const d = new Categorical(p, { dtype: 'float64' });
    const x = d.sample([N], { generator: new Generator(6) });
    expect(x.dtype).toBe('int32');
    const counts = [0, 0, 0];
    for (const c of x.data) counts[c]!++;
    // each frequency is a proportion: 5 standard errors √(p(1−p)/N)
    p.forEach((pk, k) => expect(Math.abs(counts[k]! / N - pk)).toBeLessThan(5 * Math.sqrt((pk * (1 - pk)) / N)));
    // the index as a number: E = 0·0.1 + 1·0.6 + 2·0.3 = 1.2, E[X²] = 0.6 + 1.2 = 1.8, Var = 1.8 − 1.44 = 0.36
    expect(d.mean.item()).toBeCloseTo(1.2, 14);
    expect(d.variance.item()).toBeCloseTo(0.36, 14);
    const m = Array.from(x.data).reduce((s, v) => s + v, 0) / N;
    expect(Math.abs(m - 1.2)).toBeLessThan(5 * Math.sqrt(0.36 / N));
  });

  it('never samples a class of probability 0, and batches rows', () => {
    const d = new Categorical([
      [0, 1, 0],
      [0.5, 0, 0.5],
    ]);
    const x = d.sample([1000], { generator: new Generator(7) });
    expect(x.shape).toEqual([1000, 2]);
    for (let i = 0; i < 1000; i++) {
      expect(x.data[i * 2]).toBe(1);
      expect(x.data[i * 2 + 1]).not.toBe(1);
    }
  });

  it('logProb picks log p of the given class, with batching and broadcasting', () => {
    const d = new Categorical(tensor([0.2, 0.5, 0.3], { dtype: 'float64' }));
    expect(d.logProb(1).item()).toBeCloseTo(Math.log(0.5), 14);
    const lp = d.logProb(tensor([2, 0], { dtype: 'int32' }));
    expect(lp.data[0]).toBeCloseTo(Math.log(0.3), 14);
    expect(lp.data[1]).toBeCloseTo(Math.log(0.2), 14);
    const b = new Categorical(tensor([[0.9, 0.1], [0.25, 0.75]], { dtype: 'float64' }));
    const lb = b.logProb([1, 1]);
    expect(lb.data[0]).toBeCloseTo(Math.log(0.1), 14);
    expect(lb.data[1]).toBeCloseTo(Math.log(0.75), 14);
  });

  it('logits: probabilities are the softmax, logProb the log-softmax', () => {
    const z = [1, -1, 0.5];
    const d = new Categorical({ logits: tensor(z, { dtype: 'float64' }) });
    const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    z.forEach((zk, k) => {
      expect(d.probs.data[k]).toBeCloseTo(Math.exp(zk - lse), 14);
      expect(d.logProb(k).item()).toBeCloseTo(zk - lse, 14);
    });
    // a logit of −∞ rules the class out and leaves the entropy finite
    const ruled = new Categorical({ logits: tensor([0, -Infinity, 0], { dtype: 'float64' }) });
    expect(ruled.entropy().item()).toBeCloseTo(Math.LN2, 14);
  });

  it('entropy: log K for the uniform distribution, 0 for a certain outcome, hand value otherwise', () => {
    expect(new Categorical(Array(6).fill(1 / 6), { dtype: 'float64' }).entropy().item()).toBeCloseTo(Math.log(6), 14);
    expect(new Categorical([0, 1, 0]).entropy().item()).toBe(0);
    const p = [0.1, 0.6, 0.3];
    const h = -p.reduce((s, v) => s + v * Math.log(v), 0);
    expect(new Categorical(p, { dtype: 'float64' }).entropy().item()).toBeCloseTo(h, 14);
    // Monte Carlo: −mean log p(X) → H; −log p(X) takes values −log p_k, SE from its spread
    const d = new Categorical(p, { dtype: 'float64' });
    const lp = d.logProb(d.sample([N], { generator: new Generator(8) }));
    const vals = Array.from(lp.data, (v) => -v);
    const m = vals.reduce((s, v) => s + v, 0) / N;
    const sd = Math.sqrt(p.reduce((s, v) => s + v * Math.log(v) ** 2, 0) - h * h);
    expect(Math.abs(m - h)).toBeLessThan((5 * sd) / Math.sqrt(N));
  });

  it('gradcheck: logProb and entropy with respect to the probabilities and the logits', () => {
    const probs = tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]);
    const logits = tensor([[0.2, -1.5, 0.3], [1.6, 0.1, -0.3]]);
    const x = tensor([2, 0], { dtype: 'int32' });
    // eps 1e-7 keeps each perturbed row within the sum-to-1 tolerance
    for (const f of [(a: Tensor) => new Categorical(a).logProb(x), (a: Tensor) => new Categorical(a).entropy()]) {
      const r = gradcheck(f, [probs], { eps: 1e-7, atol: 1e-6 });
      expect(r.ok, r.message).toBe(true);
    }
    for (const f of [(a: Tensor) => new Categorical({ logits: a }).logProb(x), (a: Tensor) => new Categorical({ logits: a }).entropy()]) {
      const r = gradcheck(f, [logits]);
      expect(r.ok, r.message).toBe(true);
    }
  });

  it('gradients where a class has probability 0: 0 for logProb of another class, +∞ for the entropy', () => {
    // log p(x = 1) = log p₁ does not depend on p₀: slope 0 there (not 0/0 = NaN), 1/p₁ = 1 at p₁ = 1
    const q = tensor([0, 1], { dtype: 'float64', requiresGrad: true });
    new Categorical(q).logProb(1).backward();
    expect(Array.from(q.grad!.data, (v) => v + 0)).toEqual([0, 1]);
    // a drawn class of probability 0: value −∞, slope 1/0 = +∞
    const r = tensor([0, 1], { dtype: 'float64', requiresGrad: true });
    const lp = new Categorical(r).logProb(0);
    expect(lp.item()).toBe(-Infinity);
    lp.backward(lp.onesLike());
    expect(r.grad!.data[0]).toBe(Infinity);
    // H = −Σ p log p: ∂H/∂p_k = −(ln p_k + 1) = +∞ at p_k = 0, −(ln ½ + 1) = −0.3068528 at ½
    const p = tensor([0, 0.5, 0.5], { dtype: 'float64', requiresGrad: true });
    new Categorical(p).entropy().backward();
    expect(p.grad!.data[0]).toBe(Infinity);
    expect(p.grad!.data[1]).toBeCloseTo(-0.30685281944005466, 14);
    // from logits the gradient stays finite when a probability underflows to 0 in float64
    const z = tensor([0, 0, -800], { dtype: 'float64', requiresGrad: true });
    new Categorical({ logits: z }).entropy().backward();
    expect(Array.from(z.grad!.data).every(Number.isFinite)).toBe(true);
  });

  it('bad input: a ValueError naming the parameter and value', () => {
    expect(() => new Categorical([0.5, 0.4])).toThrow(ValueError);
    expect(() => new Categorical([0.5, 0.4])).toThrow(/prob\.Categorical: probs must sum to 1 over its last axis, but it sums to 0\.9/);
    expect(() => new Categorical([1.2, -0.2])).toThrow(/probs\[1\] = -0\.2/);
    expect(() => new Categorical([[0.5, 0.5], [0.7, 0.7]])).toThrow(/row \[1\] sums to 1\.4/);
    const d = new Categorical([0.5, 0.5]);
    expect(() => d.logProb(2)).toThrow(/x must be a class index in \[0, 1\], but x = 2/);
    expect(() => d.logProb(0.5)).toThrow(ValueError);
    expect(() => d.logProb(tensor([0, 1]))).toThrow(DTypeError);
  });
});
