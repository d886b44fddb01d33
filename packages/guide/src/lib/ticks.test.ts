import { describe, expect, it } from 'vitest';
import { fmtLogTick, logSplits } from './ticks.js';

describe('log-axis ticks', () => {
  it('puts lines at powers of ten only, thinned to at most six', () => {
    expect(logSplits(1e-4, 10)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    const many = logSplits(1e-8, 1e6); // 15 decades
    expect(many.length).toBeLessThanOrEqual(6);
    for (const v of many) expect(Math.log10(v) % 1).toBeCloseTo(0, 9);
    expect(many[0]).toBe(1e-8);
  });
  it('under a decade: 1, 2, 5 steps, at least two lines', () => {
    expect(logSplits(0.15, 0.9)).toEqual([0.2, 0.5]);
    expect(logSplits(0.3, 0.4)).toEqual([0.3, 0.4]);
  });
  it('no lines for an empty, non-positive or infinite range', () => {
    expect(logSplits(0, 10)).toEqual([]);
    expect(logSplits(1, Infinity)).toEqual([]);
    expect(logSplits(NaN, 1)).toEqual([]);
  });
  it('labels read as decimals in the middle and as powers of ten at the ends', () => {
    expect([0.01, 0.5, 1, 300, 1e4, 1e-5, 2e6, 9.98e27].map(fmtLogTick)).toEqual(['0.01', '0.5', '1', '300', '1e4', '1e-5', '2e6', '1e28']);
    expect(fmtLogTick(null)).toBe('');
    expect(fmtLogTick(Infinity)).toBe('');
  });
});
