/**
 * The fused softmax cross-entropy kernel (registered as the fast path of ops/fused.ts's
 * softmaxCrossEntropy, whose reference is the composite -mean(gather(logSoftmax(z), y))).
 * Arguments arrive validated: z [N, C] float, y [N] int32 with 0 ≤ yᵢ < C.
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { Tensor } from '../tensor.js';

export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Softmax cross-entropy of logits z [N, C] against class indices y [N] (int32), in one op:
 *
 * $$\ell_i = \log\sum_j e^{z_{ij}} - z_{i,y_i}, \qquad \frac{\partial \ell_i}{\partial z_{ij}} = \operatorname{softmax}(z_i)_j - [j = y_i]$$
 *
 * the same as `nll(logSoftmax(z, 1), y)` (gather the picked log-probability, negate, reduce), but
 * with one pass forward and the gradient (softmax − onehot) written directly, scaled by 1/N for
 * the mean. The log-sum-exp subtracts each row's maximum, so logits of ±10⁴ stay finite.
 *
 * Shapes: z [N, C] float, y [N] int32 with 0 ≤ yᵢ < C (the caller validates the range) →
 * a scalar ('mean', 'sum') or [N] ('none').
 */
export function fusedSoftmaxCrossEntropy(z: Tensor, y: Tensor, reduction: Reduction): Tensor {
  const [N, C] = z.shape as [number, number];
  const zd = z.data, yd = y.data;
  const prob = allocate(z.dtype, N * C); // softmax(z), kept for the backward pass
  const per = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const row = i * C;
    let m = -Infinity;
    for (let j = 0; j < C; j++) if (zd[row + j]! > m) m = zd[row + j]!;
    if (!Number.isFinite(m)) m = 0;
    let s = 0;
    for (let j = 0; j < C; j++) s += Math.exp(zd[row + j]! - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < C; j++) prob[row + j] = Math.exp(zd[row + j]! - lse);
    per[i] = lse - zd[row + yd[i]!]!;
  }
  let out: Tensor;
  if (reduction === 'none') {
    const d = allocate(z.dtype, N);
    d.set(per);
    out = new Tensor(d, [N], z.dtype);
  } else {
    let s = 0;
    for (let i = 0; i < N; i++) s += per[i]!;
    const d = allocate(z.dtype, 1);
    d[0] = reduction === 'mean' ? s / N : s;
    out = new Tensor(d, [], z.dtype);
  }
  return record(out, 'softmaxCrossEntropy', [z], (g) => {
    const gd = g.data;
    const dz = allocate(z.dtype, N * C);
    for (let i = 0; i < N; i++) {
      const scale = reduction === 'none' ? gd[i]! : reduction === 'mean' ? gd[0]! / N : gd[0]!;
      const row = i * C;
      for (let j = 0; j < C; j++) dz[row + j] = scale * prob[row + j]!;
      dz[row + yd[i]!] -= scale;
    }
    return [new Tensor(dz, z.shape, z.dtype)];
  });
}
