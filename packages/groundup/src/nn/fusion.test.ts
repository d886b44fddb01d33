import { describe, it, expect, afterEach } from 'vitest';
import { manualSeed, randn, randint, Tensor } from '../index.js';
import { relu } from '../ops/activation.js';
import { setBackend } from '../kernels/gemm.js';
import { topoSort } from '../autograd.js';
import { crossEntropy } from '../loss/index.js';
import * as nn from './index.js';

/** Output and parameter gradients of `run(model)` for a fresh seeded MLP. */
function outputsAndGrads(run: (m: nn.Sequential, x: Tensor) => Tensor, dtype: 'float32' | 'float64' = 'float32') {
  manualSeed(3);
  const m = new nn.Sequential(new nn.Linear(37, 64), new nn.ReLU(), new nn.Linear(64, 17), new nn.ReLU(), new nn.Linear(17, 5));
  if (dtype === 'float64') m.double();
  // 64 rows: every layer (the smallest is 64·17·5 multiply-adds) is above the kernels' size threshold
  const x = randn([64, 37], { dtype });
  const y = randint(0, 5, [64]);
  const out = run(m, x);
  crossEntropy(out, y).backward();
  return { out, grads: m.parameters().map((p) => Array.from(p.grad!.data)) };
}

/** The op names in the graph behind t. */
const ops = (t: Tensor) => topoSort(t).flatMap((n) => (n.node ? [n.node.op] : []));

/** The same network with every module run on its own: Linear, then the relu op, never fused. */
const oneByOne = (m: nn.Sequential, x: Tensor) => {
  for (const layer of m) x = layer instanceof nn.ReLU ? relu(x) : layer.forward(x);
  return x;
};

describe('Sequential: Linear + ReLU fusion', () => {
  afterEach(() => setBackend('wasm'));

  it('runs a Linear followed by a ReLU as one linear+relu node on the fast path', () => {
    const { out } = outputsAndGrads((m, x) => m.forward(x));
    // out = Linear(ReLU(Linear(ReLU(Linear(x))))): the last layer's input is the fused node
    expect(out.node!.op).toBe('linear');
    expect(out.node!.inputs[0]!.node!.op).toBe('linear+relu');
    expect(out.node!.inputs[0]!.node!.inputs[0]!.node!.op).toBe('linear+relu');
  });

  it('gives the same output and gradients as the modules run one by one', () => {
    const fused = outputsAndGrads((m, x) => m.forward(x));
    const plain = outputsAndGrads(oneByOne);
    expect(plain.out.node!.inputs[0]!.node!.op).toBe('relu');
    expect(Array.from(fused.out.data)).toEqual(Array.from(plain.out.data));
    fused.grads.forEach((g, i) => expect(g).toEqual(plain.grads[i]));
  });

  it('does not fuse on the reference backend, for float64, or for a ReLU subclass with its own forward', () => {
    setBackend('reference');
    const ref = outputsAndGrads((m, x) => m.forward(x));
    expect(ops(ref.out).filter((o) => o === 'relu')).toHaveLength(2);
    expect(ops(ref.out)).not.toContain('linear+relu');
    setBackend('wasm');
    const f64 = outputsAndGrads((m, x) => m.forward(x), 'float64');
    expect(ops(f64.out).filter((o) => o === 'relu')).toHaveLength(2);
    expect(ops(f64.out)).not.toContain('linear+relu');
    class Doubling extends nn.ReLU {
      override forward(x: Tensor): Tensor {
        return relu(x).mul(2);
      }
    }
    manualSeed(4);
    const m = new nn.Sequential(new nn.Linear(20, 30), new Doubling());
    const x = randn([4, 20]);
    const y = m.forward(x);
    expect(y.node!.op).toBe('mul');
    const expected = relu(m.at(0).forward(x)).mul(2);
    expect(Array.from(y.data)).toEqual(Array.from(expected.data));
  });

  it('still reports a wrong input width with the Linear layer\'s message', () => {
    const m = new nn.Sequential(new nn.Linear(8, 4), new nn.ReLU());
    expect(() => m.forward(randn([2, 7]))).toThrow(/Linear: expected input with 8 features/);
  });
});
