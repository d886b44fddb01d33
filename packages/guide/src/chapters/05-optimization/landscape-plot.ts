/**
 * A loss surface of two parameters as a uPlot chart: the surface is painted as banded colour
 * (each band a range of log-loss, so band edges read as contour lines) in a draw hook beneath the
 * series, with a contour line on every band edge (lib/contours.ts) and a colour scale under the
 * chart; optimizer paths are uPlot series in faceted mode (mode 2: x and y per series).
 */
import uPlot from 'uplot';
import { axis, cssRgb, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { contourSegments, type Segment } from '../../lib/contours.js';
import { h } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import type { Grid, Landscape } from './model.js';

export interface PathSeries {
  label: string;
  /** A theme key ('linalg', 'calculus', …, 'text') or a CSS colour. */
  color: keyof Theme | string;
  width?: number;
  dash?: number[];
  /** Points only (markers), no line. */
  points?: boolean;
}

export interface LandscapePlot {
  /** New paths (one [xs, ys] per series given at creation). */
  setPaths(paths: [number[], number[]][]): void;
  setLandscape(land: Landscape, grid: Grid): void;
  readonly plot: uPlot;
  destroy(): void;
}

const BANDS = 14;

/** The loss at the edge between band k − 1 and band k (the inverse of paint's log1p banding). */
const bandEdge = (grid: Grid, k: number) => grid.min + Math.expm1((k / BANDS) * (Math.log1p(grid.max - grid.min) || 1));

/** Contour segments on every band edge, in grid coordinates. */
function contours(grid: Grid): Segment[] {
  const out: Segment[] = [];
  for (let k = 1; k < BANDS; k++) out.push(...contourSegments(grid.z, grid.G, bandEdge(grid, k)));
  return out;
}

/** Under the chart: the colour ramp from the lowest to the highest loss in view. */
function colourScale(grid: Grid): HTMLElement {
  return h(
    'div',
    { class: 'land-scale', 'aria-hidden': 'true' },
    h('span', { class: 'num' }, `loss ${fmtNum(grid.min, 3)}`),
    h('span', { class: 'land-ramp' }),
    h('span', { class: 'num' }, fmtNum(grid.max, 3)),
    h('span', { class: 'land-note' }, 'lines: contours of equal loss'),
  );
}

/** The heatmap as a G×G image: low loss = strong optimization colour, high loss = page colour. */
function paint(grid: Grid, t: Theme): HTMLCanvasElement {
  const { G, z, min, max } = grid;
  const cv = document.createElement('canvas');
  cv.width = G;
  cv.height = G;
  const ctx = cv.getContext('2d')!;
  const img = ctx.createImageData(G, G);
  const lo = cssRgb(t.optimization);
  const hi = cssRgb(t.bg);
  const span = Math.log1p(max - min) || 1;
  for (let j = 0; j < G; j++)
    for (let i = 0; i < G; i++) {
      const v = z[j * G + i]!;
      const u = Math.log1p(v - min) / span; // 0 at the minimum, 1 at the maximum
      const band = Math.min(BANDS - 1, Math.floor(u * BANDS)) / (BANDS - 1);
      const a = 0.08 + 0.62 * (1 - band) ** 1.4; // weight of the accent colour
      const k = ((G - 1 - j) * G + i) * 4; // image rows go top-down, grid rows bottom-up
      img.data[k] = Math.round(hi[0] + (lo[0] - hi[0]) * a);
      img.data[k + 1] = Math.round(hi[1] + (lo[1] - hi[1]) * a);
      img.data[k + 2] = Math.round(hi[2] + (lo[2] - hi[2]) * a);
      img.data[k + 3] = 255;
    }
  ctx.putImageData(img, 0, 0);
  return cv;
}

/** What the background hook needs: the landscape, its grid, and the painted image kept per theme. */
interface Backdrop {
  land: Landscape;
  grid: Grid;
  image: HTMLCanvasElement | null;
  lines: Segment[] | null;
  imageTheme: string;
}

/** The heat map and its contour lines, drawn under the series (uPlot's drawClear hook). */
function drawBackdrop(u: uPlot, t: Theme, b: Backdrop): void {
  const key = `${b.land.id}:${b.grid.G}:${t.optimization}:${t.bg}`;
  if (!b.image || b.imageTheme !== key) {
    b.image = paint(b.grid, t);
    b.imageTheme = key;
  }
  const { left, top, width: w, height: ht } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(b.image, left, top, w, ht);
  // contour lines: sample (i, j) sits at the centre of cell i, j of the G × G grid
  b.lines ??= contours(b.grid);
  const G = b.grid.G;
  const px = (i: number) => left + ((i + 0.5) / G) * w;
  const py = (j: number) => top + ht - ((j + 0.5) / G) * ht;
  ctx.beginPath();
  for (const [x0, y0, x1, y1] of b.lines) {
    ctx.moveTo(px(x0), py(y0));
    ctx.lineTo(px(x1), py(y1));
  }
  ctx.strokeStyle = t.muted;
  ctx.globalAlpha = 0.45;
  ctx.lineWidth = Math.max(1, devicePixelRatio * 0.75);
  ctx.stroke();
  ctx.restore();
}

/** uPlot series for the paths (lines) and markers (dots), in the theme's colours. */
function pathSeries(t: Theme, series: PathSeries[]): uPlot.Series[] {
  const color = (c: string) => (c in t ? t[c as keyof Theme] : c);
  return series.map((s) => ({
    label: s.label,
    stroke: s.points ? t.bg : color(s.color as string),
    width: s.points ? 1.5 : (s.width ?? 2),
    dash: s.dash,
    facets: [
      { scale: 'x', auto: false },
      { scale: 'y', auto: false },
    ],
    // markers: the points path builder draws every (x, y) of the series as a dot
    paths: s.points ? uPlot.paths.points!() : uPlot.paths.linear!(),
    fill: s.points ? color(s.color as string) : undefined,
    points: s.points ? { show: false, size: 11, width: 1.5 } : { show: false },
  })) as uPlot.Series[];
}

/** Press and drag on the plot area: `onClick` gets data coordinates (at most once per frame while dragging). */
function attachDrag(host: HTMLElement, plot: () => uPlot, onPoint: (x: number, y: number) => void): void {
  const onClick = (e: MouseEvent) => {
    const u = plot();
    const r = u.over.getBoundingClientRect();
    onPoint(u.posToVal(e.clientX - r.left, 'x'), u.posToVal(e.clientY - r.top, 'y'));
  };
  const drag = { on: false, raf: 0, last: null as MouseEvent | null };
  const flush = () => {
    drag.raf = 0;
    if (drag.last) onClick(drag.last);
  };
  const inside = (e: MouseEvent) => {
    const r = plot().over.getBoundingClientRect();
    return e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
  };
  host.addEventListener('pointerdown', (e) => {
    if (!inside(e)) return;
    drag.on = true;
    host.setPointerCapture?.(e.pointerId);
    onClick(e);
  });
  host.addEventListener('pointermove', (e) => {
    if (!drag.on) return;
    drag.last = e;
    if (!drag.raf) drag.raf = requestAnimationFrame(flush);
  });
  const end = () => (drag.on = false);
  host.addEventListener('pointerup', end);
  host.addEventListener('pointercancel', end);
}

export function landscapePlot(host: HTMLElement, land0: Landscape, grid0: Grid, series: PathSeries[], o: { height?: number; /** called on a press and while dragging over the chart, in data coordinates */ onClick?: (x: number, y: number) => void } = {}): LandscapePlot {
  const b: Backdrop = { land: land0, grid: grid0, image: null, lines: null, imageTheme: '' };
  let scale = colourScale(b.grid);
  const mk = (): [number[], number[]] => [[], []];
  let current: uPlot.AlignedData = [null as unknown as number[], ...series.map(mk)] as unknown as uPlot.AlignedData;
  const build = (): ThemedPlot => themedPlot(
    host,
    (t, width) => ({
      mode: 2,
      width,
      height: o.height ?? Math.min(360, Math.max(240, Math.round(width * 0.72))),
      legend: { show: true, live: false },
      cursor: { show: false, drag: { x: false, y: false } },
      scales: {
        x: { time: false, auto: false, range: () => b.land.xRange },
        y: { auto: false, range: () => b.land.yRange },
      },
      axes: [axis(t, { label: b.land.axes[0], labelSize: 18, grid: { show: false } }), axis(t, { label: b.land.axes[1], labelSize: 18, size: 44, grid: { show: false } })],
      series: [{}, ...pathSeries(t, series)],
      hooks: { drawClear: [(u) => drawBackdrop(u, t, b)] },
    }),
    current,
  );
  let p = build();
  host.after(scale);
  if (o.onClick) attachDrag(host, () => p.plot, o.onClick);
  return {
    setPaths(paths) {
      current = [null as unknown as number[], ...paths] as unknown as uPlot.AlignedData;
      p.setData(current);
    },
    setLandscape(l, g) {
      Object.assign(b, { land: l, grid: g, image: null, lines: null });
      p.destroy(); // axis labels and ranges change: build the chart afresh
      p = build();
      const next = colourScale(g);
      scale.replaceWith(next);
      scale = next;
    },
    get plot() {
      return p.plot;
    },
    destroy: () => {
      p.destroy();
      scale.remove();
    },
  };
}
