/** The tensor-level graph against a forward and backward pass written out in plain loops. */
import { describe, expect, it } from 'vitest';
import { mlpGraph, mlpTensors, type MlpAct, type MlpOptions } from './graph-model.js';

type M = number[][];
const mat = (d: ArrayLike<number>, r: number, c: number): M => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => d[i * c + j]!));
const mm = (a: M, b: M): M => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const fro = (a: M | number[]) => Math.sqrt((a.flat() as number[]).reduce((s, v) => s + v * v, 0));
const ACT: Record<MlpAct, [(z: number) => number, (z: number) => number]> = {
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }],
};

/** Forward and backward by hand from the same initial numbers. */
function byHand(o: MlpOptions) {
  const t = mlpTensors(o);
  const H = o.hidden;
  const X = mat(t.X.data, o.batch, 3);
  const W1 = mat(t.W1.data, 3, H);
  const W2 = mat(t.W2.data, H, 2);
  const b1 = Array.from(t.b1.data);
  const b2 = Array.from(t.b2.data);
  const [f, df] = ACT[o.act];
  const z1 = mm(X, W1).map((r) => r.map((v, j) => v + b1[j]!));
  const h = z1.map((r) => r.map(f));
  const z2 = mm(h, W2).map((r) => r.map((v, j) => v + b2[j]!));
  let L = 0;
  const dz2 = z2.map((r, i) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    L += -Math.log(e[t.labels[i]!]! / s) / o.batch;
    return e.map((v, j) => (v / s - (j === t.labels[i] ? 1 : 0)) / o.batch);
  });
  const T = (a: M): M => a[0]!.map((_, j) => a.map((r) => r[j]!));
  const dW2 = mm(T(h), dz2);
  const db2 = dz2[0]!.map((_, j) => dz2.reduce((s, r) => s + r[j]!, 0));
  const dh = mm(dz2, T(W2));
  const dz1 = dh.map((r, i) => r.map((v, j) => v * df(z1[i]![j]!)));
  const dW1 = mm(T(X), dz1);
  const db1 = dz1[0]!.map((_, j) => dz1.reduce((s, r) => s + r[j]!, 0));
  return { L, z1, h, z2, dz2, dz1, dh, dW1, db1, dW2, db2 };
}

describe('tensor-level graph of a small MLP', () => {
  for (const o of [
    { seed: 0, batch: 4, hidden: 4, act: 'relu' },
    { seed: 3, batch: 7, hidden: 5, act: 'tanh' },
    { seed: 9, batch: 1, hidden: 2, act: 'sigmoid' },
  ] as MlpOptions[])
    it(`matches plain loops (${o.act}, batch ${o.batch}, hidden ${o.hidden}, seed ${o.seed})`, () => {
      const g = mlpGraph(o);
      const want = byHand(o);
      const by = (label: string) => {
        const n = g.nodes.find((x) => x.label === label);
        if (!n) throw new Error(`no node ${label}: ${g.nodes.map((x) => x.label).join(', ')}`);
        return n;
      };
      expect(g.loss).toBeCloseTo(want.L, 12);
      expect(by('W₁').gradNorm).toBeCloseTo(fro(want.dW1), 12);
      expect(by('b₁').gradNorm).toBeCloseTo(fro(want.db1), 12);
      expect(by('W₂').gradNorm).toBeCloseTo(fro(want.dW2), 12);
      expect(by('b₂').gradNorm).toBeCloseTo(fro(want.db2), 12);
      expect(by('z₂ = hW₂ + b₂').gradNorm).toBeCloseTo(fro(want.dz2), 12);
      expect(by(`h = ${o.act}(z₁)`).gradNorm).toBeCloseTo(fro(want.dh), 12);
      expect(by('z₁ = XW₁ + b₁').gradNorm).toBeCloseTo(fro(want.dz1), 12);
      expect(by('X').gradNorm).toBeNull(); // data: no gradient kept
      expect(by('L = CE(z₂, y)').gradNorm).toBe(1); // ∂L/∂L
      // shapes and the first values of each intermediate
      expect(by('z₁ = XW₁ + b₁').shape).toEqual([o.batch, o.hidden]);
      expect(by('z₂ = hW₂ + b₂').shape).toEqual([o.batch, 2]);
      expect(by('L = CE(z₂, y)').shape).toEqual([]);
      by('z₂ = hW₂ + b₂').head.forEach((v, k) => expect(v).toBeCloseTo(want.z2.flat()[k]!, 12));
      by(`h = ${o.act}(z₁)`).head.forEach((v, k) => expect(v).toBeCloseTo(want.h.flat()[k]!, 12));
      // inputs come before the nodes that use them
      const pos = new Map(g.nodes.map((n, i) => [n.id, i]));
      for (const n of g.nodes) for (const i of n.inputs) expect(pos.get(i)!).toBeLessThan(pos.get(n.id)!);
      expect(g.nodes.filter((n) => n.param).map((n) => n.label).sort()).toEqual(['W₁', 'W₂', 'b₁', 'b₂']);
    });

  it('is seeded and rejects bad settings with a clear error', () => {
    expect(mlpGraph({ seed: 2, batch: 4, hidden: 4, act: 'relu' }).loss).toBe(mlpGraph({ seed: 2, batch: 4, hidden: 4, act: 'relu' }).loss);
    expect(mlpGraph({ seed: 2, batch: 4, hidden: 4, act: 'relu' }).loss).not.toBe(mlpGraph({ seed: 3, batch: 4, hidden: 4, act: 'relu' }).loss);
    expect(() => mlpGraph({ seed: 0, batch: 0, hidden: 4, act: 'relu' })).toThrow(/batch/);
    expect(() => mlpGraph({ seed: 0, batch: 4, hidden: 2.5, act: 'relu' })).toThrow(/hidden/);
    expect(() => mlpGraph({ seed: 0, batch: 4, hidden: 4, act: 'gelu' as MlpAct })).toThrow(/act/);
  });
});
