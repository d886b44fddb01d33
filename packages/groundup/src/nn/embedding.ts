/**
 * Embedding: a lookup table that turns integer ids (tokens, classes) into learned vectors.
 * Row i of the weight is the vector of id i, so
 *
 *   y[…, :] = W[ids[…], :]          ids int32 [...]   W [n, dim]   y [..., dim]
 *
 * It is the same as multiplying a one-hot vector by W, without building the one-hot. The gradient
 * of W adds up the gradients of every position that used each row. Default init: W ~ N(0, 1), as PyTorch.
 */
import { zeros } from '../creation.js';
import { DTypeError, ShapeError, assertInt, fmtShape } from '../errors.js';
import { indexSelect } from '../ops/index.js';
import { Tensor } from '../tensor.js';
import { normal } from './init.js';
import { Module } from './module.js';

export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
  ) {
    super();
    assertInt('Embedding', 'numEmbeddings', numEmbeddings, 1);
    assertInt('Embedding', 'embeddingDim', embeddingDim, 1);
    this.weight = this.registerParameter('weight', normal(zeros([numEmbeddings, embeddingDim])));
  }

  /** ids int32 [...] → vectors [..., dim]. */
  override forward(ids: Tensor): Tensor {
    if (!(ids instanceof Tensor)) throw new TypeError('Embedding: the ids must be an int32 Tensor');
    if (ids.dtype !== 'int32')
      throw new DTypeError(`Embedding: ids must be an int32 tensor of indices, got ${ids.dtype} ${fmtShape(ids.shape)} (convert with .int())`);
    const n = this.numEmbeddings;
    const d = ids.data;
    for (let i = 0; i < d.length; i++)
      if (d[i]! < 0 || d[i]! >= n)
        throw new ShapeError(
          `Embedding: id ${d[i]} in input ${fmtShape(ids.shape)} is out of range for a table of ${n} embeddings (valid ids 0 … ${n - 1})`,
        );
    return indexSelect(this.weight, 0, ids); // [..., dim]
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
