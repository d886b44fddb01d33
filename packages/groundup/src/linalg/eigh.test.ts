import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, ValueError, gradcheck, tensor, linalg } from '../index.js';
import { Tensor } from '../tensor.js';

const { eigh, jacobiEigh, trace } = linalg;

/** A random symmetric n×n matrix (entries N(0,1)), as nested arrays. */
function randomSymmetric(n: number, g: Generator): number[][] {
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const v = g.normal();
      a[i]![j] = v;
      a[j]![i] = v;
    }
  return a;
}

/** A random orthogonal matrix (Gram–Schmidt on Gaussian columns), rows/cols as nested arrays. */
function randomOrthogonal(n: number, g: Generator): number[][] {
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
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!)); // Q[i][j] = cols[j][i]
}

/** Q diag(lambda) Qᵀ. */
function withSpectrum(lambda: number[], g: Generator): number[][] {
  const n = lambda.length;
  const q = randomOrthogonal(n, g);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => lambda.reduce((s, l, k) => s + q[i]![k]! * l * q[j]![k]!, 0)),
  );
}

/**
 * Checks the defining invariants with plain loops, independent of the library:
 * A·V = V·Λ, VᵀV = I, ascending values, trace(A) = Σλ. Errors are measured relative to max |A|.
 */
function checkInvariants(a: number[][], values: Tensor, vectors: Tensor, tol: number): void {
  const n = a.length;
  expect(values.shape).toEqual([n]);
  expect(vectors.shape).toEqual([n, n]);
  const lam = Array.from(values.data);
  const V = (i: number, j: number) => vectors.data[i * n + j]!;
  const scale = Math.max(1e-300, ...a.flat().map(Math.abs));
  let worstAV = 0;
  let worstOrth = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i]![k]! * V(k, j);
      worstAV = Math.max(worstAV, Math.abs(av - V(i, j) * lam[j]!) / scale);
      let vtv = 0;
      for (let k = 0; k < n; k++) vtv += V(k, i) * V(k, j);
      worstOrth = Math.max(worstOrth, Math.abs(vtv - (i === j ? 1 : 0)));
    }
  expect(worstAV).toBeLessThan(tol);
  expect(worstOrth).toBeLessThan(tol);
  for (let j = 1; j < n; j++) expect(lam[j]!).toBeGreaterThanOrEqual(lam[j - 1]!);
  const tr = a.reduce((s, row, i) => s + row[i]!, 0);
  const sumLam = lam.reduce((s, l) => s + l, 0);
  expect(Math.abs(tr - sumLam) / scale).toBeLessThan(tol * n);
  // sign convention: the largest-magnitude entry of every eigenvector is positive
  for (let j = 0; j < n; j++) {
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(V(i, j)) > Math.abs(V(best, j))) best = i;
    expect(V(best, j)).toBeGreaterThan(0);
  }
}

