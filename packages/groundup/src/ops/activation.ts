/** Activation functions and the softmax family, forward and backward side by side. */
import { record } from '../autograd.js';
import { around, normAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul, sub } from './arithmetic.js';
import { erf } from './math.js';
import { logsumexp, sum } from './reduce.js';
import { empty, floatOf, mapData, requireFloat, toTensor } from './util.js';

function arg(op: string, x: unknown): Tensor {
  return toTensor(op, x, 'float32', 'input');
}

/** ReLU(x) = max(0, x);  derivative 1 for x > 0, else 0 */
export function relu(x: Tensor): Tensor {
  x = arg('relu', x);
  // plain loops (no per-element closure): the forward clips, the backward passes g where x > 0
  const out = empty(x.shape, x.dtype);
  const src = x.data, dst = out.data;
  for (let i = 0; i < dst.length; i++) dst[i] = src[i]! > 0 ? src[i]! : 0;
  return record(out, 'relu', [x], (g) => {
    const gx = empty(g.shape, g.dtype);
    const gd = g.data, d = gx.data;
    for (let i = 0; i < d.length; i++) d[i] = src[i]! > 0 ? gd[i]! : 0;
    return [gx];
  });
}

/** LeakyReLU(x) = x for x > 0, slope·x otherwise */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  x = arg('leakyRelu', x);
  return record(mapData(x, floatOf(x.dtype), (v) => (v > 0 ? v : slope * v)), 'leakyRelu', [x], (g) => [
    mul(g, mapData(x, g.dtype, (v) => (v > 0 ? 1 : slope))),
  ]);
}

/** σ(x) = 1 / (1 + e^(−x));  σ′(x) = σ(x)(1 − σ(x)). Computed without overflow for large |x|. */
export function sigmoid(x: Tensor): Tensor {
  x = arg('sigmoid', x);
  const out = empty(x.shape, floatOf(x.dtype));
  const src = x.data, dst = out.data;
  for (let i = 0; i < dst.length; i++) {
    const v = src[i]!;
    if (v >= 0) dst[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      dst[i] = e / (1 + e);
    }
  }
  return record(out, 'sigmoid', [x], (g) => {
    const gx = empty(g.shape, g.dtype);
    const gd = g.data, d = gx.data;
    for (let i = 0; i < d.length; i++) d[i] = gd[i]! * dst[i]! * (1 - dst[i]!);
    return [gx];
  });
}

/** tanh(x);  tanh′(x) = 1 − tanh²(x) */
export function tanh(x: Tensor): Tensor {
  x = arg('tanh', x);
  const out = empty(x.shape, floatOf(x.dtype));
  const src = x.data, dst = out.data;
  for (let i = 0; i < dst.length; i++) dst[i] = Math.tanh(src[i]!);
  return record(out, 'tanh', [x], (g) => {
    const gx = empty(g.shape, g.dtype);
    const gd = g.data, d = gx.data;
    for (let i = 0; i < d.length; i++) d[i] = gd[i]! * (1 - dst[i]! * dst[i]!);
    return [gx];
  });
}

const INV_SQRT2 = 1 / Math.SQRT2;
const INV_SQRT2PI = 1 / Math.sqrt(2 * Math.PI);

/** GELU(x) = x·Φ(x), Φ the standard normal CDF (the exact form, as PyTorch's default);  GELU′(x) = Φ(x) + x·φ(x) */
export function gelu(x: Tensor): Tensor {
  x = arg('gelu', x);
  const out = mapData(x, floatOf(x.dtype), (v) => 0.5 * v * (1 + erf(v * INV_SQRT2)));
  return record(out, 'gelu', [x], (g) => [
    mul(g, mapData(x, g.dtype, (v) => 0.5 * (1 + erf(v * INV_SQRT2)) + v * INV_SQRT2PI * Math.exp(-0.5 * v * v))),
  ]);
}

/** softplus(x) = ln(1 + eˣ), a smooth ReLU;  derivative σ(x) */
export function softplus(x: Tensor): Tensor {
  x = arg('softplus', x);
  const out = mapData(x, floatOf(x.dtype), (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))));
  return record(out, 'softplus', [x], (g) => [mul(g, sigmoid(x))]);
}

/**
 * softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), m = maxⱼ xⱼ, along `axis`.
 * Subtracting the maximum changes nothing mathematically and keeps every exponent ≤ 0, so logits
 * of ±10⁴ never overflow. Backward: ∂L/∂x = y ⊙ (g − Σ g⊙y).
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  x = arg('softmax', x);
  requireFloat('softmax', x);
  const ax = normAxis('softmax', axis, x.ndim, x.shape);
  const [outer, n, inner] = around(x.shape, ax);
  const out = empty(x.shape, x.dtype);
  const src = x.data;
  const dst = out.data;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, src[base + k * inner]!);
      if (m === -Infinity) m = 0; // every entry masked out: 0/0 below, NaN, as in PyTorch
      let s = 0;
      for (let k = 0; k < n; k++) {
        const e = Math.exp(src[base + k * inner]! - m);
        dst[base + k * inner] = e;
        s += e;
      }
      for (let k = 0; k < n; k++) dst[base + k * inner]! /= s;
    }
  return record(out, 'softmax', [x], (g) => [mul(out, sub(g, sum(mul(g, out), ax, true)))]);
}

/** log softmax(x) = x − logsumexp(x), computed stably (never log of a rounded-to-zero probability). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  x = arg('logSoftmax', x);
  requireFloat('logSoftmax', x);
  const ax = normAxis('logSoftmax', axis, x.ndim, x.shape);
  return sub(x, logsumexp(x, ax, true));
}

