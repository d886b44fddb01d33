import { describe, expect, it } from 'vitest';
import { parseNumber } from './controls.js';

describe('parseNumber: only complete, finite, in-range numbers pass', () => {
  it('accepts plain decimals, exponents and the typographic minus', () => {
    expect(parseNumber('3')).toEqual({ ok: true, value: 3 });
    expect(parseNumber(' -0.25 ')).toEqual({ ok: true, value: -0.25 });
    expect(parseNumber('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('\u22122')).toEqual({ ok: true, value: -2 });
  });
  it('rejects half-typed values that Number() would turn into 0 or NaN', () => {
    for (const t of ['', '-', '1e-', '1e', '.', '+', '1.2.3', '0x10', 'abc', 'Infinity', 'NaN']) expect(parseNumber(t).ok, t).toBe(false);
    expect(parseNumber('1e-')).toEqual({ ok: false, why: '"1e-" is not a number yet' });
  });
  it('rejects numbers too large for a double, non-integers and values out of range', () => {
    expect(parseNumber('1e400')).toEqual({ ok: false, why: '"1e400" is too large to compute with' });
    expect(parseNumber('2.5', { integer: true }).ok).toBe(false);
    expect(parseNumber('-1', { min: 0 })).toEqual({ ok: false, why: '-1 is below the smallest allowed, 0' });
    expect(parseNumber('11', { max: 10 })).toEqual({ ok: false, why: '11 is above the largest allowed, 10' });
    expect(parseNumber('10', { min: 0, max: 10, integer: true })).toEqual({ ok: true, value: 10 });
  });
});
