/**
 * The line chart this chapter's 1-D widgets share (derivative, activations, chain rule): x across,
 * one curve per series in theme colours, no cursor, and dots drawn on top (the current point).
 */
import type uPlot from 'uplot';
import { axis, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';

export interface CurveSeries {
  label: string;
  colour: (t: Theme) => string;
  width?: number;
  dash?: number[];
  /** false: a null in the data breaks the line */
  spanGaps?: boolean;
}

export interface Dot {
  x: number;
  y: number;
  colour: (t: Theme) => string;
  /** radius in CSS pixels (default 4.5) */
  r?: number;
}

export function curvePlot(host: HTMLElement, o: { height: number; yRange: uPlot.Scale['range']; ySize?: number; series: CurveSeries[]; dots: () => Dot[] }, data: uPlot.AlignedData): ThemedPlot {
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: o.height,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: o.yRange } },
      axes: [axis(t), axis(t, { size: o.ySize ?? 40 })],
      series: [
        { label: 'x' },
        ...o.series.map((s): uPlot.Series => {
          const line: uPlot.Series = { label: s.label, stroke: s.colour(t), width: s.width ?? 2, points: { show: false } };
          if (s.dash) line.dash = s.dash;
          if (s.spanGaps !== undefined) line.spanGaps = s.spanGaps;
          return line;
        }),
      ],
      hooks: {
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            for (const d of o.dots()) {
              ctx.beginPath();
              ctx.arc(u.valToPos(d.x, 'x', true), u.valToPos(d.y, 'y', true), (d.r ?? 4.5) * devicePixelRatio, 0, 2 * Math.PI);
              ctx.fillStyle = d.colour(t);
              ctx.fill();
            }
          },
        ],
      },
    }),
    data,
  );
}
