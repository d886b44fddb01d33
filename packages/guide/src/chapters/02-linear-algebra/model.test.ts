import { describe, expect, it } from 'vitest';
import * as M from './model.js';

const close = (a: number[], b: number[], d = 5) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, d));
};

describe('tensors: slicing and reshaping the ECG batch', () => {
  const x = M.ecgIndexBatch();
  const base = { i: 3, j: 5, a: 100, b: 350 };
  it('the batch is [32, 12, 1000] and each value names its position', () => {
    expect(x.shape).toEqual([32, 12, 1000]);
  });
  it('slices drop or shorten axes; values follow 12000·i + 1000·j + t', () => {
    const rec = M.tensorOp(x, { ...base, op: 'record' });
    expect(rec.shape).toEqual([12, 1000]);
    expect(rec.first).toEqual([36000, 36001, 36002, 36003, 36004, 36005]);
    const lead = M.tensorOp(x, { ...base, op: 'lead' });
    expect(lead.shape).toEqual([32, 1000]);
    expect(lead.first[0]).toBe(5000);
    expect(M.tensorOp(x, { ...base, op: 'record-lead' }).shape).toEqual([1000]);
    const s = M.tensorOp(x, { ...base, op: 'sample' });
    expect(s.shape).toEqual([]);
    expect(s.first).toEqual([3 * 12000 + 5 * 1000 + 100]);
    const w = M.tensorOp(x, { ...base, op: 'window' });
    expect(w.shape).toEqual([32, 12, 250]);
    expect(w.first.slice(0, 2)).toEqual([100, 101]);
  });
  it('reshapes keep the 384,000 numbers; a wrong count is a ShapeError', () => {
    expect(M.tensorOp(x, { ...base, op: 'flat-leads' }).shape).toEqual([32, 12000]);
    expect(M.tensorOp(x, { ...base, op: 'all-leads' }).shape).toEqual([384, 1000]);
    expect(M.tensorOp(x, { ...base, op: 'split-time' }).shape).toEqual([32, 12, 4, 250]);
    const bad = M.tensorOp(x, { ...base, op: 'bad-reshape' });
    expect(bad.shape).toBeNull();
    expect(bad.error).toMatch(/^ShapeError: reshape/);
  });
});

describe('dot product', () => {
  it('the worked example [2,3,1]·[4,1,5] = 16', () => {
    const r = M.dotProduct([2, 3, 1], [4, 1, 5]);
    expect(r.products).toEqual([8, 3, 5]);
    expect(r.dot).toBe(16);
    expect(r.normA).toBeCloseTo(Math.sqrt(14), 10);
    expect(r.normB).toBeCloseTo(Math.sqrt(42), 10);
    expect(r.cos).toBeCloseTo(16 / Math.sqrt(14 * 42), 10);
    expect(r.projection).toBeCloseTo(16 / Math.sqrt(42), 10);
  });
  it('perpendicular vectors give 0 and a right angle; opposite ones 180°', () => {
    expect(M.dotProduct([1, 0, 0], [0, 2, 0]).angle).toBeCloseTo(90, 8);
    expect(M.dotProduct([1, 2, 3], [-2, -4, -6]).angle).toBeCloseTo(180, 4);
  });
  it('the shadow of a on b lies along b, and what is left of a is perpendicular to b', () => {
    const a = [2, -1, 3];
    const b = [1, 2, 2];
    const s = M.dotProduct(a, b).shadow;
    // a·b = 2 − 2 + 6 = 6, b·b = 9: shadow = (6/9) b
    s.forEach((v, i) => expect(v).toBeCloseTo((6 / 9) * b[i]!, 10));
    expect(a.reduce((acc, v, i) => acc + (v - s[i]!) * b[i]!, 0)).toBeCloseTo(0, 10);
    expect(M.dotProduct(a, [0, 0, 0]).shadow).toEqual([0, 0, 0]);
  });
});

