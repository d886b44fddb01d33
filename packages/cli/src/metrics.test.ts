import { describe, it, expect } from 'vitest';
import { accuracy, confusionMatrix, f1PerClass, formatConfusion, macroF1 } from './metrics.js';

describe('metrics', () => {
  // true:      0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  const m = confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3);

  it('counts true class by predicted class', () => {
    expect(m).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('accuracy is the diagonal over the total: 4/6', () => {
    expect(accuracy(m)).toBeCloseTo(4 / 6, 15);
  });

  it('F1 per class by hand: P/R of class 0 = 1, 2/3; class 1 = 1/2, 1/2; class 2 = 1/2, 1', () => {
    const f = f1PerClass(m);
    expect(f[0]).toBeCloseTo((2 * 1 * (2 / 3)) / (1 + 2 / 3), 12); // 0.8
    expect(f[1]).toBeCloseTo(0.5, 12);
    expect(f[2]).toBeCloseTo((2 * 0.5 * 1) / 1.5, 12); // 2/3
    expect(macroF1(m)).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it('a class absent from truth and predictions does not count in macro-F1', () => {
    const m2 = confusionMatrix([0, 1], [0, 1], 3);
    expect(Number.isNaN(f1PerClass(m2)[2])).toBe(true);
    expect(macroF1(m2)).toBe(1);
  });

  it('refuses labels outside the classes and length mismatches', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow('outside 0 … 2');
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow('1 true labels but 2 predictions');
  });

  it('prints rows as true classes', () => {
    const lines = formatConfusion(m, ['a', 'b', 'c']).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^a\s+2\s+1\s+0$/);
  });
});
