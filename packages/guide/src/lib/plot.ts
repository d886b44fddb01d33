/**
 * uPlot with the guide's theme: colours are read from the CSS custom properties, and the plot is
 * rebuilt when the system theme changes; it follows its container's width.
 *
 *   const p = themedPlot(el, (t) => ({ height: 220, series: [{}, { stroke: t.linalg }], ... }), data);
 *   p.setData(newData);
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { BRANCH_IDS, type Branch } from './branches.js';
import { fmtLogTick, logSplits } from './ticks.js';

export type Theme = Record<Branch, string> & { text: string; muted: string; rule: string; bg: string };

export function readTheme(el: Element = document.documentElement): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string) => cs.getPropertyValue(`--${name}`).trim();
  const t = { text: v('text'), muted: v('muted'), rule: v('rule'), bg: v('bg') } as Theme;
  for (const b of BRANCH_IDS) t[b] = v(b);
  return t;
}

/** Axis defaults in theme colours (spread into an axis option). */
export function axis(t: Theme, extra: uPlot.Axis = {}): uPlot.Axis {
  return { stroke: t.muted, grid: { stroke: t.rule, width: 1 }, ticks: { stroke: t.rule, width: 1 }, font: '12px system-ui, sans-serif', ...extra };
}

/**
 * A log-scale axis (for a scale with `distr: 3`): grid lines at powers of ten only, labels that never
 * turn into "998e+25" (lib/ticks.ts). Pair it with `logRange` so the scale stays finite.
 */
export function logAxis(t: Theme, extra: uPlot.Axis = {}): uPlot.Axis {
  // filter: uPlot's log axes label only some splits by default; ours are already thinned
  return axis(t, { splits: (_u, _i, min, max) => logSplits(min, max), filter: (_u, splits) => splits, values: (_u, vs) => vs.map(fmtLogTick), ...extra });
}

/**
 * A log scale's range from the data's min and max, padded a little and kept finite and positive
 * (a diverging run's data should be clipped before it gets here; this is the last guard).
 */
export function logRange(floor = 1e-12, ceil = 1e12): uPlot.Range.Function {
  return (_u, lo, hi) => {
    const a = Number.isFinite(lo) && lo > 0 ? Math.max(floor, lo) : floor;
    const b = Number.isFinite(hi) && hi > 0 ? Math.min(ceil, hi) : Math.max(a * 10, 1);
    const lo2 = 10 ** Math.floor(Math.log10(a) + 1e-9);
    const hi2 = 10 ** Math.ceil(Math.log10(b > a ? b : a * 10) - 1e-9);
    return [lo2, hi2 > lo2 ? hi2 : lo2 * 10];
  };
}

export interface ThemedPlot {
  setData(data: uPlot.AlignedData): void;
  readonly plot: uPlot;
  destroy(): void;
}

export function themedPlot(el: HTMLElement, options: (t: Theme, width: number) => uPlot.Options, data: uPlot.AlignedData): ThemedPlot {
  let current = data;
  const width = () => Math.max(200, Math.floor(el.clientWidth || 320));
  let plot = new uPlot(options(readTheme(el), width()), current, el);
  const rebuild = () => {
    plot.destroy();
    plot = new uPlot(options(readTheme(el), width()), current, el);
  };
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', rebuild);
  let lastWidth = width();
  const ro = new ResizeObserver(() => {
    const w = width();
    if (Math.abs(w - lastWidth) > 2) {
      lastWidth = w;
      plot.setSize({ width: w, height: plot.height });
    }
  });
  ro.observe(el);
  return {
    setData(d) {
      current = d;
      plot.setData(d);
    },
    get plot() {
      return plot;
    },
    destroy() {
      mq.removeEventListener('change', rebuild);
      ro.disconnect();
      plot.destroy();
    },
  };
}

/**
 * An arrow on a canvas, in canvas pixels: the shaft from (x0, y0) to (x1, y1), then a filled head
 * of length `head` (none when the arrow is under a pixel long).
 */
export function drawArrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, o: { colour: string; width: number; head: number }): void {
  ctx.strokeStyle = o.colour;
  ctx.fillStyle = o.colour;
  ctx.lineWidth = o.width;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  if (Math.hypot(x1 - x0, y1 - y0) <= 1) return;
  const ang = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - o.head * Math.cos(ang - 0.4), y1 - o.head * Math.sin(ang - 0.4));
  ctx.lineTo(x1 - o.head * Math.cos(ang + 0.4), y1 - o.head * Math.sin(ang + 0.4));
  ctx.closePath();
  ctx.fill();
}

/** A CSS colour (a theme value) as [r, g, b] 0–255, parsed by the browser's canvas. */
export function cssRgb(css: string): [number, number, number] {
  const c = document.createElement('canvas').getContext('2d')!;
  c.fillStyle = css;
  const s = c.fillStyle;
  if (s.startsWith('#')) return [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as [number, number, number];
  const m = s.match(/[\d.]+/g) ?? ['0', '0', '0'];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}