describe('matrix multiplication', () => {
  const X = [
    [1, 2, 0],
    [-1, 3, 2],
  ];
  const W = [
    [2, -1],
    [0, 1],
    [3, 3],
  ];
  it('[2,3] @ [3,2] → [2,2] with the hand-computed entries', () => {
    const r = M.matmul(X, W);
    expect(r.shape).toEqual([2, 2]);
    expect(r.out).toEqual([
      [2, 1],
      [4, 10],
    ]);
  });
  it('the sweep for entry (1, 1) adds −1·−1, 3·1, 2·3 one at a time', () => {
    const s = M.sweep(X, W, 1, 1);
    expect(s.terms).toEqual([1, 3, 6]);
    expect(s.running).toEqual([1, 4, 10]);
  });
  it('a mismatch returns the library’s ShapeError', () => {
    const r = M.matmul(X, [[1, 2]]);
    expect(r.out).toBeNull();
    expect(r.error).toMatch(/^ShapeError: matmul: cannot multiply \[2,3\] by \[1,2\]: inner dimensions 3 ≠ 1/);
  });
  it('seeded small matrices are whole numbers in −3…3', () => {
    const m = M.smallMatrix(3, 4, 2);
    expect(m.length).toBe(3);
    for (const r of m) for (const v of r) expect(Number.isInteger(v) && v >= -3 && v <= 3).toBe(true);
    expect(M.smallMatrix(3, 4, 2)).toEqual(m);
  });
});

describe('transpose', () => {
  it('[3,5] → [5,3], Tᵢⱼ = Aⱼᵢ, and A Aᵀ is [3,3] of row dot products', () => {
    const A = [
      [1, 2, 3, 4, 5],
      [0, 1, 0, 1, 0],
      [2, 0, 0, 0, 1],
    ];
    const r = M.transposeOf(A);
    expect(r.shape).toEqual([5, 3]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) expect(r.T[j]![i]).toBe(A[i]![j]);
    expect(r.gramShape).toEqual([3, 3]);
    expect(r.gram[0]).toEqual([55, 6, 7]);
    expect(r.gram[1]![1]).toBe(2);
  });
});

describe('norms', () => {
  it('(3, −4): L1 7, L2 5, L∞ 4, unit vector (0.6, −0.8)', () => {
    const n = M.norms([3, -4]);
    expect(n.l1).toBe(7);
    expect(n.l2).toBe(5);
    expect(n.linf).toBe(4);
    close(n.unit!, [0.6, -0.8], 10);
    expect(M.norms([0, 0]).unit).toBeNull();
  });
  it('Frobenius of [[1,2],[3,4]] is √30 and the decay term λ/2·30', () => {
    const f = M.frobenius(
      [
        [1, 2],
        [3, 4],
      ],
      0.1,
    );
    expect(f.fro).toBeCloseTo(Math.sqrt(30), 10);
    expect(f.penalty).toBeCloseTo(1.5, 10);
  });
  it('the unit balls: every point has |x|+|y| = 1, resp. x²+y² = 1', () => {
    const b = M.unitBalls(37);
    b.l1[0].forEach((x, k) => expect(Math.abs(x) + Math.abs(b.l1[1][k]!)).toBeCloseTo(1, 10));
    b.l2[0].forEach((x, k) => expect(x * x + b.l2[1][k]! ** 2).toBeCloseTo(1, 10));
  });
});

