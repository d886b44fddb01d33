/**
 * Gradient clipping: a guard against exploding gradients. It changes the length of the gradient,
 * never its direction (clipGradNorm) — or, cruder, caps each entry (clipGradValue).
 */
import { ValueError, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';

function gradsOf(op: string, params: Iterable<Tensor | readonly [string, Tensor]>): Tensor[] {
  if (params instanceof Tensor) params = [params];
  if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function')
    throw new TypeError(`${op}: params must be a Tensor or an array (or iterable) of Tensors, got ${fmtValue(params)}`);
  const out: Tensor[] = [];
  let i = 0;
  for (const item of params) {
    const p = Array.isArray(item) ? (item as [string, Tensor])[1] : item;
    if (!(p instanceof Tensor)) throw new TypeError(`${op}: parameter ${i} is not a Tensor (got ${fmtValue(p)})`);
    if (p.grad && !out.includes(p)) out.push(p);
    i++;
  }
  return out;
}

/**
 * A new gradient tensor with f applied to every entry. The gradient is replaced rather than edited
 * in place because autograd may hand the very same tensor to two parameters (for a + b both get
 * the upstream gradient); editing it in place would clip both twice.
 */
function rewrite(g: Tensor, f: (v: number) => number): Tensor {
  const d = g.data.slice();
  for (let i = 0; i < d.length; i++) d[i] = f(d[i]!);
  return new Tensor(d, g.shape, g.dtype);
}

/**
 * Rescales all gradients together so that their combined norm is at most `maxNorm`:
 *
 * $$\lVert g \rVert = \Big(\sum_{p}\sum_i |g_{p,i}|^{q}\Big)^{1/q}, \qquad g \leftarrow g \cdot \frac{\text{maxNorm}}{\lVert g\rVert} \ \text{ if } \lVert g\rVert > \text{maxNorm}$$
 *
 * over every parameter's gradient as one long vector (q = 2 by default; 1 or Infinity also
 * accepted, the ∞-norm being max |gᵢ|). After clipping the norm is exactly maxNorm (up to rounding).
 * Parameters without a gradient are skipped. Returns the total norm *before* clipping, worth
 * logging: a spike means the clip was needed. A NaN or infinite norm is a ValueError.
 *
 * @example
 * loss.backward(); const norm = optim.clipGradNorm(model.parameters(), 1.0); opt.step();
 */
export function clipGradNorm(params: Iterable<Tensor | readonly [string, Tensor]> | Tensor, maxNorm: number, normType: number = 2): number {
  const op = 'clipGradNorm';
  if (typeof maxNorm !== 'number') throw new TypeError(`${op}: maxNorm must be a number, got ${fmtValue(maxNorm)}`);
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new ValueError(`${op}: maxNorm must be a finite number > 0, got ${fmtValue(maxNorm)}`);
  if (typeof normType !== 'number' || !(normType >= 1)) throw new ValueError(`${op}: normType must be a number ≥ 1 (2 for the Euclidean norm, Infinity for the max), got ${fmtValue(normType)}`);
  const ps = gradsOf(op, params as Iterable<Tensor>);
  // (1) the norm of all gradients as one vector
  let total = 0;
  if (normType === Infinity) {
    for (const p of ps) for (const v of p.grad!.data) total = Math.max(total, Math.abs(v));
  } else {
    let acc = 0;
    for (const p of ps) for (const v of p.grad!.data) acc += Math.abs(v) ** normType;
    total = acc ** (1 / normType);
  }
  if (!Number.isFinite(total))
    throw new ValueError(`${op}: the total gradient norm is ${fmtValue(total)}; some gradient holds NaN or ±∞, so no direction can be kept. Find where the loss overflows`);
  // (2) shrink every gradient by the same factor, keeping the direction
  if (total > maxNorm) {
    const scale = maxNorm / total;
    for (const p of ps) p.grad = rewrite(p.grad!, (v) => v * scale);
  }
  return total;
}

/** Clamps every gradient entry to [−clipValue, clipValue] (changes the direction; clipGradNorm usually is the better choice). */
export function clipGradValue(params: Iterable<Tensor | readonly [string, Tensor]> | Tensor, clipValue: number): void {
  const op = 'clipGradValue';
  if (typeof clipValue !== 'number') throw new TypeError(`${op}: clipValue must be a number, got ${fmtValue(clipValue)}`);
  if (!(clipValue > 0) || !Number.isFinite(clipValue)) throw new ValueError(`${op}: clipValue must be a finite number > 0, got ${fmtValue(clipValue)}`);
  for (const p of gradsOf(op, params as Iterable<Tensor>)) p.grad = rewrite(p.grad!, (v) => Math.min(clipValue, Math.max(-clipValue, v)));
}
