import { describe, expect, it } from 'vitest';
import { io, noGrad } from 'groundup';
import { evaluateCapstone, randomWeights } from './evaluate.js';
import { capstoneData, capstoneNet } from './model.js';

describe('the result section’s evaluation (what eval.worker.ts sends)', () => {
  const d = capstoneData();
  const weights = randomWeights();
  const ev = evaluateCapstone(weights, d, 0);
  const n = d.xTest.shape[0]!;

  it('random weights are reproducible (seed 0); one evaluation is main-thread-sized work (timed)', () => {
    const t0 = performance.now();
    evaluateCapstone(weights, d, 0);
    console.log(`evaluateCapstone over ${n} ECGs: ${(performance.now() - t0).toFixed(0)} ms in Node`);
    expect(Array.from(randomWeights())).toEqual(Array.from(weights));
  });

  it('each held-out ECG’s probabilities are the softmax of its logits and match a one-ECG forward pass', () => {
    const K = ev.classes;
    expect(ev.probs).toHaveLength(n * K);
    const net = capstoneNet();
    net.loadStateDict(io.loadSafetensors(weights));
    net.eval();
    for (const r of [0, 7, n - 1]) {
      const z = Array.from(ev.logits.subarray(r * K, (r + 1) * K));
      const e = z.map((v) => Math.exp(v - Math.max(...z)));
      const p = Array.from(ev.probs.subarray(r * K, (r + 1) * K));
      e.forEach((v, k) => expect(p[k]!).toBeCloseTo(v / e.reduce((a, b) => a + b, 0), 6));
      const one = noGrad(() => net.predictProba(d.xTest.narrow(0, r, 1))).data;
      for (let k = 0; k < K; k++) expect(p[k]!).toBeCloseTo(one[k]!, 5);
      // attention received, averaged over heads and asking positions: a distribution over the T steps
      const a = ev.attention.subarray(r * ev.tokens, (r + 1) * ev.tokens);
      expect(a.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    }
  });

  it('the confusion matrix counts every held-out ECG once, its diagonal is the number right', () => {
    const all = ev.confusion.flat().reduce((a, b) => a + b, 0);
    expect(all).toBe(n);
    expect(ev.confusion.reduce((s, row, i) => s + row[i]!, 0)).toBe(ev.right);
    // rows are true classes: row sums are the class counts of the test labels
    const counts = new Array(ev.classes).fill(0);
    for (const y of d.yTest.data) counts[y]++;
    expect(ev.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(counts);
  });

  it('PCA coordinates are centred, and PC 1 carries at least as much variance as PC 2', () => {
    const x = Array.from({ length: n }, (_, r) => ev.pca[2 * r]!);
    const y = Array.from({ length: n }, (_, r) => ev.pca[2 * r + 1]!);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean(x))).toBeLessThan(1e-6);
    expect(Math.abs(mean(y))).toBeLessThan(1e-6);
    const vr = (v: number[]) => mean(v.map((t) => t * t));
    expect(vr(x)).toBeGreaterThanOrEqual(vr(y));
  });
});
