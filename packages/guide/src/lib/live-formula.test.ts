import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { expandLive, flatten, formatValue } from './live-formula.js';

describe('live formulas: values and markers', () => {
  it('flattens numbers, vectors, matrices and tensor-likes row-major', () => {
    expect(flatten(2.5)).toEqual({ shape: [], data: [2.5] });
    expect(flatten([1, 2, 3])).toEqual({ shape: [3], data: [1, 2, 3] });
    expect(flatten([[1, 2], [3, 4], [5, 6]])).toEqual({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    expect(flatten({ shape: [2, 1], data: new Float32Array([7, 8]) })).toEqual({ shape: [2, 1], data: [7, 8] });
    expect(flatten('text')).toBeNull();
    expect(() => flatten([[1, 2], [3]])).toThrow(/rows of equal length, got lengths 2, 1/);
  });

  it('writes values with the guide’s number format and cuts long ones', () => {
    expect(formatValue(0.5)).toBe('0.500');
    expect(formatValue(-0.25, 2)).toBe('−0.25');
    expect(formatValue(3)).toBe('3');
    expect(formatValue([[1, 0.5], [-2, 4]])).toBe('[[1, 0.500], [−2, 4]]');
    const long = Array.from({ length: 30 }, (_, i) => i);
    expect(formatValue(long)).toBe(`[${long.slice(0, 24).join(', ')} … 6 more]`);
    expect(formatValue('n/a')).toBe('n/a');
  });

  it('turns \\live{key}{…} into KaTeX’s data attribute, and rejects keys that are not names', () => {
    const src = expandLive('y = \\live{W}{W} \\live{x_0}{x_0}');
    expect(src).toBe('y = \\htmlData{live=W}{W} \\htmlData{live=x_0}{x_0}');
    const html = katex.renderToString(src, { trust: (c) => c.command === '\\htmlData', strict: 'ignore' });
    expect(html).toContain('data-live="W"');
    expect(html).toContain('data-live="x_0"');
    expect(() => expandLive('\\live{a b}{a}')).toThrow(/the key "a b"/);
  });
});
