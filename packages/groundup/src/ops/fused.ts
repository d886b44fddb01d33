/**
 * Compositions that training runs all the time, each an op of its own so that the dispatcher
 * (src/dispatch.ts) can run a fused kernel for it. The reference of each *is* the composition of
 * readable ops written in its doc comment; the kernels registered for them (kernels/builtin.ts)
 * compute the same in one pass, and the op table (ops/op-table.test.ts) checks that they agree.
 */
import { defineOp } from '../dispatch.js';
import { DTypeError, ShapeError, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { relu as reluOp, logSoftmax } from './activation.js';
import { add, neg } from './arithmetic.js';
import { gather } from './index.js';
import { matmul } from './matmul.js';
import { mean, sum } from './reduce.js';
import { squeeze, transpose, unsqueeze } from './shape.js';
import { requireFloat } from './util.js';

export interface LinearOpOptions {
  /** Apply max(0, ·) to the result (default false). */
  relu?: boolean;
}

const linearOp = defineOp('linear', {
  inputs: (x: Tensor, w: Tensor, b: Tensor | null, _relu: boolean) => (b ? [x, w, b] : [x, w]),
  // the reference: the layer's two lines (and the ReLU), each op recording its own node
  forward: (x, w, b, relu) => {
    const y = matmul(x, transpose(w, 0, 1)); // [..., out]
    const z = b ? add(y, b) : y;
    return { out: relu ? reluOp(z) : z };
  },
});

/**
 * A dense layer as one op:
 *
 * $$Y = X W^\top + b \quad(\text{then } \max(0, Y) \text{ with relu})$$
 *
 * The reference is exactly `relu(add(matmul(x, transpose(w, 0, 1)), b))`. The fast kernel (float32)
 * never transposes W in memory and applies the bias and ReLU while the product is still in the
 * kernel's memory; with G = ∂L/∂Y (masked by [Y > 0] after a ReLU):
 *
 * $$\frac{\partial L}{\partial X} = G W, \qquad \frac{\partial L}{\partial W} = G^\top X, \qquad \frac{\partial L}{\partial b} = \textstyle\sum_{\text{rows}} G$$
 *
 * Shapes: x [..., I], w [O, I], b [O] or null → y [..., O].
 */
export function linear(x: Tensor, w: Tensor, b: Tensor | null = null, options: LinearOpOptions = {}): Tensor {
  const op = 'linear';
  for (const [t, what] of [[x, 'input'], [w, 'weight']] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: the ${what} must be a Tensor, got ${fmtValue(t)}`);
    requireFloat(op, t, what);
  }
  if (b !== null && b !== undefined) {
    if (!(b instanceof Tensor)) throw new TypeError(`${op}: the bias must be a Tensor or null, got ${fmtValue(b)}`);
    requireFloat(op, b, 'bias');
  }
  if (w.ndim !== 2) throw new ShapeError(`${op}: the weight must be a matrix [out, in], got ${fmtShape(w.shape)}`);
  const [O, I] = w.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== I)
    throw new ShapeError(`${op}: the input ${fmtShape(x.shape)} must end in the weight's ${I} input features (weight ${fmtShape(w.shape)} is [out, in])`);
  if (b && (b.ndim !== 1 || b.shape[0] !== O))
    throw new ShapeError(`${op}: the bias must have shape [${O}] (one per output), got ${fmtShape(b.shape)}`);
  return linearOp(x, w, b ?? null, options.relu ?? false);
}

export type Reduction = 'mean' | 'sum' | 'none';

const softmaxCrossEntropyOp = defineOp('softmaxCrossEntropy', {
  inputs: (z: Tensor, _y: Tensor, _r: Reduction) => [z],
  // the reference: pick each row's log-probability of its class, negate, reduce
  forward: (z, y, reduction) => {
    const picked = squeeze(gather(logSoftmax(z, 1), 1, unsqueeze(y, 1)), 1); // [N]: log q_{i, y_i}
    const l = neg(picked);
    return { out: reduction === 'none' ? l : reduction === 'sum' ? sum(l) : mean(l) };
  },
});

/**
 * Softmax cross-entropy of logits z [N, C] against class indices y [N] (int32), as one op:
 *
 * $$\ell_i = \log\sum_j e^{z_{ij}} - z_{i,y_i}, \qquad \frac{\partial \ell_i}{\partial z_{ij}} = \operatorname{softmax}(z_i)_j - [j = y_i]$$
 *
 * The reference is `-mean(gather(logSoftmax(z, 1), 1, y[:, None]))`; the fused kernel does one
 * pass forward and writes the gradient softmax − onehot directly. Either way the log-sum-exp
 * subtracts each row's maximum, so logits of ±10⁴ stay finite.
 *
 * Shapes: z [N, C] float, y [N] int32 with 0 ≤ yᵢ < C → a scalar ('mean', 'sum') or [N] ('none').
 */
export function softmaxCrossEntropy(z: Tensor, y: Tensor, reduction: Reduction = 'mean'): Tensor {
  const op = 'softmaxCrossEntropy';
  if (!(z instanceof Tensor) || !(y instanceof Tensor)) throw new TypeError(`${op}: the logits and the target must be Tensors`);
  requireFloat(op, z, 'logits');
  if (y.dtype !== 'int32') throw new DTypeError(`${op}: the target must hold int32 class indices, got ${y.dtype} (convert with .int())`);
  if (z.ndim !== 2 || y.ndim !== 1 || y.shape[0] !== z.shape[0])
    throw new ShapeError(`${op}: needs logits [N, C] and targets [N], got ${fmtShape(z.shape)} and ${fmtShape(y.shape)}`);
  const C = z.shape[1]!;
  for (let i = 0; i < y.size; i++)
    if (!(y.data[i]! >= 0 && y.data[i]! < C)) throw new ShapeError(`${op}: target class ${y.data[i]} at position ${i} is out of range for ${C} classes`);
  return softmaxCrossEntropyOp(z, y, reduction);
}