describe('eigenvalues and power iteration', () => {
  it('[[2,1],[1,2]]: values 1 and 3, vectors along (1,−1) and (1,1); A v = λ v', () => {
    const e = M.eigen2(2, 1, 2);
    close(e.values, [1, 3], 8);
    const [v1, v3] = e.vectors;
    expect(Math.abs(v3[0])).toBeCloseTo(Math.SQRT1_2, 8);
    expect(v3[0] * v3[1]).toBeCloseTo(0.5, 8);
    expect(v1[0] * v1[1]).toBeCloseTo(-0.5, 8);
    // A v = λ v by hand
    for (const [k, v] of e.vectors.entries()) {
      close([2 * v[0] + v[1], v[0] + 2 * v[1]], [e.values[k]! * v[0], e.values[k]! * v[1]], 8);
    }
  });
  it('the ellipse is A applied to the unit circle', () => {
    const e = M.eigen2(3, 0.5, 1);
    const k = 17;
    const [cx, cy] = [e.circle[0][k]!, e.circle[1][k]!];
    expect(e.ellipse[0][k]).toBeCloseTo(3 * cx + 0.5 * cy, 8);
    expect(e.ellipse[1][k]).toBeCloseTo(0.5 * cx + 1 * cy, 8);
  });
  it('power iterates follow v ← Av/‖Av‖ and approach the top eigenvector', () => {
    const s = M.powerSteps(2, 1, 2, 8);
    for (let k = 1; k < s.length; k++) {
      const [x, y] = s[k - 1]!.vector;
      const w = [2 * x + y, x + 2 * y];
      const n = Math.hypot(w[0]!, w[1]!);
      const sign = Math.sign(s[k]!.vector[0] * w[0]! + s[k]!.vector[1] * w[1]!);
      close(s[k]!.vector, [(sign * w[0]!) / n, (sign * w[1]!) / n], 8);
    }
    expect(s[7]!.value).toBeCloseTo(3, 4);
    expect(Math.abs(s[7]!.vector[0])).toBeCloseTo(Math.SQRT1_2, 3); // error shrinks like (1/3)^k
  });
});

describe('PCA', () => {
  it('recovers the learner’s rotation and spread ratio', () => {
    const X = M.cloud(2000, 2, 0.5, 30, 1);
    const v = M.pcaView(X);
    const ang = (Math.atan2(v.components[0][1], v.components[0][0]) * 180) / Math.PI;
    const mod = ((ang % 180) + 180) % 180;
    expect(mod).toBeGreaterThan(27);
    expect(mod).toBeLessThan(33);
    expect(v.ratio[0] + v.ratio[1]).toBeCloseTo(1, 8);
    expect(v.ratio[0]).toBeGreaterThan(0.9); // 4 / (4 + 0.25) ≈ 0.94
  });
  it('the variances are those of the data: total variance = sum of column variances (by hand)', () => {
    const X = M.cloud(300, 1.5, 1, -50, 4);
    const v = M.pcaView(X);
    const [xs, ys] = v.points;
    const n = xs.length;
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / n;
    const vr = (a: number[]) => a.reduce((s, x) => s + (x - mean(a)) ** 2, 0) / (n - 1);
    expect(v.variance[0] + v.variance[1]).toBeCloseTo(vr(xs) + vr(ys), 6);
    // z is the coordinate along PC1: (x − μ)·c
    expect(v.z[5]).toBeCloseTo((xs[5]! - v.mean[0]) * v.components[0][0] + (ys[5]! - v.mean[1]) * v.components[0][1], 6);
    // the projected point lies on the axis line through the mean
    const [px, py] = [v.projected[0][5]! - v.mean[0], v.projected[1][5]! - v.mean[1]];
    expect(px * v.components[0][1] - py * v.components[0][0]).toBeCloseTo(0, 6);
  });
});

describe('convolution', () => {
  it('is a sliding dot product (plain loops agree)', () => {
    const s = [0, 1, 2, 3, 2, 1, 0, 5];
    const w = [-1, 0, 1];
    const out = M.convolve(s, w);
    expect(out).toEqual([2, 2, 0, -2, -2, 4]);
    expect(M.windowDot(s, w, 3)).toEqual({ window: [3, 2, 1], dot: -2 });
  });
  it('the ECG snippet is 250 samples and its conv output has 250 − K + 1', () => {
    const e = M.ecgSnippet();
    expect(e.length).toBe(250);
    expect(M.convolve(e, M.KERNELS.spike!.w).length).toBe(246);
  });
});

