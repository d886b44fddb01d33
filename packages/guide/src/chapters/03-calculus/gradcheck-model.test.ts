/** The gradcheck widget's numbers against derivatives worked out by hand. */
import { describe, expect, it } from 'vitest';
import { manualSeed, rand, randn } from 'groundup';
import { CHECK_FNS, CHECK_IDS, checkAt, epsSweep, type CheckFn } from './gradcheck-model.js';

/** ∂L/∂x by hand, for the constants the model draws after x from the same seed. */
function handGrad(fn: CheckFn, seed: number): number[] {
  manualSeed(seed);
  const d = (t: { data: ArrayLike<number> }) => Array.from(t.data);
  if (fn === 'tanh') {
    const x = d(randn([5]).double().mul(1.5));
    const c = d(randn([5]));
    return x.map((v, i) => c[i]! * (1 - Math.tanh(v) ** 2));
  }
  if (fn === 'softmax') {
    const x = d(randn([4]).double().mul(2));
    const c = d(randn([4]));
    const e = x.map((v) => Math.exp(v));
    const s = e.map((v) => v / e.reduce((a, b) => a + b, 0));
    const cs = s.reduce((a, v, i) => a + v * c[i]!, 0);
    return s.map((si, j) => si * (c[j]! - cs)); // Σᵢ cᵢ sᵢ(δᵢⱼ − sⱼ)
  }
  if (fn === 'log') {
    const x = d(rand([4]).double().mul(0.09).add(0.01));
    const c = d(randn([4]));
    return x.map((v, i) => c[i]! / v);
  }
  if (fn === 'matmul') {
    randn([2, 3]);
    const B = d(randn([3, 2]));
    const c = d(randn([2, 2]));
    // ∂/∂x_ik Σ_ij c_ij Σ_k x_ik B_kj = Σ_j c_ij B_kj
    return [0, 1].flatMap((i) => [0, 1, 2].map((k) => c[2 * i]! * B[2 * k]! + c[2 * i + 1]! * B[2 * k + 1]!));
  }
  const x = d(randn([1, 3]));
  const W = d(randn([3, 2]));
  const b = d(randn([2]));
  const c = d(randn([1, 2]));
  const z = [0, 1].map((j) => b[j]! + x.reduce((s, v, k) => s + v * W[2 * k + j]!, 0));
  const g = z.map((v, j) => { const s = 1 / (1 + Math.exp(-v)); return c[j]! * s * (1 - s); });
  return [0, 1, 2].map((k) => g[0]! * W[2 * k]! + g[1]! * W[2 * k + 1]!);
}

describe('gradcheck widget model', () => {
  for (const fn of CHECK_IDS)
    it(`${fn}: backward matches the hand derivative and ε = 1e-6 central differences agree`, () => {
      const r = checkAt(fn, 4, 1e-6);
      const want = handGrad(fn, 4);
      expect(r.entries).toHaveLength(want.length);
      r.entries.forEach((e, i) => {
        expect(e.analytic).toBeCloseTo(want[i]!, 10);
        expect(Math.abs(e.numeric - want[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want[i]!)));
      });
      expect(r.entries[r.entries.length - 1]!.index).toHaveLength(CHECK_FNS[fn].shape.length);
      expect(r.lib.ok).toBe(true);
      expect(r.worstRel).toBeLessThan(1e-5);
    });

  it('too large and too small ε both hurt: truncation error grows like ε², rounding like 1/ε', () => {
    const big = checkAt('tanh', 1, 1e-1);
    const good = checkAt('tanh', 1, 1e-5);
    const tiny = checkAt('tanh', 1, 1e-13);
    expect(big.worstRel).toBeGreaterThan(1e-4);
    expect(tiny.worstRel).toBeGreaterThan(1e-5);
    expect(good.worstRel).toBeLessThan(1e-8);
    // the library agrees with the table's verdict
    const logBig = checkAt('log', 1, 1e-2);
    expect(logBig.lib.ok).toBe(false);
    expect(logBig.worstRel).toBeGreaterThan(1e-3);
    const sweep = epsSweep(checkAt('softmax', 0, 1e-6).setup, CHECK_FNS.softmax.shape);
    const best = sweep.worst.indexOf(Math.min(...sweep.worst));
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(sweep.worst.length - 1); // a V: the best ε is in the middle
  });

  it('rejects a bad ε or function with a clear error', () => {
    expect(() => checkAt('tanh', 0, 0)).toThrow(/eps/);
    expect(() => checkAt('tanh', 0, NaN)).toThrow(/eps/);
    expect(() => checkAt('nope' as CheckFn, 0, 1e-6)).toThrow(/unknown function/);
  });
});
