/** Elementwise functions of one tensor, each with its derivative beside it. */
import { record } from '../autograd.js';
import { ValueError, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { div, mul, gt, lt, sub } from './arithmetic.js';
import { floatOf, mapData, toTensor } from './util.js';

function arg(op: string, x: unknown): Tensor {
  return toTensor(op, x, 'float32', 'input');
}

/** eˣ;  d/dx eˣ = eˣ */
export function exp(x: Tensor): Tensor {
  x = arg('exp', x);
  const out = mapData(x, floatOf(x.dtype), Math.exp);
  return record(out, 'exp', [x], (g) => [mul(g, out)]);
}

/** ln x;  d/dx ln x = 1/x  (ln 0 = −∞, ln of a negative number is NaN, as in IEEE arithmetic) */
export function log(x: Tensor): Tensor {
  x = arg('log', x);
  return record(mapData(x, floatOf(x.dtype), Math.log), 'log', [x], (g) => [div(g, x)]);
}

/** √x;  d/dx √x = 1/(2√x) */
export function sqrt(x: Tensor): Tensor {
  x = arg('sqrt', x);
  const out = mapData(x, floatOf(x.dtype), Math.sqrt);
  return record(out, 'sqrt', [x], (g) => [div(g, mul(out, 2))]);
}

/** |x|;  d/dx |x| = sign(x) (0 at 0) */
export function abs(x: Tensor): Tensor {
  x = arg('abs', x);
  return record(mapData(x, x.dtype, Math.abs), 'abs', [x], (g) => [mul(g, mapData(x, g.dtype, Math.sign))]);
}

/** x²;  d/dx x² = 2x */
export function square(x: Tensor): Tensor {
  x = arg('square', x);
  return record(mapData(x, x.dtype, (v) => v * v), 'square', [x], (g) => [mul(g, mul(x, 2))]);
}

/** sin x;  d/dx sin x = cos x */
export function sin(x: Tensor): Tensor {
  x = arg('sin', x);
  return record(mapData(x, floatOf(x.dtype), Math.sin), 'sin', [x], (g) => [mul(g, mapData(x, g.dtype, Math.cos))]);
}

/** cos x;  d/dx cos x = −sin x */
export function cos(x: Tensor): Tensor {
  x = arg('cos', x);
  return record(mapData(x, floatOf(x.dtype), Math.cos), 'cos', [x], (g) => [mul(g, mapData(x, g.dtype, (v) => -Math.sin(v)))]);
}

/** Limits every element to [lo, hi] (either bound may be null); the gradient is 1 inside, 0 where clipped. */
export function clamp(x: Tensor, lo?: number | null, hi?: number | null): Tensor {
  x = arg('clamp', x);
  const l = lo ?? -Infinity;
  const h = hi ?? Infinity;
  if (typeof l !== 'number' || typeof h !== 'number') throw new TypeError(`clamp: bounds must be numbers, got ${fmtValue(lo)} and ${fmtValue(hi)}`);
  if (Number.isNaN(l) || Number.isNaN(h)) throw new ValueError(`clamp: bounds must not be NaN, got ${fmtValue(lo)} and ${fmtValue(hi)}`);
  if (l > h) throw new ValueError(`clamp: the lower bound ${l} is above the upper bound ${h}`);
  const out = mapData(x, x.dtype, (v) => (v < l ? l : v > h ? h : v));
  return record(out, 'clamp', [x], (g) => [mul(g, mul(sub(1, lt(x, l)), sub(1, gt(x, h))))]);
}

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, to about 1e−15:
 * its Taylor series for |x| < 3, and a continued fraction for erfc beyond.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated bottom-up
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}
