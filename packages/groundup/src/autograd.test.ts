import { describe, expect, it } from 'vitest';
import { ones, randn, tensor } from './creation.js';
import { DTypeError, ShapeError, ValueError } from './errors.js';
import { gradcheck } from './gradcheck.js';
import { graph } from './graph.js';
import { noGrad, isGradEnabled } from './autograd.js';
import { Tensor } from './tensor.js';
import { rnd } from './testing/helpers.js';

describe('autograd', () => {
  it('the spec: the gradient of x² at 3 is 6', () => {
    const x = tensor(3, { requiresGrad: true });
    x.mul(x).backward();
    expect(x.grad!.item()).toBe(6);
    const y = tensor(3, { requiresGrad: true });
    y.pow(2).backward();
    expect(y.grad!.item()).toBe(6);
  });

  it('chain rule through a composite: d/dx sin(x²) = 2x·cos(x²)', () => {
    const x = tensor(0.7, { dtype: 'float64', requiresGrad: true });
    x.mul(x).sin().backward();
    expect(x.grad!.item()).toBeCloseTo(2 * 0.7 * Math.cos(0.49), 14);
  });

  it('fan-out: a tensor used twice gets both contributions', () => {
    const x = tensor([2, -1], { requiresGrad: true });
    const y = x.mul(3).add(x.mul(x)); // dy/dx = 3 + 2x
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([7, 1]);
  });

  it('.grad accumulates over backward calls until zeroed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(2).sum().backward();
    x.mul(2).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 4]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('gradients are unbroadcast to each input shape', () => {
    const b = tensor([1, 2, 3], { requiresGrad: true });
    const X = ones([4, 3]);
    X.add(b).sum().backward();
    expect(b.grad!.shape).toEqual([3]);
    expect(Array.from(b.grad!.data)).toEqual([4, 4, 4]);
  });

  it('detach and noGrad stop gradients', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.detach().mul(x);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1, 2]); // only the non-detached factor
    const z = noGrad(() => x.mul(2));
    expect(z.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() => noGrad(() => {
      throw new Error('inside');
    })).toThrow('inside');
    expect(isGradEnabled()).toBe(true); // restored after a throw
  });

  it('backward on a non-scalar without a gradient is a clear error', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(ShapeError);
    expect(() => y.backward()).toThrow(/backward: the output has shape \[2\] \(2 numbers\).*loss\.mean\(\)/);
    y.backward(tensor([1, 10]));
    expect(Array.from(x.grad!.data)).toEqual([2, 20]);
    expect(() => y.backward(tensor([1, 2, 3]))).toThrow(/gradient has shape \[3\] but the output has shape \[2\]/);
  });

  it('backward on something without requiresGrad, on NaN, and requiresGrad on ints', () => {
    expect(() => tensor(1).backward()).toThrow(ValueError);
    const x = tensor([-1], { requiresGrad: true });
    expect(() => x.log().sum().backward()).toThrow(/backward: the loss is NaN/);
    expect(() => tensor([1], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
  });

  it('deep graphs (10 000 nodes) do not overflow the stack', () => {
    const x = tensor(1, { dtype: 'float64', requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 10000; i++) y = y.mul(1.0001);
    y.backward();
    expect(x.grad!.item()).toBeCloseTo(1.0001 ** 10000, 6);
  });

  it('graph inspection lists nodes inputs-first with op, shape, value and grad', () => {
    const W = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    W.name = 'W';
    const xin = tensor([[1, 1]]);
    const out = xin.matmul(W).relu().sum();
    out.backward();
    const nodes = graph(out);
    expect(nodes.map((n) => n.op)).toEqual(['leaf', 'leaf', 'matmul', 'relu', 'sum']);
    const w = nodes.find((n) => n.name === 'W')!;
    expect(w.shape).toEqual([2, 2]);
    expect(Array.from(w.grad!.data)).toEqual([1, 1, 1, 1]);
    const mm = nodes.find((n) => n.op === 'matmul')!;
    expect(Array.from(mm.value.data)).toEqual([4, 6]);
    expect(Array.from(mm.grad!.data)).toEqual([1, 1]);
    expect(mm.inputs).toEqual([xin.id, W.id]);
  });
});

describe('gradcheck', () => {
  it('catches a wrong backward and reports the worst entry', () => {
    // an op whose recorded derivative is deliberately 2× too large
    const bad = (x: Tensor) => {
      const out = new Tensor(x.data.map((v) => v * v), x.shape, x.dtype);
      out.requiresGrad = true;
      out.node = { op: 'badSquare', inputs: [x], backward: (g) => [g.mul(x).mul(4)] };
      return out.sum();
    };
    const r = gradcheck(bad, [rnd([3], 1)]);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/gradcheck FAILED: worst entry input 0\[\d\]/);
    expect(r.worst!.analytic).toBeCloseTo(2 * r.worst!.numeric, 5);
  });
  it('passes a correct one and checks non-scalar outputs through a projection', () => {
    expect(gradcheck((x) => x.mul(x), [randn([4])]).ok).toBe(true);
  });
  it('validates its arguments', () => {
    expect(() => gradcheck('f' as never, [])).toThrow(TypeError);
    expect(() => gradcheck((x) => x, [1 as never])).toThrow(TypeError);
  });
});

describe('leaf gradients', () => {
  it('are separate tensors even when one backward hands both inputs the same gradient', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    expect(a.grad).not.toBe(b.grad);
    a.grad!.data[0] = 100;
    expect(b.grad!.data[0]).toBe(1);
  });
});
