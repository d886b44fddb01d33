import { describe, expect, it } from 'vitest';
import * as m from './model.js';

// Plain-JS references, independent of the library.
const H2 = (p: number[]) => -p.reduce((s, x) => s + (x > 0 ? x * Math.log2(x) : 0), 0);
const Hn = (p: number[]) => -p.reduce((s, x) => s + (x > 0 ? x * Math.log(x) : 0), 0);
const CEn = (p: number[], q: number[]) => -p.reduce((s, x, i) => s + (x > 0 ? x * Math.log(q[i]!) : 0), 0);
const KLn = (p: number[], q: number[]) => p.reduce((s, x, i) => s + (x > 0 ? x * Math.log(x / q[i]!) : 0), 0);
const sm = (z: number[]) => {
  const mx = Math.max(...z);
  const e = z.map((v) => Math.exp(v - mx));
  const t = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / t);
};

describe('chapter 6 model: entropy', () => {
  it('a fair coin has 1 bit, a certain coin 0, and 0.9 heads 0.469 bits', () => {
    expect(m.coinEntropy(0.5)).toBeCloseTo(1, 12);
    expect(m.coinEntropy(1)).toBe(0);
    expect(m.coinEntropy(0)).toBe(0);
    expect(m.coinEntropy(0.9)).toBeCloseTo(0.4689955935892812, 10); // −0.9 log2 0.9 − 0.1 log2 0.1
    expect(m.coinEntropy(0.5, 'nats')).toBeCloseTo(Math.LN2, 12);
  });

  it('the coin curve matches the formula at every point and peaks at p = 0.5', () => {
    const { p, h } = m.coinCurve(101);
    expect(p.length).toBe(101);
    p.forEach((x, i) => expect(h[i]).toBeCloseTo(H2([x, 1 - x]), 10));
    expect(h.indexOf(Math.max(...h))).toBe(50);
  });

  it('an n-outcome distribution from logits: entropy, surprises, and the log K ceiling', () => {
    const z = [2, 1, 0, -1, 0.5];
    const d = m.distEntropy(z);
    const p = sm(z);
    d.p.forEach((x, i) => expect(x).toBeCloseTo(p[i]!, 12));
    expect(d.h).toBeCloseTo(H2(p), 10);
    d.surprise.forEach((s, i) => expect(s).toBeCloseTo(-Math.log2(p[i]!), 10));
    // entropy is the probability-weighted average surprise
    expect(d.p.reduce((a, x, i) => a + x * d.surprise[i]!, 0)).toBeCloseTo(d.h, 10);
    expect(d.hMax).toBeCloseTo(Math.log2(5), 12);
    expect(m.distEntropy([0, 0, 0, 0, 0]).h).toBeCloseTo(Math.log2(5), 12);
    expect(m.RHYTHMS).toEqual(['normal', 'afib', 'pvc', 'brady', 'tachy']);
  });
});

describe('chapter 6 model: information gain on iris', () => {
  const d = m.iris();

  it('petal length ≤ 2.45 separates setosa: 1.585 − (100/150)·1 = 0.918 bits', () => {
    expect(d.X.length).toBe(150);
    const s = m.split(d, 2, 2.45);
    expect(s.left).toEqual([50, 0, 0]);
    expect(s.right).toEqual([0, 50, 50]);
    expect(s.hParent).toBeCloseTo(Math.log2(3), 10);
    expect(s.gain).toBeCloseTo(Math.log2(3) - (100 / 150) * 1, 10);
  });

  it('gain at any threshold equals H(parent) minus the weighted child entropies, counted by hand', () => {
    for (const [f, t] of [[0, 5.5], [1, 3.05], [3, 1.75], [2, 4.95]] as const) {
      const s = m.split(d, f, t);
      const L: number[] = [0, 0, 0];
      const R: number[] = [0, 0, 0];
      d.X.forEach((r, i) => (r[f]! <= t ? L : R)[d.y[i]!]!++);
      const nl = L.reduce((a, b) => a + b, 0);
      const hand = H2([50, 50, 50].map((c) => c / 150)) - (nl / 150) * H2(L.map((c) => c / nl)) - ((150 - nl) / 150) * H2(R.map((c) => c / (150 - nl)));
      expect(s.left).toEqual(L);
      expect(s.gain).toBeCloseTo(hand, 10);
    }
  });

  it('candidates are midpoints of consecutive distinct values', () => {
    expect(m.candidates([3, 1, 2, 2, 5])).toEqual([1.5, 2.5, 4]);
  });

  it("the tree's root split is the best candidate over both chosen features", () => {
    for (const [fx, fy] of [[0, 1], [2, 3], [0, 3]] as const) {
      const g = m.growTree(d, fx, fy, 1);
      const best = Math.max(...m.gainCurve(d, fx).gain, ...m.gainCurve(d, fy).gain);
      expect(g.tree.leaf).toBe(false);
      if (g.tree.leaf) continue;
      expect(g.tree.gain).toBeCloseTo(best, 6);
      const f = g.tree.feature === 0 ? fx : fy;
      expect(m.split(d, f, g.tree.threshold).gain).toBeCloseTo(g.tree.gain, 6);
    }
  });

  it('petal length and width, depth 2: 144 of 150 right (the 0.918 and 0.690 bit splits)', () => {
    const g = m.growTree(d, 2, 3, 2);
    expect(g.accuracy).toBeCloseTo(144 / 150, 10);
    expect(g.text).toContain('petal length (cm) ≤ 2.45');
    expect(g.text).toContain('gain 0.690 bits');
  });
});

