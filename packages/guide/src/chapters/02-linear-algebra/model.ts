/**
 * Chapter 2's computations, with no DOM: every widget calls these, and model.test.ts checks them
 * against hand-worked numbers and plain loops. All arithmetic is the groundup library's.
 */
import { arange, data, Generator, linalg, loss, nn, randint, randn, tensor, type Tensor } from 'groundup';

const err = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

// ---------------------------------------------------------------- tensors
/** The ECG batch of the running example, with entry [i, j, t] = 12000·i + 1000·j + t (so a value says where it came from). */
export const ECG_SHAPE = [32, 12, 1000] as const;
let batch: Tensor | null = null;
export function ecgIndexBatch(): Tensor {
  batch ??= arange(0, 32 * 12 * 1000, 1, { dtype: 'int32' }).reshape(32, 12, 1000);
  return batch;
}

export type TensorOp = 'record' | 'lead' | 'record-lead' | 'window' | 'sample' | 'flat-leads' | 'all-leads' | 'split-time' | 'bad-reshape';

export interface TensorOpArgs {
  op: TensorOp;
  /** record 0…31 */
  i: number;
  /** lead 0…11 */
  j: number;
  /** window start, stop (samples) */
  a: number;
  b: number;
}

export interface TensorOpResult {
  code: string;
  shape: number[] | null;
  /** the first few values of the result (flattened), or the error message */
  first: number[];
  error: string | null;
  /** what each axis of the result means */
  axes: string[];
}

export function tensorOp(x: Tensor, o: TensorOpArgs): TensorOpResult {
  const { i, j, a, b } = o;
  const spec: Record<TensorOp, [string, () => Tensor, string[]]> = {
    record: [`x.slice(${i})`, () => x.slice(i), ['leads', 'samples']],
    lead: [`x.slice(null, ${j})`, () => x.slice(null, j), ['ECGs', 'samples']],
    'record-lead': [`x.slice(${i}, ${j})`, () => x.slice(i, j), ['samples']],
    sample: [`x.slice(${i}, ${j}, ${a})`, () => x.slice(i, j, a), []],
    window: [`x.slice(null, null, '${a}:${b}')`, () => x.slice(null, null, `${a}:${b}`), ['ECGs', 'leads', 'samples']],
    'flat-leads': [`x.reshape(32, 12000)`, () => x.reshape(32, 12000), ['ECGs', 'leads × samples']],
    'all-leads': [`x.reshape(384, 1000)`, () => x.reshape(384, 1000), ['ECG-lead pairs', 'samples']],
    'split-time': [`x.reshape(32, 12, 4, 250)`, () => x.reshape(32, 12, 4, 250), ['ECGs', 'leads', 'seconds', 'samples']],
    'bad-reshape': [`x.reshape(32, 12, 999)`, () => x.reshape(32, 12, 999), []],
  };
  const [code, run, axes] = spec[o.op];
  try {
    const y = run();
    const n = Math.min(6, y.size);
    return { code, shape: [...y.shape], first: Array.from(y.data.subarray(0, n), Number), error: null, axes };
  } catch (e) {
    return { code, shape: null, first: [], error: err(e), axes: [] };
  }
}

// ---------------------------------------------------------------- dot product
export interface DotResult {
  products: number[];
  dot: number;
  normA: number;
  normB: number;
  cos: number;
  /** degrees */
  angle: number;
  /** the signed length of a's shadow on b: a·b / ‖b‖ */
  projection: number;
  /** the shadow itself, a vector along b: (a·b / b·b) b (zeros when b = 0) */
  shadow: number[];
}

export function dotProduct(a: number[], b: number[]): DotResult {
  const A = tensor(a, { dtype: 'float64' });
  const B = tensor(b, { dtype: 'float64' });
  const products = Array.from(A.mul(B).data);
  const dot = linalg.dot(A, B).item();
  const normA = linalg.norm(A).item();
  const normB = linalg.norm(B).item();
  const cos = normA > 0 && normB > 0 ? Math.max(-1, Math.min(1, dot / (normA * normB))) : NaN;
  const shadow = normB > 0 ? Array.from(B.mul(dot / linalg.dot(B, B).item()).data) : b.map(() => 0);
  return { products, dot, normA, normB, cos, angle: (Math.acos(cos) * 180) / Math.PI, projection: normB > 0 ? dot / normB : NaN, shadow };
}