describe('eigh: invariants on random symmetric matrices', () => {
  for (const n of [1, 2, 5, 17]) {
    it(`n = ${n}, float64: A·V = V·Λ, VᵀV = I, ascending, trace = Σλ`, () => {
      const g = new Generator(100 + n);
      for (let rep = 0; rep < 3; rep++) {
        const a = randomSymmetric(n, g);
        const { values, vectors } = eigh(tensor(a, { dtype: 'float64' }));
        expect(values.dtype).toBe('float64');
        expect(vectors.dtype).toBe('float64');
        checkInvariants(a, values, vectors, 1e-12 * n);
      }
    });
  }

  it('float32 input gives float32 output, accurate to float32 rounding', () => {
    const g = new Generator(7);
    const a32 = tensor(randomSymmetric(9, g)); // float32 storage
    const a = a32.toArray() as number[][]; //     the exact float32 values, as doubles
    const { values, vectors } = eigh(a32);
    expect(values.dtype).toBe('float32');
    expect(vectors.dtype).toBe('float32');
    checkInvariants(a, values, vectors, 1e-5);
  });

  it('int32 input is decomposed and returned as float32', () => {
    const { values } = eigh(tensor([[2, 1], [1, 2]], { dtype: 'int32' }));
    expect(values.dtype).toBe('float32');
    expect(Array.from(values.data)).toEqual([1, 3]);
  });

  it('property: small symmetric integer matrices (many repeated eigenvalues) satisfy the invariants', () => {
    const sym = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n * n, maxLength: n * n }).map((flat) => {
        const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => flat[Math.min(i, j) * n + Math.max(i, j)]!));
        return a;
      }),
    );
    fc.assert(
      fc.property(sym, (a) => {
        const { values, vectors } = eigh(tensor(a, { dtype: 'float64' }));
        checkInvariants(a, values, vectors, 1e-11);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('trace(A) from linalg.trace equals the sum of the eigenvalues', () => {
    const A = tensor(randomSymmetric(6, new Generator(3)), { dtype: 'float64' });
    const s = Array.from(eigh(A).values.data).reduce((x, y) => x + y, 0);
    expect(trace(A).item()).toBeCloseTo(s, 12);
  });
});

describe('eigh: known spectra', () => {
  it('hand-worked 2×2 [[2,1],[1,2]]: λ = 1, 3 with eigenvectors (1,−1)/√2 and (1,1)/√2', () => {
    // det(A − λI) = (2 − λ)² − 1 = 0  ⇒  λ = 1 or 3;  (A − I)v = 0 ⇒ v ∝ (1,−1);  (A − 3I)v = 0 ⇒ v ∝ (1,1)
    const { values, vectors } = eigh(tensor([[2, 1], [1, 2]], { dtype: 'float64' }));
    const r = Math.SQRT1_2;
    expect(Array.from(values.data)[0]).toBeCloseTo(1, 14);
    expect(Array.from(values.data)[1]).toBeCloseTo(3, 14);
    const V = vectors.toArray() as number[][];
    [
      [r, r],
      [-r, r],
    ].forEach((row, i) => row.forEach((v, j) => expect(V[i]![j]).toBeCloseTo(v, 14)));
  });

  it('hand-worked 2×2 [[3,2],[2,0]]: λ = 1.5 ± 2.5 = −1, 4', () => {
    // λ = (a+c)/2 ± √(((a−c)/2)² + b²) = 1.5 ± √(2.25 + 4);  v₄ ∝ (2, 1), v₋₁ ∝ (1, −2) → sign-fixed to (−1, 2)
    const { values, vectors } = eigh(tensor([[3, 2], [2, 0]], { dtype: 'float64' }));
    expect(values.data[0]).toBeCloseTo(-1, 14);
    expect(values.data[1]).toBeCloseTo(4, 14);
    const s5 = Math.sqrt(5);
    const V = vectors.toArray() as number[][];
    expect(V[0]![0]).toBeCloseTo(-1 / s5, 14);
    expect(V[1]![0]).toBeCloseTo(2 / s5, 14);
    expect(V[0]![1]).toBeCloseTo(2 / s5, 14);
    expect(V[1]![1]).toBeCloseTo(1 / s5, 14);
  });

  it('a diagonal matrix: its diagonal, sorted, with unit vectors, after one sweep that finds nothing to rotate', () => {
    const { values, vectors } = eigh(tensor([[3, 0, 0], [0, -1, 0], [0, 0, 2]], { dtype: 'float64' }));
    expect(Array.from(values.data)).toEqual([-1, 2, 3]);
    expect(vectors.toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(jacobiEigh([3, 0, 0, 0, -1, 0, 0, 0, 2], 3).sweeps).toBe(1);
  });

  it('the second-difference matrix (2 on the diagonal, −1 beside it) has λₖ = 2 − 2cos(kπ/(n+1))', () => {
    const n = 17;
    const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
    const { values, vectors } = eigh(tensor(a, { dtype: 'float64' }));
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    values.data.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 12));
    checkInvariants(a, values, vectors, 1e-12);
  });

  it('repeated eigenvalues: Q·diag(2, 2, 5, −1)·Qᵀ gives back [−1, 2, 2, 5] and an orthonormal basis', () => {
    const g = new Generator(11);
    const a = withSpectrum([2, 2, 5, -1], g);
    const { values, vectors } = eigh(tensor(a, { dtype: 'float64' }));
    [-1, 2, 2, 5].forEach((l, k) => expect(values.data[k]).toBeCloseTo(l, 12));
    checkInvariants(a, values, vectors, 1e-12);
  });

  it('a multiple of the identity: every value equal, vectors orthonormal', () => {
    const { values, vectors } = eigh(tensor([[4, 0, 0], [0, 4, 0], [0, 0, 4]], { dtype: 'float64' }));
    expect(Array.from(values.data)).toEqual([4, 4, 4]);
    checkInvariants([[4, 0, 0], [0, 4, 0], [0, 0, 4]], values, vectors, 1e-15);
  });

  it('the zero matrix: zeros and the identity', () => {
    const { values, vectors } = eigh(tensor([[0, 0], [0, 0]]));
    expect(Array.from(values.data)).toEqual([0, 0]);
    expect(vectors.toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('very large and very small scales: invariants hold relative to the size of A', () => {
    const g = new Generator(5);
    for (const s of [1e200, 1e-200]) {
      const a = withSpectrum([3, -2, 1, 0.5], g).map((row) => row.map((v) => v * s));
      const { values, vectors } = eigh(tensor(a, { dtype: 'float64' }));
      [-2, 0.5, 1, 3].forEach((l, k) => expect(values.data[k]! / s).toBeCloseTo(l, 12));
      checkInvariants(a, values, vectors, 1e-12);
    }
  });
});

describe('eigh: gradients', () => {
  // eigh demands a symmetric input, and finite differences nudge one entry at a time, so the
  // checked function symmetrises first: f(A) = eigh((A + Aᵀ)/2).
  const sym = (a: Tensor) => a.add(a.T).div(2);

  it('gradcheck through the eigenvalues (n = 1, 3, 6)', () => {
    const g = new Generator(21);
    for (const n of [1, 3, 6]) {
      const A = tensor(randomSymmetric(n, g), { dtype: 'float64' });
      const r = gradcheck((a) => eigh(sym(a)).values, [A]);
      expect(r.ok, r.message).toBe(true);
    }
  });

  it('gradcheck through the eigenvectors (distinct eigenvalues)', () => {
    const g = new Generator(22);
    for (const n of [2, 4]) {
      const A = tensor(withSpectrum(Array.from({ length: n }, (_, i) => 1.5 * i - 2), g), { dtype: 'float64' });
      const r = gradcheck((a) => eigh(sym(a)).vectors, [A]);
      expect(r.ok, r.message).toBe(true);
    }
  });

  it('∂λ_max/∂A = v vᵀ (the outer product of its eigenvector)', () => {
    const A = tensor([[2, 1], [1, 2]], { dtype: 'float64', requiresGrad: true });
    eigh(A).values.select(0, 1).backward();
    A.grad!.data.forEach((v) => expect(v).toBeCloseTo(0.5, 14)); // v = (1,1)/√2 ⇒ v vᵀ = ½·ones
  });

  it('repeated eigenvalues: Σλ = tr(A) still has gradient I; the eigenvectors refuse with a ValueError', () => {
    const A = tensor([[3, 0], [0, 3]], { dtype: 'float64', requiresGrad: true });
    eigh(A).values.sum().backward();
    expect(A.grad!.toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const B = tensor([[3, 0], [0, 3]], { dtype: 'float64', requiresGrad: true });
    expect(() => eigh(B).vectors.sum().backward()).toThrow(/eigenvectors have no gradient here because eigenvalues 0 and 1 are equal/);
  });
});

describe('eigh: hostile input', () => {
  it('a non-tensor is a TypeError', () => {
    expect(() => eigh([[1, 0], [0, 1]] as unknown as Tensor)).toThrow(TypeError);
    expect(() => eigh([[1, 0], [0, 1]] as unknown as Tensor)).toThrow(/eigh: A must be a Tensor/);
  });

  it('a non-square matrix is a ShapeError that quotes the shape', () => {
    expect(() => eigh(tensor([[1, 2, 3], [4, 5, 6]]))).toThrow(ShapeError);
    expect(() => eigh(tensor([[1, 2, 3], [4, 5, 6]]))).toThrow(/eigh: needs a square matrix, got \[2,3\]/);
  });

  it('a vector or a batch is a ShapeError', () => {
    expect(() => eigh(tensor([1, 2]))).toThrow(/eigh: the matrix must be 2-D, got shape \[2\]/);
    expect(() => eigh(tensor([[[1]]]))).toThrow(ShapeError);
  });

  it('an empty matrix is a ShapeError', () => {
    expect(() => eigh(new Tensor(new Float32Array(0), [0, 0], 'float32'))).toThrow(ShapeError);
    expect(() => eigh(new Tensor(new Float32Array(0), [0, 0], 'float32'))).toThrow(/empty \(shape \[0,0\]\)/);
  });

  it('NaN or ±Infinity is a ValueError naming the position', () => {
    expect(() => eigh(tensor([[1, NaN], [NaN, 1]]))).toThrow(ValueError);
    expect(() => eigh(tensor([[1, NaN], [NaN, 1]]))).toThrow(/contains NaN at \[0,1\]/);
    expect(() => eigh(tensor([[1, 0], [0, Infinity]]))).toThrow(/contains Infinity at \[1,1\]/);
  });

  it('a non-symmetric matrix is a ValueError naming the worst pair', () => {
    expect(() => eigh(tensor([[1, 2], [3, 4]]))).toThrow(ValueError);
    expect(() => eigh(tensor([[1, 2], [3, 4]]))).toThrow(/not symmetric: A\[0,1\] = 2 but A\[1,0\] = 3/);
  });

  it('a tiny asymmetry within the tolerance is accepted and averaged away; symmetryTol widens it', () => {
    const a = [
      [2, 1 + 1e-12],
      [1, 2],
    ];
    const { values } = eigh(tensor(a, { dtype: 'float64' }));
    expect(values.data[1]).toBeCloseTo(3, 10);
    expect(() => eigh(tensor([[2, 1.1], [1, 2]], { dtype: 'float64' }))).toThrow(ValueError);
    expect(eigh(tensor([[2, 1.1], [1, 2]], { dtype: 'float64' }), { symmetryTol: 0.1 }).values.data[1]).toBeCloseTo(3.05, 12);
    expect(() => eigh(tensor([[1]]), { symmetryTol: -1 })).toThrow(/symmetryTol must be a number ≥ 0/);
  });
});