describe('chapter 6 model: cross-entropy and KL', () => {
  it('H(p, q) ≥ H(p), equal when q = p; the gap is KL', () => {
    const p = sm([2, 0, 1, -1, 0]);
    const q = sm([0, 1, 1, 0, 0]);
    const c = m.crossEntropyOf(p, q, 'nats');
    expect(c.h).toBeCloseTo(Hn(p), 10);
    expect(c.ce).toBeCloseTo(CEn(p, q), 10);
    expect(c.gap).toBeCloseTo(KLn(p, q), 10);
    expect(c.kl).toBeCloseTo(KLn(p, q), 10);
    const same = m.crossEntropyOf(p, p, 'bits');
    expect(same.ce).toBeCloseTo(same.h, 10);
    expect(m.crossEntropyOf(p, q, 'bits').ce).toBeCloseTo(CEn(p, q) / Math.LN2, 10);
  });

  it('one-hot: CE = −log q(correct) = loss.crossEntropy on the logits; confident and wrong is expensive', () => {
    const z = [2, 0, -1, 0, 0];
    const o = m.oneHot(z, 0);
    const q = sm(z);
    expect(o.ce).toBeCloseTo(-Math.log(q[0]!), 10);
    expect(o.minusLogQ).toBeCloseTo(-Math.log(q[0]!), 10);
    expect(o.lossOnLogits).toBeCloseTo(-Math.log(q[0]!), 6);
    // a model 99% sure of the wrong class pays −ln 0.0025... far more than one 60% sure of the right one
    const wrong = m.oneHot([0, 6, 0, 0, 0], 0);
    expect(wrong.ce).toBeCloseTo(-Math.log(1 / (4 + Math.exp(6))), 10);
    expect(wrong.ce).toBeGreaterThan(6);
    const { q: qs, cost } = m.priceCurve(50);
    qs.forEach((x, i) => expect(cost[i]).toBeCloseTo(-Math.log(x), 10));
  });

  it('KL(p‖q) = CE − H, ≠ KL(q‖p); loss.klDiv and klDivReverse give the same nats; temperature softens', () => {
    const zp = [3, 1, 0, -1, -2];
    const zq = [1, 1, 1, 0, 0];
    const k = m.klOf(zp, zq, 1, 'nats');
    const p = sm(zp);
    const q = sm(zq);
    expect(k.klPQ).toBeCloseTo(KLn(p, q), 10);
    expect(k.klQP).toBeCloseTo(KLn(q, p), 10);
    expect(Math.abs(k.klPQ - k.klQP)).toBeGreaterThan(0.1);
    expect(k.klPQ).toBeCloseTo(k.cePQ - k.hP, 10);
    expect(k.klQP).toBeCloseTo(k.ceQP - k.hQ, 10);
    expect(k.klDivLoss).toBeCloseTo(KLn(p, q), 6);
    expect(k.klDivReverseLoss).toBeCloseTo(KLn(q, p), 6);
    const hot = m.klOf(zp, zq, 4, 'bits');
    const p4 = sm(zp.map((z) => z / 4));
    hot.p.forEach((x, i) => expect(x).toBeCloseTo(p4[i]!, 12));
    expect(hot.hP).toBeGreaterThan(m.klOf(zp, zq, 1, 'bits').hP);
    expect(hot.klPQ).toBeCloseTo(KLn(p4, sm(zq.map((z) => z / 4))) / Math.LN2, 10);
  });
});