// ---------------------------------------------------------------- matrix multiplication
/** Small whole numbers −3 … 3, so each product can be checked in one's head. */
export function smallMatrix(rows: number, cols: number, seed: number): number[][] {
  return randint(-3, 4, [rows, cols], { generator: new Generator(seed) }).toArray() as number[][];
}

export interface MatmulResult {
  /** X @ W, or null when the shapes do not fit */
  out: number[][] | null;
  shape: number[] | null;
  error: string | null;
}

export function matmul(X: number[][], W: number[][]): MatmulResult {
  try {
    const Y = tensor(X).matmul(tensor(W));
    return { out: Y.toArray() as number[][], shape: [...Y.shape], error: null };
  } catch (e) {
    return { out: null, shape: null, error: err(e) };
  }
}

/** The sweep for output entry (i, j): the products x_ik·w_kj and the running sums after each k (each a dot product of prefixes). */
export function sweep(X: number[][], W: number[][], i: number, j: number): { terms: number[]; running: number[] } {
  const row = tensor(X).slice(i);
  const col = tensor(W).slice(null, j);
  const terms = Array.from(row.mul(col).data);
  const running = terms.map((_, k) => linalg.dot(row.slice(`0:${k + 1}`), col.slice(`0:${k + 1}`)).item());
  return { terms, running };
}

// ---------------------------------------------------------------- transpose
export function transposeOf(A: number[][]): { T: number[][]; shape: number[]; gram: number[][]; gramShape: number[] } {
  const t = tensor(A);
  const T = t.T;
  const G = t.matmul(T);
  return { T: T.toArray() as number[][], shape: [...T.shape], gram: G.toArray() as number[][], gramShape: [...G.shape] };
}

// ---------------------------------------------------------------- norms
export interface Norms {
  l1: number;
  l2: number;
  linf: number;
  /** v / ‖v‖₂ (null for the zero vector) */
  unit: number[] | null;
}

export function norms(v: number[]): Norms {
  const t = tensor(v, { dtype: 'float64' });
  const l2 = linalg.norm(t, 2).item();
  return { l1: linalg.norm(t, 1).item(), l2, linf: linalg.norm(t, Infinity).item(), unit: l2 > 0 ? Array.from(t.div(l2).data) : null };
}

/** ‖W‖_F and the weight-decay penalty (λ/2)‖W‖²_F. */
export function frobenius(W: number[][], lambda: number): { fro: number; penalty: number } {
  const fro = linalg.norm(tensor(W, { dtype: 'float64' }), 'fro').item();
  return { fro, penalty: (lambda / 2) * fro * fro };
}

/** Points on the unit "circle" of the L1 norm (a diamond) and of the L2 norm, as closed polylines. */
export function unitBalls(n = 181): { l1: [number[], number[]]; l2: [number[], number[]] } {
  const th = Array.from(linspaceArr(0, 2 * Math.PI, n));
  const l2: [number[], number[]] = [th.map(Math.cos), th.map(Math.sin)];
  // scale each direction by 1/‖u‖₁ so that it lands on ‖x‖₁ = 1; the norms come from the library
  const U = tensor([l2[0], l2[1]], { dtype: 'float64' }).T; //    [n, 2]
  const n1 = Array.from(linalg.norm(U, 1, 1).data);
  const l1: [number[], number[]] = [l2[0].map((x, k) => x / n1[k]!), l2[1].map((y, k) => y / n1[k]!)];
  return { l1, l2 };
}

function linspaceArr(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));
}

// ---------------------------------------------------------------- eigenvalues
export interface Eigen {
  /** ascending */
  values: [number, number];
  /** unit eigenvectors, as [x, y] pairs, in the order of values */
  vectors: [[number, number], [number, number]];
  /** A applied to the unit circle */
  ellipse: [number[], number[]];
  circle: [number[], number[]];
}

