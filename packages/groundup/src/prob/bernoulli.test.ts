import { describe, it, expect } from 'vitest';
import { tensor } from '../creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck } from '../gradcheck.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Bernoulli } from './index.js';

const N = 20000;
const meanOf = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

describe('prob.Bernoulli', () => {
  it('sample mean and variance converge to p and p(1 − p) (seeded)', () => {
    for (const p of [0.3, 0.9]) {
      const x = new Bernoulli(p).sample([N], { generator: new Generator(4) });
      expect(new Set(x.data)).toEqual(new Set([0, 1]));
      const m = meanOf(x.data);
      // 5 standard errors of a proportion: 5·√(p(1−p)/N) ≈ 0.016 for p = 0.3
      expect(Math.abs(m - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
      // the sample variance of 0/1 data is m(1 − m) (divide by n); it inherits the mean's error
      // through d/dm m(1−m) = 1 − 2m, so the same 5-SE bound times |1 − 2p| + a little slack holds
      expect(Math.abs(m * (1 - m) - p * (1 - p))).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N) * Math.abs(1 - 2 * p) + 1e-3);
    }
  });

  it('mean, variance and batch sampling', () => {
    const d = new Bernoulli(tensor([0.2, 0.5], { dtype: 'float64' }));
    expect(Array.from(d.mean.data)).toEqual([0.2, 0.5]);
    expect(d.variance.data[0]).toBeCloseTo(0.16, 14);
    expect(d.variance.data[1]).toBeCloseTo(0.25, 14);
    const x = d.sample([N, 1], { generator: new Generator(5) });
    expect(x.shape).toEqual([N, 1, 2]);
    const second = Array.from({ length: N }, (_, i) => x.data[i * 2 + 1]!);
    expect(Math.abs(meanOf(second) - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });

  it('logProb is log p for x = 1 and log(1 − p) for x = 0, including p = 0 and p = 1', () => {
    const d = new Bernoulli(tensor([0.3], { dtype: 'float64' }));
    expect(d.logProb(1).item()).toBeCloseTo(Math.log(0.3), 14);
    expect(d.logProb(0).item()).toBeCloseTo(Math.log(0.7), 14);
    const lp = d.logProb(tensor([1, 0, 1], { dtype: 'float64' }));
    expect(lp.shape).toEqual([3]);
    expect(Array.from(new Bernoulli(1, { dtype: 'float64' }).logProb([1, 0]).data)).toEqual([0, -Infinity]);
    expect(Array.from(new Bernoulli(0, { dtype: 'float64' }).logProb([1, 0]).data)).toEqual([-Infinity, 0]);
  });

  it('logits give the same distribution as p = sigmoid(logits)', () => {
    const logits = [-2, 0, 3];
    const byLogits = new Bernoulli({ logits: tensor(logits, { dtype: 'float64' }) });
    const p = logits.map((l) => 1 / (1 + Math.exp(-l)));
    const byProbs = new Bernoulli(tensor(p, { dtype: 'float64' }));
    for (const x of [0, 1]) {
      const a = byLogits.logProb(x).data;
      const b = byProbs.logProb(x).data;
      for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
    }
    const ha = byLogits.entropy().data;
    const hb = byProbs.entropy().data;
    for (let i = 0; i < 3; i++) expect(ha[i]).toBeCloseTo(hb[i]!, 12);
    // logits stay stable where p would round to 1
    expect(new Bernoulli({ logits: 800 }, { dtype: 'float64' }).logProb(0).item()).toBeCloseTo(-800, 10);
  });

  it('entropy: a fair coin has ln 2 nats (1 bit), a certain coin 0', () => {
    expect(new Bernoulli(0.5, { dtype: 'float64' }).entropy().item()).toBeCloseTo(Math.LN2, 14);
    expect(new Bernoulli(1).entropy().item()).toBe(0);
    expect(new Bernoulli(0).entropy().item()).toBe(0);
    const p = 0.2;
    expect(new Bernoulli(p, { dtype: 'float64' }).entropy().item()).toBeCloseTo(-p * Math.log(p) - (1 - p) * Math.log(1 - p), 14);
  });

  it('gradcheck: logProb and entropy with respect to p and to the logits', () => {
    const x = tensor([1, 0, 1, 0]);
    const p = tensor([0.2, 0.4, 0.7, 0.9]);
    const l = tensor([-1.5, 0.2, 2.0, -0.3]);
    const cases: [(a: Tensor) => Tensor, Tensor][] = [
      [(a) => new Bernoulli(a).logProb(x), p],
      [(a) => new Bernoulli(a).entropy(), p],
      [(a) => new Bernoulli({ logits: a }).logProb(x), l],
      [(a) => new Bernoulli({ logits: a }).entropy(), l],
    ];
    for (const [f, input] of cases) {
      const r = gradcheck(f, [input]);
      expect(r.ok, r.message).toBe(true);
    }
  });

  it('gradients at p = 0 and p = 1 are the true ones: no NaN from the unused log, ±∞ for the entropy', () => {
    // log p(0) = log(1 − p): slope −1/(1 − p) = −1 at p = 0 and −2 at p = ½
    const p = tensor([0, 0.5], { dtype: 'float64', requiresGrad: true });
    new Bernoulli(p).logProb(tensor([0, 0], { dtype: 'float64' })).sum().backward();
    expect(Array.from(p.grad!.data)).toEqual([-1, -2]);
    // log p(1) = log p: slope 1/p = 1 at p = 1
    const one = tensor([1], { dtype: 'float64', requiresGrad: true });
    new Bernoulli(one).logProb(1).sum().backward();
    expect(one.grad!.data[0]).toBe(1);
    // H'(p) = log((1 − p)/p): +∞ at 0, −∞ at 1, ln 3 = 1.0986123 at ¼
    const e = tensor([0, 1, 0.25], { dtype: 'float64', requiresGrad: true });
    new Bernoulli(e).entropy().sum().backward();
    expect(e.grad!.data[0]).toBe(Infinity);
    expect(e.grad!.data[1]).toBe(-Infinity);
    expect(e.grad!.data[2]).toBeCloseTo(1.0986122886681098, 14);
  });

  it('bad input: a ValueError naming the parameter and value', () => {
    expect(() => new Bernoulli(1.5)).toThrow(ValueError);
    expect(() => new Bernoulli(1.5)).toThrow(/prob\.Bernoulli: p must be a probability in \[0, 1\], but p = 1\.5/);
    expect(() => new Bernoulli([0.5, -0.1])).toThrow(/p\[1\] = -0\.1/);
    expect(() => new Bernoulli({ logits: NaN })).toThrow(/logits/);
    expect(() => new Bernoulli(0.5).logProb(0.5)).toThrow(/x must be 0 or 1/);
    expect(() => new Bernoulli([0.5, 0.5]).logProb([1, 0, 1])).toThrow(ShapeError);
    expect(() => new Bernoulli({ prob: 0.5 } as unknown as number)).toThrow(TypeError);
  });
});
