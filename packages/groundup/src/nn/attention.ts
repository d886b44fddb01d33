/**
 * Attention: every position of a sequence builds its output as a weighted average of the values
 * at all positions, with weights given by how well its query matches each key.
 *
 *   Attention(Q, K, V) = softmax(Q·Kᵀ / √d) · V       Q [T, d]  K [S, d]  V [S, d_v]  → [T, d_v]
 *
 * Dividing by √d keeps the dot products' variance near 1 whatever the width d, so the softmax does
 * not saturate. A causal mask sets the scores of future positions (s > t) to −∞ before the
 * softmax, so position t only looks at 0 … t (their weights become exactly 0).
 *
 * Also here: sinusoidal positional encoding, which gives attention (itself blind to order) a
 * sense of where each token sits.
 */
import { zeros } from '../creation.js';
import { ShapeError, ValueError, assertInt, fmtShape } from '../errors.js';
import { add, div } from '../ops/arithmetic.js';
import { softmax } from '../ops/activation.js';
import { narrow } from '../ops/index.js';
import { matmul } from '../ops/matmul.js';
import { permute, reshape, transpose } from '../ops/shape.js';
import { requireFloat } from '../ops/util.js';
import { Tensor } from '../tensor.js';
import { xavierUniform } from './init.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

export interface AttentionOptions {
  /** Hide future positions: query t attends only to keys 0 … t. */
  causal?: boolean;
}

/** The causal mask [T, S]: 0 where s ≤ t (visible), −∞ where s > t (the future). */
export function causalMask(T: number, S: number = T, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const m = zeros([T, S], { dtype });
  for (let t = 0; t < T; t++) for (let s = t + 1; s < S; s++) m.data[t * S + s] = -Infinity;
  return m;
}

/**
 * Scaled dot-product attention on batched heads.
 *
 *   weights = softmax(Q·Kᵀ/√d + mask)   output = weights · V
 *
 * Shapes: q [..., T, d], k [..., S, d], v [..., S, d_v] → output [..., T, d_v], weights [..., T, S]
 * (each row of weights sums to 1).
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, { causal = false }: AttentionOptions = {}): { output: Tensor; weights: Tensor } {
  for (const [t, what] of [
    [q, 'query'],
    [k, 'key'],
    [v, 'value'],
  ] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`scaledDotProductAttention: the ${what} must be a Tensor`);
    requireFloat('scaledDotProductAttention', t, what);
    if (t.ndim < 2) throw new ShapeError(`scaledDotProductAttention: the ${what} needs at least 2 dimensions [...,T,d], got ${fmtShape(t.shape)}`);
  }
  const d = q.shape[q.ndim - 1]!;
  if (k.shape[k.ndim - 1] !== d)
    throw new ShapeError(`scaledDotProductAttention: query ${fmtShape(q.shape)} and key ${fmtShape(k.shape)} must have the same last dimension d`);
  if (k.shape[k.ndim - 2] !== v.shape[v.ndim - 2])
    throw new ShapeError(`scaledDotProductAttention: key ${fmtShape(k.shape)} and value ${fmtShape(v.shape)} must have the same number of positions S`);
  const T = q.shape[q.ndim - 2]!;
  const S = k.shape[k.ndim - 2]!;
  let scores = div(matmul(q, transpose(k, -2, -1)), Math.sqrt(d)); // [..., T, S]
  if (causal) scores = add(scores, causalMask(T, S, scores.dtype === 'float64' ? 'float64' : 'float32'));
  const weights = softmax(scores, -1); //                             [..., T, S], rows sum to 1
  return { output: matmul(weights, v), weights }; //                   [..., T, d_v]
}

export interface MultiheadAttentionOptions extends AttentionOptions {
  /** Learn biases for the input and output projections (default true). */
  bias?: boolean;
}

/**
 * Multi-head attention on batch-first sequences [N, T, E]. The input is projected to queries,
 * keys and values, split into h heads of width d = E/h that attend independently, then
 * concatenated and projected back:
 *
 *   Q = x_q·W_qᵀ + b_q,  K = x_k·W_kᵀ + b_k,  V = x_v·W_vᵀ + b_v
 *   head_i = softmax(Q_i·K_iᵀ/√d)·V_i           MHA = concat(head_1 … head_h)·W_oᵀ + b_o
 *
 * Called with one input it is self-attention (Q, K, V all from x). Parameters as in PyTorch:
 * in_proj_weight [3E, E] (W_q, W_k, W_v stacked; Xavier-uniform init), in_proj_bias [3E] (zeros),
 * out_proj.weight [E, E] (Linear's default init) and out_proj.bias [E] (zeros).
 * After each forward, `lastAttention` holds the weights [N, h, T, S] for display.
 */