describe('attention', () => {
  it('weights are softmax of q·k/√d per row; output is weights @ V', () => {
    const ex = M.attentionExample(1, 3);
    const a = M.attention(ex.Q, ex.K, ex.V, 1, false);
    for (let i = 0; i < 4; i++) {
      const s = ex.K.map((k) => (k[0]! * ex.Q[i]![0]! + k[1]! * ex.Q[i]![1]! + k[2]! * ex.Q[i]![2]!) / Math.sqrt(3));
      const e = s.map(Math.exp);
      const z = e.reduce((x, y) => x + y, 0);
      close(a.scores[i]!, s, 4);
      close(a.weights[i]!, e.map((v) => v / z), 5);
      close(a.output[i]!, [0, 1].map((c) => a.weights[i]!.reduce((acc, w, j) => acc + w * ex.V[j]![c]!, 0)), 5);
    }
  });
  it('causal: row t gives zero weight to later positions', () => {
    const ex = M.attentionExample(2, 2);
    const a = M.attention(ex.Q, ex.K, ex.V, 1, true);
    expect(a.weights[0]).toEqual([1, 0, 0, 0]);
    expect(a.weights[2]![3]).toBe(0);
  });
});

describe('positional encoding and dice and augmentation', () => {
  it('PE[pos][2i] = sin(pos / 10000^(2i/d)), PE[pos][2i+1] = cos(…); PE[p]·PE[p+k] depends on k only', () => {
    const pe = M.positionalTable(50, 8);
    expect(pe[7]![2]).toBeCloseTo(Math.sin(7 / 10000 ** (2 / 8)), 6);
    expect(pe[7]![3]).toBeCloseTo(Math.cos(7 / 10000 ** (2 / 8)), 6);
    expect(M.peSimilarity(pe, 3, 5)).toBeCloseTo(M.peSimilarity(pe, 20, 5), 5);
    expect(M.peSimilarity(pe, 4, 0)).toBeCloseTo(4, 5); // d/2 pairs of sin² + cos²
  });
  it('dice of two masks: 2·overlap / (sizes)', () => {
    const r = M.diceOf(M.mask(5, 15), M.mask(10, 20));
    expect(r.inter).toBe(5);
    expect(r.score).toBeCloseTo((2 * 5) / 20, 6);
    expect(r.lossEps1).toBeCloseTo(1 - 11 / 21, 6);
    expect(M.diceOf(M.mask(0, 0), M.mask(0, 0)).lossEps1).toBe(0);
  });
  it('augmentation: scale only multiplies, noise 0 and shift 0 change nothing else', () => {
    const s = M.ecgSnippet();
    const a = M.augmentEcg(s, { noise: 0, scale: 1.5, shift: 0, seed: 1 });
    a.forEach((v, k) => expect(v).toBeCloseTo(1.5 * s[k]!, 5));
    const sh = M.augmentEcg(s, { noise: 0, scale: 1, shift: 20, seed: 1 });
    // a circular shift: same values, rotated
    const off = [...Array(41).keys()].map((k) => k - 20).find((d) => sh.every((v, k) => Math.abs(v - s[(((k - d) % 250) + 250) % 250]!) < 1e-6));
    expect(off).toBeDefined();
  });
  it('affine2d with no change returns the digit; a 90° turn moves the corner pixel', () => {
    const img = M.digitImage();
    expect(img.length).toBe(64);
    close(M.affineImage(img, 0, 1, 0, 0), img, 5);
    const r = M.affineImage(img, 90, 1, 0, 0);
    // counter-clockwise quarter turn: output (row y, col x) reads input (row x', col 7−y)… check one pixel by the rule
    expect(r[0 * 8 + 0]).toBeCloseTo(img[0 * 8 + 7]!, 5);
  });
});
