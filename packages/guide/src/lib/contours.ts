/**
 * Contour lines of a sampled surface by marching squares (DOM-free): z holds G × G samples, row j
 * (bottom to top) and column i, at the centres of a grid's cells. For each level the result is a
 * list of segments in grid coordinates (x = i, y = j, fractional where the level crosses an edge,
 * found by linear interpolation between the two samples).
 */
export type Segment = [x0: number, y0: number, x1: number, y1: number];

export function contourSegments(z: ArrayLike<number>, G: number, level: number): Segment[] {
  const out: Segment[] = [];
  const at = (i: number, j: number) => z[j * G + i]!;
  // where the level crosses the edge from sample a (at pa) to sample b (at pb)
  const cross = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let j = 0; j + 1 < G; j++)
    for (let i = 0; i + 1 < G; i++) {
      const v00 = at(i, j), v10 = at(i + 1, j), v11 = at(i + 1, j + 1), v01 = at(i, j + 1);
      const code = (v00 > level ? 1 : 0) | (v10 > level ? 2 : 0) | (v11 > level ? 4 : 0) | (v01 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom: [number, number] = [i + cross(v00, v10), j];
      const right: [number, number] = [i + 1, j + cross(v10, v11)];
      const top: [number, number] = [i + cross(v01, v11), j + 1];
      const left: [number, number] = [i, j + cross(v00, v01)];
      const seg = (p: [number, number], q: [number, number]) => out.push([p[0], p[1], q[0], q[1]]);
      switch (code) {
        case 1: case 14: seg(left, bottom); break;
        case 2: case 13: seg(bottom, right); break;
        case 3: case 12: seg(left, right); break;
        case 4: case 11: seg(right, top); break;
        case 6: case 9: seg(bottom, top); break;
        case 7: case 8: seg(left, top); break;
        case 5: seg(left, top), seg(bottom, right); break; // saddles: one consistent choice
        case 10: seg(left, bottom), seg(right, top); break;
      }
    }
  return out;
}
