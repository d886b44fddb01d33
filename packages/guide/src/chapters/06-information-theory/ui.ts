/** Small builders shared by chapter 6's widgets: number lines (lib/controls.ts, spread), bar charts, the unit choice. */
import uPlot from 'uplot';
import { numLine as baseNumLine } from '../../lib/controls.js';
import { axis, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import './ch6.css';

/** This chapter's number lines: name left, value right-aligned, so the figures form a column. */
export const numLine = (name: string, key: string, strong = false) => baseNumLine(name, key, { spread: true, strong });

export const unitOptions: ['bits' | 'nats', string][] = [
  ['bits', 'bits (log base 2)'],
  ['nats', 'nats (natural log)'],
];

/** uPlot bar series (one of up to three side-by-side groups). */
export function bars(align: -1 | 0 | 1, size = 0.35): uPlot.Series.PathBuilder {
  return uPlot.paths.bars!({ size: [size, 60], align, gap: 1 });
}

/** A bar chart of one or two distributions over named categories (x = 1 … K). */
export function distChart(
  host: HTMLElement,
  labels: () => string[],
  series: { label: string; colour: (t: Theme) => string; fill?: (t: Theme) => string }[],
  data: () => number[][],
  o: { height?: number; yMax?: number } = {},
): ThemedPlot {
  const make = (): uPlot.AlignedData => {
    const d = data();
    return [d[0]!.map((_, i) => i + 1), ...d];
  };
  const two = series.length > 1;
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: o.height ?? 190,
      legend: { show: two, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: (_u) => [0.4, labels().length + 0.6] }, y: { range: [0, o.yMax ?? 1] } },
      axes: [
        axis(t, { values: (_u, v) => v.map((x) => (Number.isInteger(x) ? (labels()[x - 1] ?? '') : '')), grid: { show: false }, splits: () => labels().map((_, i) => i + 1) }),
        axis(t, { size: 48 }),
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.colour(t),
          fill: (s.fill ?? s.colour)(t),
          paths: bars(two ? ((i === 0 ? -1 : 1) as -1 | 1) : 0, two ? 0.36 : 0.6),
          points: { show: false },
        })),
      ],
    }),
    make(),
  );
}
export const dataFor = (x: number[][]): uPlot.AlignedData => [x[0]!.map((_, i) => i + 1), ...x];
