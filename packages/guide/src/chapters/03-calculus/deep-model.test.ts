/** The vanishing-gradient stacks with free controls: one layer against a gradient worked out by hand, deep stacks by their known behaviour. */
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, randn } from 'groundup';
import { BATCH, deepGradNorms, DEEP_ACTS, DEEP_INITS, SMALL_STD, WIDTH, type DeepAct, type DeepInit } from './model.js';

const F: Record<DeepAct, [(z: number) => number, (z: number) => number]> = {
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }],
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
};

/** ‖∂L/∂W‖ of a single block, L = Σ outputs, from the same random draws, by plain loops. */
function oneBlock(act: DeepAct, init: DeepInit, skip: boolean, seed: number): number {
  manualSeed(seed);
  const lin = new nn.Linear(WIDTH, WIDTH);
  if (init === 'small') nn.init.normal(lin.weight, 0, SMALL_STD);
  if (init === 'xavier') nn.init.xavierNormal(lin.weight);
  if (init === 'he') nn.init.heNormal(lin.weight);
  const W = Array.from(lin.weight.data);
  const b = init === 'default' ? Array.from(lin.bias!.data) : new Array(WIDTH).fill(0);
  const X = Array.from(randn([BATCH, WIDTH]).data);
  const [f, df] = F[act];
  const g = new Array(WIDTH * WIDTH).fill(0); // g[o·W + i] = ∂L/∂W[o][i]
  for (let n = 0; n < BATCH; n++)
    for (let o = 0; o < WIDTH; o++) {
      if (skip) {
        // out = x + W·act(x) + b: ∂/∂W[o][i] = act(x_i)
        for (let i = 0; i < WIDTH; i++) g[o * WIDTH + i] += f(X[n * WIDTH + i]!);
      } else {
        let z = b[o]!;
        for (let i = 0; i < WIDTH; i++) z += W[o * WIDTH + i]! * X[n * WIDTH + i]!;
        for (let i = 0; i < WIDTH; i++) g[o * WIDTH + i] += df(z) * X[n * WIDTH + i]!;
      }
    }
  return Math.sqrt(g.reduce((s, v) => s + v * v, 0));
}

describe('vanishing gradients with free controls', () => {
  for (const act of DEEP_ACTS)
    for (const init of DEEP_INITS)
      for (const skip of [false, true])
        it(`one block, ${act}, ${init} init, skip ${skip}: matches the hand gradient`, () => {
          const [norm] = deepGradNorms({ act, init, skip, depth: 1, seed: 5 });
          expect(norm).toBeCloseTo(oneBlock(act, init, skip, 5), 10);
        });

  it('60 blocks: sigmoid and small init vanish, tanh + Xavier and skip connections keep the first layer learning', () => {
    const ratio = (n: number[]) => n[0]! / n[n.length - 1]!;
    const d = { depth: 60, seed: 0 };
    expect(ratio(deepGradNorms({ act: 'sigmoid', init: 'default', skip: false, ...d }))).toBeLessThan(1e-8);
    // small weights shrink the signal on the way in and the gradient on the way back: every layer's gradient is tiny
    expect(Math.max(...deepGradNorms({ act: 'relu', init: 'small', skip: false, ...d }))).toBeLessThan(1e-20);
    expect(Math.min(...deepGradNorms({ act: 'relu', init: 'he', skip: false, ...d }))).toBeGreaterThan(1);
    expect(ratio(deepGradNorms({ act: 'tanh', init: 'xavier', skip: false, ...d }))).toBeGreaterThan(1e-3);
    expect(ratio(deepGradNorms({ act: 'sigmoid', init: 'default', skip: true, ...d }))).toBeGreaterThan(1e-2);
    expect(ratio(deepGradNorms({ act: 'relu', init: 'small', skip: true, ...d }))).toBeGreaterThan(0.1);
    expect(deepGradNorms({ act: 'tanh', init: 'he', skip: true, ...d })).toHaveLength(60);
  });

  it('rejects bad settings with a clear error', () => {
    expect(() => deepGradNorms({ act: 'gelu' as DeepAct, init: 'he', skip: false, depth: 3, seed: 0 })).toThrow(/act/);
    expect(() => deepGradNorms({ act: 'relu', init: 'zero' as DeepInit, skip: false, depth: 3, seed: 0 })).toThrow(/init/);
    expect(() => deepGradNorms({ act: 'relu', init: 'he', skip: false, depth: 0, seed: 0 })).toThrow(/depth/);
  });
});