export class MultiheadAttention extends Module {
  readonly inProjWeight: Tensor;
  readonly inProjBias: Tensor | null;
  readonly outProj: Linear;
  readonly headDim: number;
  readonly causal: boolean;
  /** The attention weights of the last forward pass, [N, heads, T, S] (detached). */
  lastAttention: Tensor | null = null;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    { causal = false, bias = true }: MultiheadAttentionOptions = {},
  ) {
    super();
    assertInt('MultiheadAttention', 'embedDim', embedDim, 1);
    assertInt('MultiheadAttention', 'numHeads', numHeads, 1);
    if (embedDim % numHeads !== 0)
      throw new ValueError(`MultiheadAttention: embedDim ${embedDim} must be divisible by numHeads ${numHeads} (each head gets embedDim/numHeads dimensions)`);
    this.headDim = embedDim / numHeads;
    this.causal = !!causal;
    this.inProjWeight = this.registerParameter('in_proj_weight', xavierUniform(zeros([3 * embedDim, embedDim])));
    this.inProjBias = this.registerParameter('in_proj_bias', bias ? zeros([3 * embedDim]) : null);
    this.outProj = this.registerModule('out_proj', new Linear(embedDim, embedDim, { bias }));
    if (this.outProj.bias) this.outProj.bias.data.fill(0);
  }

  private check(x: Tensor, what: string): void {
    if (!(x instanceof Tensor)) throw new TypeError(`MultiheadAttention: the ${what} must be a Tensor`);
    const E = this.embedDim;
    if (x.ndim !== 3 || x.shape[2] !== E)
      throw new ShapeError(`MultiheadAttention: expected ${what} [N,T,${E}] (batch first, embedDim ${E}), got ${fmtShape(x.shape)}`);
  }

  /** Projects x [N, L, E] with rows i·E … (i+1)·E−1 of the stacked input projection and splits heads → [N, h, L, d]. */
  private project(x: Tensor, i: number): Tensor {
    const E = this.embedDim;
    const [N, L] = x.shape as [number, number];
    const W = narrow(this.inProjWeight, 0, i * E, E); //                [E, E]
    let y = matmul(x, transpose(W, 0, 1)); //                           [N, L, E]
    if (this.inProjBias) y = add(y, narrow(this.inProjBias, 0, i * E, E));
    return permute(reshape(y, [N, L, this.numHeads, this.headDim]), [0, 2, 1, 3]); // [N, h, L, d]
  }

  /** query [N, T, E], key and value [N, S, E] (default: the query, i.e. self-attention) → [N, T, E]. */
  override forward(query: Tensor, key: Tensor = query, value: Tensor = key): Tensor {
    this.check(query, 'query');
    this.check(key, 'key');
    this.check(value, 'value');
    const [N, T, E] = query.shape as [number, number, number];
    if (key.shape[0] !== N || value.shape[0] !== N)
      throw new ShapeError(`MultiheadAttention: query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} must share the batch size`);
    if (key.shape[1] !== value.shape[1])
      throw new ShapeError(`MultiheadAttention: key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} must have the same length S`);
    const q = this.project(query, 0); // [N, h, T, d]
    const k = this.project(key, 1); //   [N, h, S, d]
    const v = this.project(value, 2); // [N, h, S, d]
    const { output, weights } = scaledDotProductAttention(q, k, v, { causal: this.causal });
    this.lastAttention = weights.detach(); //                                  [N, h, T, S]
    const merged = reshape(permute(output, [0, 2, 1, 3]), [N, T, E]); //       heads side by side: [N, T, E]
    return this.outProj.forward(merged);
  }

  override extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}, causal=${this.causal}`;
  }
}

/**
 * Sinusoidal positional encoding, added to the token vectors:
 *
 *   PE[pos, 2i] = sin(pos / 10000^(2i/d))      PE[pos, 2i+1] = cos(pos / 10000^(2i/d))
 *
 * Each pair of dimensions is a clock of its own frequency, from one turn per 2π positions down to
 * one per 10000·2π, so every position gets a distinct pattern and a shift by k positions acts on
 * each pair as a fixed rotation, which attention can learn to read as relative position.
 * The table [maxLen, dim] is a non-persistent buffer 'pe' (recomputed, not saved). No parameters.
 */
export class PositionalEncoding extends Module {
  readonly pe: Tensor;

  constructor(
    readonly maxLen: number,
    readonly dim: number,
  ) {
    super();
    assertInt('PositionalEncoding', 'maxLen', maxLen, 1);
    assertInt('PositionalEncoding', 'dim', dim, 1);
    const pe = zeros([maxLen, dim]);
    for (let pos = 0; pos < maxLen; pos++)
      for (let i = 0; 2 * i < dim; i++) {
        const angle = pos / Math.pow(10000, (2 * i) / dim);
        pe.data[pos * dim + 2 * i] = Math.sin(angle);
        if (2 * i + 1 < dim) pe.data[pos * dim + 2 * i + 1] = Math.cos(angle);
      }
    this.pe = this.registerBuffer('pe', pe, { persistent: false });
  }

  /** x [N, T, dim] (or [T, dim]) → x + PE[0 … T−1]. */
  override forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError('PositionalEncoding: the input must be a Tensor');
    const d = this.dim;
    if ((x.ndim !== 3 && x.ndim !== 2) || x.shape[x.ndim - 1] !== d)
      throw new ShapeError(`PositionalEncoding: expected input [N,T,${d}] (or [T,${d}]), got ${fmtShape(x.shape)}`);
    const T = x.shape[x.ndim - 2]!;
    if (T > this.maxLen)
      throw new ShapeError(
        `PositionalEncoding: the sequence in ${fmtShape(x.shape)} has ${T} positions but the encoding was built for at most maxLen = ${this.maxLen}; ` +
          `build it with maxLen ≥ ${T}`,
      );
    return add(x, narrow(this.pe, 0, 0, T)); // [T, dim] broadcasts over the batch
  }

  override extraRepr(): string {
    return `maxLen=${this.maxLen}, dim=${this.dim}`;
  }
}
