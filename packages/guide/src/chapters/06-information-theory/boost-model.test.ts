import { describe, expect, it } from 'vitest';
import { booster, entropyRoot, forestVote, grid, moons, round } from './boost-model.js';

const P = moons();
const S = { lambda: 1, gamma: 0, depth: 2, eta: 0.3 };

describe('chapter 6 boosted trees (model)', () => {
  it('round 1: every point starts at p = 0.5, so g = ±½ and h = ¼', () => {
    const r = round(P, S, 1);
    expect(new Set(r.p)).toEqual(new Set([0.5]));
    r.g.forEach((g, i) => expect(g).toBe(P.y[i] === 1 ? -0.5 : 0.5));
    expect(new Set(r.h)).toEqual(new Set([0.25]));
  });

  it('the root split’s numbers: children sums by hand, the gain formula, leaves −G/(H+λ)·η', () => {
    for (const rr of [1, 2, 5]) {
      const r = round(P, S, rr);
      const s = r.root!;
      // G_L, H_L from the points that go left, summed here
      let GL = 0;
      let HL = 0;
      P.X.forEach((row, i) => {
        if (row[s.feature]! < s.threshold) {
          GL += r.g[i]!;
          HL += r.h[i]!;
        }
      });
      expect(s.GL).toBeCloseTo(GL, 5);
      expect(s.HL).toBeCloseTo(HL, 5);
      expect(s.GL + s.GR).toBeCloseTo(r.G, 5);
      const sc = (G: number, H: number) => (G * G) / (H + S.lambda);
      expect(s.bracket).toBeCloseTo(sc(s.GL, s.HL) + sc(s.GR, s.HR) - sc(r.G, r.H), 4);
      expect(s.gain).toBeCloseTo(s.bracket / 2 - S.gamma, 6);
      for (const l of r.leaves) {
        expect(l.weight).toBeCloseTo(-l.G / (l.H + S.lambda), 5);
        expect(l.value).toBeCloseTo(S.eta * l.weight, 6);
      }
    }
  });

  it('the entropy gain of the same cut is computed from the label counts; the entropy tree’s own cut scores at least as high', () => {
    const r = round(P, S, 1);
    const s = r.root!;
    const H2 = (a: number, b: number) => {
      const n = a + b;
      return [a, b].reduce((h, k) => (k > 0 ? h - (k / n) * Math.log2(k / n) : h), 0);
    };
    const cnt = (f: (i: number) => boolean) => [0, 1].map((c) => P.y.filter((v, i) => v === c && f(i)).length) as [number, number];
    const L = cnt((i) => P.X[i]![s.feature]! < s.threshold);
    const R = cnt((i) => !(P.X[i]![s.feature]! < s.threshold));
    const n = P.y.length;
    const ig = H2(L[0] + R[0], L[1] + R[1]) - ((L[0] + L[1]) / n) * H2(...L) - ((R[0] + R[1]) / n) * H2(...R);
    expect(s.entropyGain).toBeCloseTo(ig, 12);
    expect(entropyRoot(P).gain).toBeGreaterThanOrEqual(s.entropyGain - 1e-12);
  });

  it('γ above every bracket prunes the tree to one leaf; λ shrinks the leaf weights', () => {
    const r1 = round(P, S, 1);
    const pruned = round(P, { ...S, gamma: r1.root!.bracket + 1 }, 1);
    expect(pruned.root).toBeNull();
    expect(pruned.leaves).toHaveLength(1);
    const big = round(P, { ...S, lambda: 20 }, 1);
    const wmax = (r: typeof r1) => Math.max(...r.leaves.map((l) => Math.abs(l.weight)));
    expect(wmax(big)).toBeLessThan(wmax(r1));
  });

  it('accuracy climbs with rounds; the surface grid and the forest vote are probabilities', () => {
    expect(round(P, S, 12).accuracy).toBeGreaterThan(round(P, S, 1).accuracy - 1e-9);
    expect(round(P, S, 12).accuracy).toBeGreaterThan(0.85);
    const G = grid(P, 8).X;
    expect(G).toHaveLength(64);
    const v = forestVote(P, 10, G);
    for (const s of v.share) expect(s >= 0 && s <= 1).toBe(true);
    expect(v.accuracy).toBeGreaterThan(0.9);
    expect(booster(P, S)).toBe(booster(P, { ...S })); // cached per settings
  });
});
