/**
 * A square x–y plot for this chapter's geometry (unit balls, ellipses, point clouds, arrows), built
 * on uPlot's facet mode (mode 2), so curves need not have increasing x. Arrows are drawn on the
 * same canvas in a draw hook, in the plot's own coordinates. Theme colours come from themedPlot.
 */
import uPlot from 'uplot';
import { axis, drawArrow, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';

export interface Curve {
  label: string;
  /** Theme key or a CSS colour. */
  colour: (t: Theme) => string;
  /** Points: lines join them in order; `points: true` draws dots only. */
  points?: boolean;
  dash?: number[];
  width?: number;
  size?: number;
}

export interface Arrow {
  from: [number, number];
  to: [number, number];
  colour: (t: Theme) => string;
  width?: number;
  label?: string;
}

export interface Plot2d {
  /** xs/ys per curve, in the order given at creation; arrows replace the previous ones. */
  set(curves: [number[], number[]][], arrows: Arrow[], range?: number): void;
  readonly plot: ThemedPlot;
  destroy(): void;
}

export function plot2d(host: HTMLElement, curves: Curve[], o: { range: number; height?: number }): Plot2d {
  let range = o.range;
  let arrows: Arrow[] = [];
  let theme: Theme | null = null;
  const drawArrows = (u: uPlot) => {
    if (!theme) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.setLineDash([]);
    for (const a of arrows) {
      const x0 = u.valToPos(a.from[0], 'x', true);
      const y0 = u.valToPos(a.from[1], 'y', true);
      const x1 = u.valToPos(a.to[0], 'x', true);
      const y1 = u.valToPos(a.to[1], 'y', true);
      const c = a.colour(theme);
      drawArrow(ctx, x0, y0, x1, y1, { colour: c, width: (a.width ?? 2.5) * devicePixelRatio, head: Math.min(11 * devicePixelRatio, Math.hypot(x1 - x0, y1 - y0) * 0.5) });
      if (a.label) {
        ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
        ctx.fillText(a.label, x1 + 5 * devicePixelRatio, y1 - 5 * devicePixelRatio);
      }
    }
    ctx.restore();
  };
  let data: uPlot.AlignedData = [null, ...curves.map(() => [[], []])] as unknown as uPlot.AlignedData;
  const plot = themedPlot(
    host,
    (t, width) => {
      theme = t;
      const w = Math.min(width, 420);
      return {
        mode: 2,
        width: w,
        height: o.height ?? w,
        legend: { show: true, live: false },
        cursor: { show: false, drag: { x: false, y: false } },
        scales: { x: { time: false, auto: false, range: () => [-range, range] }, y: { auto: false, range: () => [-range, range] } },
        axes: [axis(t, { size: 30 }), axis(t, { size: 36 })],
        series: [
          {},
          ...curves.map((c) => ({
            label: c.label,
            stroke: c.colour(t),
            fill: c.points ? c.colour(t) : undefined,
            width: c.width ?? 2,
            dash: c.dash,
            facets: [
              { scale: 'x', auto: false },
              { scale: 'y', auto: false },
            ],
            paths: c.points ? pointsPath(c.size ?? 3.5) : uPlot.paths.linear!(),
            points: { show: false },
          })),
        ] as uPlot.Series[],
        hooks: { draw: [drawArrows] },
      } as uPlot.Options;
    },
    data,
  );
  return {
    set(cs, as, r) {
      arrows = as;
      if (r !== undefined) range = r;
      data = [null, ...cs] as unknown as uPlot.AlignedData;
      plot.setData(data);
      // facet mode re-derives the scales from the data; pin both to the same square range
      plot.plot.setScale('x', { min: -range, max: range });
      plot.plot.setScale('y', { min: -range, max: range });
    },
    plot,
    destroy: () => plot.destroy(),
  };
}

/** Dots at each (x, y): uPlot's scatter demo, trimmed. */
function pointsPath(size: number): uPlot.Series.PathBuilder {
  return (u, seriesIdx) => {
    const d = u.data[seriesIdx] as unknown as [number[], number[]];
    const [xs, ys] = d;
    const p = new Path2D();
    const r = (size * devicePixelRatio) / 2;
    for (let i = 0; i < xs.length; i++) {
      const x = u.valToPos(xs[i]!, 'x', true);
      const y = u.valToPos(ys[i]!, 'y', true);
      p.moveTo(x + r, y);
      p.arc(x, y, r, 0, 2 * Math.PI);
    }
    return { stroke: p, fill: p } as uPlot.Series.Paths;
  };
}