export function eigen2(a: number, b: number, c: number): Eigen {
  const A = tensor([[a, b], [b, c]], { dtype: 'float64' });
  const { values, vectors } = linalg.eigh(A);
  const V = vectors.toArray() as number[][];
  const th = linspaceArr(0, 2 * Math.PI, 121);
  const P = tensor([th.map(Math.cos), th.map(Math.sin)], { dtype: 'float64' }); // [2, n]
  const E = A.matmul(P).toArray() as number[][];
  const vals = Array.from(values.data) as [number, number];
  return {
    values: vals,
    vectors: [
      [V[0]![0]!, V[1]![0]!],
      [V[0]![1]!, V[1]![1]!],
    ],
    ellipse: [E[0]!, E[1]!],
    circle: [th.map(Math.cos), th.map(Math.sin)],
  };
}

/** The iterates v₀ … v_{steps−1} of power iteration, read from linalg.powerIteration run for 1 … steps products. */
export function powerSteps(a: number, b: number, c: number, steps: number, seed = 0): { vector: [number, number]; value: number; residual: number }[] {
  const A = tensor([[a, b], [b, c]], { dtype: 'float64' });
  const out = [];
  for (let k = 1; k <= steps; k++) {
    const r = linalg.powerIteration(A, { iters: k, tol: 0, seed });
    out.push({ vector: Array.from(r.vector.data) as [number, number], value: r.value, residual: r.residual });
  }
  return out;
}

// ---------------------------------------------------------------- PCA
/** n points: independent normal coordinates with spreads s1, s2, turned by `angle` degrees. */
export function cloud(n: number, s1: number, s2: number, angle: number, seed: number): Tensor {
  const Z = randn([n, 2], { generator: new Generator(seed), dtype: 'float64' }).mul(tensor([s1, s2], { dtype: 'float64' }));
  const r = (angle * Math.PI) / 180;
  const R = tensor([[Math.cos(r), Math.sin(r)], [-Math.sin(r), Math.cos(r)]], { dtype: 'float64' }); // rows are images of e1, e2
  return Z.matmul(R);
}

export interface PcaView {
  points: [number[], number[]];
  components: [[number, number], [number, number]];
  variance: [number, number];
  ratio: [number, number];
  mean: [number, number];
  /** 1-D coordinates along the first axis */
  z: number[];
  /** those coordinates put back in the plane (the points squashed onto the axis) */
  projected: [number[], number[]];
}

export function pcaView(X: Tensor): PcaView {
  const p2 = linalg.pca(X, 2);
  const p1 = linalg.pca(X, 1);
  const Z = p1.transform(X); //             [n, 1]
  const back = p1.inverseTransform(Z); //   [n, 2]
  const C = p2.components.toArray() as number[][];
  const cols = (t: Tensor): [number[], number[]] => {
    const a = t.toArray() as number[][];
    return [a.map((r) => r[0]!), a.map((r) => r[1]!)];
  };
  return {
    points: cols(X),
    components: [C[0] as [number, number], C[1] as [number, number]],
    variance: Array.from(p2.explainedVariance.data) as [number, number],
    ratio: Array.from(p2.explainedVarianceRatio.data) as [number, number],
    mean: Array.from(p2.mean.data) as [number, number],
    z: Array.from(Z.data),
    projected: cols(back),
  };
}

// ---------------------------------------------------------------- convolution
let ecgCache: number[] | null = null;
/** One second of a clean synthetic lead II at 250 Hz (the library's ECG generator, seed 3). */
export function ecgSnippet(): number[] {
  ecgCache ??= Array.from(data.ecg.synthetic({ n: 1, leads: 1, samples: 250, fs: 250, seed: 3, noise: false, classes: ['normal'] }).x.data);
  return ecgCache;
}

export const KERNELS: Record<string, { label: string; w: number[] }> = {
  smooth: { label: 'smooth (average of 5)', w: [0.2, 0.2, 0.2, 0.2, 0.2] },
  slope: { label: 'slope (difference)', w: [-1, 0, 1] },
  spike: { label: 'spike detector', w: [-1, -1, 4, -1, -1] },
};

export function convolve(signal: number[], w: number[]): number[] {
  const x = tensor([[signal]]); //   [1, 1, L]
  const k = tensor([[w]]); //        [1, 1, K]
  return Array.from(nn.conv1d(x, k).data);
}

