import { describe, expect, it } from 'vitest';
import { REF_LOGITS, REWARDS, rlhf, vaeKL } from './kl-apps-model.js';

describe('KL in a VAE and in RLHF', () => {
  it('VAE closed form: 0 at the prior, and a hand-worked value', () => {
    expect(vaeKL([0, 0], [1, 1], 10).closed).toBeCloseTo(0, 12);
    // μ = (1, 0), σ = (1, 0.5): ½[(1 + 1 − 1 − 0) + (0.25 + 0 − 1 − ln 0.25)] = ½[1 + 0.63629] = 0.818147
    expect(vaeKL([1, 0], [1, 0.5], 10).closed).toBeCloseTo(0.5 * (1 + 0.25 - 1 - Math.log(0.25)), 12);
  });
  it('the Monte Carlo estimate lands within 4 standard errors of the closed form, and tightens with S', () => {
    const a = vaeKL([0.8, -0.5], [0.6, 1.4], 20000);
    expect(Math.abs(a.mc - a.closed)).toBeLessThan(4 * a.se);
    expect(vaeKL([0.8, -0.5], [0.6, 1.4], 100).se).toBeGreaterThan(5 * a.se);
  });
  it('RLHF: no shift means KL 0 and the reference reward; a push is penalised by β·KL (plain JS)', () => {
    const e = REF_LOGITS.map(Math.exp);
    const Z = e.reduce((s, v) => s + v, 0);
    const ref = e.map((v) => v / Z);
    const r0 = rlhf(1, 0, 0.5);
    expect(r0.kl).toBeCloseTo(0, 12);
    expect(r0.reward).toBeCloseTo(ref.reduce((s, p, i) => s + p * REWARDS[i]!, 0), 12);
    const r = rlhf(1, 2, 0.5);
    const e2 = e.map((v, i) => (i === 1 ? v * Math.exp(2) : v));
    const Z2 = e2.reduce((s, v) => s + v, 0);
    const pi = e2.map((v) => v / Z2);
    const kl = pi.reduce((s, p, i) => s + p * Math.log(p / ref[i]!), 0);
    expect(r.kl).toBeCloseTo(kl, 12);
    expect(r.objective).toBeCloseTo(pi.reduce((s, p, i) => s + p * REWARDS[i]!, 0) - 0.5 * kl, 12);
  });
});
