import { describe, expect, it } from 'vitest';
import { readState } from './state.js';

const q = (s: string) => new URLSearchParams(s);
const defaults = { m: 3, i: 1, x: 0.5, op: 'mean', free: 'hi', v: [1, 2], on: false as boolean };
const rules = {
  m: { min: 1, max: 6, int: true },
  i: { min: 0, max: (s: typeof defaults) => s.m - 1, int: true },
  x: { min: -2, max: 2 },
  op: { oneOf: ['mean', 'sum'] },
  free: 'text' as const,
  v: { min: 0, max: 10 },
};
const read = (search: string) => readState(q(search), 'w', defaults, rules);

describe('readState: a link is validated against each key\'s rule', () => {
  it('keeps good values and reports nothing', () => {
    const r = read('w.m=5&w.i=4&w.x=-1.5&w.op=sum&w.free=anything&w.v=3,4&w.on=1');
    expect(r.state).toEqual({ m: 5, i: 4, x: -1.5, op: 'sum', free: 'anything', v: [3, 4], on: true });
    expect(r.notices).toEqual([]);
  });
  it('clamps numbers outside the range and says so', () => {
    const r = read('w.m=-7&w.x=1e9');
    expect(r.state.m).toBe(1);
    expect(r.state.x).toBe(2);
    expect(r.notices).toHaveLength(2);
    expect(r.notices[0]).toContain('w.m="-7" is below 1');
    expect(r.notices[1]).toContain('is above 2');
  });
  it('rounds a fraction where a whole number belongs', () => {
    const r = read('w.m=2.5');
    expect(r.state.m).toBe(3);
    expect(r.notices[0]).toContain('not a whole number');
  });
  it('resets text, NaN and Infinity to the default', () => {
    for (const bad of ['NaN', 'abc', 'Infinity', '', '1e400']) {
      const r = read(`w.x=${bad}`);
      expect(r.state.x, bad).toBe(0.5);
      expect(r.notices[0], bad).toContain('not a number');
    }
  });
  it('a bound may depend on an earlier key, and a default is pulled into it', () => {
    expect(read('w.m=2&w.i=5').state.i).toBe(1);
    expect(read('w.m=1').state.i).toBe(0); // the default 1 no longer fits m = 1
  });
  it('unknown options and malformed arrays fall back to the default', () => {
    const r = read('w.op=median&w.v=1,x');
    expect(r.state.op).toBe('mean');
    expect(r.state.v).toEqual([1, 2]);
    expect(r.notices).toHaveLength(2);
    expect(read('w.v=1,99').state.v).toEqual([1, 10]);
  });
});
