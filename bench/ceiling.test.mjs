import { describe, expect, it } from 'vitest';
import { mlpStepFlops } from './ceiling.bench.mjs';

describe('bench/ceiling: the MLP step’s product count', () => {
  it('784-256-128-10 at batch 128, counted by hand', () => {
    // forward x·Wᵀ for 3 layers, ∂W for 3 layers, ∂x for layers 2 and 3 (the input needs none):
    // 128·(784·256·2 + 256·128·3 + 128·10·3) multiply-adds, 2 flops each
    expect(mlpStepFlops()).toBe(2 * 128 * (784 * 256 * 2 + 256 * 128 * 3 + 128 * 10 * 3));
    expect(mlpStepFlops()).toBe(128_909_312);
  });
  it('one layer: forward and ∂W only', () => {
    expect(mlpStepFlops([3, 2], 5)).toBe(2 * 2 * 5 * 3 * 2);
  });
});
