/**
 * Plain-JavaScript references for the claims' expected values. Nothing here imports the library:
 * these few lines are the "second algorithm" a claim compares the library with.
 */

export const pj = {
  dot: (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0),
  sum: (a: readonly number[]) => a.reduce((s, v) => s + v, 0),
  mean: (x: readonly number[]) => x.reduce((a, b) => a + b, 0) / x.length,
  /** Biased (1/n) variance. */
  variance(x: readonly number[]): number {
    const m = pj.mean(x);
    return x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length;
  },
  softmax(z: readonly number[]): number[] {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  },
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
  /** Rows of a row-major [r, c] array. */
  rows(d: ArrayLike<number>, r: number, c: number): number[][] {
    return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => Number(d[i * c + j]!)));
  },
  matmul(a: number[][], b: number[][]): number[][] {
    return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
  },
  /** Matrix [r, c] times vector [c]. */
  matvec: (a: number[][], v: readonly number[]) => a.map((row) => pj.dot(row, v)),
  transpose: (a: number[][]) => a[0]!.map((_, j) => a.map((row) => row[j]!)),
  /** Σ p log(q) with 0 log 0 = 0. */
  plogq: (p: readonly number[], q: readonly number[] = p) => p.reduce((s, v, i) => (v > 0 ? s + v * Math.log(q[i]!) : s), 0),
  /** KL(p‖q) by its definition Σ p log(p/q). */
  kl: (p: readonly number[], q: readonly number[]) => p.reduce((s, v, i) => (v > 0 ? s + v * Math.log(v / q[i]!) : s), 0),
  maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(Number(a[i]!) - Number(b[i]!)));
    return m;
  },
  /** Solves A x = b by Gaussian elimination with partial pivoting (small systems). */
  solve(A: number[][], b: readonly number[]): number[] {
    const n = b.length;
    const M = A.map((row, i) => [...row, b[i]!]);
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
      [M[c], M[p]] = [M[p]!, M[c]!];
      for (let r = c + 1; r < n; r++) {
        const f = M[r]![c]! / M[c]![c]!;
        for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
      }
    }
    const x = new Array<number>(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let s = M[r]![n]!;
      for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
      x[r] = s / M[r]![r]!;
    }
    return x;
  },
  /** A seeded uniform in (0, 1) from a tiny LCG, independent of the library's PRNG. */
  uniforms(seed: number): () => number {
    let s = seed >>> 0 || 1;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  },
  /** Seeded normal samples: Box–Muller on the LCG above. */
  normals(n: number, seed: number): number[] {
    const u = pj.uniforms(seed);
    return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
  },
  /** Entropy of a binary split's labels, in bits. */
  bits(labels: readonly number[]): number {
    const n = labels.length;
    const counts = new Map<number, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    let h = 0;
    for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
    return h;
  },
};
