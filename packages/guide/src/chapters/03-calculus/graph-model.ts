/**
 * A tensor-level computation graph: a batch of B inputs through a 3 → H → 2 MLP with softmax
 * cross-entropy, built from the library's ops on named tensors, one backward() pass, and read back
 * with graph(loss). No DOM: the widget and the tests both call mlpGraph().
 *
 *   z₁ = X W₁ + b₁,  h = act(z₁),  z₂ = h W₂ + b₂,  L = mean over the batch of −log softmax(z₂)[y]
 */
import { graph, loss, manualSeed, nn, randn, tensor, zeros, type Tensor } from 'groundup';

export type MlpAct = 'relu' | 'tanh' | 'sigmoid';
export const MLP_ACTS: MlpAct[] = ['relu', 'tanh', 'sigmoid'];
export const MLP_IN = 3;
export const MLP_OUT = 2;

export type MlpOptions = { seed: number; batch: number; hidden: number; act: MlpAct };

export interface MlpNode {
  id: number;
  /** the tensor's name for a leaf (X, W₁ …), else the role of the op (z₁ = XW₁ + b₁ …) */
  label: string;
  op: string;
  shape: number[];
  /** the first entries of the value (row-major), at most `SHOWN` */
  head: number[];
  size: number;
  /** ‖∂L/∂node‖ (Frobenius norm of the gradient), null where no gradient flows (the data X) */
  gradNorm: number | null;
  /** the first entries of the gradient, null where none */
  gradHead: number[] | null;
  inputs: number[];
  /** true for the leaves the loss is differentiated with respect to */
  param: boolean;
  /** the node's value and gradient tensors (for the formula's hover values) */
  value: Tensor;
  grad: Tensor | null;
}

export interface MlpGraph {
  nodes: MlpNode[];
  loss: number;
  /** the class labels of the batch (y is not a node: integer targets carry no gradient) */
  labels: number[];
  /** the raw tensors, for the tests */
  tensors: { X: Tensor; W1: Tensor; b1: Tensor; W2: Tensor; b2: Tensor };
}

export const SHOWN = 3;

/** Op roles in the order the forward pass meets them. */
const ROLES = ['X·W₁', 'z₁ = XW₁ + b₁', 'h = act(z₁)', 'h·W₂', 'z₂ = hW₂ + b₂', 'L = CE(z₂, y)'];

const param = (shape: number[], std: number, name: string): Tensor => {
  const t = zeros(shape, { dtype: 'float64', requiresGrad: true });
  if (std > 0) nn.init.normal(t, 0, std);
  t.name = name;
  return t;
};

/** The data and the initial weights for a seed: X ~ N(0, 1), y = [x₀ + x₁ > 0], W ~ N(0, 1/fan-in), b = 0.1·N(0,1). */
export function mlpTensors(o: MlpOptions): MlpGraph['tensors'] & { labels: number[] } {
  if (!MLP_ACTS.includes(o.act)) throw new TypeError(`mlpGraph: act must be one of ${MLP_ACTS.join(', ')}, got ${String(o.act)}`);
  if (!(Number.isInteger(o.batch) && o.batch >= 1 && o.batch <= 64)) throw new RangeError(`mlpGraph: batch must be a whole number in 1…64, got ${o.batch}`);
  if (!(Number.isInteger(o.hidden) && o.hidden >= 1 && o.hidden <= 32)) throw new RangeError(`mlpGraph: hidden must be a whole number in 1…32, got ${o.hidden}`);
  manualSeed(o.seed);
  const X = randn([o.batch, MLP_IN]).double();
  X.name = 'X';
  const W1 = param([MLP_IN, o.hidden], 1 / Math.sqrt(MLP_IN), 'W₁');
  const b1 = param([o.hidden], 0.1, 'b₁');
  const W2 = param([o.hidden, MLP_OUT], 1 / Math.sqrt(o.hidden), 'W₂');
  const b2 = param([MLP_OUT], 0.1, 'b₂');
  const x = X.data;
  const labels = Array.from({ length: o.batch }, (_, i) => (x[i * MLP_IN]! + x[i * MLP_IN + 1]! > 0 ? 1 : 0));
  return { X, W1, b1, W2, b2, labels };
}

const norm = (t: Tensor) => Math.sqrt(t.square().sum().item());

export function mlpGraph(o: MlpOptions): MlpGraph {
  const { X, W1, b1, W2, b2, labels } = mlpTensors(o);
  const z1 = X.matmul(W1).add(b1);
  const hdn = o.act === 'relu' ? z1.relu() : o.act === 'tanh' ? z1.tanh() : z1.sigmoid();
  const L = loss.crossEntropy(hdn.matmul(W2).add(b2), tensor(labels, { dtype: 'int32' }));
  L.backward();
  let k = 0;
  const nodes = graph(L).map((n): MlpNode => {
    const leaf = n.op === 'leaf';
    const label = leaf ? (n.name ?? 'leaf') : (ROLES[k++] ?? n.op).replace('act', o.act);
    return {
      id: n.id,
      label,
      op: n.op,
      shape: n.shape,
      head: Array.from(n.value.data.subarray(0, SHOWN), Number),
      size: n.value.size,
      gradNorm: n.grad ? norm(n.grad) : null,
      gradHead: n.grad ? Array.from(n.grad.data.subarray(0, SHOWN), Number) : null,
      inputs: n.inputs,
      param: leaf && n.requiresGrad,
      value: n.value,
      grad: n.grad,
    };
  });
  return { nodes, loss: L.item(), labels, tensors: { X, W1, b1, W2, b2 } };
}

export function mlpCode(o: MlpOptions): string {
  const act = o.act === 'relu' ? 'relu' : o.act;
  return [
    `// a batch of ${o.batch} through 3 → ${o.hidden} → 2, softmax cross-entropy, and the graph autograd kept`,
    `manualSeed(${o.seed});`,
    `const X = randn([${o.batch}, 3]).double(); X.name = 'X';`,
    `const p = (shape, std, name) => { const t = zeros(shape, { dtype: 'float64', requiresGrad: true }); nn.init.normal(t, 0, std); t.name = name; return t; };`,
    `const W1 = p([3, ${o.hidden}], 1 / Math.sqrt(3), 'W1'), b1 = p([${o.hidden}], 0.1, 'b1');`,
    `const W2 = p([${o.hidden}, 2], 1 / Math.sqrt(${o.hidden}), 'W2'), b2 = p([2], 0.1, 'b2');`,
    `const y = tensor(Array.from({ length: ${o.batch} }, (_, i) => (X.data[3 * i] + X.data[3 * i + 1] > 0 ? 1 : 0)), { dtype: 'int32' });`,
    `const L = loss.crossEntropy(X.matmul(W1).add(b1).${act}().matmul(W2).add(b2), y);`,
    `L.backward();`,
    `for (const n of graph(L))`,
    `  console.log(n.name ?? n.op, JSON.stringify(n.shape), '‖grad‖', n.grad ? Math.sqrt(n.grad.square().sum().item()).toFixed(4) : '—');`,
    `L.item()`,
  ].join('\n');
}
