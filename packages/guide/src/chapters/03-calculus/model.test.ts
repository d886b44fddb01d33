import { describe, expect, it } from 'vitest';
import {
  activationAt,
  activationCurve,
  chain,
  curve,
  DATA_X,
  DATA_Y,
  derivative,
  descend,
  lossAndGrad,
  lossGrid,
  layerGradNorms,
  neuron,
  W_RANGE,
} from './model.js';

const sig = (z: number) => 1 / (1 + Math.exp(-z));

/** L and ∇L of the two-weight model by plain loops. */
function lossByHand(w1: number, w2: number) {
  let L = 0;
  let g1 = 0;
  let g2 = 0;
  const n = DATA_X.length;
  for (let i = 0; i < n; i++) {
    const e = w1 * DATA_X[i]! + w2 - DATA_Y[i]!;
    L += (e * e) / n;
    g1 += (2 * e * DATA_X[i]!) / n;
    g2 += (2 * e) / n;
  }
  return { L, g1, g2 };
}

describe('chapter 3 model', () => {
  it('d/dx x² at 3 is 6; finite differences approach it as h shrinks', () => {
    const d = derivative('square', 3, 0.1);
    expect(d.y).toBe(9);
    expect(d.grad).toBe(6);
    expect(d.forward).toBeCloseTo(6.1, 10); // ((3.1)² − 9)/0.1 = 6 + h
    expect(d.central).toBeCloseTo(6, 10); // exact for a parabola
    expect(Math.abs(derivative('square', 3, 0.001).forward - 6)).toBeLessThan(0.0011);
  });

  it('sin and the one-weight loss: autograd matches calculus by hand', () => {
    for (const x of [-2, 0, 0.7, 3]) expect(derivative('sin', x, 1e-3).grad).toBeCloseTo(Math.cos(x), 12);
    // L(w) = (2w − 3)², L′(w) = 4(2w − 3)
    for (const w of [0, 1.5, 2.25]) {
      const d = derivative('loss', w, 1e-4);
      expect(d.y).toBeCloseTo((2 * w - 3) ** 2, 12);
      expect(d.grad).toBeCloseTo(4 * (2 * w - 3), 12);
    }
    const c = curve('sin', 5);
    expect(c.xs).toEqual([-4, -2, 0, 2, 4]);
    c.ys.forEach((y, i) => expect(y).toBeCloseTo(Math.sin(c.xs[i]!), 12));
  });

  it('the two-weight loss and its gradient match plain loops; the grid agrees point by point', () => {
    for (const [w1, w2] of [
      [0, 0],
      [1.5, -0.5],
      [-1, 3],
    ] as const) {
      const r = lossAndGrad(w1, w2);
      const hand = lossByHand(w1, w2);
      expect(r.loss).toBeCloseTo(hand.L, 12);
      expect(r.grad[0]).toBeCloseTo(hand.g1, 12);
      expect(r.grad[1]).toBeCloseTo(hand.g2, 12);
    }
    const n = 7;
    const g = lossGrid(n);
    const [lo, hi] = W_RANGE;
    const step = (hi - lo) / (n - 1);
    // row 0 is the top (w2 = hi), column 0 is the left (w1 = lo)
    expect(g.values[0]).toBeCloseTo(lossByHand(lo, hi).L, 10);
    expect(g.values[n * 3 + 5]).toBeCloseTo(lossByHand(lo + 5 * step, hi - 3 * step).L, 10);
    expect(g.min).toBeLessThanOrEqual(g.max);
  });

  it('gradient descent lowers the loss and reaches the least-squares line', () => {
    const path = descend([-1.5, 3], 0.2, 60);
    expect(path).toHaveLength(61);
    for (let k = 1; k < path.length; k++) expect(path[k]!.loss).toBeLessThanOrEqual(path[k - 1]!.loss + 1e-12);
    // closed form: slope = cov(x, y)/var(x), intercept = ȳ − slope·x̄
    const mx = DATA_X.reduce((a, b) => a + b) / 4;
    const my = DATA_Y.reduce((a, b) => a + b) / 4;
    let sxy = 0;
    let sxx = 0;
    DATA_X.forEach((x, i) => {
      sxy += (x - mx) * (DATA_Y[i]! - my);
      sxx += (x - mx) ** 2;
    });
    const slope = sxy / sxx;
    const last = path[path.length - 1]!.w;
    expect(last[0]).toBeCloseTo(slope, 3);
    expect(last[1]).toBeCloseTo(my - slope * mx, 3);
    // one step by hand
    const g = lossByHand(-1.5, 3);
    expect(path[1]!.w[0]).toBeCloseTo(-1.5 - 0.2 * g.g1, 12);
    expect(path[1]!.w[1]).toBeCloseTo(3 - 0.2 * g.g2, 12);
  });

  it('activation slopes: σ′ = σ(1 − σ) ≤ ¼, tanh′ = 1 − tanh², ReLU′ ∈ {0, 1}', () => {
    expect(activationAt('sigmoid', 0).dy).toBeCloseTo(0.25, 12);
    expect(activationAt('sigmoid', 2).dy).toBeCloseTo(sig(2) * (1 - sig(2)), 12);
    expect(activationAt('tanh', 0.5).dy).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 12);
    expect(activationAt('relu', 1.3).dy).toBe(1);
    expect(activationAt('relu', -1.3).dy).toBe(0);
    const c = activationCurve('sigmoid', -5, 5, 11);
    expect(Math.max(...c.dys)).toBeCloseTo(0.25, 12);
    c.dys.forEach((d, i) => expect(d).toBeCloseTo(sig(c.xs[i]!) * (1 - sig(c.xs[i]!)), 12));
  });

  it('the chain rule: sin(x²) at x = 1.5, each local derivative and their product', () => {
    const c = chain('sin', 'square', 1.5);
    expect(c.u).toBeCloseTo(2.25, 12);
    expect(c.inner).toBeCloseTo(3, 12);
    expect(c.outer).toBeCloseTo(Math.cos(2.25), 12);
    expect(c.whole).toBeCloseTo(3 * Math.cos(2.25), 12);
    expect(c.product).toBeCloseTo(c.whole, 12);
    const e = chain('exp', 'sigmoid', -0.4);
    const s = sig(-0.4);
    expect(e.whole).toBeCloseTo(Math.exp(s) * s * (1 - s), 12);
  });

  it('backprop through one neuron: every value and gradient graph() reports matches a hand computation', () => {
    const v = { w: 0.8, x: 1.5, b: -0.3, y: 1 };
    const { nodes, loss } = neuron(v);
    const z = v.w * v.x + v.b;
    const a = sig(z);
    const e = a - v.y;
    expect(loss).toBeCloseTo(e * e, 12);
    const by = (label: string) => nodes.find((n) => n.label === label)!;
    expect(nodes.map((n) => n.op).sort()).toEqual(['add', 'leaf', 'leaf', 'leaf', 'leaf', 'mul', 'sigmoid', 'square', 'sub']);
    const dL_de = 2 * e;
    const dL_da = dL_de;
    const dL_dz = dL_da * a * (1 - a);
    expect(by('L = e²').grad).toBe(1);
    expect(by('e = a − y').value).toBeCloseTo(e, 12);
    expect(by('e = a − y').grad).toBeCloseTo(dL_de, 12);
    expect(by('a = σ(z)').grad).toBeCloseTo(dL_da, 12);
    expect(by('z = w·x + b').grad).toBeCloseTo(dL_dz, 12);
    expect(by('w').grad).toBeCloseTo(dL_dz * v.x, 12);
    expect(by('b').grad).toBeCloseTo(dL_dz, 12);
    expect(by('x').grad).toBeNull(); // an input, not a parameter
    // forward order: every node comes after its inputs; depth counts the longest path from a leaf
    const pos = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) for (const i of n.inputs) expect(pos.get(i)!).toBeLessThan(pos.get(n.id)!);
    expect(by('L = e²').depth).toBe(5);
  });

  it('vanishing gradients: sigmoid fades by orders of magnitude over 60 layers, ReLU+He and residual do not', () => {
    const ratio = (n: number[]) => n[0]! / n[n.length - 1]!;
    const s = layerGradNorms('sigmoid', 60);
    const r = layerGradNorms('relu', 60);
    const res = layerGradNorms('residual', 60);
    expect(s).toHaveLength(60);
    expect(ratio(s)).toBeLessThan(1e-8);
    expect(ratio(r)).toBeGreaterThan(1e-3);
    expect(ratio(res)).toBeGreaterThan(1e-2);
    // seeded: same seed, same numbers
    expect(layerGradNorms('sigmoid', 5, 3)).toEqual(layerGradNorms('sigmoid', 5, 3));
  });

  it('the worked examples in the prose hold', () => {
    const g = lossAndGrad(0.5, -1);
    expect(g.grad[0]).toBeCloseTo(-3.55, 12);
    expect(g.grad[1]).toBeCloseTo(-2.9, 12);
    const [p0, p1] = descend([-1.5, 3], 0.1, 1);
    expect(p0!.loss).toBeCloseTo(12.525, 12);
    expect(p0!.grad[0]).toBeCloseTo(-5.55, 12);
    expect(p0!.grad[1]).toBeCloseTo(3.1, 12);
    expect(p1!.w[0]).toBeCloseTo(-0.945, 12);
    expect(p1!.w[1]).toBeCloseTo(2.69, 12);
    expect(p1!.loss).toBeCloseTo(8.87, 2);
    const n = neuron({ w: 0.8, x: 1.5, b: -0.3, y: 1 });
    expect(n.loss).toBeCloseTo(0.0835, 3);
    expect(n.nodes.find((x) => x.label === 'w')!.grad).toBeCloseTo(-0.178, 3);
    expect(n.nodes.find((x) => x.label === 'b')!.grad).toBeCloseTo(-0.119, 3);
    expect(activationAt('sigmoid', 2).dy).toBeCloseTo(0.105, 3);
    expect(chain('sin', 'square', 1.5).whole).toBeCloseTo(-1.885, 3);
  });
});
