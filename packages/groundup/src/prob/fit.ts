/**
 * Maximum-likelihood fits: the parameters under which the observed data is most probable.
 * For these three families the maximiser has a closed form (set the derivative of the
 * log-likelihood to zero and solve).
 */
import { tensor } from '../creation.js';
import { DTypeError, ShapeError, ValueError, assertInt, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';

function flatData(op: string, x: unknown): ArrayLike<number> {
  if (x instanceof Tensor) {
    if (x.size === 0) throw new ValueError(`${op}: x is empty (shape ${fmtShape(x.shape)}); a fit needs at least one observation`);
    return x.data;
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const a = x as ArrayLike<unknown>;
    if (a.length === 0) throw new ValueError(`${op}: x is empty; a fit needs at least one observation`);
    for (let i = 0; i < a.length; i++)
      if (typeof a[i] !== 'number') throw new TypeError(`${op}: x must be a flat array of numbers, but x[${i}] = ${fmtValue(a[i])}`);
    return a as ArrayLike<number>;
  }
  throw new TypeError(`${op}: x must be a Tensor or an array of numbers, got ${fmtValue(x)}`);
}

/**
 * The normal distribution that makes the data most likely:
 * $$\hat\mu = \frac1n\sum_i x_i, \qquad \hat\sigma = \sqrt{\frac1n\sum_i (x_i - \hat\mu)^2}$$
 * (the MLE divides by n, not n − 1). All entries of x are pooled. Returns plain numbers.
 *
 *   prob.fitNormal([1, 2, 3])  // { mean: 2, std: 0.8165 }
 */
export function fitNormal(x: Tensor | number[]): { mean: number; std: number } {
  const op = 'prob.fitNormal';
  const d = flatData(op, x);
  const n = d.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i]!;
    if (!Number.isFinite(v)) throw new ValueError(`${op}: observations must be finite, but x[${i}] = ${fmtValue(v)}`);
    s += v;
  }
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (d[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n) };
}

/**
 * The coin that makes the observed flips most likely: $\hat p = \frac1n\sum_i x_i$, the fraction of 1s.
 * x holds 0s and 1s.
 */
export function fitBernoulli(x: Tensor | number[]): { p: number } {
  const op = 'prob.fitBernoulli';
  const d = flatData(op, x);
  let ones = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v !== 0 && v !== 1) throw new ValueError(`${op}: observations must be 0 or 1, but x[${i}] = ${fmtValue(v)}`);
    ones += v;
  }
  return { p: ones / d.length };
}

/**
 * The class frequencies, which maximise the likelihood of the observed labels:
 * $$\hat p_k = \frac{\#\{i : x_i = k\}}{n}, \qquad k = 0, \dots, K-1$$
 * x holds class indices in [0, k). Returns probs as a float64 tensor [k].
 */
export function fitCategorical(x: Tensor | number[], k: number): { probs: Tensor } {
  const op = 'prob.fitCategorical';
  assertInt(op, 'k (the number of classes)', k, 1);
  if (x instanceof Tensor && x.dtype !== 'int32') throw new DTypeError(`${op}: x must be int32 class indices, got ${x.dtype} (convert with .int())`);
  if (x instanceof Tensor && x.ndim > 1) throw new ShapeError(`${op}: x must be 1-D class indices, got shape ${fmtShape(x.shape)}`);
  const d = flatData(op, x);
  const counts = new Float64Array(k);
  for (let i = 0; i < d.length; i++) {
    const c = d[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new ValueError(`${op}: class indices must be whole numbers in [0, ${k - 1}], but x[${i}] = ${fmtValue(c)}`);
    counts[c]++;
  }
  return { probs: tensor(Array.from(counts, (c) => c / d.length), { dtype: 'float64' }) };
}
