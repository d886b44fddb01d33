/** Chapter 2 of the spec: linear algebra. */
import { ShapeError, graph, linalg, loss, manualSeed, nn, noGrad, randn, tensor, zeros } from 'groundup';
import type { Claim } from './claim.js';
import { pj } from './ref.js';
import { arr, f64 } from './util.js';

/** 200 points stretched along 30° (σ 3) with a little spread across (σ 0.5), from our own generator. */
export function pcaData(): number[][] {
  const a = pj.normals(200, 11);
  const b = pj.normals(200, 12);
  const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
  return a.map((u, i) => [3 * u * c - 0.5 * b[i]! * s + 1, 3 * u * s + 0.5 * b[i]! * c - 2]);
}

/** 300 points in 3-D with spreads 3, 1 and 0.2 along rotated axes, from our own generator. */
function pca3Data(): number[][] {
  const [a, b, c] = [pj.normals(300, 13), pj.normals(300, 14), pj.normals(300, 15)];
  const [ct, st] = [Math.cos(0.7), Math.sin(0.7)];
  return a.map((u, i) => {
    const [x, y, z] = [3 * u, b[i]!, 0.2 * c[i]!];
    return [ct * x - st * y + 1, st * x + ct * y, z + 0.1 * x - 2];
  });
}

/** Sxx, Syy, Sxy of 2-D points, divided by n − 1. */
function scatter(pts: number[][]): [number, number, number] {
  const mx = pj.mean(pts.map((p) => p[0]!));
  const my = pj.mean(pts.map((p) => p[1]!));
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of pts) {
    sxx += (x! - mx) ** 2;
    syy += (y! - my) ** 2;
    sxy += (x! - mx) * (y! - my);
  }
  const d = pts.length - 1;
  return [sxx / d, syy / d, sxy / d];
}

/**
 * An orthogonal design: 8 rows, 4 columns of a Sylvester–Hadamard matrix (entries ±1, XᵀX = 8I),
 * and y = X·b with b = [3, −0.5, 0.2, 1.5]. For ½n·‖y − Xw‖² + penalty the data term's gradient
 * is w − b, so the penalised minimisers have closed forms (see the claim).
 */
const LASSO_B = [3, -0.5, 0.2, 1.5];
function orthogonalDesign(): { X: number[][]; y: number[] } {
  const popcount = (v: number) => v.toString(2).replace(/0/g, '').length;
  const X = Array.from({ length: 8 }, (_, i) => [1, 2, 3, 4].map((j) => (popcount(i & j) % 2 ? -1 : 1)));
  return { X, y: pj.matvec(X, LASSO_B) };
}

/** Penalised least squares by (proximal) gradient descent with the library's autograd. */
function penalisedFit(lambda: number, kind: 'l1' | 'l2'): number[] {
  const { X, y } = orthogonalDesign();
  const Xt = f64(X);
  const yt = f64(y);
  const w = zeros([4], { dtype: 'float64', requiresGrad: true });
  const eta = 0.5;
  for (let step = 0; step < 40; step++) {
    w.grad = null;
    let L = Xt.matmul(w).sub(yt).square().sum().div(2 * 8);
    if (kind === 'l2') L = L.add(w.square().sum().mul(lambda / 2));
    L.backward();
    noGrad(() => {
      let next = w.sub(w.grad!.mul(eta));
      // the L1 penalty's proximal step: soft-thresholding by ηλ, which lands exactly on 0
      if (kind === 'l1') next = next.sub(eta * lambda).relu().sub(next.neg().sub(eta * lambda).relu());
      w.data.set(next.data);
    });
  }
  return arr(w);
}

