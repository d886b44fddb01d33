import { describe, expect, it } from 'vitest';
import { manualSeed, models, noGrad, tensor } from '../index.js';

describe('models.mlp', () => {
  it('stacks Linear + activation per hidden layer with PyTorch Sequential names', () => {
    manualSeed(0);
    const net = models.mlp({ inFeatures: 3, hidden: 5, outFeatures: 2, layers: 2, activation: 'tanh' });
    const sd = net.stateDict();
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']);
    expect(sd['0.weight']!.shape).toEqual([5, 3]);
    expect(sd['4.weight']!.shape).toEqual([2, 5]);
    expect(net.numParameters()).toBe(5 * 3 + 5 + 5 * 5 + 5 + 2 * 5 + 2);
  });
  it('computes tanh(x W1ᵀ + b1) … by hand for one hidden layer', () => {
    const net = models.mlp({ inFeatures: 2, hidden: 2, outFeatures: 1, layers: 1, activation: 'tanh' });
    net.loadStateDict({
      '0.weight': tensor([[1, 2], [-1, 0.5]]),
      '0.bias': tensor([0.1, -0.2]),
      '2.weight': tensor([[3, -1]]),
      '2.bias': tensor([0.5]),
    });
    const y = noGrad(() => net.forward(tensor([[0.3, -0.4]]))).item();
    const h1 = Math.tanh(0.3 - 0.8 + 0.1);
    const h2 = Math.tanh(-0.3 - 0.2 - 0.2);
    expect(y).toBeCloseTo(3 * h1 - h2 + 0.5, 5);
  });
  it('layers 0 is a linear model; bad sizes and activations are refused', () => {
    expect(Object.keys(models.mlp({ inFeatures: 4, hidden: 8, outFeatures: 3, layers: 0 }).stateDict())).toEqual(['0.weight', '0.bias']);
    expect(() => models.mlp({ inFeatures: 0, hidden: 8, outFeatures: 3 })).toThrow(/inFeatures must be a whole number/);
    expect(() => models.mlp({ inFeatures: 2, hidden: 8, outFeatures: 3, activation: 'swish' as never })).toThrow(/activation must be one of relu/);
  });
});
