/**
 * The sample covariance matrix: how each pair of variables moves together.
 */
import { ValueError, fmtShape } from '../errors.js';
import { div, sub } from '../ops/arithmetic.js';
import { matmul } from '../ops/matmul.js';
import { mean } from '../ops/reduce.js';
import { transpose } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from '../validate.js';
import { asFloat, assertMatrix } from './util.js';

/**
 * The unbiased sample covariance of the columns of `X` (rows are observations, columns variables).
 *
 * $$\bar x_j = \frac{1}{n}\sum_{i=1}^{n} X_{ij} \qquad
 *   C_{jk} = \frac{1}{n-1}\sum_{i=1}^{n} (X_{ij}-\bar x_j)(X_{ik}-\bar x_k)
 *   \quad\Longleftrightarrow\quad C = \frac{X_c^\top X_c}{n-1}$$
 *
 * where X_c is X with each column's mean subtracted. The diagonal holds each variable's variance;
 * a positive C_jk means variables j and k tend to rise together. C is symmetric and positive
 * semi-definite. Dividing by n − 1 (Bessel's correction) makes it an unbiased estimate, so at least
 * two observations are needed.
 *
 * Shapes: `X` [n, d] → [d, d]. Built from differentiable ops, so gradients flow back to X.
 * int32 input is treated as float32.
 *
 * @example
 * cov(tensor([[1, 2], [2, 4], [3, 6]]))   // [[1, 2], [2, 4]]: the second column is twice the first
 */
export function cov(X: Tensor): Tensor {
  assertTensor('cov', X, 'X');
  const rows = X.ndim === 2 ? X.shape[0]! : -1;
  if (rows >= 0 && rows < 2)
    throw new ValueError(
      `cov: X ${fmtShape(X.shape)} has ${rows} observation${rows === 1 ? '' : 's'}; the unbiased covariance divides by n − 1 and needs at least 2 rows`,
    );
  const [n] = assertMatrix('cov', X, 'X (rows = observations, columns = variables)', X.ndim === 1 ? '; for one variable, reshape it to [n, 1]' : '');
  const x = asFloat(X);
  const xc = sub(x, mean(x, 0, true)); //     [n, d], every column centred on 0
  return div(matmul(transpose(xc, 0, 1), xc), n - 1); // [d, n] @ [n, d] → [d, d]
}