/** The dot product of the kernel with the window starting at t (what conv1d computes at output t). */
export function windowDot(signal: number[], w: number[], t: number): { window: number[]; dot: number } {
  const win = tensor(signal).slice(`${t}:${t + w.length}`);
  return { window: Array.from(win.data), dot: linalg.dot(win, tensor(w)).item() };
}

// ---------------------------------------------------------------- attention
export interface AttentionView {
  Q: number[][];
  K: number[][];
  V: number[][];
  /** Q Kᵀ / √d (or Q Kᵀ when unscaled) */
  scores: number[][];
  weights: number[][];
  output: number[][];
}

export function attentionExample(seed: number, d: number): { Q: number[][]; K: number[][]; V: number[][] } {
  const g = new Generator(seed);
  const r = (t: Tensor) => (t.mul(10).toArray() as number[][]).map((row) => row.map((v) => Math.round(v) / 10));
  return { Q: r(randn([4, d], { generator: g })), K: r(randn([4, d], { generator: g })), V: r(randn([4, 2], { generator: g })) };
}

export function attention(Q: number[][], K: number[][], V: number[][], sharpen: number, causal: boolean): AttentionView {
  const q = tensor(Q).mul(sharpen);
  const k = tensor(K);
  const { output, weights } = nn.scaledDotProductAttention(q, k, tensor(V), { causal });
  const d = Q[0]!.length;
  const scores = q.matmul(k.T).div(Math.sqrt(d));
  return {
    Q: q.toArray() as number[][],
    K,
    V,
    scores: scores.toArray() as number[][],
    weights: weights.toArray() as number[][],
    output: output.toArray() as number[][],
  };
}

// ---------------------------------------------------------------- positional encoding
export function positionalTable(maxLen: number, dim: number): number[][] {
  return new nn.PositionalEncoding(maxLen, dim).pe.toArray() as number[][];
}

/** PE[p] · PE[p + k]: depends on the offset k, not on p. */
export function peSimilarity(pe: number[][], p: number, k: number): number {
  return linalg.dot(tensor(pe[p]!), tensor(pe[p + k]!)).item();
}

// ---------------------------------------------------------------- dice
export const DICE_CELLS = 40;

export function mask(start: number, end: number, value = 1, n = DICE_CELLS): number[] {
  return Array.from({ length: n }, (_, k) => (k >= start && k < end ? value : 0));
}

export interface DiceResult {
  inter: number;
  sumP: number;
  sumT: number;
  /** 2Σpt / (Σp + Σt), the overlap score (ε tiny) */
  score: number;
  /** the library's loss with its default ε = 1 */
  lossEps1: number;
}

export function diceOf(p: number[], t: number[]): DiceResult {
  const P = tensor(p, { dtype: 'float64' });
  const T = tensor(t, { dtype: 'float64' });
  const eps = 1e-9;
  return {
    inter: P.mul(T).sum().item(),
    sumP: P.sum().item(),
    sumT: T.sum().item(),
    score: 1 - loss.dice(P, T, { eps }).item(),
    lossEps1: loss.dice(P, T).item(),
  };
}

// ---------------------------------------------------------------- augmentation
export interface AugmentArgs {
  noise: number;
  scale: number;
  shift: number;
  seed: number;
}

/** ECG snippet → scaled, shifted (circularly) and noised, each by the library's augment functions. */
export function augmentEcg(signal: number[], o: AugmentArgs): number[] {
  let x = tensor([signal]); // [1, L]: one sample
  x = data.augment.scale(x, [o.scale, o.scale], { seed: o.seed });
  if (o.shift > 0) x = data.augment.timeShift(x, o.shift, { seed: o.seed });
  x = data.augment.noise(x, o.noise, { seed: o.seed });
  return Array.from(x.data);
}

let digitCache: number[] | null = null;
/** The first image of the digits set (8×8, values 0–16). */
export function digitImage(): number[] {
  digitCache ??= Array.from(data.digits().x.slice(0).data);
  return digitCache;
}

export function affineImage(img: number[], rotate: number, zoom: number, dx: number, dy: number): number[] {
  const t = tensor(img).reshape(1, 8, 8);
  return Array.from(data.augment.affine2d(t, { rotate, scale: zoom, shift: [dx, dy] }).data);
}