export const chapter2: Claim[] = [
  {
    id: 'tensor-rank',
    chapter: 2,
    section: 'ch2/tensors',
    statement: 'a scalar is a 0-D tensor, a 5-sample signal 1-D, a batch of 32 signals of 1000 samples 2-D [32, 1000], and 32 ECGs × 12 leads × 1000 samples 3-D [32, 12, 1000]',
    compute() {
      const batch = Array.from({ length: 32 }, (_, i) => Array.from({ length: 1000 }, (_, t) => i + t / 1000));
      const ecgs = Array.from({ length: 32 }, (_, i) => Array.from({ length: 12 }, (_, l) => Array.from({ length: 1000 }, (_, t) => i * 100 + l + t / 1000)));
      const s = tensor(7);
      const v = tensor([3, 1, 4, 1, 5]);
      const m = tensor(batch, { dtype: 'float64' });
      const e = tensor(ecgs, { dtype: 'float64' });
      return [s.ndim, s.size, v.ndim, ...v.shape, m.ndim, ...m.shape, e.ndim, ...e.shape, e.size, e.select(0, 5).select(0, 3).select(0, 999).item()];
    },
    expected: [0, 1, 1, 5, 2, 32, 1000, 3, 32, 12, 1000, 32 * 12 * 1000, 5 * 100 + 3 + 0.999],
    tolerance: 1e-12,
    source: 'the nesting depth and lengths of the plain-JS arrays the tensors were built from; element [5][3][999] of the nested array is 5·100 + 3 + 999/1000',
  },
  {
    id: 'dot-product',
    chapter: 2,
    section: 'ch2/dot-product',
    statement: 'dot([2,3,1], [4,1,5]) = 16',
    compute: () => linalg.dot(tensor([2, 3, 1]), tensor([4, 1, 5])).item(),
    expected: 16,
    source: 'by hand: 2·4 + 3·1 + 1·5 = 8 + 3 + 5',
  },
  {
    id: 'matmul-shape',
    chapter: 2,
    section: 'ch2/matmul',
    statement: '(32×1000) @ (1000×256) is 32×256, and each entry is a row-by-column dot product',
    compute() {
      manualSeed(2);
      const X = randn([32, 1000]);
      const W = randn([1000, 256]);
      const Y = X.matmul(W);
      return [...Y.shape, Y.data[0]!, Y.data[31 * 256 + 255]!];
    },
    expected() {
      manualSeed(2);
      const X = randn([32, 1000]).data;
      const W = randn([1000, 256]).data;
      let a = 0;
      let b = 0;
      for (let k = 0; k < 1000; k++) {
        a += X[k]! * W[k * 256]!;
        b += X[31 * 1000 + k]! * W[k * 256 + 255]!;
      }
      return [32, 256, a, b];
    },
    tolerance: 1e-3,
    source: 'shape rule (rows of the left, columns of the right); entries [0,0] and [31,255] by a plain-JS loop over the same inputs (float32 rounding: tolerance 1e-3)',
  },
  {
    id: 'matmul-dominates-flops',
    chapter: 2,
    section: 'ch2/matmul',
    statement: "matrix multiplication is where a network's work goes: in a 784 → 256 → 10 MLP's forward pass and loss on 64 images, the two layer products make up over 99% of the arithmetic",
    compute() {
      manualSeed(5);
      const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
      const L = loss.crossEntropy(model.forward(randn([64, 784])), tensor(Array.from({ length: 64 }, (_, i) => i % 10), { dtype: 'int32' }));
      const nodes = graph(L);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
      let products = 0;
      let count = 0;
      let other = 0;
      for (const n of nodes) {
        if (n.op === 'leaf') continue;
        if (/matmul|linear/.test(n.op)) {
          const inner = byId.get(n.inputs[0]!)!.shape.at(-1)!;
          products += 2 * size(n.shape) * inner; //   a multiply and an add per term of each dot product
          other += 2 * size(n.shape); //               bias and activation: generously 2 per output
          count++;
        } else other += 5 * n.inputs.reduce((s, id) => s + size(byId.get(id)!.shape), 0); // generously 5 per input element
      }
      return [count, products, products / (products + other)];
    },
    expected: [2, 2 * 64 * (784 * 256 + 256 * 10), 0.99],
    compare: ['close', 'close', 'atLeast'],
    tolerance: 0,
    source: "by hand: 2·64·(784·256 + 256·10) = 26,017,792 FLOPs in the products, against about 2·64·266 + 5·640 ≈ 37,000 for bias, ReLU and the softmax loss; the op list is read from the library's graph of the loss",
  },
  {
    id: 'matmul-shape-error',
    chapter: 2,
    section: 'ch2/matmul',
    statement: 'multiplying (32×1000) by (256×1000) fails with a ShapeError that names both shapes',
    compute() {
      try {
        zeros([32, 1000]).matmul(zeros([256, 1000]));
        return 'no error';
      } catch (e) {
        const m = e instanceof Error ? e.message : '';
        const named = ['[32,1000]', '[256,1000]'].filter((s) => m.includes(s));
        return `${e instanceof ShapeError ? 'ShapeError' : 'other error'} naming ${named.join(' and ')}`;
      }
    },
    expected: 'ShapeError naming [32,1000] and [256,1000]',
    source: 'the shape rule: inner dimensions 1000 and 256 differ',
  },
  {
    id: 'transpose',
    chapter: 2,
    section: 'ch2/transpose',
    statement: 'the transpose of a 3×5 matrix is 5×3, with Aᵀ[j][i] = A[i][j]',
    compute() {
      const T = f64(pj.rows(Array.from({ length: 15 }, (_, i) => i), 3, 5)).T;
      return [...T.shape, ...arr(T.clone())];
    },
    expected: () => [5, 3, ...pj.transpose(pj.rows(Array.from({ length: 15 }, (_, i) => i), 3, 5)).flat()],
    source: 'plain-JS transpose of [[0..4],[5..9],[10..14]]',
  },
  {
    id: 'norms',
    chapter: 2,
    section: 'ch2/norms',
    statement: '‖[3,4]‖₂ = 5, ‖[3,−4]‖₁ = 7, and the Frobenius norm of [[1,2],[3,4]] is √30',
    compute: () => [linalg.norm(f64([3, 4]), 2).item(), linalg.norm(f64([3, -4]), 1).item(), linalg.norm(f64([[1, 2], [3, 4]]), 'fro').item()],
    expected: [5, 7, Math.sqrt(30)],
    source: 'by hand: √(9+16); 3+4; √(1+4+9+16)',
  },
  {
    id: 'l2-length-and-unit-vectors',
    chapter: 2,
    section: 'ch2/norms',
    statement: 'the L2 norm is straight-line distance: from (1, 2) to (4, 6) is 5; dividing a vector by its norm gives a unit vector pointing the same way',
    compute() {
      const v = f64([3, -1, 2, 0.5]);
      const u = v.div(linalg.norm(v, 2));
      return [linalg.norm(f64([4, 6]).sub(f64([1, 2])), 2).item(), linalg.norm(u, 2).item(), linalg.dot(u, v).item() / linalg.norm(v, 2).item()];
    },
    expected: [5, 1, 1],
    tolerance: 1e-12,
    source: 'by hand: Pythagoras, √(3² + 4²) = 5; ‖v/‖v‖‖ = ‖v‖/‖v‖ = 1, and the cosine between v and v/‖v‖ is 1',
  },
  {
    id: 'l1-zeros-l2-shrinks',
    chapter: 2,
    section: 'ch2/norms',
    statement:
      'an L1 penalty sets weak weights exactly to zero, more of them as λ grows (a Lasso path: 0, 1, 2, 3, 4 zeros at λ = 0.1, 0.4, 1, 2, 4), while an L2 penalty, even at λ = 4, zeroes none',
    compute() {
      const zerosAt = (lambda: number, kind: 'l1' | 'l2') => penalisedFit(lambda, kind).filter((v) => v === 0).length;
      return [...[0.1, 0.4, 1, 2, 4].map((l) => zerosAt(l, 'l1')), zerosAt(4, 'l2'), ...penalisedFit(1, 'l1'), ...penalisedFit(1, 'l2')];
    },
    expected() {
      // with XᵀX = nI the Lasso solution is soft-thresholding of b, the ridge solution b/(1 + λ)
      const soft = (b: number, l: number) => Math.sign(b) * Math.max(Math.abs(b) - l, 0);
      const count = (l: number) => LASSO_B.filter((b) => soft(b, l) === 0).length;
      return [...[0.1, 0.4, 1, 2, 4].map(count), 0, ...LASSO_B.map((b) => soft(b, 1)), ...LASSO_B.map((b) => b / 2)];
    },
    tolerance: 1e-9,
    source:
      'closed forms for an orthogonal design (XᵀX = nI, plain JS): Lasso w_j = sign(b_j)·max(|b_j| − λ, 0), ridge w_j = b_j/(1 + λ), with b = [3, −0.5, 0.2, 1.5]; the library fits by gradient descent (with a soft-threshold step for L1)',
  },
  {
    id: 'eigenvectors',
    chapter: 2,
    section: 'ch2/eigen',
    statement: '[[2,1],[1,2]] has eigenvalues 1 and 3, and each eigenvector is only stretched: Av = λv',
    compute() {
      const A = f64([[2, 1], [1, 2]]);
      const { values, vectors } = linalg.eigh(A);
      const AV = A.matmul(vectors);
      const VL = vectors.mul(values); // column j scaled by λ_j
      return [...arr(values), pj.maxAbsDiff(AV.data, VL.data)];
    },
    expected: [1, 3, 0],
    source: 'by hand: det(A − λI) = (2−λ)² − 1 = 0 ⇒ λ = 1, 3; residual ‖Av − λv‖ = 0',
  },
  {
    id: 'pca-axis',
    chapter: 2,
    section: 'ch2/pca',
    mapRow: 'PCA',
    statement: "PCA's first component points along the direction of maximum variance",
    compute() {
      const c = arr(linalg.pca(f64(pcaData()), 1).components);
      const deg = (Math.atan2(c[1]!, c[0]!) * 180) / Math.PI;
      return ((deg % 180) + 180) % 180; // a direction, not an arrow
    },
    expected() {
      const [sxx, syy, sxy] = scatter(pcaData());
      const deg = (0.5 * Math.atan2(2 * sxy, sxx - syy) * 180) / Math.PI; // maximiser of the variance along (cos θ, sin θ)
      return ((deg % 180) + 180) % 180;
    },
    tolerance: 1e-6,
    source: 'calculus in plain JS: the variance along (cos θ, sin θ) is Sxx cos²θ + 2Sxy sinθ cosθ + Syy sin²θ, maximal at θ = ½·atan2(2Sxy, Sxx − Syy)',
  },
  {
    id: 'pca-eigenvalues-are-variance',
    chapter: 2,
    section: 'ch2/pca',
    statement: "PCA's eigenvalues are the variances along its axes: together they add up to the data's total variance, and the top one is the largest variance of any direction",
    compute() {
      const p = linalg.pca(f64(pcaData()), 2);
      return [...arr(p.explainedVariance), pj.sum(arr(p.explainedVarianceRatio))];
    },
    expected() {
      const [a, c, b] = scatter(pcaData());
      const r = Math.sqrt(((a - c) / 2) ** 2 + b ** 2);
      return [(a + c) / 2 + r, (a + c) / 2 - r, 1];
    },
    tolerance: 1e-9,
    source: 'closed-form eigenvalues of the 2×2 covariance [[Sxx, Sxy], [Sxy, Syy]] (plain JS): (Sxx + Syy)/2 ± √(((Sxx − Syy)/2)² + Sxy²); their sum is the trace, the total variance',
  },
  {
    id: 'pca-keep-the-top',
    chapter: 2,
    section: 'ch2/pca',
    statement: 'keeping only the top k principal axes loses exactly the variance of the axes dropped: the reconstruction error plus the kept eigenvalues is the total variance, for k = 1, 2, and nothing is lost at k = 3',
    compute() {
      const X = f64(pca3Data());
      const n = X.shape[0]!;
      const errorWith = (k: number) => {
        const p = linalg.pca(X, k);
        const back = p.inverseTransform(p.transform(X));
        return { err: back.sub(X).square().sum().item() / (n - 1), kept: pj.sum(arr(p.explainedVariance)) };
      };
      const [one, two, three] = [errorWith(1), errorWith(2), errorWith(3)];
      return [one.err + one.kept, two.err + two.kept, three.err];
    },
    expected() {
      // total variance = trace of the covariance, in plain JS
      const pts = pca3Data();
      const total = [0, 1, 2].reduce((s, d) => s + (pj.variance(pts.map((p) => p[d]!)) * pts.length) / (pts.length - 1), 0);
      return [total, total, 0];
    },
    tolerance: 1e-9,
    source: 'an invariant: the squared distance to the subspace of the top k axes is the variance along the other axes (Pythagoras in the eigenbasis); the total, the trace of the covariance with n − 1, in plain JS',
  },
];