describe('chapter 6 model: KL is not symmetric', () => {
  const p = m.trueP();
  const gauss = (mu: number, s: number) => sm(m.BINS.map((x) => -((x - mu) ** 2) / (2 * s * s)));

  it('the bumps are normalised Gaussians over the bins; the truth has two modes', () => {
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const q = m.bumps([{ mu: 100, sigma: 20, w: 1 }]);
    gauss(100, 20).forEach((x, i) => expect(q[i]).toBeCloseTo(x, 12));
    const a = m.asym(p, 100, 20, 'nats');
    expect(a.forward).toBeCloseTo(KLn(p, q), 10);
    expect(a.reverse).toBeCloseTo(KLn(q, p), 10);
  });

  it('forward KL covers both modes (wide q near the middle); reverse KL locks onto one mode', () => {
    const { forward, reverse } = m.bestFits(p);
    expect(forward.sigma).toBeGreaterThanOrEqual(30);
    expect(forward.mu).toBeGreaterThan(80);
    expect(forward.mu).toBeLessThan(120);
    expect(reverse.sigma).toBeLessThanOrEqual(12);
    expect(Math.min(Math.abs(reverse.mu - 68), Math.abs(reverse.mu - 148))).toBeLessThanOrEqual(4);
    // each is the best in its own direction, checked by hand against the other's choice
    const fq = gauss(forward.mu, forward.sigma);
    const rq = gauss(reverse.mu, reverse.sigma);
    expect(KLn(p, fq)).toBeLessThan(KLn(p, rq));
    expect(KLn(rq, p)).toBeLessThan(KLn(fq, p));
  });
});

describe('chapter 6 model: contrastive loss', () => {
  it('InfoNCE per anchor is −log softmax(cos/τ) of its own pair, by hand', () => {
    const v2 = [20, 100, 150, 300];
    const tau = 0.5;
    const c = m.contrastive(v2, tau);
    const rad = (d: number) => (d * Math.PI) / 180;
    m.VIEW1_ANGLES.forEach((a, i) => {
      const row = v2.map((b) => Math.cos(rad(a - b))); // cosine of the angle between two unit vectors
      row.forEach((x, j) => expect(c.cos[i]![j]).toBeCloseTo(x, 10));
      const s = sm(row.map((x) => x / tau));
      expect(c.perRow[i]).toBeCloseTo(-Math.log(s[i]!), 8);
      s.forEach((x, j) => expect(c.pick[i]![j]).toBeCloseTo(x, 10));
    });
    expect(c.mean).toBeCloseTo(c.perRow.reduce((a, b) => a + b, 0) / 4, 10);
  });

  it('aligned pairs and a small temperature give a small loss; swapped pairs a large one', () => {
    expect(m.contrastive([0, 90, 180, 270], 0.1).mean).toBeLessThan(0.01);
    expect(m.contrastive([90, 0, 270, 180], 0.1).mean).toBeGreaterThan(5);
  });
});

describe('chapter 6: the worked numbers in the prose', () => {
  it('logits [2, 0, −1], first class correct: q ≈ [0.844, 0.114, 0.042], loss ≈ 0.170 nats', () => {
    const o = m.oneHot([2, 0, -1], 0);
    expect(o.q.map((x) => +x.toFixed(3))).toEqual([0.844, 0.114, 0.042]);
    expect(o.lossOnLogits).toBeCloseTo(0.1698, 4);
    expect(m.surprise([0.5, 0.1, 0.01], 'nats').map((x) => +x.toFixed(2))).toEqual([0.69, 2.3, 4.61]);
  });

  it('KL([0.5, 0.5] ‖ [0.9, 0.1]) ≈ 0.511 nats, the other way ≈ 0.368', () => {
    const c = m.crossEntropyOf([0.5, 0.5], [0.9, 0.1], 'nats');
    expect(c.kl).toBeCloseTo(0.5108, 4);
    expect(m.crossEntropyOf([0.9, 0.1], [0.5, 0.5], 'nats').kl).toBeCloseTo(0.3681, 4);
    expect(m.surprise([0.1])[0]).toBeCloseTo(3.32, 2);
  });

  it('aligned views at 0/90/180/270°, τ = 0.5: the first anchor’s InfoNCE ≈ 0.254', () => {
    const c = m.contrastive([0, 90, 180, 270], 0.5);
    expect(c.perRow[0]).toBeCloseTo(-Math.log(Math.exp(2) / (Math.exp(2) + 2 + Math.exp(-2))), 8);
    expect(c.perRow[0]).toBeCloseTo(0.254, 3);
  });
});
