/**
 * Contrastive learning: pull two views of the same thing together in embedding space and push
 * everything else apart, measured with cosine similarity.
 */
import { ShapeError, fmtShape, fmtValue } from '../errors.js';
import { arange, eye } from '../creation.js';
import { where } from '../ops/arithmetic.js';
import { concat } from '../ops/index.js';
import { type Tensor } from '../tensor.js';
import { crossEntropy } from './crossEntropy.js';
import { type ReductionOptions, floatTensor, positive, readOptions, readReduction, reduce, sameShape } from './reduction.js';

export interface InfoNCEOptions extends ReductionOptions {
  /** τ > 0: divides the similarities; small τ sharpens the softmax onto the hardest negatives (default 0.1). */
  temperature?: number;
  /** Average the loss of both directions, z₁→z₂ and z₂→z₁ (CLIP's form). Default false: z₁→z₂ only. */
  symmetric?: boolean;
}

/**
 * Rows scaled to unit length, $\hat z = z / \max(\lVert z\rVert, 10^{-8})$ (an all-zero row stays
 * zero, with a finite gradient).
 */
export function normalizeRows(z: Tensor): Tensor {
  return z.div(z.square().sum(-1, true).clamp(1e-16).sqrt());
}

/**
 * InfoNCE: for each row i of z₁ the positive is row i of z₂ and every other row of z₂ is a
 * negative; the loss is cross-entropy of picking the positive among all N candidates, with cosine
 * similarity over a temperature τ as the logits:
 *
 * $$s_{ij} = \frac{\hat z_{1,i} \cdot \hat z_{2,j}}{\tau}, \qquad \ell_i = -\log \frac{e^{s_{ii}}}{\sum_{j=1}^{N} e^{s_{ij}}}, \qquad \hat z = \frac{z}{\lVert z\rVert}$$
 *
 * By default only the direction z₁ → z₂ is used (as written above). With `symmetric: true`
 * the loss is ½(ℓ(z₁→z₂) + ℓ(z₂→z₁)), the second using the transposed similarity matrix.
 *
 * Shape: z1 and z2 [N, D] (N pairs of D-dimensional embeddings). Output: scalar, or [N] with
 * `reduction: 'none'`.
 */
export function infoNCE(z1: Tensor, z2: Tensor, options?: InfoNCEOptions): Tensor {
  const op = 'infoNCE';
  const o = readOptions(op, options);
  const reduction = readReduction(op, o);
  const tau = positive(op, 'temperature', o.temperature ?? 0.1);
  const symmetric = o.symmetric ?? false;
  if (typeof symmetric !== 'boolean') throw new TypeError(`${op}: symmetric must be true or false, got ${fmtValue(symmetric)}`);
  const a = floatTensor(op, z1, 'first embeddings (z1)');
  const b = floatTensor(op, z2, 'second embeddings (z2)');
  if (a.ndim !== 2) throw new ShapeError(`${op}: embeddings must be [N, D] (one row per example), got z1 of shape ${fmtShape(a.shape)}`);
  sameShape(op, a, b, 'z1', 'z2');
  const n = a.shape[0]!;
  const sim = normalizeRows(a).matmul(normalizeRows(b).T).div(tau); // [N, N]: row i compares z1_i with every z2_j
  const labels = arange(n, { dtype: 'int32' }); // the positive of row i is column i
  const forward = crossEntropy(sim, labels, { reduction: 'none' }); // [N]
  const per = symmetric ? forward.add(crossEntropy(sim.T, labels, { reduction: 'none' })).mul(0.5) : forward;
  return reduce(per, reduction);
}

export interface NTXentOptions extends ReductionOptions {
  /** τ > 0 (default 0.5, SimCLR's choice). */
  temperature?: number;
}

/**
 * NT-Xent (normalised temperature-scaled cross-entropy, SimCLR): z₁ and z₂ are two augmented
 * views of the same N examples. All 2N embeddings are pooled; for each one the positive is the
 * other view of the same example and the remaining 2N − 2 embeddings (from both views) are the
 * negatives. With $z = [\hat z_1; \hat z_2]$ (2N rows of unit length) and $s_{ij} = z_i \cdot z_j / \tau$:
 *
 * $$\ell_i = -\log \frac{e^{s_{i,p(i)}}}{\sum_{j \ne i} e^{s_{ij}}}, \qquad p(i) = i \pm N$$
 *
 * The self-similarity s_ii (always 1/τ) is left out of the denominator by masking it to −∞.
 * Unlike {@link infoNCE} it is symmetric in z₁ and z₂ by construction.
 *
 * Shape: z1, z2 [N, D]. Output: scalar (mean over the 2N anchors), or [2N] with `reduction: 'none'`
 * (the first N rows are the anchors of z1).
 */
export function ntXent(z1: Tensor, z2: Tensor, options?: NTXentOptions): Tensor {
  const op = 'ntXent';
  const o = readOptions(op, options);
  const reduction = readReduction(op, o);
  const tau = positive(op, 'temperature', o.temperature ?? 0.5);
  const a = floatTensor(op, z1, 'first view (z1)');
  const b = floatTensor(op, z2, 'second view (z2)');
  if (a.ndim !== 2) throw new ShapeError(`${op}: embeddings must be [N, D] (one row per example), got z1 of shape ${fmtShape(a.shape)}`);
  sameShape(op, a, b, 'z1', 'z2');
  const n = a.shape[0]!;
  const z = concat([normalizeRows(a), normalizeRows(b)], 0); // [2N, D]
  const sim = where(eye(2 * n), -Infinity, z.matmul(z.T).div(tau)); // [2N, 2N], self-pairs masked out
  const labels = arange(2 * n, { dtype: 'int32' });
  for (let i = 0; i < 2 * n; i++) labels.data[i] = (i + n) % (2 * n); // the other view of the same example
  return reduce(crossEntropy(sim, labels, { reduction: 'none' }), reduction);
}
