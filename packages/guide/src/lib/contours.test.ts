import { describe, expect, it } from 'vitest';
import { contourSegments } from './contours.js';

describe('contourSegments (marching squares)', () => {
  it('a bowl x² + y² gives a closed ring at the level’s radius', () => {
    const G = 41;
    const c = 20; // the centre sample
    const z = new Float64Array(G * G);
    for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) z[j * G + i] = (i - c) ** 2 + (j - c) ** 2;
    const r = 12.3;
    const segs = contourSegments(z, G, r * r);
    expect(segs.length).toBeGreaterThan(50);
    let length = 0;
    for (const [x0, y0, x1, y1] of segs) {
      // every end point lies on the circle, to within the error of interpolating a parabola linearly
      for (const [x, y] of [[x0, y0], [x1, y1]] as const) expect(Math.abs(Math.hypot(x - c, y - c) - r)).toBeLessThan(0.05);
      length += Math.hypot(x1 - x0, y1 - y0);
    }
    expect(length).toBeCloseTo(2 * Math.PI * r, 0); // the ring's length is the circumference
  });
  it('a plane z = i gives one straight line per row of cells, at the interpolated column', () => {
    const G = 5;
    const z = Array.from({ length: G * G }, (_, k) => k % G);
    const segs = contourSegments(z, G, 2.25);
    expect(segs).toHaveLength(G - 1);
    for (const s of segs) expect([s[0], s[2]]).toEqual([2.25, 2.25]);
  });
  it('no lines when the level is outside the surface’s range', () => {
    expect(contourSegments([0, 1, 2, 3], 2, 5)).toEqual([]);
    expect(contourSegments([0, 1, 2, 3], 2, -1)).toEqual([]);
  });
});
