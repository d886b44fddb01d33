/**
 * The one-layer classifier of chapter 1, computed by the library:
 *
 *   output = softmax((X @ W + b) / T)     T: the temperature (1 gives plain softmax)
 *   X: [4, 3]  four ECG recordings, three features each (rate, QRS width, RR irregularity; scaled)
 *   W: [3, 2]  weights laid out [in, out], so X @ W works as written
 *   b: [2]     one bias per class, added to every row (broadcasting)
 *   output: [4, 2]  per recording, P(normal) and P(arrhythmia); each row sums to 1
 *
 * (nn.Linear stores its weight as [out, in] and computes X @ Wᵀ + b, as PyTorch does; this page
 * writes the formula the way the text does, with W as [in, out]. Same numbers, transposed storage.)
 * No DOM here: the widget and the tests both call it.
 */
import { Generator, info, randn, tensor, type Tensor } from 'groundup';

export const SHAPES = { X: [4, 3], W: [3, 2], b: [2] } as const;
export const CLASSES = ['normal', 'arrhythmia'] as const;
export const FEATURES = ['rate', 'QRS width', 'RR irregularity'] as const;

export interface LayerValues {
  /** row-major, 4×3 */
  X: number[];
  /** row-major, 3×2 */
  W: number[];
  b: number[];
}

export interface Forward {
  X: Tensor;
  W: Tensor;
  b: Tensor;
  /** X @ W, [4, 2] */
  XW: Tensor;
  /** X @ W + b, the logits, [4, 2] */
  Z: Tensor;
  /** the temperature, a scalar */
  T: Tensor;
  /** Z / T, the scores softmax sees, [4, 2] */
  ZT: Tensor;
  /** exp(Z / T), the numerators of softmax, [4, 2] */
  expZ: Tensor;
  /** softmax(Z / T) along the last axis, [4, 2] */
  P: Tensor;
  /** each row's entropy in bits, [4]: 0 for a certain answer, 1 for a coin toss */
  H: Tensor;
}

/** The temperature's range: from nearly argmax to nearly uniform. */
export const TEMP = { min: 0.05, max: 20 } as const;

const round1 = (t: Tensor) => Array.from(t.data, (v) => Math.round(v * 10) / 10);

/** A seeded example, rounded to one decimal so it is easy to read and edit. */
export function example(seed: number): LayerValues {
  const g = new Generator(seed);
  return { X: round1(randn([4, 3], { generator: g })), W: round1(randn([3, 2], { generator: g })), b: round1(randn([2], { generator: g }).mul(0.5)) };
}

function rows(flat: number[], cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += cols) out.push(flat.slice(i, i + cols));
  return out;
}

export function forward(v: LayerValues, temperature = 1): Forward {
  if (!(Number.isFinite(temperature) && temperature > 0)) throw new RangeError(`forward: the temperature must be a positive finite number, got ${temperature}`);
  const X = tensor(rows(v.X, 3));
  const W = tensor(rows(v.W, 2));
  const b = tensor(v.b);
  const XW = X.matmul(W);
  const Z = XW.add(b);
  const T = tensor(temperature);
  const ZT = Z.div(T);
  const P = ZT.softmax(-1);
  return { X, W, b, XW, Z, T, ZT, expZ: ZT.exp(), P, H: info.entropy(P, { base: 2 }) };
}

/** The same computation as JavaScript for the code cell (values written out). */
export function forwardCode(v: LayerValues, temperature = 1): string {
  const m = (flat: number[], cols: number) => JSON.stringify(rows(flat, cols)).replace(/,/g, ', ');
  return [
    `// output = softmax(X @ W + b), with W laid out [in, out]`,
    `const X = tensor(${m(v.X, 3)});   // [4, 3]`,
    `const W = tensor(${m(v.W, 2)});   // [3, 2]`,
    `const b = tensor(${JSON.stringify(v.b).replace(/,/g, ', ')});   // [2]`,
    `const logits = X.matmul(W).add(b);   // [4, 2]`,
    `console.log('logits', logits);`,
    `const T = ${temperature};   // the temperature`,
    `const P = logits.div(T).softmax(-1);   // each row sums to 1`,
    `console.log('entropy (bits)', info.entropy(P, { base: 2 }));`,
    `P`,
  ].join('\n');
}
