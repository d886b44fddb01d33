import { describe, it, expect } from 'vitest';
import { zeros, manualSeed, Generator, tensor, ValueError, DTypeError } from '../index.js';
import * as init from './init.js';

/**
 * Statistics of n = 512·256 = 131072 samples. The sample variance s² has relative standard error
 * √((κ − 1)/n), κ the kurtosis: 3 for a normal (→ 0.39%), 1.8 for a uniform (→ 0.25%). A 3%
 * tolerance is over 7 standard errors, so a correct sampler essentially never fails, while a wrong
 * rule (a missing factor 2 or √3, fan_out instead of fan_in) is off by 25% or more.
 * The sample mean has standard error σ/√n; we allow 6 of those.
 */
function stats(d: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i]!;
  m /= d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i]! - m) ** 2;
  return { mean: m, variance: v / (d.length - 1) };
}

describe('init: the variance rules, checked statistically on a [512, 256] weight', () => {
  const out = 512;
  const inF = 256;
  const cases: [string, () => ReturnType<typeof zeros>, number][] = [
    ['xavierUniform: Var = 2/(fan_in + fan_out)', () => init.xavierUniform(zeros([out, inF])), 2 / (inF + out)],
    ['xavierNormal: Var = 2/(fan_in + fan_out)', () => init.xavierNormal(zeros([out, inF])), 2 / (inF + out)],
    ['xavierUniform with gain 5/3 (tanh): Var = gain²·2/(fan_in + fan_out)', () => init.xavierUniform(zeros([out, inF]), { gain: 5 / 3 }), (25 / 9) * (2 / (inF + out))],
    ['heUniform: Var = 2/fan_in', () => init.heUniform(zeros([out, inF])), 2 / inF],
    ['heNormal: Var = 2/fan_in', () => init.heNormal(zeros([out, inF])), 2 / inF],
    ['heNormal mode fanOut: Var = 2/fan_out', () => init.heNormal(zeros([out, inF]), { mode: 'fanOut' }), 2 / out],
    ['kaimingUniform a = √5 (PyTorch Linear default): Var = 1/(3·fan_in)', () => init.kaimingUniform(zeros([out, inF]), { a: Math.sqrt(5) }), 1 / (3 * inF)],
    ['heNormal on a conv weight [64, 32, 64]: fan_in = 32·64', () => init.heNormal(zeros([64, 32, 64])), 2 / (32 * 64)],
  ];
  for (const [name, make, expected] of cases)
    it(name, () => {
      manualSeed(11);
      const t = make();
      const { mean, variance } = stats(t.data);
      expect(Math.abs(variance / expected - 1)).toBeLessThan(0.03);
      expect(Math.abs(mean)).toBeLessThan((6 * Math.sqrt(expected)) / Math.sqrt(t.size));
    });

  it('uniform variants stay inside their bound and reach close to it', () => {
    manualSeed(3);
    const t = init.xavierUniform(zeros([out, inF]));
    const a = Math.sqrt(6 / (inF + out));
    let m = 0;
    for (const v of t.data) m = Math.max(m, Math.abs(v));
    expect(m).toBeLessThanOrEqual(a);
    expect(m).toBeGreaterThan(0.999 * a);
  });

  it('works in place and returns the same tensor; a generator makes it reproducible', () => {
    const t = zeros([4, 3]);
    expect(init.heNormal(t)).toBe(t);
    const a = init.heNormal(zeros([4, 3]), { generator: new Generator(5) });
    const b = init.heNormal(zeros([4, 3]), { generator: new Generator(5) });
    expect(a.toArray()).toEqual(b.toArray());
    expect(init.ones(zeros([2])).toArray()).toEqual([1, 1]);
    expect(init.constant(zeros([2]), 0.5).toArray()).toEqual([0.5, 0.5]);
    const u = init.uniform(zeros([1000]), 2, 3);
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u.data)).toBeLessThan(3);
  });

  it('fans and gains follow PyTorch', () => {
    expect(init.calculateFans([16, 12, 7])).toEqual({ fanIn: 84, fanOut: 112 });
    expect(init.calculateFans([3, 5])).toEqual({ fanIn: 5, fanOut: 3 });
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
  });

  it('rejects what it cannot initialise', () => {
    expect(() => init.heNormal(zeros([5]))).toThrow(ValueError);
    expect(() => init.heNormal(zeros([5]))).toThrow('init.heNormal: fan_in and fan_out need a weight with at least 2 dimensions [out, in, …], got [5]');
    expect(() => init.xavierUniform(tensor([[1, 2]], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => init.xavierUniform(zeros([2, 2]), { gain: -1 })).toThrow('init.xavierUniform: gain must be a finite number ≥ 0, got -1');
    expect(() => init.normal(zeros([2]), 0, -1)).toThrow(ValueError);
    expect(() => init.uniform(zeros([2]), 1, 0)).toThrow('init.uniform: low (1) must not exceed high (0)');
    expect(() => init.heNormal([1, 2] as never)).toThrow(TypeError);
    expect(() => init.heUniform(zeros([2, 2]), { mode: 'sideways' as never })).toThrow(ValueError);
  });
});
