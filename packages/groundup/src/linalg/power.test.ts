import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, ValueError, tensor, linalg } from '../index.js';
import { Tensor } from '../tensor.js';

const { eigh, powerIteration } = linalg;

/** Q diag(lambda) Qᵀ for a random orthogonal Q (Gram–Schmidt on Gaussian vectors). */
function withSpectrum(lambda: number[], g: Generator): number[][] {
  const n = lambda.length;
  const cols: number[][] = [];
  while (cols.length < n) {
    const v = Array.from({ length: n }, () => g.normal());
    for (const c of cols) {
      const d = c.reduce((s, ci, i) => s + ci * v[i]!, 0);
      for (let i = 0; i < n; i++) v[i] = v[i]! - d * c[i]!;
    }
    const len = Math.hypot(...v);
    cols.push(v.map((x) => x / len));
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => lambda.reduce((s, l, k) => s + cols[k]![i]! * l * cols[k]![j]!, 0)));
}

/** The eigenpair of largest |λ| according to eigh. */
function dominantFromEigh(A: Tensor): { value: number; vector: number[] } {
  const { values, vectors } = eigh(A);
  const n = values.size;
  let best = 0;
  for (let j = 1; j < n; j++) if (Math.abs(values.data[j]!) > Math.abs(values.data[best]!)) best = j;
  return { value: values.data[best]!, vector: Array.from({ length: n }, (_, i) => vectors.data[i * n + best]!) };
}

describe('powerIteration agrees with eigh', () => {
  const cases: [string, number[]][] = [
    ['a positive dominant eigenvalue', [10, 4, -3, 1, 0.5]],
    ['a negative dominant eigenvalue', [-10, 6, 3, -2, 1, 0]],
    ['a 12×12 with a modest gap', [5, 4, 3.5, 3, 2, 1, 0, -1, -2, -3, -3.5, -4]],
  ];
  for (const [name, spectrum] of cases) {
    it(`${name}: same value, same vector up to sign`, () => {
      const g = new Generator(spectrum.length);
      const A = tensor(withSpectrum(spectrum, g), { dtype: 'float64' });
      const ref = dominantFromEigh(A);
      const res = powerIteration(A);
      expect(res.converged).toBe(true);
      expect(res.residual).toBeLessThanOrEqual(1e-10);
      expect(res.iterations).toBeGreaterThan(0);
      expect(res.iterations).toBeLessThan(1000);
      expect(res.value).toBeCloseTo(ref.value, 8);
      const cos = ref.vector.reduce((s, v, i) => s + v * res.vector.data[i]!, 0);
      expect(Math.abs(cos)).toBeCloseTo(1, 8);
      expect(res.vector.dtype).toBe('float64');
    });
  }

  it('the second-difference matrix: λ_max = 2 − 2cos(nπ/(n+1))', () => {
    const n = 8;
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
    const res = powerIteration(tensor(a, { dtype: 'float64' }), { iters: 5000 });
    expect(res.converged).toBe(true);
    expect(res.value).toBeCloseTo(2 - 2 * Math.cos((n * Math.PI) / (n + 1)), 9);
  });

  it('a non-symmetric matrix with a real dominant eigenvalue: [[2,1],[0,1]] → λ = 2, v = (1, 0)', () => {
    const res = powerIteration(tensor([[2, 1], [0, 1]], { dtype: 'float64' }));
    expect(res.converged).toBe(true);
    expect(res.value).toBeCloseTo(2, 9);
    expect(res.vector.data[0]).toBeCloseTo(1, 9);
    expect(res.vector.data[1]).toBeCloseTo(0, 9);
  });

  it('the hand-worked [[2,1],[1,2]] in float32: λ ≈ 3, v ≈ (1,1)/√2, float32 out', () => {
    const res = powerIteration(tensor([[2, 1], [1, 2]]));
    expect(res.value).toBeCloseTo(3, 9);
    expect(res.vector.dtype).toBe('float32');
    expect(res.vector.data[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(res.vector.data[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('powerIteration reports what happened', () => {
  it('λ = ±1 tie ([[0,1],[1,0]]): no single direction wins, so converged is false after `iters` steps', () => {
    const res = powerIteration(tensor([[0, 1], [1, 0]]), { iters: 50 });
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(50);
    expect(res.residual).toBeGreaterThan(1e-3);
  });

  it('value and vector belong together even when not converged: value = vᵀAv', () => {
    const a = [
      [0, 1],
      [1, 0],
    ];
    const res = powerIteration(tensor(a, { dtype: 'float64' }), { iters: 7 });
    const v = Array.from(res.vector.data);
    const rq = v[0]! * (a[0]![0]! * v[0]! + a[0]![1]! * v[1]!) + v[1]! * (a[1]![0]! * v[0]! + a[1]![1]! * v[1]!);
    expect(res.value).toBeCloseTo(rq, 12);
  });

  it('the zero matrix: λ = 0 at once', () => {
    const res = powerIteration(tensor([[0, 0], [0, 0]]));
    expect(res).toMatchObject({ value: 0, iterations: 0, converged: true, residual: 0 });
  });

  it('a 1×1 matrix is its own eigenvalue', () => {
    const res = powerIteration(tensor([[-2.5]]));
    expect(res.value).toBe(-2.5);
    expect(Array.from(res.vector.data)).toEqual([1]);
  });

  it('the same seed gives the same result; the vector is sign-fixed whatever the seed', () => {
    const A = tensor(withSpectrum([4, 1, -1], new Generator(9)), { dtype: 'float64' });
    const a = powerIteration(A, { seed: 1 });
    const b = powerIteration(A, { seed: 1 });
    const c = powerIteration(A, { seed: 2 });
    expect(Array.from(a.vector.data)).toEqual(Array.from(b.vector.data));
    c.vector.data.forEach((v, i) => expect(v).toBeCloseTo(a.vector.data[i]!, 8));
  });
});

describe('powerIteration: hostile input', () => {
  it('typed errors for bad matrices', () => {
    expect(() => powerIteration('A' as unknown as Tensor)).toThrow(TypeError);
    expect(() => powerIteration(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => powerIteration(tensor([[1, 2, 3]]))).toThrow(/\[1,3\]/);
    expect(() => powerIteration(new Tensor(new Float32Array(0), [0, 0], 'float32'))).toThrow(ShapeError);
    expect(() => powerIteration(tensor([[1, NaN], [0, 1]]))).toThrow(ValueError);
  });

  it('typed errors for bad options', () => {
    const A = tensor([[1, 0], [0, 2]]);
    expect(() => powerIteration(A, { iters: 0 })).toThrow(/iters must be a whole number ≥ 1, got 0/);
    expect(() => powerIteration(A, { iters: 2.5 })).toThrow(ValueError);
    expect(() => powerIteration(A, { tol: -1 })).toThrow(/tol must be a finite number ≥ 0/);
    expect(() => powerIteration(A, { tol: NaN })).toThrow(ValueError);
    expect(() => powerIteration(A, { seed: Infinity })).toThrow(ValueError);
    expect(() => powerIteration(A, null as unknown as object)).toThrow(TypeError);
  });
});
