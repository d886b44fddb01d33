import { describe, expect, it } from 'vitest';
import { example, forward, forwardCode, SHAPES } from './model.js';

/** softmax(X W + b) by plain loops, independent of the library. */
function byHand(X: number[], W: number[], b: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const z = [0, 1].map((j) => X[i * 3]! * W[j]! + X[i * 3 + 1]! * W[2 + j]! + X[i * 3 + 2]! * W[4 + j]! + b[j]!);
    const e = z.map(Math.exp);
    out.push(e.map((v) => v / (e[0]! + e[1]!)));
  }
  return out;
}

describe('chapter 1 model: softmax(X @ W + b)', () => {
  it('has the stated shapes', () => {
    const f = forward(example(1));
    expect(f.X.shape).toEqual([...SHAPES.X]);
    expect(f.W.shape).toEqual([...SHAPES.W]);
    expect(f.b.shape).toEqual([...SHAPES.b]);
    expect(f.XW.shape).toEqual([4, 2]);
    expect(f.P.shape).toEqual([4, 2]);
  });

  it('matches a hand computation, and each row is a distribution', () => {
    for (const seed of [1, 2, 7]) {
      const v = example(seed);
      const P = forward(v).P.toArray() as number[][];
      const expected = byHand(v.X, v.W, v.b);
      P.forEach((row, i) => {
        row.forEach((p, j) => expect(p).toBeCloseTo(expected[i]![j]!, 5));
        expect(row[0]! + row[1]!).toBeCloseTo(1, 6);
      });
    }
  });

  it('a worked case: zero weights give 50/50, and the bias alone shifts it by a sigmoid', () => {
    const zeros = { X: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], W: [0, 0, 0, 0, 0, 0], b: [0, Math.log(3)] };
    const P = forward(zeros).P.toArray() as number[][];
    for (const row of P) {
      expect(row[0]).toBeCloseTo(0.25, 6); // e^0 / (e^0 + 3)
      expect(row[1]).toBeCloseTo(0.75, 6);
    }
  });

  it('temperature: softmax(z / T) and its entropy in bits match a hand computation; T → 0 is argmax, large T is a coin toss', () => {
    const v = example(2);
    const Z = byHand(v.X, v.W, v.b).map((row) => Math.log(row[1]! / row[0]!)); // z₁ − z₀ per row
    for (const T of [0.2, 1, 3.5]) {
      const f = forward(v, T);
      const P = f.P.toArray() as number[][];
      const H = Array.from(f.H.data);
      P.forEach((row, i) => {
        const p1 = 1 / (1 + Math.exp(-Z[i]! / T)); // two classes: softmax of z / T is a sigmoid of the difference / T
        expect(row[1]).toBeCloseTo(p1, 5);
        const h = -(p1 * Math.log2(p1) + (1 - p1) * Math.log2(1 - p1));
        expect(H[i]).toBeCloseTo(h, 4);
      });
    }
    const cold = forward(v, 0.05).P.toArray() as number[][];
    cold.forEach((row, i) => expect(Math.max(...row)).toBeGreaterThan(Math.abs(Z[i]!) > 0.5 ? 0.99 : 0.5));
    for (const h of forward(v, 20).H.data) expect(h).toBeGreaterThan(0.95);
    expect(() => forward(v, 0)).toThrow(/temperature/);
    expect(() => forward(v, NaN)).toThrow(/temperature/);
  });

  it('examples are seeded (same seed, same numbers) and rounded to one decimal', () => {
    expect(example(3)).toEqual(example(3));
    expect(example(3)).not.toEqual(example(4));
    for (const x of example(3).X) expect(Math.round(x * 10) / 10).toBe(x);
  });

  it('the code-cell version of the computation names the same values', () => {
    const v = example(1);
    const code = forwardCode(v);
    expect(code).toContain(`tensor(${JSON.stringify(v.b).replace(/,/g, ', ')})`);
    expect(code).toContain('.softmax(-1)');
    expect(forwardCode(v, 2.5)).toContain('const T = 2.5;');
  });
});
